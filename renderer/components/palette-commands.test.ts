import { describe, expect, it } from 'vitest';
import { contributedViews } from '../stores/slices/skillviews/selectors';
import { FIXED_VIEWS, skillNavTargets, viewForKey } from './navigation';
import { matchCommands, paletteCommands } from './palette-commands';

const skill = (id: string, views: { id: string; title: string; icon: string }[]) => ({
  id,
  name: `${id} skill`,
  description: '',
  enabled: true,
  builtin: true,
  version: '1.0.0',
  publisher: 'AgentOS',
  permissions: [],
  intents: [],
  contributes: { commands: [], views: views.map((v) => ({ ...v, handler: `${v.id}.view`, description: `${v.title} of ${id}` })) },
});

describe('command palette and navigation', () => {
  it('matches commands by every typed word', () => {
    const cmds = paletteCommands(['what is 15% of 240']);
    expect(matchCommands(cmds, 'skills').map((c) => c.id)).toEqual(['view:skills']);
    expect(matchCommands(cmds, 'dark theme').map((c) => c.id)).toEqual(['action:theme']);
    expect(matchCommands(cmds, '15%').map((c) => c.id)).toEqual(['run:what is 15% of 240']);
  });

  it('offers each contributed view after the fixed ones, with its icon (or the generic one) and the free shortcut digits', () => {
    const targets = skillNavTargets(
      contributedViews([
        skill('jobs', [
          { id: 'list', title: 'Jobs', icon: 'gauge' },
          { id: 'log', title: 'Job log', icon: 'unknown-icon' },
        ]),
        skill('more', [
          { id: 'a', title: 'A', icon: 'timer' },
          { id: 'b', title: 'B', icon: 'timer' },
        ]),
      ]),
    );
    expect(targets.map((t) => [t.view, t.icon, t.key])).toEqual([
      ['skill:jobs/list', 'gauge', '7'],
      ['skill:jobs/log', 'skills', '8'],
      ['skill:more/a', 'timer', '9'],
      ['skill:more/b', 'timer', undefined],
    ]);
    expect(viewForKey('7', targets)).toBe('skill:jobs/list');
    expect(viewForKey('4', targets)).toBe('timers');
    expect(viewForKey('6', [])).toBe('settings');
    expect(new Set(FIXED_VIEWS.map((v) => v.key)).size).toBe(FIXED_VIEWS.length);
    const cmds = paletteCommands([], targets);
    expect(matchCommands(cmds, 'job log').map((c) => [c.id, c.hint])).toEqual([['view:skill:jobs/log', 'Ctrl+8']]);
    // A contributed view is found by its skill's name too.
    expect(matchCommands(cmds, 'more skill').map((c) => c.id)).toEqual(['view:skill:more/a', 'view:skill:more/b']);
  });
});
