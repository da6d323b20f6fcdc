/**
 * Install and update: stage the source, check its integrity (digest list, Ed25519 signature,
 * the publisher key pinned by an earlier install), turn an Agent Skills folder or an MCP server
 * into a manifest, scan it, show what it asks for and ask; then swap it in, keep the old version
 * for rollback, record the lock and the grants, and write the audit trail. Nothing is granted that
 * the manifest does not declare.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Permission, SkillManifest } from '../contracts/index.js';
import { convertAgentSkill, SKILL_MD } from '../agentskills/index.js';
import { intentsFromTools, listMcpTools } from '../mcp/index.js';
import { permissionCovered } from '../permissions/index.js';
import { formatReport, scanPackage, type ScanReport } from '../scan/index.js';
import { describeSupport, sandboxSupport } from '../sandbox/index.js';
import { loadManifest, MANIFEST_FILE } from '../skills/index.js';
import { digestTree, PackageError, type DigestMap } from './digest.js';
import type { SkillHost } from './host.js';
import type { PublicKeyInfo } from './keys.js';
import { communityDir, readLock, versionsDir, writeLock, type LockEntry, type LockFile } from './lock.js';
import { verifyPackage, type PackageIntegrity } from './sign.js';
import { fetchSource } from './source.js';

export interface InstallIo {
  say(text: string): void;
  /** Asks the user; false when declined or when nobody can answer. */
  ask(question: string): Promise<boolean>;
}

export interface InstallOptions {
  source: string;
  /** Install without asking; grants exactly the declared permissions. */
  yes?: boolean;
  /** Install even when the scan blocks (the user read the report). */
  ignoreScan?: boolean;
  /** Grants expire at this time ("until"); default "always". */
  until?: Date;
  /** How long the grants last when no `until` is given (the app's dialog offers "this session"). */
  duration?: 'always' | 'session';
  /** "none" installs without granting anything (each use is then denied); never more than declared. */
  grant?: 'declared' | 'none';
  /** packageDigest() of what the user reviewed; a package that changed since is refused. */
  expectDigest?: string;
}

/** What a staged (not yet installed) package is: its manifest, integrity, scan and what it would change. */
export interface StagedPackage {
  stage: string;
  manifest: SkillManifest;
  integrity: PackageIntegrity;
  signedBy: PublicKeyInfo | null;
  lock: LockFile;
  previous: LockEntry | undefined;
  scan: ScanReport;
  digests: DigestMap;
  /** On an update, the permissions the installed version did not have; on a new install, all of them. */
  widened: Permission[];
}

/** One SHA-256 over a package's digest list: what a review and the later install compare. */
export function packageDigest(digests: DigestMap): string {
  const lines = Object.keys(digests).sort().map((f) => `${digests[f]}  ${f}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export interface InstallResult {
  id: string;
  version: string;
  action: 'installed' | 'updated' | 'unchanged';
  signedBy: string | null;
  granted: Permission[];
  scan: ScanReport;
  dir: string;
}

export function describePermission(p: Permission): string {
  const what: Record<Permission['kind'], string> = {
    'fs.read': 'read files in',
    'fs.write': 'write files in',
    exec: 'run programs',
    net: 'connect to',
    clipboard: 'read and write the clipboard',
    notifications: 'show notifications and set reminders',
    microphone: 'use the microphone',
    gpu: 'use the GPU',
    llm: 'use your language model',
  };
  return `${p.kind.padEnd(13)} ${what[p.kind]}${p.scope.length ? ` ${p.scope.join(', ')}` : ''}${p.reason ? ` — ${p.reason}` : ''}`;
}

function staging(profileDir: string): string {
  const root = path.join(profileDir, 'staging');
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  return fs.mkdtempSync(path.join(root, 'pkg-'));
}

async function prepareMcp(profileDir: string, stage: string, manifest: SkillManifest): Promise<void> {
  const tools = await listMcpTools({ skillId: manifest.id, skillDir: stage, entry: manifest.entry, dataDir: path.join(profileDir, 'data', manifest.id), profileDir });
  if (tools.length === 0) throw new PackageError('the MCP server offers no tools');
  const file = path.join(stage, MANIFEST_FILE);
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  raw.intents = intentsFromTools(tools);
  fs.writeFileSync(file, `${JSON.stringify(raw, null, 2)}\n`);
}

/**
 * Fetches `source` into a fresh staging folder and checks it (integrity, pinned publisher key, scan)
 * without installing anything. The caller removes `stage` (installSkill moves it into place).
 */
export async function stagePackage(host: SkillHost, source: string, io: InstallIo): Promise<StagedPackage> {
  const profileDir = host.profileDir;
  const stage = staging(profileDir);
  try {
    await fetchSource(source, stage);
    // 1. Integrity of what the publisher shipped, before anything is generated.
    const integrity = verifyPackage(stage);
    for (const meta of ['agentos.digests', 'agentos.sig']) fs.rmSync(path.join(stage, meta), { force: true });
    if (!fs.existsSync(path.join(stage, MANIFEST_FILE)) && fs.existsSync(path.join(stage, SKILL_MD))) convertAgentSkill(stage);
    let loaded = loadManifest(stage);
    if (!loaded.ok) throw new PackageError(`${source} is not a valid skill: ${loaded.errors.join('; ')}`);
    if (loaded.manifest.kind === 'mcp') {
      io.say('Starting the MCP server (sandboxed) to list its tools…');
      await prepareMcp(profileDir, stage, loaded.manifest);
      loaded = loadManifest(stage);
      if (!loaded.ok) throw new PackageError(`the MCP server's tools do not make valid intents: ${loaded.errors.join('; ')}`);
    }
    const manifest = loaded.manifest;
    const id = manifest.id;
    if (host.registry.get(id)?.builtin) throw new PackageError(`"${id}" is the id of a built-in skill; a community skill cannot replace it`);

    // 2. Publisher key: pinned at the first signed install; another key is refused.
    const lock = readLock(profileDir);
    const previous = lock.skills[id];
    const signedBy = integrity.state === 'signed' ? integrity.key : null;
    if (previous?.publisherKey && (!signedBy || signedBy.id !== previous.publisherKey.id)) {
      const why = signedBy ? `it is signed by ${signedBy.id}, but ${id} was installed from ${previous.publisherKey.id}` : `it is not signed, but ${id} was installed signed by ${previous.publisherKey.id}`;
      host.audit.append('skill.refused', id, { reason: 'publisher key changed', source, expected: previous.publisherKey.id, got: signedBy?.id ?? null });
      throw new PackageError(`Refused to update ${id}: ${why}. If the publisher really changed keys, remove the skill first (agentos skill remove ${id}) and install it again.`);
    }

    // 3. Static scan.
    const scan = scanPackage(stage, manifest);
    const digests = digestTree(stage);
    const widened = previous ? manifest.permissions.filter((p) => !permissionCovered(p.kind, p.scope, previous.permissions)) : manifest.permissions;
    return { stage, manifest, integrity, signedBy, lock, previous, scan, digests, widened };
  } catch (error) {
    fs.rmSync(stage, { recursive: true, force: true });
    throw error;
  }
}

export async function installSkill(host: SkillHost, options: InstallOptions, io: InstallIo): Promise<InstallResult> {
  const profileDir = host.profileDir;
  const { stage, manifest, integrity, signedBy, lock, previous, scan, digests, widened } = await stagePackage(host, options.source, io);
  const id = manifest.id;
  try {
    if (options.expectDigest && packageDigest(digests) !== options.expectDigest) {
      throw new PackageError(`Refused to install ${id}: the package at ${options.source} changed after you reviewed it. Review it again before installing.`);
    }
    io.say(formatReport(scan));
    if (scan.blocked && !options.ignoreScan) {
      host.audit.append('scan.blocked', id, { source: options.source, findings: scan.findings.filter((f) => f.severity === 'block').map((f) => `${f.code} ${f.file}:${f.line ?? ''}`) });
      throw new PackageError(`Refused to install ${id}: the static scan blocked it (see the report above). If you trust it anyway, run again with --ignore-scan.`);
    }

    // 4. Permissions: everything on a new install, what widens on an update.
    if (previous && previous.version === manifest.version && JSON.stringify(previous.files) === JSON.stringify(digests)) {
      io.say(`${id} ${manifest.version} is already installed, unchanged.`);
      return { id, version: manifest.version, action: 'unchanged', signedBy: signedBy?.id ?? null, granted: [], scan, dir: path.join(communityDir(profileDir), id) };
    }
    io.say(`\n${manifest.name} ${manifest.version} (${id}) by ${manifest.publisher} — ${signedBy ? `signed by ${signedBy.id}` : integrity.state === 'digests' ? 'not signed (digest list checked)' : 'not signed'}`);
    io.say(`${previous ? `Update from ${previous.version}. ` : ''}${manifest.description}`);
    if (manifest.permissions.length === 0) io.say('It asks for no permissions.');
    else {
      io.say(previous ? (widened.length ? 'It asks for NEW permissions:' : 'Its permissions are unchanged or narrower.') : 'It asks for these permissions:');
      for (const p of previous ? widened : manifest.permissions) io.say(`  • ${describePermission(p)}`);
    }
    io.say(`Sandbox on this machine: ${describeSupport().join('; ')}.`);
    if (manifest.permissions.some((p) => p.kind === 'net') && !sandboxSupport().netIsolation) io.say('Note: "net" cannot be enforced here; the skill could reach the network directly.');
    const mustAsk = !previous || widened.length > 0;
    if (mustAsk && !options.yes) {
      const ok = await io.ask(previous ? `Update ${id} and grant the new permissions?` : `Install ${id}${manifest.permissions.length ? ' and grant these permissions' : ''}?`);
      if (!ok) throw new PackageError(`Installation of ${id} cancelled; nothing was changed.`);
    }

    // 5. Swap in: the current version is kept for rollback.
    const dest = path.join(communityDir(profileDir), id);
    fs.mkdirSync(communityDir(profileDir), { recursive: true });
    let keptDir = '';
    if (previous && fs.existsSync(dest)) {
      keptDir = path.join(versionsDir(profileDir, id), `${previous.version}-${Date.now()}`);
      fs.mkdirSync(path.dirname(keptDir), { recursive: true });
      fs.renameSync(dest, keptDir);
    } else fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(stage, dest);
    const entry: LockEntry = {
      id,
      version: manifest.version,
      kind: manifest.kind,
      publisherKey: signedBy ?? previous?.publisherKey ?? null,
      files: digests,
      source: options.source,
      installedAt: new Date().toISOString(),
      permissions: manifest.permissions,
      dir: '',
      previous: previous
        ? [{ version: previous.version, kind: previous.kind, publisherKey: previous.publisherKey, files: previous.files, source: previous.source, installedAt: previous.installedAt, permissions: previous.permissions, dir: keptDir }, ...previous.previous].slice(0, 5)
        : [],
    };
    lock.skills[id] = entry;
    writeLock(profileDir, lock);

    // 6. Grants: exactly what is declared (and, on update, drop what is no longer declared).
    const duration = options.until ? 'until' : (options.duration ?? 'always');
    if (previous) host.grants.revokeUndeclared(id, manifest.permissions);
    const toGrant = options.grant === 'none' ? [] : previous ? widened : manifest.permissions;
    for (const p of toGrant) {
      const g = host.grants.grant(id, p, duration, options.until);
      host.audit.append('grant.add', id, { grant: g.id, kind: p.kind, scope: p.scope, duration, ...(options.until ? { until: options.until.toISOString() } : {}) });
    }
    host.audit.append(previous ? 'skill.update' : 'skill.install', id, { version: manifest.version, from: previous?.version ?? null, kind: manifest.kind, source: options.source, publisherKey: entry.publisherKey?.id ?? null, files: Object.keys(digests).length, scan: scan.findings.map((f) => f.code), assumeYes: !!options.yes, ...(options.grant === 'none' ? { granted: 'none' } : {}) });
    const final = loadManifest(dest);
    if (final.ok) host.addSkill({ manifest: final.manifest, dir: dest, builtin: false });
    return { id, version: manifest.version, action: previous ? 'updated' : 'installed', signedBy: signedBy?.id ?? null, granted: toGrant, scan, dir: dest };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
