// Our own everyday conversations (tests/everyday/*.jsonl, the format of ../shared/tools/everyday.py), replayed
// in-process against the built-in skills and judged as the CLI tool judges them (replay.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skillsDir, tempDir } from '../skills/helpers.js';
import { readConversations, replay } from './replay.js';

const here = path.dirname(new URL(import.meta.url).pathname);
// The trained intent model, shared by every conversation's fresh profile.
const modelCache = path.join(tempDir('agentos-everyday-cache-'), 'cache');

for (const set of fs.readdirSync(here).filter((f) => f.endsWith('.jsonl'))) {
  const conversations = readConversations(path.join(here, set));
  describe(`everyday conversations: ${set}`, () => {
    it(`serves every conversation of ${conversations.length}`, async () => {
      const failed: string[] = [];
      for (const conv of conversations) for (const p of (await replay(conv, skillsDir, modelCache)).problems) failed.push(`${conv.id}: ${p}`);
      expect(failed).toEqual([]);
    }, 600_000);
  });
}
