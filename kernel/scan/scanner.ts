/**
 * The static scanner run at install: every text file of a staged package against the rules, plus
 * file-level checks (native add-ons, executables, install scripts). Findings carry a reason code,
 * a severity, the file and line and a short excerpt; any `block` finding stops the install unless
 * the user overrides it. It never replaces the sandbox.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SkillManifest } from '../contracts/index.js';
import { RULES, type Severity } from './rules.js';

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  line?: number;
  excerpt?: string;
}

export interface ScanReport {
  findings: Finding[];
  blocked: boolean;
  filesScanned: number;
}

const CODE = /\.(m?js|cjs|ts|mts|cts|jsx|tsx|py|sh|bash|ps1|rb|pl)$/i;
const DOCS = /\.(md|markdown|txt|rst|html?)$|^(readme|install|setup)/i;
const MAX_SCAN_BYTES = 2_000_000;

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name !== '.git') out.push(...walk(dir, r));
    } else if (e.isFile()) out.push(r);
  }
  return out;
}

function binaryKind(buf: Buffer): string | undefined {
  if (buf.length >= 4 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46) return 'an ELF executable';
  if (buf.length >= 2 && buf[0] === 0x4d && buf[1] === 0x5a) return 'a Windows executable';
  if (buf.length >= 4 && [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(buf.readUInt32BE(0))) return 'a Mach-O executable';
  return undefined;
}

export function scanPackage(dir: string, manifest: SkillManifest): ScanReport {
  const findings: Finding[] = [];
  const files = walk(dir);
  for (const rel of files) {
    const abs = path.join(dir, rel);
    const size = fs.statSync(abs).size;
    const head = Buffer.alloc(Math.min(size, 8));
    const fd = fs.openSync(abs, 'r');
    fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    const bin = binaryKind(head);
    if (rel.endsWith('.node')) findings.push({ code: 'NATIVE_ADDON', severity: 'block', message: 'ships a native add-on, which runs outside every sandbox rule', file: rel });
    else if (bin) findings.push({ code: 'BINARY_EXECUTABLE', severity: 'block', message: `ships ${bin}`, file: rel });
    if (size > MAX_SCAN_BYTES) {
      if (CODE.test(rel)) findings.push({ code: 'OVERSIZED_CODE', severity: 'warn', message: `a ${Math.round(size / 1e6)} MB code file was not scanned (bundled or generated code hides payloads)`, file: rel });
      continue;
    }
    const text = fs.readFileSync(abs, 'utf8');
    if (text.includes('\u0000')) continue;
    if (path.basename(rel) === 'package.json') {
      try {
        const scripts = (JSON.parse(text) as { scripts?: Record<string, string> }).scripts ?? {};
        for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
          if (scripts[hook]) findings.push({ code: 'INSTALL_SCRIPT', severity: 'warn', message: `declares an npm "${hook}" script (AgentOS never runs it)`, file: rel, excerpt: scripts[hook]!.slice(0, 120) });
        }
      } catch {
        // not JSON: the text rules still apply
      }
    }
    const isCode = CODE.test(rel);
    const isDocs = DOCS.test(path.basename(rel)) || DOCS.test(rel);
    const lines = text.split('\n');
    for (const rule of RULES) {
      if (rule.unless?.(manifest)) continue;
      if (rule.files === 'code' && !isCode) continue;
      if (rule.files === 'docs' && !isDocs) continue;
      if (rule.files === 'text' && !isCode && !isDocs && !rel.endsWith('.json')) continue;
      const idx = lines.findIndex((l) => rule.pattern.test(l));
      if (idx >= 0) {
        findings.push({ code: rule.code, severity: rule.severity, message: rule.message, file: rel, line: idx + 1, excerpt: lines[idx]!.trim().slice(0, 160) });
      }
    }
  }
  return { findings, blocked: findings.some((f) => f.severity === 'block'), filesScanned: files.length };
}

export function formatReport(report: ScanReport): string {
  if (report.findings.length === 0) return `Static scan: ${report.filesScanned} files, nothing suspicious found.`;
  const lines = [`Static scan: ${report.filesScanned} files, ${report.findings.length} finding(s)${report.blocked ? ' — BLOCKED' : ''}:`];
  for (const f of report.findings) {
    lines.push(`  ${f.severity === 'block' ? 'BLOCK' : 'warn '} ${f.code.padEnd(26)} ${f.file}${f.line ? `:${f.line}` : ''} — ${f.message}`);
    if (f.excerpt) lines.push(`        ${f.excerpt}`);
  }
  return lines.join('\n');
}
