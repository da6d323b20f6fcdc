import { describe, expect, it } from 'vitest';
import { parseDesktopEntry, rankApps, toWebUrl } from './launch.js';
import { openTarget, soundsLikeFiles, webQuery } from './phrasing.js';

describe('web addresses', () => {
  it('accepts http(s) and bare domains', () => {
    expect(toWebUrl('example.com')?.href).toBe('https://example.com/');
    expect(toWebUrl('https://example.org/docs?q=1')?.href).toBe('https://example.org/docs?q=1');
    expect(toWebUrl('http://localhost:8080')?.href).toBe('http://localhost:8080/');
  });
  it('refuses other schemes, credentials and words', () => {
    expect(toWebUrl('javascript:alert(1)')).toBeUndefined();
    expect(toWebUrl('file:///etc/passwd')).toBeUndefined();
    expect(toWebUrl('https://user:pw@example.com')).toBeUndefined();
    expect(toWebUrl('firefox')).toBeUndefined();
    expect(toWebUrl('two words.com')).toBeUndefined();
  });
  it('leaves file names to the files skill unless the request says website', () => {
    expect(toWebUrl('notes.md')).toBeUndefined();
    expect(toWebUrl('docs.rs', true)?.href).toBe('https://docs.rs/');
    expect(toWebUrl('wikipedia.org')?.href).toBe('https://wikipedia.org/');
  });
});

describe('what a request asks of apps and the web', () => {
  it.each([
    ['search for vegan lasagna recipes', 'vegan lasagna recipes'],
    ['can you look up the opening hours of the louvre', 'the opening hours of the louvre'],
    ['search the web for oat milk recipes', 'oat milk recipes'],
    ['google "best hiking boots" please', 'best hiking boots'],
    ['look up electron builder docs online', 'electron builder docs'],
    ['find cheap flights to lisbon on the internet', 'cheap flights to lisbon'],
    ['run a web search on solar panels', 'solar panels'],
    ['find out who won the world cup', 'who won the world cup'],
  ])('%s → %s', (text, query) => {
    expect(webQuery(text)).toBe(query);
  });

  it('has no query when the main verb is not a search', () => {
    for (const t of ['buy more printer ink online for me', 'order a pizza online', 'post this on twitter', 'book a table for two online']) expect(webQuery(t), t).toBeUndefined();
  });

  it('tells a search of files from one of the web', () => {
    expect(soundsLikeFiles('search for budget spreadsheets in my downloads')).toBe(true);
    expect(soundsLikeFiles('search for files named report')).toBe(true);
    expect(soundsLikeFiles('search the web for pdf editors')).toBe(false);
    expect(soundsLikeFiles('search for vegan lasagna recipes')).toBe(false);
  });

  it('reads the target of an open verb', () => {
    expect(openTarget('please open the website wikipedia.org')).toBe('wikipedia.org');
    expect(openTarget('fire up the terminal app')).toBe('terminal');
    expect(openTarget('can you launch firefox')).toBe('firefox');
    expect(openTarget('order a pizza')).toBeUndefined();
  });
});

describe('desktop entries', () => {
  const firefox = parseDesktopEntry('[Desktop Entry]\nType=Application\nName=Firefox Web Browser\nGenericName=Web Browser\nKeywords=Internet;WWW;\n[Desktop Action new]\nName=New Window\n', '/usr/share/applications/firefox.desktop')!;
  const code = parseDesktopEntry('[Desktop Entry]\nType=Application\nName=Visual Studio Code\nKeywords=vscode;\n', '/usr/share/applications/code.desktop')!;
  it('reads the main entry and skips hidden ones', () => {
    expect(firefox).toMatchObject({ id: 'firefox', name: 'Firefox Web Browser', genericName: 'Web Browser', keywords: ['Internet', 'WWW'] });
    expect(parseDesktopEntry('[Desktop Entry]\nType=Application\nName=X\nNoDisplay=true\n', '/x.desktop')).toBeUndefined();
    expect(parseDesktopEntry('[Desktop Entry]\nType=Link\nName=X\n', '/x.desktop')).toBeUndefined();
  });
  it('ranks by name, id, generic name and keyword', () => {
    expect(rankApps('firefox', [code, firefox])[0]?.id).toBe('firefox');
    expect(rankApps('the web browser', [code, firefox])[0]?.id).toBe('firefox');
    expect(rankApps('visual studio', [firefox, code])[0]?.id).toBe('code');
    expect(rankApps('vscode', [firefox, code])[0]?.id).toBe('code');
    expect(rankApps('gimp', [firefox, code])).toEqual([]);
  });
});
