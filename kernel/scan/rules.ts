/**
 * The static scanner's rules: each has a reason code, a severity (warn or block), the files it
 * looks at and a test. They catch the common shapes of malicious skills (fake "prerequisite" shell
 * one-liners in docs, credential harvesting, obfuscated payloads, raw-IP exfiltration); a determined
 * author can evade them, which is why the sandbox, not the scan, is the defence.
 */
import type { SkillManifest } from '../contracts/index.js';

export type Severity = 'warn' | 'block';

export interface Rule {
  code: string;
  severity: Severity;
  /** What it means, for the report. */
  message: string;
  /** Which files: code, docs or any text. */
  files: 'code' | 'docs' | 'text';
  pattern: RegExp;
  /** Applies only when the manifest lacks this (e.g. spawning without `exec`). */
  unless?: (m: SkillManifest) => boolean;
}

const has = (kind: string) => (m: SkillManifest) => m.permissions.some((p) => p.kind === kind);

export const RULES: Rule[] = [
  {
    code: 'SHELL_ONE_LINER',
    severity: 'block',
    message: 'documentation tells the user to pipe a download into a shell (the classic fake "prerequisite" installer)',
    files: 'text',
    pattern: /\b(curl|wget|iwr|Invoke-WebRequest)\b[^\n|]{0,200}\|\s*(sudo\s+)?(ba|z|da)?sh\b|\bbash\s+-c\s+["']?\$\((curl|wget)|base64\s+(-d|--decode)[^\n]{0,80}\|\s*(ba)?sh\b|\biex\s*\(\s*(New-Object|iwr|irm)/i,
  },
  {
    code: 'CREDENTIAL_ACCESS',
    severity: 'block',
    message: 'refers to credential stores (SSH keys, cloud credentials, browser profiles, keychains, wallets)',
    files: 'code',
    pattern: /\.ssh\/|\bid_(rsa|ed25519|ecdsa|dsa)\b|\.aws\/credentials|\.netrc\b|\.gnupg\b|\.docker\/config\.json|\.kube\/config|Login Data|Cookies\.sqlite|\bkeychain\b|\.config\/(google-chrome|chromium|BraveSoftware)|Library\/Application Support\/(Google|Firefox)|\bwallet\.dat\b|(\.agentos|\bagentos(\/Data)?)\/(agentos\.db|keys)\b/i,
  },
  {
    code: 'SECRET_ENV',
    severity: 'warn',
    message: 'reads environment variables that usually hold secrets',
    files: 'code',
    pattern: /process\.env\s*(\.\s*|\[\s*["'`])\w*(TOKEN|SECRET|PASSWORD|API_?KEY|PRIVATE|AWS_|GITHUB_)\w*/i,
  },
  {
    code: 'DYNAMIC_EVAL',
    severity: 'warn',
    message: 'evaluates code built at run time (eval, new Function, vm)',
    files: 'code',
    pattern: /\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*["'`]|\bvm\.(runIn\w*|compileFunction|Script)\b|require\(\s*["'`](node:)?vm["'`]\)|from\s+["'`](node:)?vm["'`]/,
  },
  {
    code: 'PROCESS_SPAWN_UNDECLARED',
    severity: 'block',
    message: 'spawns processes but the manifest declares no "exec" permission (the manifest does not tell the truth)',
    files: 'code',
    pattern: /["'`](node:)?child_process["'`]|\bprocess\.binding\s*\(|\bexecSync\s*\(|\bspawnSync\s*\(/,
    unless: has('exec'),
  },
  {
    code: 'NETWORK_UNDECLARED',
    severity: 'warn',
    message: 'uses the network directly but the manifest declares no "net" permission',
    files: 'code',
    pattern: /["'`](node:)?(http|https|net|tls|dgram|dns)["'`]|\bfetch\s*\(|\bWebSocket\s*\(|\bXMLHttpRequest\b/,
    unless: has('net'),
  },
  {
    code: 'RAW_IP_TARGET',
    severity: 'warn',
    message: 'contacts a raw IP address instead of a host name (typical of exfiltration endpoints)',
    files: 'text',
    pattern: /\b(https?|wss?|tcp|ftp):\/\/(\d{1,3}\.){3}\d{1,3}\b|\b(connect|createConnection)\s*\(\s*\{?[^)]{0,40}["'`](\d{1,3}\.){3}\d{1,3}["'`]/i,
  },
  {
    code: 'OBFUSCATION',
    severity: 'warn',
    message: 'contains obfuscated code (long encoded blobs, dense escapes, char-code assembly)',
    files: 'code',
    pattern: /[A-Za-z0-9+/]{400,}={0,2}|(\\x[0-9a-fA-F]{2}){20,}|(\\u[0-9a-fA-F]{4}){20,}|String\.fromCharCode\s*\((\s*\d+\s*,){8,}|atob\s*\(|Buffer\.from\([^)]{0,200},\s*["'`](base64|hex)["'`]\)|\[\s*["'`][^"'`]{1,3}["'`](\s*,\s*["'`][^"'`]{1,3}["'`]){4,}\s*\]\.join\(/,
  },
  {
    code: 'HIDDEN_UNICODE',
    severity: 'block',
    message: 'contains invisible or bidirectional control characters that make code read differently than it runs',
    files: 'text',
    // Alternation rather than a class: a class of joiners reads as one joined character.
    pattern: /(\u202a|\u202b|\u202c|\u202d|\u202e|\u2066|\u2067|\u2068|\u2069|\u200b|\u200c|\u200d|\u2060|\ufeff)(?!$)/,
  },
  {
    code: 'PERSISTENCE',
    severity: 'block',
    message: 'writes to shell start-up files, cron or autostart entries',
    files: 'code',
    pattern: /\.(bashrc|zshrc|profile|bash_profile)\b|\/etc\/cron|crontab\s|\.config\/autostart|LaunchAgents|\\CurrentVersion\\Run/,
  },
];
