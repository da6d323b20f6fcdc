/** What the command palette offers: navigation (fixed and contributed views), theme, conversation, and example requests; matched by words. */
import { FIXED_VIEWS, type NavTarget } from './navigation';

export interface PaletteCommand {
  id: string;
  title: string;
  group: 'Go to' | 'Actions' | 'Run';
  hint?: string;
  keywords?: string;
}

export function paletteCommands(examples: readonly string[], skillViews: readonly NavTarget[] = []): PaletteCommand[] {
  return [
    ...[...FIXED_VIEWS, ...skillViews].map((v) => ({
      id: `view:${v.view}`,
      title: v.title,
      group: 'Go to' as const,
      ...(v.key ? { hint: `Ctrl+${v.key}` } : {}),
      ...(v.keywords ? { keywords: v.keywords } : {}),
    })),
    { id: 'action:focus', title: 'Type a request', group: 'Actions', hint: '/', keywords: 'input ask' },
    { id: 'action:new', title: 'New conversation', group: 'Actions', keywords: 'clear reset chat' },
    { id: 'action:theme', title: 'Toggle light / dark theme', group: 'Actions', keywords: 'dark light appearance' },
    ...examples.map((e) => ({ id: `run:${e}`, title: e, group: 'Run' as const, keywords: 'example' })),
  ];
}

/** Commands containing every typed word (title, group or keywords), in their original order. */
export function matchCommands(commands: readonly PaletteCommand[], query: string): PaletteCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...commands];
  return commands.filter((c) => {
    const hay = `${c.title} ${c.group} ${c.keywords ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
