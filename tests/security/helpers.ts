/** Shared set-up for the security tests: a temporary profile, a kernel with the sandbox runner, quiet installs. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kernel, type LlmCapability } from '../../kernel/index.js';
import type { LoadedSkill } from '../../kernel/skills/index.js';
import { checkInstalled, installSkill, type InstallIo, type InstallOptions } from '../../kernel/packages/index.js';
import { SandboxRunner, sandboxSupport, type SandboxLimits, type SandboxSupport } from '../../kernel/sandbox/index.js';
import { runInstructionSkill } from '../../kernel/agentskills/index.js';
import { mcpInvoker } from '../../kernel/mcp/index.js';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
export const hostile = (name: string) => path.join(FIXTURES, 'hostile', name);

export function tempDir(prefix = 'agentos-sec-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Harness {
  kernel: Kernel;
  runner: SandboxRunner;
  profile: string;
  said: string[];
  io: InstallIo;
  /** The language model skills granted `llm` get; none until a test sets one. */
  llm: LlmCapability | undefined;
  install(source: string, options?: Partial<InstallOptions>): ReturnType<typeof installSkill>;
  close(): void;
}

export const FAST_LIMITS: Partial<SandboxLimits> = { callTimeoutMs: 2_500, memoryMb: 64, cpuSeconds: 20, maxOutputBytes: 200_000 };

export function harness(options: { support?: SandboxSupport; limits?: Partial<SandboxLimits>; answers?: boolean[] } = {}): Harness {
  const profile = tempDir();
  const limits = { ...FAST_LIMITS, ...options.limits };
  let runner: SandboxRunner | undefined;
  const said: string[] = [];
  const answers = [...(options.answers ?? [])];
  const io: InstallIo = { say: (t) => said.push(t), ask: async (q) => (said.push(q), answers.shift() ?? false) };
  const h: Harness = {
    kernel: undefined as unknown as Kernel,
    get runner() {
      return runner!;
    },
    profile,
    said,
    io,
    llm: undefined,
    install: (source, o = {}) => installSkill(h.kernel, { source, yes: true, ...o }, io),
    close: () => {
      runner?.close();
      h.kernel.close();
    },
  };
  // The kernel's services are fixed when it is built: the sandbox runner from its parts, the model read from the harness.
  h.kernel = new Kernel({
    profileDir: profile,
    services: (parts) => {
      const deps = { profileDir: profile, grants: parts.grants, audit: parts.audit, limits };
      const verify = (skill: LoadedSkill) => checkInstalled(profile, skill.manifest.id, skill.dir);
      runner = new SandboxRunner({ ...deps, verify, events: parts.events, idleMs: 30_000, support: options.support ?? sandboxSupport(), kinds: { instructions: runInstructionSkill, mcp: mcpInvoker(deps) } });
      return {
        invoker: runner.invoke,
        stopSkill: (id: string) => runner?.stop(id),
        get llm() {
          return h.llm;
        },
      };
    },
  });
  return h;
}

/** Copies a fixture to a scratch folder so a test can edit or sign it. */
export function copyFixture(src: string): string {
  const dest = path.join(tempDir('agentos-fixture-'), path.basename(src));
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}

/** An Io that keeps every line the CLI prints. */
export function capture(): Io & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), text: () => lines.join('\n') };
}

/** Runs the CLI in this process; its exit code and everything it printed. */
export async function cli(...argv: string[]): Promise<{ code: number; text: string }> {
  const io = capture();
  const code = await main(argv, io);
  return { code, text: io.text() };
}
