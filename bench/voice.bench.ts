/**
 * Voice benchmark: builds a spoken set with espeak-ng (built-in skills' example commands in four
 * voices — espeak-ng's default `en` among them — at two speeds, plus SNIPS test sentences when
 * ../shared/data is present), then runs the evaluation of BENCHMARKS.md per ready engine: WER,
 * spoken vs typed intent accuracy, real-time factor. The skill set is split by sentence into a
 * development half (hash even) and a report half (hash odd): decoding choices are made on the
 * first, the second is what bench/voice.md states. Writes bench/results/voice.json.
 *
 *   npx tsx bench/voice.bench.ts [--snips N] [--per-example N]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openKernel } from '../kernel/index.js';
import { evaluateVoice, type VoiceEvalRow } from '../kernel/voice/evaluate.js';
import { voiceService } from '../kernel/voice/service.js';
import { makeVoiceSet } from './voice/make-set.js';

const { values } = parseArgs({ options: { snips: { type: 'string', default: '100' }, 'per-example': { type: 'string', default: '2' }, nbest: { type: 'string' } } });
const started = performance.now();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-voice-bench-'));
const skillsSet = path.join(root, 'skills');
const snipsFile = path.resolve('../shared/data/intent/snips/test.jsonl');
makeVoiceSet({ out: skillsSet, perExample: Number(values['per-example']) });
const sets: [string, string][] = [['built-in skill commands', skillsSet]];
if (fs.existsSync(snipsFile) && Number(values.snips) > 0) {
  const snipsSet = path.join(root, 'snips');
  makeVoiceSet({ out: snipsSet, skillsDir: path.join(root, 'no-skills'), snipsFile, snipsCount: Number(values.snips) });
  sets.push(['SNIPS test sentences', snipsSet]);
}
console.log(`synthesised in ${((performance.now() - started) / 1000).toFixed(0)} s`);

/** Development (even) or report (odd) half, by sentence, so no sentence is in both. */
const half = (text: string) => (createHash('sha1').update(text).digest()[0]! % 2 === 0 ? 'dev' : 'test');

function summarise(rows: VoiceEvalRow[], known: Set<string>) {
  const scored = rows.filter((r) => r.intent !== null && known.has(r.intent));
  const acc = (f: (r: VoiceEvalRow) => boolean) => (scored.length ? scored.filter(f).length / scored.length : 0);
  const words = rows.reduce((a, r) => a + r.words, 0);
  const spoken = acc((r) => r.predicted === r.intent);
  const typed = acc((r) => r.textPredicted === r.intent);
  const round = (x: number) => Number(x.toFixed(4));
  return { utterances: rows.length, scored: scored.length, wer: round(words ? rows.reduce((a, r) => a + r.errors, 0) / words : 0), intent_accuracy: round(spoken), text_intent_accuracy: round(typed), ratio_to_text: typed ? round(spoken / typed) : null };
}

process.env.AGENTOS_HOME = path.join(root, 'home');
const kernel = await openKernel();
const service = voiceService(kernel);
if (values.nbest) service.tuning.nbest = Number(values.nbest);
const known = new Set(kernel.registry.enabled().flatMap((s) => s.manifest.intents.map((i) => i.id)));
const results: Record<string, unknown>[] = [];
for (const status of await service.statuses()) {
  if (!status.ready) {
    console.log(`${status.name}: not ready (${status.detail})`);
    results.push({ engine: status.name, ready: false, detail: status.detail });
    continue;
  }
  for (const [name, dir] of sets) {
    const meta = new Map(fs.readFileSync(path.join(dir, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; voice: string; speed: number }).map((l) => [l.file, l]));
    const t0 = performance.now();
    const { result, rows } = await evaluateVoice(kernel, dir, { engine: status.name });
    const byHalf = Object.fromEntries(['dev', 'test'].map((h) => [h, summarise(rows.filter((r) => half(r.text) === h), known)]));
    const voices = [...new Set([...meta.values()].map((m) => `${m.voice}@${m.speed}`))].sort();
    const byVoice = Object.fromEntries(voices.map((v) => [v, summarise(rows.filter((r) => `${meta.get(r.file)?.voice}@${meta.get(r.file)?.speed}` === v), known)]));
    const misheard = rows.filter((r) => r.intent && known.has(r.intent) && r.predicted !== r.intent && r.textPredicted === r.intent).map((r) => ({ text: r.text, transcript: r.transcript, voice: meta.get(r.file)?.voice, speed: meta.get(r.file)?.speed }));
    const row = { set: name, ...result, nbest: service.tuning.nbest, ratio_to_text: result.text_intent_accuracy ? Number((result.intent_accuracy / result.text_intent_accuracy).toFixed(4)) : null, halves: byHalf, voices: byVoice, seconds: Number(((performance.now() - t0) / 1000).toFixed(1)), misheard };
    results.push(row);
    console.log(JSON.stringify({ ...row, misheard: misheard.length }));
  }
}
kernel.close();
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/voice.json', JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length, loadavg: os.loadavg(), seconds: Number(((performance.now() - started) / 1000).toFixed(0)), results }, null, 2));
fs.rmSync(root, { recursive: true, force: true });
console.log('wrote bench/results/voice.json');
