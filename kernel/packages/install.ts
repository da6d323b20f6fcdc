/**
 * Install and update, in this order: stage the source, check its integrity (digest list, Ed25519
 * signature), read (or convert) its manifest, check the publisher against the installed one
 * (publisher.ts), scan it, show what it asks for, which phrases it shares with other skills
 * (overlap.ts) and ask. Nothing the package contains runs before the user's yes: an MCP server is
 * started (sandboxed) only then, to list its tools; the intents they make are checked for overlaps
 * again, asking again when there are. Then it is swapped in, the old version kept for rollback,
 * the lock and the grants recorded and the audit trail written. Declining at any point leaves
 * nothing behind. Nothing is granted that the manifest does not declare.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Permission, SkillManifest } from '../contracts/index.js';
import { convertAgentSkill, SKILL_MD } from '../agentskills/index.js';
import { intentsFromTools, listMcpTools } from '../mcp/index.js';
import { communityEntryProblem, permissionCovered, protectedFolders, resolveScope } from '../permissions/index.js';
import { formatReport, scanPackage, type ScanReport } from '../scan/index.js';
import { describeSupport, sandboxSupport } from '../sandbox/index.js';
import { safeText } from '../sdk/index.js';
import { loadManifest, MANIFEST_FILE, resolveEntry } from '../skills/index.js';
import { consentToOverlaps, identityLines, overlapLines, type AskTopic } from './consent.js';
import { digestTree, PackageError, type DigestMap } from './digest.js';
import type { SkillHost } from './host.js';
import type { PublicKeyInfo } from './keys.js';
import { communityDir, readLock, versionsDir, writeLock, type LockEntry, type LockFile } from './lock.js';
import { findOverlaps, type OverlapReport } from './overlap.js';
import { consentToChange, describeChange, publisherChange, type PublisherChange } from './publisher.js';
import { verifyPackage, type PackageIntegrity } from './sign.js';
import { fetchSource } from './source.js';

export type { AskTopic } from './consent.js';
export { acceptToken } from './publisher.js';

export interface InstallIo {
  say(text: string): void;
  /** Asks the user; false when declined or when nobody can answer. `topic` says what the question is about. */
  ask(question: string, topic?: AskTopic): Promise<boolean>;
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
  /**
   * Accepts a change of publisher (a first signature, another key, another name): the new key id
   * (or, unsigned, the new publisher name) exactly. `yes` alone never accepts one.
   */
  acceptPublisher?: string;
  /** Installs although the skill reads phrases other skills have (they keep them). `yes` alone does not. */
  allowOverlap?: boolean;
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
  /** On an update, a change of publisher name or key against the installed version. */
  publisher: PublisherChange | undefined;
  /** Phrases shared with other skills; undefined for an MCP server until its tools are listed (after consent). */
  overlaps: OverlapReport | undefined;
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
  /** The publisher change the user accepted, if any. */
  publisherChange?: PublisherChange;
  /** Phrases of other skills it overlaps ("skill/intent"), accepted by the user. */
  overlaps?: string[];
  granted: Permission[];
  scan: ScanReport;
  dir: string;
}

/**
 * One line of the install prompt. Paths are shown as what the user really grants: the absolute
 * path (links followed) with the declared form beside it when it differs, and a scope no grant can
 * have (in the profile, escaping its folder, an interpreter left open) marked REFUSED. `where`
 * (the profile and the skill's id) resolves `$DATA`; without it `$DATA` is named, not resolved.
 */
export function describePermission(p: Permission, where?: { profileDir: string; skillId: string; skillDirs?: readonly string[] }): string {
  const vars = where ? { data: path.join(where.profileDir, 'data', where.skillId), excluded: protectedFolders(where.profileDir, where.skillDirs), community: true } : { community: true };
  const scope = resolveScope(p.kind, p.scope, vars).map((e) => {
    if (e.problem && !where && /^\$DATA has no absolute value/.test(e.problem)) return `${e.declared} (the skill's own data folder)`;
    const refusal = e.problem ?? (p.kind === 'exec' ? communityEntryProblem(e.declared) : undefined);
    return `${e.resolved}${e.resolved !== e.declared ? ` (declared "${e.declared}")` : ''}${refusal ? ` — REFUSED: ${refusal}` : ''}${e.note ? ` — ${e.note}` : ''}`;
  });
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
  return `${p.kind.padEnd(13)} ${what[p.kind]}${scope.length ? ` ${scope.join(', ')}` : ''}${p.reason ? ` — ${p.reason}` : ''}`;
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

/** The enabled skills an incoming one is checked against for shared phrases (built-ins, then by install order). */
function installedSkills(host: SkillHost): { manifest: SkillManifest; builtin: boolean }[] {
  return host.registry.enabled().map((s) => ({ manifest: s.manifest, builtin: s.builtin }));
}

/**
 * Fetches `source` into a fresh staging folder and checks it (integrity, manifest, publisher,
 * scan, shared phrases) without installing anything and without running anything it contains:
 * an MCP server's tools are listed by installSkill only after the user's yes. The caller removes
 * `stage` (installSkill moves it into place).
 */
// `_io`: staging says and asks nothing (kept so callers need not change).
export async function stagePackage(host: SkillHost, source: string, _io: InstallIo): Promise<StagedPackage> {
  const profileDir = host.profileDir;
  const stage = staging(profileDir);
  try {
    await fetchSource(source, stage);
    // 1. Integrity of what the publisher shipped, before anything is generated.
    const integrity = verifyPackage(stage);
    for (const meta of ['agentos.digests', 'agentos.sig']) fs.rmSync(path.join(stage, meta), { force: true });
    if (!fs.existsSync(path.join(stage, MANIFEST_FILE)) && fs.existsSync(path.join(stage, SKILL_MD))) convertAgentSkill(stage);
    const loaded = loadManifest(stage);
    if (!loaded.ok) throw new PackageError(`${source} is not a valid skill: ${loaded.errors.join('; ')}`);
    // An MCP server's intents come from its tools, listed only after consent; none are taken from the package.
    const manifest = loaded.manifest.kind === 'mcp' ? { ...loaded.manifest, intents: [] } : loaded.manifest;
    const id = manifest.id;
    if (host.registry.get(id)?.builtin) throw new PackageError(`"${id}" is the id of a built-in skill; a community skill cannot replace it`);
    // a skill whose entry file is missing would install and then fail on every request
    const entry = resolveEntry(stage, manifest.entry);
    if (!fs.statSync(entry, { throwIfNoEntry: false })?.isFile()) throw new PackageError(`Refused to install ${id}: its entry file "${manifest.entry}" (skill.json "entry") is not in the package. Add the file or fix "entry"; nothing was installed.`);
    // A scope the grant store would refuse (wholly inside the profile or a skill folder) is refused
    // now, before anything is asked or written, not after the skill was swapped in.
    for (const p of manifest.permissions) {
      const problem = resolveScope(p.kind, p.scope, host.grants.varsFor(id)).find((e) => e.problem)?.problem;
      if (problem) throw new PackageError(`Refused to install ${id}: its ${p.kind} permission ${problem}. Grants never reach the AgentOS profile or a skill's folder; fix "permissions" in skill.json.`);
    }

    // 2. Publisher: name and key against the installed version (the key was pinned at its first signed install).
    const lock = readLock(profileDir);
    const previous = lock.skills[id];
    const signedBy = integrity.state === 'signed' ? integrity.key : null;
    let publisher: PublisherChange | undefined;
    try {
      const installedName = previous?.publisher ?? host.registry.get(id)?.manifest.publisher ?? manifest.publisher;
      publisher = publisherChange(id, previous ? { name: installedName, key: previous.publisherKey } : undefined, { name: manifest.publisher, key: signedBy });
    } catch (error) {
      host.audit.append('skill.refused', id, { reason: 'unsigned package over a signed install', source, expected: previous?.publisherKey?.id ?? null, got: null });
      throw error;
    }

    // 3. Static scan, then the phrases it would share with the installed skills.
    const scan = scanPackage(stage, manifest);
    const digests = digestTree(stage);
    const widened = previous ? manifest.permissions.filter((p) => !permissionCovered(p.kind, p.scope, previous.permissions)) : manifest.permissions;
    const overlaps = manifest.kind === 'mcp' ? undefined : findOverlaps(installedSkills(host), manifest);
    return { stage, manifest, integrity, signedBy, lock, previous, scan, digests, widened, publisher, overlaps };
  } catch (error) {
    fs.rmSync(stage, { recursive: true, force: true });
    throw error;
  }
}

export async function installSkill(host: SkillHost, options: InstallOptions, io: InstallIo): Promise<InstallResult> {
  const profileDir = host.profileDir;
  const staged = await stagePackage(host, options.source, io);
  const { stage, integrity, signedBy, lock, previous, scan, widened, publisher } = staged;
  let { manifest, digests, overlaps } = staged;
  const id = manifest.id;
  const shipped = packageDigest(digests);
  // An MCP server started for its tools makes its data folder; a declined install takes it away again.
  const dataDir = path.join(profileDir, 'data', id);
  const hadData = fs.existsSync(dataDir);
  let done = false;
  try {
    if (options.expectDigest && shipped !== options.expectDigest) {
      throw new PackageError(`Refused to install ${id}: the package at ${options.source} changed after you reviewed it. Review it again before installing.`);
    }
    io.say(formatReport(scan));
    if (scan.blocked && !options.ignoreScan) {
      host.audit.append('scan.blocked', id, { source: options.source, findings: scan.findings.filter((f) => f.severity === 'block').map((f) => `${f.code} ${f.file}:${f.line ?? ''}`) });
      throw new PackageError(`Refused to install ${id}: the static scan blocked it (see the report above). If you trust it anyway, run again with --ignore-scan.`);
    }

    // 4. The preview: who, what it may do, which phrases it shares; then the questions.
    if (previous && previous.version === manifest.version && (previous.packageDigest ? previous.packageDigest === shipped : JSON.stringify(previous.files) === JSON.stringify(digests))) {
      io.say(`${id} ${manifest.version} is already installed, unchanged.`);
      return { id, version: manifest.version, action: 'unchanged', signedBy: signedBy?.id ?? null, granted: [], scan, dir: path.join(communityDir(profileDir), id) };
    }
    for (const line of identityLines(manifest, signedBy, integrity.state, previous)) io.say(line);
    if (publisher) for (const line of describeChange(id, publisher)) io.say(line);
    if (manifest.permissions.length === 0) io.say('It asks for no permissions.');
    else {
      io.say(previous ? (widened.length ? 'It asks for NEW permissions:' : 'Its permissions are unchanged or narrower.') : 'It asks for these permissions:');
      for (const p of previous ? widened : manifest.permissions) io.say(`  • ${describePermission(p)}`);
    }
    io.say(`Sandbox on this machine: ${describeSupport().join('; ')}.`);
    if (manifest.permissions.some((p) => p.kind === 'net') && !sandboxSupport().netIsolation) io.say('Note: "net" cannot be enforced here; the skill could reach the network directly.');
    if (overlaps) for (const line of overlapLines(id, overlaps)) io.say(line);
    if (manifest.kind === 'mcp') io.say('It is an MCP server: it is started (sandboxed) to list its tools only after you agree; its tools are checked the same way before anything is installed.');
    const ask = (question: string, topic: AskTopic) => io.ask(question, topic);
    let publisherConsent: 'flag' | 'asked' | undefined;
    if (publisher) {
      try {
        publisherConsent = await consentToChange(id, publisher, { yes: !!options.yes, accept: options.acceptPublisher }, (q) => ask(q, 'publisher'));
      } catch (error) {
        host.audit.append('skill.refused', id, { reason: 'publisher change not accepted', source: options.source, changes: publisher.changes, from: publisher.from, to: publisher.to });
        throw error;
      }
    }
    const mustAsk = !previous || widened.length > 0;
    if (mustAsk && !options.yes) {
      const ok = await ask(previous ? `Update ${id} and grant the new permissions?` : `Install ${id}${manifest.permissions.length ? ' and grant these permissions' : ''}?`, previous ? 'update' : 'install');
      if (!ok) throw new PackageError(`Installation of ${id} cancelled; nothing was changed.`);
    }
    let accepted = overlaps ? await consentToOverlaps(id, overlaps, previous, options, ask) : [];

    // 5. Only now may package content run: an MCP server lists its tools (sandboxed); its intents are checked and asked about like any other.
    if (manifest.kind === 'mcp') {
      io.say('Starting the MCP server (sandboxed) to list its tools…');
      await prepareMcp(profileDir, stage, manifest);
      const loaded = loadManifest(stage);
      if (!loaded.ok) throw new PackageError(`the MCP server's tools do not make valid intents: ${loaded.errors.join('; ')}`);
      manifest = loaded.manifest;
      overlaps = findOverlaps(installedSkills(host), manifest);
      io.say(`Its tools: ${manifest.intents.map((i) => safeText(i.id, { max: 64 })).join(', ')}.`);
      for (const line of overlapLines(id, overlaps)) io.say(line);
      accepted = await consentToOverlaps(id, overlaps, previous, options, ask);
      digests = digestTree(stage);
    }

    // 6. Swap in: the current version is kept for rollback.
    const dest = path.join(communityDir(profileDir), id);
    fs.mkdirSync(communityDir(profileDir), { recursive: true });
    let keptDir = '';
    if (previous && fs.existsSync(dest)) {
      keptDir = path.join(versionsDir(profileDir, id), `${previous.version}-${Date.now()}`);
      fs.mkdirSync(path.dirname(keptDir), { recursive: true });
      fs.renameSync(dest, keptDir);
    } else fs.rmSync(dest, { recursive: true, force: true });
    fs.renameSync(stage, dest);
    done = true;
    const now = new Date().toISOString();
    const entry: LockEntry = {
      id,
      version: manifest.version,
      kind: manifest.kind,
      publisherKey: signedBy ?? previous?.publisherKey ?? null,
      publisher: manifest.publisher,
      files: digests,
      packageDigest: shipped,
      source: options.source,
      installedAt: now,
      firstInstalledAt: previous?.firstInstalledAt ?? previous?.installedAt ?? now,
      acceptedOverlaps: accepted,
      permissions: manifest.permissions,
      dir: '',
      previous: previous
        ? [{ version: previous.version, kind: previous.kind, publisherKey: previous.publisherKey, publisher: previous.publisher, files: previous.files, packageDigest: previous.packageDigest, source: previous.source, installedAt: previous.installedAt, permissions: previous.permissions, dir: keptDir }, ...previous.previous].slice(0, 5)
        : [],
    };
    lock.skills[id] = entry;
    writeLock(profileDir, lock);

    // 7. Grants: exactly what is declared (and, on update, drop what is no longer declared).
    const duration = options.until ? 'until' : (options.duration ?? 'always');
    if (previous) host.grants.revokeUndeclared(id, manifest.permissions);
    const toGrant = options.grant === 'none' ? [] : previous ? widened : manifest.permissions;
    for (const p of toGrant) {
      const g = host.grants.grant(id, p, duration, options.until);
      host.audit.append('grant.add', id, { grant: g.id, kind: p.kind, scope: p.scope, duration, ...(options.until ? { until: options.until.toISOString() } : {}) });
    }
    host.audit.append(previous ? 'skill.update' : 'skill.install', id, {
      version: manifest.version,
      from: previous?.version ?? null,
      kind: manifest.kind,
      source: options.source,
      publisher: manifest.publisher,
      publisherKey: entry.publisherKey?.id ?? null,
      signed: !!signedBy,
      ...(publisher ? { publisherChange: { changes: publisher.changes, from: publisher.from, to: publisher.to, consent: publisherConsent } } : {}),
      ...(accepted.length ? { overlaps: accepted } : {}),
      files: Object.keys(digests).length,
      scan: scan.findings.map((f) => f.code),
      assumeYes: !!options.yes,
      ...(options.grant === 'none' ? { granted: 'none' } : {}),
    });
    const final = loadManifest(dest);
    if (final.ok) host.addSkill({ manifest: final.manifest, dir: dest, builtin: false });
    return { id, version: manifest.version, action: previous ? 'updated' : 'installed', signedBy: signedBy?.id ?? null, granted: toGrant, scan, dir: dest, ...(publisher ? { publisherChange: publisher } : {}), ...(accepted.length ? { overlaps: accepted } : {}) };
  } catch (error) {
    if (!done && !hadData) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
