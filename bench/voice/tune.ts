/**
 * Decoding choices for PocketSphinx, compared on the DEVELOPMENT half only of the synthetic skill
 * set (sentences whose SHA-1 starts with an even byte; bench/voice.bench.ts reports the odd half).
 *
 *   npx tsx bench/voice/tune.ts [--per-example 2] [--only TEXT]   (--only: the configurations whose name contains TEXT)
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openKernel } from '../../kernel/index.js';
import { evaluateVoice } from '../../kernel/voice/evaluate.js';
import type { PocketSphinxEngine } from '../../kernel/voice/pocketsphinx.js';
import { voiceService, type VoiceTuning } from '../../kernel/voice/service.js';
import { makeVoiceSet } from './make-set.js';

const { values } = parseArgs({ options: { 'per-example': { type: 'string', default: '2' }, only: { type: 'string' } } });
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-voice-tune-'));
makeVoiceSet({ out: path.join(root, 'all'), perExample: Number(values['per-example']) });
const dev = path.join(root, 'dev');
fs.mkdirSync(dev);
const lines = fs.readFileSync(path.join(root, 'all', 'labels.jsonl'), 'utf8').split('\n').filter(Boolean);
const devLines = lines.map((l) => JSON.parse(l) as { file: string; text: string }).filter((l) => createHash('sha1').update(l.text).digest()[0]! % 2 === 0);
fs.writeFileSync(path.join(dev, 'labels.jsonl'), devLines.map((l) => JSON.stringify({ ...l, file: path.join('..', 'all', l.file) })).join('\n'));

process.env.AGENTOS_HOME = path.join(root, 'home');
const kernel = await openKernel();
const service = voiceService(kernel);
const sphinx = service.engine('pocketsphinx') as PocketSphinxEngine;
const configs: { name: string; tuning: VoiceTuning; lw: number; wide?: boolean }[] = [
  { name: '10-best first understood, lw 10, default beams', tuning: { nbest: 10, rescore: 'first-understood', rankPenalty: 0 }, lw: 10, wide: false },
  { name: '10-best first understood, lw 10, wide beams (kernel/voice/pocketsphinx.ts WIDE_SEARCH)', tuning: { nbest: 10, rescore: 'first-understood', rankPenalty: 0 }, lw: 10, wide: true },
  { name: '1-best, lw 10', tuning: { nbest: 1, rescore: 'first-understood', rankPenalty: 0 }, lw: 10 },
  { name: '10-best first understood, lw 10', tuning: { nbest: 10, rescore: 'first-understood', rankPenalty: 0 }, lw: 10 },
  { name: '10-best by confidence (−0.05/rank), lw 10', tuning: { nbest: 10, rescore: 'confidence', rankPenalty: 0.05 }, lw: 10 },
  { name: '10-best first understood, lw 8', tuning: { nbest: 10, rescore: 'first-understood', rankPenalty: 0 }, lw: 8 },
  { name: '10-best first understood, lw 13', tuning: { nbest: 10, rescore: 'first-understood', rankPenalty: 0 }, lw: 13 },
];
const out: Record<string, unknown>[] = [];
for (const c of configs.filter((x) => !values.only || x.name.includes(values.only))) {
  Object.assign(service.tuning, c.tuning);
  sphinx.tuning.lw = c.lw;
  sphinx.tuning.wide = c.wide ?? true;
  const { result } = await evaluateVoice(kernel, dev, { engine: 'pocketsphinx' });
  const row = { config: c.name, utterances: result.utterances, wer: result.wer, intent_accuracy: result.intent_accuracy, text_intent_accuracy: result.text_intent_accuracy, rtf: result.rtf };
  out.push(row);
  console.log(JSON.stringify(row));
}
kernel.close();
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/voice-tune.json', JSON.stringify({ date: new Date().toISOString(), loadavg: os.loadavg(), dev: out }, null, 2));
fs.rmSync(root, { recursive: true, force: true });
