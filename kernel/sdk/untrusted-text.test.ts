import { describe, expect, it } from 'vitest';
import { hasControlText, safeText } from './untrusted-text.js';

describe('safeText', () => {
  it('removes CSI, OSC and DCS sequences, 8-bit forms and lone escapes', () => {
    expect(safeText('a\x1b[2J\x1b[1;1Hb')).toBe('ab');
    expect(safeText('\x1b]0;owned\x07title')).toBe('title');
    expect(safeText('\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\')).toBe('link');
    expect(safeText('x\x9b31my')).toBe('xy');
    expect(safeText('\x1bPqdata\x1b\\ok')).toBe('ok');
    expect(safeText('end\x1b')).toBe('end');
  });
  it('removes carriage returns that would rewrite a printed line, backspaces and bells', () => {
    expect(safeText('fs.read: ~/Documents\rfs.read: nothing')).toBe('fs.read: ~/Documents fs.read: nothing');
    expect(safeText('ab\b\b\x07cd')).toBe('abcd');
  });
  it('removes bidi overrides and invisible characters', () => {
    expect(safeText('evil\u202egpj.exe')).toBe('evilgpj.exe');
    expect(safeText('no\u200bte')).toBe('note');
    expect(safeText('family 👨\u200d👩\u200d👧')).toBe('family 👨\u200d👩\u200d👧');
  });
  it('keeps line breaks and tabs only when asked, and cuts long text', () => {
    expect(safeText('a\nb\tc')).toBe('a b c');
    expect(safeText('a\r\nb\tc', { multiline: true })).toBe('a\nb\tc');
    expect(safeText('abcdef', { max: 4 })).toBe('abc…');
    expect(safeText('Grüße, 東京 ✓')).toBe('Grüße, 東京 ✓');
  });
  it('tells whether text holds control sequences', () => {
    expect(hasControlText('plain\ntext')).toBe(false);
    expect(hasControlText('\x1b[31mred')).toBe(true);
  });
});
