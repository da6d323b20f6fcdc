/**
 * Apps and web: open an installed application by name ("open firefox") or a web address
 * ("go to example.com", "open https://example.com"), and search the web. Launching goes through
 * the exec grant only (gtk-launch / xdg-open on Linux, open on macOS); only http(s) addresses open.
 */
import { defineSkill, type ExecCapability, type SkillContext, type SkillResult, type Slots } from '../../kernel/contracts/index.js';
import { installedApps, rankApps, toWebUrl } from './launch.js';
import { cleanTarget, openTarget, soundsLikeFiles, webQuery } from './phrasing.js';
import { findAddresses } from '../../kernel/sdk/address.js';

const mac = process.platform === 'darwin';

function execOf(ctx: SkillContext): ExecCapability {
  if (!ctx.exec) throw Object.assign(new Error('Opening apps and pages needs the exec permission (xdg-open, gtk-launch, open). Grant it with agentos grants or in the app.'), { name: 'CapabilityDenied' });
  return ctx.exec;
}

/** The thing to open: the slot if the engine found it, else the words after the open verb. */
function target(slots: Slots, ctx: SkillContext, ...names: string[]): string | undefined {
  // A web address typed in full wins over a slot: the engine reads "?q=1" as punctuation.
  const typed = findAddresses(ctx.text).find((h) => h.kind === 'url');
  if (typed) return typed.value;
  for (const n of names) {
    const v = slots[n];
    if (typeof v === 'string' && cleanTarget(v)) return cleanTarget(v);
  }
  return openTarget(ctx.text);
}

/** The request says it is about a web page ("go to", "visit", "website", "browser"). */
const saysWeb = (text: string) => /\b(?:go\s*to|navigate|browse|visit|take me to|head to|web\s*site|site|web\s*page|page|url|link|address|browser)\b/i.test(text);

const declined = (text: string): SkillResult => ({ text, declined: true });

async function openUrl(url: URL, ctx: SkillContext): Promise<SkillResult> {
  const exec = execOf(ctx);
  const program = mac ? 'open' : 'xdg-open';
  try {
    await exec.run(program, [url.href], { detached: true });
  } catch (error) {
    throw new Error(`${program} could not open ${url.href}: ${(error as Error).message}${mac ? '' : '. Install xdg-utils (apt-get install xdg-utils).'}`);
  }
  return { text: `Opening ${url.href}`, data: { url: url.href } };
}

async function openApp(name: string, ctx: SkillContext): Promise<SkillResult> {
  const exec = execOf(ctx);
  if (mac) {
    const r = await exec.run('open', ['-a', name], { timeoutMs: 10_000 });
    if (r.code !== 0) throw new Error(`No application called "${name}" was found (${r.stderr.trim().slice(0, 200)}). Check its name, or say "open the file …" for a document.`);
    return { text: `Opening ${name}`, data: { app: name } };
  }
  if (!ctx.fs) throw Object.assign(new Error('Finding installed apps needs read access to the application folders (fs.read). Grant it with agentos grants or in the app.'), { name: 'CapabilityDenied' });
  const apps = await installedApps(ctx.fs);
  const ranked = rankApps(name, apps);
  const app = ranked[0];
  if (!app) {
    const close = rankApps(name.slice(0, 3), apps).slice(0, 5).map((a) => a.name);
    // Nothing was opened: declined, so "start a 15 minute countdown" can still be the timer it is.
    const why = `No installed application is called "${name}"${close.length ? `. Close names: ${close.join(', ')}` : apps.length === 0 ? ' (no desktop applications were found on this computer)' : ''}.`;
    return { text: why, data: { app: null, close }, declined: true };
  }
  try {
    await exec.run('gtk-launch', [app.id], { detached: true });
  } catch (error) {
    throw new Error(`${app.name} could not be started: ${(error as Error).message}. gtk-launch comes with GTK (apt-get install libgtk-3-bin).`);
  }
  return { text: `Opening ${app.name}`, data: { app: app.id, name: app.name, desktopFile: app.file } };
}

export default defineSkill({
  'apps.open': async (slots, ctx) => {
    // The words after the verb name the app in full ("open the file manager"); the slot may hold part of them.
    const what = findAddresses(ctx.text).find((h) => h.kind === 'url')?.value ?? openTarget(ctx.text) ?? target(slots, ctx, 'app', 'url', 'site');
    if (!what) return declined("I don't know what to open there. Say for example \"open firefox\" or \"go to example.com\".");
    if (/^(?:~|\.{0,2}\/)/.test(what)) throw new Error(`"${what}" is a file; say "open the file ${what}" to open it from your granted folders.`);
    const url = toWebUrl(what, saysWeb(ctx.text));
    if (url) return openUrl(url, ctx);
    if (/^[a-z][a-z0-9+.-]*:/i.test(what)) throw new Error(`Only http and https addresses can be opened, not "${what.split(':')[0]}:".`);
    // Only a request that says "open …" names an app: "order a pizza" reached here by guesswork.
    if (!openTarget(ctx.text)) return declined(`I don't know how to do that. I can open apps ("open firefox") and web pages ("go to example.com").`);
    return openApp(what, ctx);
  },
  'apps.browse': async (slots, ctx) => {
    const what = target(slots, ctx, 'url', 'site');
    const url = what ? toWebUrl(what, true) : undefined;
    if (!url) return declined(`I don't know a web address${what ? ` called "${what}"` : ''}. Say one with its ending, e.g. "go to example.com".`);
    return openUrl(url, ctx);
  },
  'apps.search': async (slots, ctx) => {
    // The query is the object of a search verb: "buy more printer ink online" has none, so it is not a search.
    const fromText = webQuery(ctx.text);
    if (!fromText) return declined(`I can't do that. I can search the web for you: say "search the web for …".`);
    if (soundsLikeFiles(ctx.text)) return declined(`That sounds like a search of your files; say for example "find files named ${fromText.split(/\s+/).slice(-2).join(' ')}".`);
    // The words after the verb, read by webQuery ("find out who won" → "who won"), before the engine's slot.
    const query = fromText || (typeof slots.query === 'string' ? slots.query.trim() : '');
    const url = new URL('https://duckduckgo.com/');
    url.searchParams.set('q', query);
    const r = await openUrl(url, ctx);
    return { ...r, text: `Searching the web for "${query}"`, data: { url: url.href, query } };
  },
});
