/** Test helpers: temporary profiles and skill folders written on the fly. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDir(prefix = 'agentos-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a skill folder (skill.json + index.js) under `root`. */
export function writeSkill(root: string, manifest: Record<string, unknown>, code: string): string {
  const dir = path.join(root, String(manifest.id ?? 'skill'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'skill.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(dir, String(manifest.entry ?? 'index.js')), code);
  return dir;
}

export const echoSkill = {
  id: 'echo',
  name: 'Echo',
  version: '1.0.0',
  description: 'Repeats what you say.',
  publisher: 'tests',
  entry: 'index.js',
  intents: [
    { id: 'echo.say', description: 'Say something back', templates: ['say {words}', 'echo {words}'], examples: ['say hello'], slots: { words: { type: 'text', required: true, prompt: 'What should I say?' } } },
    { id: 'echo.shout', description: 'Shout it', templates: ['shout [it]'], examples: ['shout'], slots: { words: { type: 'text', required: true, prompt: 'What should I shout?' } } },
    { id: 'echo.wipe', description: 'Forget everything', templates: ['wipe everything'], examples: ['wipe everything'], confirm: true },
  ],
};

export const echoCode = `export default {
  'echo.say': async (slots, ctx) => ({ text: String(slots.words), data: { grants: Object.keys(ctx).filter((k) => ['fs','exec','net','notify','scheduler','llm'].includes(k)) } }),
  'echo.shout': async (slots) => ({ text: String(slots.words).toUpperCase() + '!' }),
  'echo.wipe': async () => ({ text: 'wiped' }),
};
`;
