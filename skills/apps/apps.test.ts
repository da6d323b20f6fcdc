import { describe, expect, it } from 'vitest';
import { parseDesktopEntry, rankApps, toWebUrl } from './launch.js';

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
