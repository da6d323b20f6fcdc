import { describe, expect, it } from 'vitest';
import { extent, niceTicks, thin } from './plot-scale';
import { matchCommands, paletteCommands } from '../palette-commands';

describe('plot axes', () => {
  it('picks round tick values covering the data', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0.13, 0.91, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(extent([3, 3])).toEqual([1.5, 4.5]);
    expect(extent([])).toEqual([0, 1]);
    expect(thin(Array.from({ length: 10_000 }, (_, i) => i), 100)).toHaveLength(100);
  });
});

describe('command palette', () => {
  it('matches commands by every typed word', () => {
    const cmds = paletteCommands(['what is 15% of 240']);
    expect(matchCommands(cmds, 'skills').map((c) => c.id)).toEqual(['view:skills']);
    expect(matchCommands(cmds, 'dark theme').map((c) => c.id)).toEqual(['action:theme']);
    expect(matchCommands(cmds, '15%').map((c) => c.id)).toEqual(['run:what is 15% of 240']);
  });
});
