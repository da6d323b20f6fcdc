/**
 * Replays everyday conversations (the format of ../shared/tools/everyday.py: one JSON object a line with
 * `id`, `turns` and optional `files`) in-process against the built-in skills, judging each turn the way
 * the CLI tool does: exit code, whether it asked, and what the answer must or must not say. Each
 * conversation gets a fresh profile and a fresh home folder holding its files. Used by the test suite
 * (everyday.test.ts) and by the benchmark (bench/everyday.bench.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Response } from '../../kernel/contracts/index.js';
import { openKernel } from '../../kernel/index.js';
import { exitCodeFor } from '../../hosts/cli/commands/request.js';

const TurnSchema = z.object({
  say: z.string().min(1),
  reply: z.boolean().optional(),
  expect: z.object({ exit: z.number().int().optional(), asks: z.boolean().optional(), has: z.array(z.string()).optional(), not: z.array(z.string()).optional() }).default({}),
});
export const ConversationSchema = z.object({ id: z.string(), turns: z.array(TurnSchema).min(1), files: z.record(z.string(), z.string()).optional() });
export type Conversation = z.infer<typeof ConversationSchema>;

export interface Replayed {
  id: string;
  /** Why the first failing turn failed; empty when every turn met its expectations. */
  problems: string[];
  /** The kernel's own milliseconds of each turn that ran. */
  kernelMs: number[];
}

export function readConversations(file: string): Conversation[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, n) => {
      const parsed = ConversationSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${n + 1}: not a conversation (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
      return parsed.data;
    });
}

/** Every string of a response but ids and slots, as the CLI tool reads the --json output. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!['slots', 'requestId', 'sessionId', 'stepId'].includes(k)) strings(x, out);
  return out;
}

/**
 * Runs one conversation; sets HOME to its own folder while it runs and restores it after.
 * `modelCache`: a folder holding the trained intent model, copied into each fresh profile (and filled
 * from the first one), so every conversation does not train the classifier again.
 */
export async function replay(conv: Conversation, skillsDir: string, modelCache?: string): Promise<Replayed> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-everyday-'));
  for (const [rel, text] of Object.entries(conv.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text);
  }
  const profile = path.join(home, '.agentos');
  if (modelCache && fs.existsSync(modelCache)) fs.cpSync(modelCache, path.join(profile, 'cache'), { recursive: true });
  const savedHome = process.env.HOME;
  process.env.HOME = home;
  // As the CLI opens it: the knowledge graph, the recommender's suggestions, the sandbox for community skills.
  const kernel = await openKernel({ profileDir: profile, builtinSkillsDir: skillsDir, communitySkillsDir: path.join(home, 'no-community-skills') });
  const problems: string[] = [];
  const kernelMs: number[] = [];
  let last: Response | undefined;
  try {
    for (const [n, turn] of conv.turns.entries()) {
      const replyTo = turn.reply ? last?.clarification?.id : undefined;
      if (turn.reply && !replyTo) {
        problems.push(`turn ${n + 1}: no question to reply to`);
        break;
      }
      last = await kernel.handle({ text: turn.say, source: 'cli', sessionId: `s-${conv.id}`, ...(replyTo ? { replyTo } : {}) });
      kernelMs.push(last.kernelMs);
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
    if (modelCache && !fs.existsSync(modelCache) && fs.existsSync(path.join(profile, 'cache'))) fs.cpSync(path.join(profile, 'cache'), modelCache, { recursive: true });
    process.env.HOME = savedHome;
    fs.rmSync(home, { recursive: true, force: true });
  }
  return { id: conv.id, problems, kernelMs };
}
