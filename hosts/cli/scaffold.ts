/**
 * The files `agentos skill new NAME` writes: a working community skill (module or SKILL.md) with a
 * test its author runs with `node --test`, and a README saying how to try, pack, sign and publish it.
 * Only the skill contract is used (handlers get slots and a context), so the skill runs sandboxed
 * like any other community skill.
 */
export type ScaffoldKind = 'module' | 'instructions';

const title = (id: string) => id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');

/** The intent ids of a new skill: `<id>.greet`, made a valid intent id (letters first). */
export const intentPrefix = (id: string) => (/^[a-z]/.test(id) ? id : `s${id}`).replace(/-/g, '_');

export function scaffoldFiles(id: string, kind: ScaffoldKind, publisher: string): Record<string, string> {
  const name = title(id);
  if (kind === 'instructions') {
    return {
      'SKILL.md': `---\nname: ${id}\ndescription: Describe in one sentence what ${name} does and when to use it (the kernel routes requests to it by this text).\nmetadata:\n  author: ${publisher}\n  version: 0.1.0\n---\n\n# ${name}\n\nWrite the instructions the language model follows for this skill: the steps, the tone, what to\nask when something is missing. Instruction skills need a language model (agentos settings set llm.endpoint …).\n`,
      'README.md': readme(id, name, 'instructions'),
    };
  }
  const intent = `${intentPrefix(id)}.greet`;
  const manifest = {
    id,
    name,
    version: '0.1.0',
    description: `Describe what ${name} does: the recommender and the portal show this text.`,
    publisher,
    entry: 'index.js',
    intents: [
      {
        id: intent,
        description: 'Greet someone by name and count the greetings',
        templates: ['greet {name}', 'say hello to {name}'],
        examples: ['greet Ada', 'say hello to Grace'],
        slots: { name: { type: 'text', required: true, prompt: 'Who should I greet?' } },
      },
    ],
    permissions: [],
  };
  return {
    'skill.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'index.js': `// ${name}: the handlers, one per intent id in skill.json. Each gets the slots the kernel filled
// and a context (ctx.store: the skill's own storage; ctx.fs, ctx.exec, ctx.net…: only what
// skill.json's "permissions" declare and the user granted). Return { text, card?, data? }.
export default {
  '${intent}': async (slots, ctx) => {
    const name = String(slots.name).trim();
    await ctx.store.put('greetings', { name }, { text: name });
    const count = (await ctx.store.list('greetings')).length;
    return { text: \`Hello, \${name}! (greeting #\${count})\`, data: { count } };
  },
};
`,
    'index.test.js': `// Run with: node --test   (Node's own test runner; nothing to install)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import handlers from './index.js';

/** A context with an in-memory store, standing in for the kernel's. */
function fakeContext() {
  const rows = new Map();
  return {
    store: {
      put: async (collection, value) => rows.set(collection, [...(rows.get(collection) ?? []), value]),
      list: async (collection) => rows.get(collection) ?? [],
    },
  };
}

test('greets by name and counts the greetings', async () => {
  const ctx = fakeContext();
  const first = await handlers['${intent}']({ name: 'Ada' }, ctx);
  assert.equal(first.text, 'Hello, Ada! (greeting #1)');
  const second = await handlers['${intent}']({ name: 'Grace' }, ctx);
  assert.equal(second.data.count, 2);
});
`,
    'README.md': readme(id, name, 'module'),
  };
}

function readme(id: string, name: string, kind: ScaffoldKind): string {
  return `# ${name}

An AgentOS community skill${kind === 'instructions' ? ' (an Agent Skills SKILL.md, run by the language model)' : ''}.

${kind === 'module' ? 'Test it: `node --test`\n\n' : ''}Try it in your profile:

    agentos skill install . --yes
    agentos "${kind === 'module' ? 'greet Ada' : `use ${id}`}"

Publish it: \`agentos keys new\` (once), then \`agentos skill pack . --key NAME\` writes a signed
\`${id}-VERSION.tgz\` beside this folder; share the .tgz or the git URL. See docs/skills.md in the
AgentOS repository for the manifest reference and the rules community skills run under.
`;
}
