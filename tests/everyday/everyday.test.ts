// Our own everyday conversations (tests/everyday/*.jsonl, the format of ../shared/tools/everyday.py) replayed
// in-process against the built-in skills: each conversation gets a fresh profile and a fresh home folder with its
// files, each turn is judged the way the CLI tool judges it (exit code, question, answer text must/must not match).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Response } from '../../kernel/contracts/index.js';
import { exitCodeFor } from '../../hosts/cli/commands/request.js';
import { openKernel } from '../../kernel/index.js';
import { skillsDir, tempDir } from '../skills/helpers.js';

const TurnSchema = z.object({
  say: z.string().min(1),
  reply: z.boolean().optional(),
  expect: z.object({ exit: z.number().int().optional(), asks: z.boolean().optional(), has: z.array(z.string()).optional(), not: z.array(z.string()).optional() }).default({}),
});
const ConversationSchema = z.object({ id: z.string(), turns: z.array(TurnSchema).min(1), files: z.record(z.string(), z.string()).optional() });
type Conversation = z.infer<typeof ConversationSchema>;

const here = path.dirname(new URL(import.meta.url).pathname);
const sets = fs.readdirSync(here).filter((f) => f.endsWith('.jsonl'));

/** Every string of a response but ids and slots, as the CLI tool reads the --json output. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!['slots', 'requestId', 'sessionId', 'stepId'].includes(k)) strings(x, out);
  return out;
}

const savedHome = process.env.HOME;
afterAll(() => {
  process.env.HOME = savedHome;
});

async function run(conv: Conversation): Promise<string[]> {
  const home = tempDir('agentos-everyday-');
  for (const [rel, text] of Object.entries(conv.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text);
  }
  process.env.HOME = home;
  // As the CLI opens it: the knowledge graph, the recommender's suggestions, the sandbox for community skills.
  const kernel = await openKernel({ profileDir: path.join(home, '.agentos'), builtinSkillsDir: skillsDir, communitySkillsDir: path.join(home, 'no-community-skills') });
  const problems: string[] = [];
  let last: Response | undefined;
  try {
    for (const [n, turn] of conv.turns.entries()) {
      const replyTo = turn.reply ? last?.clarification?.id : undefined;
      if (turn.reply && !replyTo) {
        problems.push(`turn ${n + 1}: no question to reply to`);
        break;
      }
      last = await kernel.handle({ text: turn.say, source: 'cli', sessionId: `s-${conv.id}`, ...(replyTo ? { replyTo } : {}) });
      const answer = strings(last).join('\n');
      const e = turn.expect;
      const why: string[] = [];
      if (e.exit !== undefined && exitCodeFor(last) !== e.exit) why.push(`exit ${exitCodeFor(last)}, wanted ${e.exit}`);
      if (e.asks && !['clarify', 'ask_slot', 'confirm'].includes(last.status)) why.push(`status ${last.status}, wanted a question`);
      for (const rx of e.has ?? []) if (!new RegExp(rx, 'i').test(answer)) why.push(`missing /${rx}/`);
      for (const rx of e.not ?? []) if (new RegExp(rx, 'i').test(answer)) why.push(`has /${rx}/`);
      if (why.length) {
        problems.push(`turn ${n + 1} "${turn.say}": ${why.join('; ')} :: ${answer.slice(0, 160)}`);
        break;
      }
    }
  } finally {
    kernel.close();
  }
  return problems;
}

for (const set of sets) {
  const conversations = fs
    .readFileSync(path.join(here, set), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => ConversationSchema.parse(JSON.parse(l)));
  describe(`everyday conversations: ${set}`, () => {
    it(`serves every conversation of ${conversations.length}`, async () => {
      const failed: string[] = [];
      for (const conv of conversations) for (const p of await run(conv)) failed.push(`${conv.id}: ${p}`);
      expect(failed).toEqual([]);
    }, 600_000);
  });
}
