/**
 * Known ways common programs run other programs, load code or read their options from a file: the
 * arguments a community skill's bare exec grant does not allow. Data only; exec-pattern.ts applies
 * it. A grant allows one of these only by naming it as a literal word in its argument pattern
 * (`find . -name * -exec ...` is then the user's explicit choice, shown at install).
 *
 * Flags are matched exactly, as `--flag=value`, as GNU abbreviations of long flags (`--to-com`),
 * and, where the program bundles short options (`bundles`), inside a bundle (`-vxI`, `-oProxyCommand=…`).
 * A flag ending in `*` matches every argument starting with it (`-B/dir`, `-fplugin=x.so`).
 */

export interface ProgramEscapes {
  /**
   * runner: runs the program named in its arguments (env, xargs, timeout…); interpreter: runs code
   * given as text or file (shells, python, node, awk…); pager: has interactive `!` escapes. All are
   * refused bare for community skills (see exec-pattern.ts for what pins them).
   */
  kind?: 'runner' | 'interpreter' | 'pager';
  flags?: readonly string[];
  /** Short flags combine (`-xvf`): a bundle holding an escape letter is refused. */
  bundles?: boolean;
  /** Argument values that are escapes wherever they appear, with why. */
  values?: readonly { test: RegExp; why: string }[];
  /** Flags whose value is a file the program writes: it must lie in a write grant (or $DATA). */
  writes?: readonly string[];
  /** Arguments added before the skill's (safer modes the program offers). */
  forced?: readonly string[];
}

const RUNNER: ProgramEscapes = { kind: 'runner' };
const INTERPRETER: ProgramEscapes = { kind: 'interpreter' };
const PAGER: ProgramEscapes = { kind: 'pager' };

/** Compiler flags that load plugins, pick the programs the driver runs, or read options from a file. */
const COMPILER: ProgramEscapes = {
  flags: ['-wrapper*', '-fplugin*', '-fpass-plugin*', '-B*', '-specs*', '--specs*', '-Xclang', '-Xlinker', '-Xassembler', '-Xpreprocessor', '-Wl,*', '-Wa,*', '-Wp,*', '-fuse-ld*', '--ld-path*', '-ccc-*', '--gcc-toolchain*', '--sysroot*', '-load', '-no-integrated-as', '-fno-integrated-as'],
  writes: ['-o'],
};

/** nvcc drives a host compiler and passes it flags. */
const NVCC: ProgramEscapes = {
  flags: ['-ccbin', '--compiler-bindir*', '-Xcompiler*', '--compiler-options*', '-Xlinker*', '--linker-options*', '-Xptxas*', '-Xnvlink*', '-Xarchive*', '--run*', '-run', '-optf', '--options-file*', '-B*', '--dryrun'],
  writes: ['-o', '--output-file'],
};

export const PROGRAM_ESCAPES: Readonly<Record<string, ProgramEscapes>> = {
  // Programs that run other programs.
  env: RUNNER, xargs: RUNNER, nice: RUNNER, nohup: RUNNER, timeout: RUNNER, stdbuf: RUNNER, setsid: RUNNER,
  chroot: RUNNER, time: RUNNER, strace: RUNNER, ltrace: RUNNER, gdb: RUNNER, lldb: RUNNER, valgrind: RUNNER,
  sudo: RUNNER, su: RUNNER, doas: RUNNER, pkexec: RUNNER, runuser: RUNNER, busybox: RUNNER, toybox: RUNNER,
  flock: RUNNER, watch: RUNNER, parallel: RUNNER, script: RUNNER, unshare: RUNNER, nsenter: RUNNER,
  ionice: RUNNER, taskset: RUNNER, chrt: RUNNER, prlimit: RUNNER, 'systemd-run': RUNNER, firejail: RUNNER,
  bwrap: RUNNER, proot: RUNNER, expect: RUNNER, socat: RUNNER, nc: RUNNER, ncat: RUNNER,
  'start-stop-daemon': RUNNER, at: RUNNER, batch: RUNNER, crontab: RUNNER, npx: RUNNER,
  npm: RUNNER, pnpm: RUNNER, yarn: RUNNER, pip: RUNNER, cargo: RUNNER, 'xdg-open': RUNNER, open: RUNNER, 'gtk-launch': RUNNER,
  // Shells and interpreters.
  sh: INTERPRETER, bash: INTERPRETER, dash: INTERPRETER, zsh: INTERPRETER, ksh: INTERPRETER, mksh: INTERPRETER,
  fish: INTERPRETER, csh: INTERPRETER, tcsh: INTERPRETER, ash: INTERPRETER, rbash: INTERPRETER,
  python: INTERPRETER, pypy: INTERPRETER, node: INTERPRETER, nodejs: INTERPRETER, deno: INTERPRETER, bun: INTERPRETER,
  perl: INTERPRETER, ruby: INTERPRETER, irb: INTERPRETER, php: INTERPRETER, lua: INTERPRETER, luajit: INTERPRETER,
  awk: { kind: 'interpreter' }, tclsh: INTERPRETER, wish: INTERPRETER, Rscript: INTERPRETER, R: INTERPRETER,
  julia: INTERPRETER, pwsh: INTERPRETER, osascript: INTERPRETER, guile: INTERPRETER, racket: INTERPRETER,
  ocaml: INTERPRETER, java: INTERPRETER, jshell: INTERPRETER, dotnet: INTERPRETER, groovy: INTERPRETER,
  scala: INTERPRETER, elixir: INTERPRETER, erl: INTERPRETER, escript: INTERPRETER, bc: INTERPRETER, dc: INTERPRETER,
  m4: INTERPRETER, ed: INTERPRETER, ex: INTERPRETER, gawk: INTERPRETER,
  // Pagers and editors (interactive `!command`, `:!`, `-c`).
  vim: PAGER, vi: PAGER, nvim: PAGER, view: PAGER, less: PAGER, more: PAGER, most: PAGER, man: PAGER, emacs: PAGER,
  nano: PAGER, pico: PAGER, mc: PAGER, screen: PAGER, tmux: PAGER,
  // Programs with escape flags.
  find: { flags: ['-exec', '-execdir', '-ok', '-okdir', '-fprint', '-fprint0', '-fprintf', '-fls', '-delete'] },
  git: {
    flags: ['-c', '--config-env*', '--upload-pack*', '--receive-pack*', '--exec*', '--exec-path*', '-u', '--template*', '--git-dir*', '--work-tree*', '--namespace*', '--super-prefix*', '--extcmd*', '--tool*', '-x', '--exec-cmd*'],
    values: [
      { test: /^(ext|fd)::/i, why: 'an ext:: or fd:: remote runs a command' },
      { test: /^-?-?(core\.|alias\.|credential|filter\.|diff\.|merge\.|protocol\.|uploadpack\.|http\.)/i, why: 'a configuration value that can run a command' },
    ],
    // Configuration a repository inside $DATA could set to run commands on ordinary use.
    forced: ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.pager=cat', '-c', 'core.sshCommand=ssh', '-c', 'protocol.ext.allow=never', '-c', 'core.editor=false', '-c', 'sequence.editor=false', '-c', 'credential.helper='],
  },
  tar: {
    flags: ['--to-command*', '--checkpoint-action*', '--use-compress-program*', '-I', '--rsh-command*', '--rmt-command*', '-F', '--info-script*', '--new-volume-script*', '-T', '--files-from*', '--index-file*', '-X', '--exclude-from*'],
    bundles: true,
    values: [{ test: /^[^/]*[^/:]:/, why: 'a remote archive name (host:file) starts a remote shell' }],
    writes: ['-f', '--file'],
  },
  rsync: { flags: ['-e', '--rsh*', '--rsync-path*', '--files-from*', '--include-from*', '--exclude-from*', '--filter*', '-f', '--daemon', '--config*', '--password-file*', '--log-file*', '--write-batch*', '--only-write-batch*', '--read-batch*'], bundles: true },
  ssh: { flags: ['-o', '-S', '-F', '-L', '-R', '-D', '-w', '-W', '-J', '-E', '-M', '-O', '-Q', '-G'], bundles: true, values: [{ test: /ProxyCommand|LocalCommand|PermitLocalCommand|ProxyUseFdpass|KnownHostsCommand|Match\s+exec/i, why: 'an option that runs a local command' }] },
  scp: { flags: ['-o', '-S', '-F', '-J'], bundles: true, values: [{ test: /ProxyCommand|LocalCommand|KnownHostsCommand/i, why: 'an option that runs a local command' }] },
  sftp: { flags: ['-o', '-S', '-F', '-J', '-D', '-b'], bundles: true },
  zip: { flags: ['-TT', '--unzip-command*', '-@', '--names-stdin'] },
  unzip: { flags: [] },
  sed: { flags: ['-i', '--in-place*', '-f', '--file*', '-s'], bundles: true, forced: ['--sandbox'] },
  curl: { flags: ['-K', '--config*', '-o', '--output*', '-O', '--remote-name*', '--output-dir*', '-D', '--dump-header*', '-c', '--cookie-jar*', '--trace*', '--stderr*', '--libcurl*', '--engine*', '--netrc-file*', '-T', '--upload-file*', '-F', '--form*', '-d', '--data*', '--url-query*', '--variable*', '--proxy*', '-x', '--unix-socket*', '--abstract-unix-socket*'], bundles: true },
  wget: { flags: ['-e', '--execute*', '-i', '--input-file*', '--config*', '-O', '--output-document*', '-o', '--output-file*', '-a', '--append-output*', '-P', '--directory-prefix*', '--use-askpass*', '--post-file*', '--body-file*', '--load-cookies*', '--save-cookies*', '-x', '--force-directories'], bundles: true },
  gcc: COMPILER, cc: COMPILER, clang: COMPILER, tcc: COMPILER, ld: { flags: ['-plugin*', '--plugin*', '@*'], writes: ['-o'] },
  nvcc: NVCC,
  make: { flags: ['-f', '--file*', '--makefile*', '--eval*', '-E', '-C', '--directory*', '-I', '--include-dir*', '--jobserver-auth*', '-o', '--old-file*', '-W', '--what-if*', '--new-file*', '--assume-new*'], bundles: true, values: [{ test: /^[A-Za-z_][A-Za-z0-9_.]*[:+?]?=/, why: 'a make variable (SHELL=…, MAKEFLAGS=…) can run commands' }] },
  openssl: { flags: ['-engine', '-provider', '-provider-path', '-config', '-out', '-keyout', '-rand', '-writerand', '-passin', '-passout', '-pass'] },
  ffmpeg: { flags: ['-filter_script*', '-/*', '-init_hw_device', '-dump_attachment*', '-attach', '-progress', '-report', '-vstats_file', '-passlogfile*', '-sdp_file', '-filter_complex_script*'], values: [{ test: /(^|[^a-z])(subfile|concat|pipe|file|tcp|udp|http|https|rtmp|rtsp|ftp|sftp|data|crypto|async|cache|tee|fd|unix|zmq|lavfi|movie|amovie|sendcmd|azmq|zmq)(:|=)/i, why: 'a protocol, device or filter that reaches files or the network by itself' }] },
  ffprobe: { flags: ['-/*', '-report'], values: [{ test: /^(pipe|tcp|udp|http|https|rtmp|rtsp|ftp|sftp|concat|subfile|unix|fd|tee|lavfi):/i, why: 'a protocol that reaches the network or other files' }] },
  convert: { flags: ['-script', '-write', '-define'], values: [{ test: /^((msl|mvg|ephemeral|url|https?|ftp|text|label|pango|show|win|x|vid):|\|)/i, why: 'an ImageMagick coder that reads other files, runs a pipe or the network' }] },
  magick: { flags: ['-script', '-write', '-define'], values: [{ test: /^((msl|mvg|ephemeral|url|https?|ftp|text|label|pango|show|win|x|vid):|\|)/i, why: 'an ImageMagick coder that reads other files, runs a pipe or the network' }] },
  gs: { flags: ['-dNOSAFER', '-dDELAYSAFER', '-sOutputFile*', '-o'] },
  dd: { values: [{ test: /^(of|if)=/, why: 'dd reads and writes any file named by if= / of=' }] },
  cp: { flags: ['-t', '--target-directory*'] },
  mv: { flags: ['-t', '--target-directory*'] },
  ln: { flags: ['-t', '--target-directory*'] },
  sort: { flags: ['-o', '--output*', '--compress-program*', '-T', '--temporary-directory*', '--files0-from*'], bundles: true, writes: ['-o', '--output'] },
  tee: { writes: [] },
  pandoc: { flags: ['--filter*', '-F', '--lua-filter*', '-L', '--pdf-engine*', '--data-dir*', '--extract-media*'] },
  cmake: { flags: ['-P', '-D', '-C', '-E', '--build*', '--install*', '-S', '--toolchain*'] },
  'nvidia-smi': { flags: ['-r', '--gpu-reset', '-pm', '-pl', '-c', '-e', '-ac', '-rac', '-lgc', '-lmc', '--applications-clocks*', '--power-limit*', '-f', '--filename*'] },
};

/** Program names that belong to a family of the table (`python3.11` → python, `g++-12` → gcc). */
export function programFamily(basename: string): string {
  const name = basename.replace(/\.exe$/i, '');
  if (PROGRAM_ESCAPES[name]) return name;
  const stripped = name.replace(/-?\d+(\.\d+)*$/, '').replace(/-?\d+(\.\d+)*[a-z]?$/, '');
  if (/^python|^pypy/.test(stripped)) return 'python';
  if (/^(g\+\+|c\+\+|x86_64-.*-(gcc|g\+\+)|aarch64-.*-(gcc|g\+\+)|gcc)$/.test(stripped)) return 'gcc';
  if (/^(clang\+\+|clang-cl|clang)$/.test(stripped)) return 'clang';
  if (/^(m|n|g|busybox-)?awk$/.test(stripped)) return 'awk';
  if (/^(gsed)$/.test(stripped)) return 'sed';
  if (/^(lua|perl|ruby|php|node|tclsh|wish)/.test(stripped)) return stripped.match(/^(lua|perl|ruby|php|node|tclsh|wish)/)![1]!;
  if (/^(vim|gvim|rvim|rview|vimdiff)$/.test(stripped)) return 'vim';
  if (/^pip/.test(stripped)) return 'pip';
  if (/^ffmpeg|^ffprobe/.test(stripped)) return stripped.startsWith('ffprobe') ? 'ffprobe' : 'ffmpeg';
  return PROGRAM_ESCAPES[stripped] ? stripped : name;
}
