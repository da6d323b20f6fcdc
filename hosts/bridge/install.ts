/**
 * Bridge handlers for the app's install dialog: `skills.previewInstall` stages a community skill and
 * reports what it asks for without installing it; `skills.install` installs what the user reviewed
 * through the same installSkill the CLI uses, with an InstallIo that answers with the dialog's choice.
 * The dialog is the question, so nothing here can grant more than the manifest declares, and a
 * package that changed between review and install is refused (the digest of the reviewed files).
 * The dialog's yes answers the install question only: a change of publisher and phrases shared with
 * other skills are shown in the preview and need their own explicit acceptance (`acceptPublisher`,
 * `allowOverlap`); without it the install is refused, as `--yes` alone is in a terminal. The preview
 * never runs package content: an MCP server's tools are listed only once the user has agreed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadInstaller, type AskTopic, type InstallIo } from '../../kernel/packages/index.js';
import { BridgeError, type Handlers } from './types.js';

/** The install code (archives, MCP, Agent Skills, sandbox probes) loads on first use, as in the CLI. */
const installModule = loadInstaller;

/** "~/x" means the user's home, as in a shell; a relative path is taken from the kernel's folder. */
export function resolveSource(source: string): string {
  const s = source.trim();
  if (s === '~') return os.homedir();
  if (s.startsWith('~/')) return path.join(os.homedir(), s.slice(2));
  return path.resolve(s);
}

/**
 * The dialog already asked whether to install: say() is kept for the log, ask() answers with the
 * user's confirmation for that question only. Anything else (a publisher change, shared phrases
 * found once an MCP server listed its tools) was not in front of the user, so it is a no.
 */
function dialogIo(confirmed: boolean): InstallIo & { lines: string[] } {
  const lines: string[] = [];
  const answered: (AskTopic | undefined)[] = ['install', 'update'];
  return { lines, say: (t) => void lines.push(t), ask: async (_question, topic) => confirmed && answered.includes(topic) };
}

/** Turns an install failure into a message with what to do next. */
function toBridgeError(error: unknown, source: string): BridgeError {
  const err = error as Error;
  if (err instanceof BridgeError) return err;
  if (err?.name !== 'PackageError' && err?.name !== 'AgentSkillError') {
    return new BridgeError('internal', `Installing from ${source} failed: ${err?.message ?? String(error)}`, 'Try again; if it keeps failing, run "agentos skill install" in a terminal to see the full report.');
  }
  const message = err.message;
  if (/does not exist/.test(message)) return new BridgeError('not_found', message, 'Check the path: give the folder that holds skill.json (or SKILL.md), or a .tgz made by "agentos skill pack".');
  if (/static scan blocked/.test(message)) return new BridgeError('denied', message.replace(/ \(see the report above\)/, '').replace(/run again with --ignore-scan/, 'tick "Install anyway" after reading the findings'), 'Read the findings; install it only if you trust its publisher.');
  if (/changed after you reviewed/.test(message)) return new BridgeError('denied', message, 'Press Review again to see the package as it is now.');
  if (/publisher|not signed/.test(message) && /Refused|cancelled/.test(message)) return new BridgeError('denied', message.replace(/,? ?run again with --accept-publisher (\S+|"[^"]*")\.?/, ' accept the new publisher in the install dialog.'), 'Install updates only from the publisher you trusted first, unless you know the publisher really changed.');
  if (/overlap/.test(message)) return new BridgeError('denied', message.replace(/run again with --allow-overlap/, 'tick "Install anyway" next to the overlapping phrases'), 'Read which phrases it shares: the skills that have them keep them.');
  if (/Refused to update/.test(message)) return new BridgeError('denied', message, 'Only install updates signed by the publisher you trusted first.');
  if (/built-in skill/.test(message)) return new BridgeError('denied', message, 'Ask the publisher to give the skill its own id.');
  return new BridgeError('bad_input', message, 'Check that the path is a skill package: a folder with skill.json (or SKILL.md), or a .tgz made by "agentos skill pack".');
}

export const handlers: Handlers<'skills.previewInstall' | 'skills.install'> = {
  async 'skills.previewInstall'({ source }, { kernel }) {
    const src = resolveSource(source);
    const { stagePackage, packageDigest, describePermission, acceptToken } = await installModule();
    const { sandboxSupport, describeSupport } = await import('../../kernel/sandbox/index.js');
    let staged;
    try {
      staged = await stagePackage(kernel, src, dialogIo(false));
    } catch (error) {
      throw toBridgeError(error, source);
    }
    try {
      const { manifest, integrity, previous, scan, digests, widened, publisher, overlaps } = staged;
      return {
        id: manifest.id,
        name: manifest.name,
        version: manifest.version,
        description: manifest.description,
        publisher: manifest.publisher,
        kind: manifest.kind,
        signature: integrity.state === 'signed' ? { state: 'signed', keyId: integrity.key.id } : { state: integrity.state },
        // describePermission pads the kind for a terminal column; the dialog shows the kind itself,
        // and the scope as resolved absolute paths (the declared form beside them).
        permissions: manifest.permissions.map((p) => ({ ...p, description: describePermission(p, { profileDir: kernel.profileDir, skillId: manifest.id }).slice(p.kind.length).trim() })),
        scan: { blocked: scan.blocked, filesScanned: scan.filesScanned, findings: scan.findings.map(({ code, severity, message, file, line }) => ({ code, severity, message, file, ...(line !== undefined ? { line } : {}) })) },
        sandbox: describeSupport(),
        netUnenforced: manifest.permissions.some((p) => p.kind === 'net') && !sandboxSupport().netIsolation,
        update: previous ? { from: previous.version, widened } : null,
        unchanged: !!previous && previous.version === manifest.version && JSON.stringify(previous.files) === JSON.stringify(digests),
        digest: packageDigest(digests),
        // Marked plainly: an unsigned package could have been made by anyone.
        unsigned: integrity.state !== 'signed',
        publisherChange: publisher ? { changes: publisher.changes, from: publisher.from, to: publisher.to, accept: acceptToken(publisher.to) } : null,
        overlaps: (overlaps?.overlaps ?? []).map((o) => ({ phrase: o.phrase, how: o.how, skill: o.owner.skill, skillName: o.owner.name, builtin: o.owner.builtin, catchAll: o.owner.fallback })),
        broadTemplates: overlaps?.broad ?? [],
        // An MCP server's tools (and their phrases) are known only after the user agrees: it is not run for a preview.
        toolsAfterConsent: manifest.kind === 'mcp',
      };
    } finally {
      fs.rmSync(staged.stage, { recursive: true, force: true });
    }
  },

  async 'skills.install'(input, { kernel }) {
    const { source, digest, grant, duration, until, ignoreScan, acceptPublisher, allowOverlap } = input;
    const src = resolveSource(source);
    let untilDate: Date | undefined;
    if (duration === 'until') {
      untilDate = new Date(until ?? '');
      if (Number.isNaN(untilDate.getTime()) || untilDate <= new Date()) throw new BridgeError('bad_input', `The grants would end ${until}, which is not in the future`, 'Choose a later date, or "always" / "this session".');
    }
    const { installSkill } = await installModule();
    const io = dialogIo(true);
    try {
      const result = await installSkill(
        kernel,
        { source: src, expectDigest: digest, grant, ignoreScan, allowOverlap, ...(acceptPublisher !== undefined ? { acceptPublisher } : {}), ...(untilDate ? { until: untilDate } : { duration: duration === 'session' ? 'session' : 'always' }) },
        io,
      );
      return { id: result.id, version: result.version, action: result.action, signedBy: result.signedBy, granted: result.granted };
    } catch (error) {
      // Shared phrases found only once an MCP server listed its tools: the refusal names them.
      const e = toBridgeError(error, source);
      const listed = io.lines.filter((l) => l.startsWith('  • '));
      throw /overlap/.test(e.message) && listed.length ? new BridgeError(e.code, `${e.message}\n${listed.join('\n')}`, e.fix) : e;
    }
  },
};
