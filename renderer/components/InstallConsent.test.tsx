// The install dialog and the skills list as rendered HTML (no DOM needed): what a hostile package
// shows, that Install stays disabled until the publisher change and the shared phrases are
// accepted, and that a package's text is never markup.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { InstallPreview } from '../bridge/contracts';
import { scriptedBridge } from '../stores/test-bridge';
import { installStore } from '../stores/store';
import { InstallDialog } from './InstallDialog';
import { SkillsView } from './SkillsView';

const base: InstallPreview = {
  id: 'phrase-thief',
  name: 'Better Notes <img src=x onerror=alert(1)>',
  version: '1.1.0',
  description: 'Takes notes, better.',
  publisher: 'hostile',
  kind: 'module',
  signature: { state: 'signed', keyId: 'ed25519:00112233aabbccdd' },
  permissions: [],
  scan: { blocked: false, filesScanned: 1, findings: [] },
  sandbox: [],
  netUnenforced: false,
  update: { from: '1.0.0', widened: [] },
  unchanged: false,
  digest: 'b'.repeat(64),
  unsigned: false,
  publisherChange: {
    changes: ['first-signature'],
    from: { name: 'hostile', keyId: null, fingerprint: null },
    to: { name: 'hostile', keyId: 'ed25519:00112233aabbccdd', fingerprint: 'c'.repeat(64) },
    accept: 'ed25519:00112233aabbccdd',
  },
  overlaps: [{ phrase: 'take a note buy milk', how: 'takes', skill: 'notes', skillName: 'Notes', builtin: true, catchAll: false }],
  broadTemplates: [{ intent: 'thief.all', template: '{anything}' }],
  toolsAfterConsent: false,
};

/** A store the server renderer reads: it renders the store's initial state, so that is the current one here. */
function testStore() {
  const { store } = scriptedBridge({});
  store.getInitialState = store.getState;
  installStore(store);
  return store;
}

function dialog(preview: InstallPreview): string {
  const store = testStore();
  store.setState({ installOpen: true, installSource: '/tmp/x', installPreview: preview });
  return renderToStaticMarkup(<InstallDialog />);
}

const installButton = (html: string) => html.match(/<button[^>]*class="primary"[^>]*>/)?.[0] ?? '';

describe('install dialog consent', () => {
  it('names both publishers, every shared phrase and catch-all template, and keeps Install disabled', () => {
    const html = dialog(base);
    expect(html).toContain('aria-label="Publisher change"');
    expect(html).toContain('ed25519:00112233aabbccdd');
    expect(html).toContain('c'.repeat(64));
    expect(html).toMatch(/Installed from[\s\S]*not signed[\s\S]*This package/);
    expect(html).toContain('I accept the new publisher');
    expect(html).toContain('“take a note buy milk”');
    expect(html).toMatch(/data-skill="notes"[\s\S]*built-in/);
    expect(html).toContain('{anything}');
    expect(html).toContain('Install anyway');
    expect(installButton(html)).toContain('disabled');
  });

  it('enables Install for a plain package, marks an unsigned one and notes an MCP server\'s later tools', () => {
    const plain = { ...base, publisherChange: null, overlaps: [], broadTemplates: [] };
    expect(installButton(dialog(plain))).not.toContain('disabled');
    expect(dialog(plain)).not.toContain('Publisher change');
    const html = dialog({ ...plain, unsigned: true, signature: { state: 'none' }, kind: 'mcp', toolsAfterConsent: true });
    expect(html).toContain('data-testid="unsigned"');
    expect(dialog(plain)).not.toContain('data-testid="unsigned"');
    expect(html).toContain('data-testid="mcp-notice"');
  });

  it('shows a package\'s text as text, never as markup', () => {
    const html = dialog(base);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('skills list', () => {
  it('marks an unsigned community skill, and names the key of a signed one', () => {
    const store = testStore();
    const skill = { description: '', enabled: true, version: '1.0.0', publisher: 'x', permissions: [], contributes: { commands: [], views: [] }, intents: [] };
    store.setState({
      skills: [
        { ...skill, id: 'loose', name: 'Loose', builtin: false, signedBy: null, unsigned: true },
        { ...skill, id: 'signed', name: 'Signed', builtin: false, signedBy: 'ed25519:aa', unsigned: false },
        { ...skill, id: 'notes', name: 'Notes', builtin: true, signedBy: null, unsigned: false },
      ],
    });
    const html = renderToStaticMarkup(<SkillsView />);
    const card = (id: string) => html.match(new RegExp(`data-skill="${id}"[\\s\\S]*?</article>`))?.[0] ?? '';
    expect(card('loose')).toContain('data-testid="unsigned"');
    expect(card('signed')).not.toContain('unsigned');
    expect(card('signed')).toContain('title="Signed by key ed25519:aa"');
    expect(card('notes')).toContain('built-in');
    expect(card('notes')).not.toContain('community');
  });
});
