/** What the command palette offers: navigation, theme, conversation, and example requests; matched by words. */
import type { View } from '../stores/slices/ui/slice';

export interface PaletteCommand {
  id: string;
  title: string;
  group: 'Go to' | 'Actions' | 'Run';
  hint?: string;
  keywords?: string;
}

export const VIEWS: { view: View; title: string; key: string }[] = [
  { view: 'chat', title: 'Portal', key: '1' },
  { view: 'skills', title: 'Skills', key: '2' },
  { view: 'activity', title: 'Activity', key: '3' },
  { view: 'timers', title: 'Reminders', key: '4' },
  { view: 'kernelopt', title: 'Kernel optimizer', key: '5' },
  { view: 'permissions', title: 'Permissions', key: '6' },
  { view: 'settings', title: 'Settings', key: '7' },
];

export function paletteCommands(examples: readonly string[]): PaletteCommand[] {
  return [
    ...VIEWS.map((v) => ({ id: `view:${v.view}`, title: v.title, group: 'Go to' as const, hint: `Ctrl+${v.key}` })),
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
