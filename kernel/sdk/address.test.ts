import { describe, expect, it } from 'vitest';
import { addressKind, filePath, findAddresses, webAddress } from './address.js';

describe('web address or file path', () => {
  it.each([
    ['wikipedia.org', 'url'],
    ['example.io', 'url'],
    ['bbc.co.uk', 'url'],
    ['www.python.org', 'url'],
    ['https://example.org/docs?q=1', 'url'],
    ['github.com/nodejs/node/README.md', 'url'],
    ['localhost:8080', 'url'],
    ['192.168.1.20', 'url'],
    ['character.ai', 'url'],
    ['notes.md', 'path'],
    ['report.pdf', 'path'],
    ['Tax-Return-2025.PDF', 'path'],
    ['archive.zip', 'path'],
    ['main.c', 'path'],
    ['tax_return.pdf', 'path'],
    ['docs/plan.md', 'path'],
    ['~/Documents/budget.xlsx', 'path'],
    ['~/My Documents/budget.xlsx', 'path'],
    ['~', 'path'],
    ['/etc/hosts', 'path'],
    ['../notes.txt', 'path'],
    ['C:\\Users\\me\\a.txt', 'path'],
  ])('%s is a %s', (token, kind) => {
    expect(addressKind(token)).toBe(kind);
  });

  it('reads neither in words, abbreviations, numbers and other schemes', () => {
    for (const t of ['firefox', 'e.g.', 'p.m.', '1.5kg', '3.14', 'two words.com', 'javascript:alert(1)', 'file:///etc/passwd', 'mailto:a@b.com', '~/x and then y']) {
      expect(addressKind(t), t).toBeUndefined();
    }
  });

  it('takes an ending that is both a domain and a file extension as a site only when the request says so', () => {
    expect(addressKind('docs.rs')).toBe('path');
    expect(addressKind('docs.rs', { hostLike: true })).toBe('url');
    expect(webAddress('docs.rs')).toBeUndefined();
    expect(webAddress('docs.rs', { hostLike: true })).toBe('https://docs.rs/');
  });

  it('normalises web addresses and refuses credentials', () => {
    expect(webAddress('wikipedia.org.')).toBe('https://wikipedia.org/');
    expect(webAddress('localhost:3000')).toBe('http://localhost:3000/');
    expect(webAddress('https://user:pw@example.com')).toBeUndefined();
    expect(webAddress('notes.md')).toBeUndefined();
    expect(filePath('"~/notes.md"')).toBe('~/notes.md');
    expect(filePath('wikipedia.org')).toBeUndefined();
    expect(webAddress('wikipedia dot org')).toBe('https://wikipedia.org/');
    expect(filePath('notes dot md')).toBe('notes.md');
    expect(webAddress('the dot of the i')).toBeUndefined();
  });

  it('finds an address said aloud', () => {
    expect(findAddresses('go to example dot com please')).toEqual([{ kind: 'url', value: 'https://example.com/', start: 6, end: 21 }]);
  });

  it('finds both in running text, with offsets', () => {
    const text = 'open wikipedia.org, then ~/notes.md and read/write docs/plan.md';
    expect(findAddresses(text)).toEqual([
      { kind: 'url', value: 'https://wikipedia.org/', start: 5, end: 18 },
      { kind: 'path', value: '~/notes.md', start: 25, end: 35 },
      { kind: 'path', value: 'docs/plan.md', start: 51, end: 63 },
    ]);
  });
});
