/**
 * Apps and web: open an installed application by name ("open firefox") or a web address
 * ("go to example.com", "open https://example.com"), and search the web. Launching goes through
 * the exec grant only (gtk-launch / xdg-open on Linux, open on macOS); only http(s) addresses open.
 */
import { defineSkill, type ExecCapability, type SkillContext, type SkillResult, type Slots } from '../../kernel/contracts/index.js';
import { installedApps, rankApps, toWebUrl } from './launch.js';

const mac = process.platform === 'darwin';

function execOf(ctx: SkillContext): ExecCapability {
  if (!ctx.exec) throw Object.assign(new Error('opening apps and pages needs the exec permission (xdg-open, gtk-launch, open); grant it with agentos grants or in the app.'), { name: 'CapabilityDenied' });
  return ctx.exec;
}

/** The thing to open: the slot if the engine found it, else the request minus its verb. */
function target(slots: Slots, ctx: SkillContext, ...names: string[]): string {
  for (const n of names) {
    const v = slots[n];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return ctx.text
    .trim()
    .replace(/^(?:please\s+)?(?:open|launch|start|run|fire up|bring up|show|go to|goto|navigate to|browse to|visit|take me to|load)\s+(?:up\s+)?(?:the\s+)?(?:(?:web\s*site|site|page|url|app|application|program)\s+)?/i, '')
    .replace(/\s+(?:in (?:the|my) browser|for me|please|app|application)$/i, '')
    .replace(/[.!?]+$/, '')
    .trim();
}

async function openUrl(url: URL, ctx: SkillContext): Promise<SkillResult> {
  const exec = execOf(ctx);
  const program = mac ? 'open' : 'xdg-open';
  try {
    await exec.run(program, [url.href], { detached: true });
  } catch (error) {
    throw new Error(`${program} could not open ${url.href}: ${(error as Error).message}${mac ? '' : '. Install xdg-utils (apt-get install xdg-utils).'}`);
  }
  return { text: `Opening ${url.href}`, data: { url: url.href }, card: { type: 'kv', title: 'Opened', entries: [{ key: 'Address', value: url.href }] } };
}

async function openApp(name: string, ctx: SkillContext): Promise<SkillResult> {
  const exec = execOf(ctx);
  if (mac) {
    const r = await exec.run('open', ['-a', name], { timeoutMs: 10_000 });
    if (r.code !== 0) throw new Error(`no application called "${name}" was found (${r.stderr.trim().slice(0, 200)}).`);
    return { text: `Opening ${name}`, data: { app: name } };
  }
  if (!ctx.fs) throw Object.assign(new Error('finding installed apps needs read access to the application folders (fs.read).'), { name: 'CapabilityDenied' });
  const apps = await installedApps(ctx.fs);
  const ranked = rankApps(name, apps);
  const app = ranked[0];
  if (!app) {
    const close = rankApps(name.slice(0, 3), apps).slice(0, 5).map((a) => a.name);
    throw new Error(`no installed application is called "${name}"${close.length ? `. Close names: ${close.join(', ')}` : apps.length === 0 ? ' (no desktop applications were found on this computer)' : ''}.`);
  }
  try {
    await exec.run('gtk-launch', [app.id], { detached: true });
  } catch (error) {
    throw new Error(`could not start ${app.name}: ${(error as Error).message}. gtk-launch comes with GTK (apt-get install libgtk-3-bin).`);
  }
  return { text: `Opening ${app.name}`, data: { app: app.id, name: app.name, desktopFile: app.file }, card: { type: 'kv', title: 'Opened', entries: [{ key: 'Application', value: app.name }, { key: 'Desktop entry', value: app.file }] } };
}

export default defineSkill({
  'apps.open': async (slots, ctx) => {
    const what = target(slots, ctx, 'app', 'url');
    if (!what) throw new Error('say what to open, e.g. "open firefox" or "go to example.com".');
    if (/^(?:~|\.{0,2}\/)/.test(what)) throw new Error(`"${what}" is a file; say "open the file ${what}" to open it from your granted folders.`);
    const url = toWebUrl(what);
    if (url) return openUrl(url, ctx);
    if (/^[a-z][a-z0-9+.-]*:/i.test(what)) throw new Error(`only http and https addresses can be opened, not "${what.split(':')[0]}:".`);
    return openApp(what, ctx);
  },
  'apps.browse': async (slots, ctx) => {
    const what = target(slots, ctx, 'url');
    const url = toWebUrl(what);
    if (!url) throw new Error(`"${what}" is not a web address I can open (only http and https, e.g. "go to example.com").`);
    return openUrl(url, ctx);
  },
  'apps.search': async (slots, ctx) => {
    const query =
      (typeof slots.query === 'string' && slots.query.trim()) ||
      ctx.text.replace(/^(?:please\s+)?(?:search|look up|google)\s+(?:the\s+web\s+|online\s+|the\s+internet\s+)?(?:for\s+)?/i, '').replace(/\s+(?:on(?:line| the web)|in (?:the|my) browser)$/i, '').trim();
    if (!query) throw new Error('say what to search for, e.g. "search the web for oat milk recipes".');
    const url = new URL('https://duckduckgo.com/');
    url.searchParams.set('q', query);
    const r = await openUrl(url, ctx);
    return { ...r, text: `Searching the web for "${query}"` };
  },
});
