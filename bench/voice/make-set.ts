/**
 * Builds a spoken test set (BENCHMARKS.md "voice" format: 16 kHz mono WAVs + labels.jsonl with
 * {file, text, intent}) by synthesising sentences with espeak-ng in several voices and speeds:
 * the built-in skills' example commands (intent = the skill intent) and, optionally, SNIPS test
 * sentences (intent = the SNIPS label; they measure open-vocabulary WER).
 *
 *   npx tsx bench/voice/make-set.ts --out DIR [--skills DIR] [--snips FILE] [--snips-count N]
 *       [--voices en,en-us,en-us+m3,en-us+f2] [--speeds 150,175] [--per-example N]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { discoverSkillDirs, loadManifest } from '../../kernel/skills/manifest-loader.js';

export interface SetItem {
  text: string;
  intent: string | null;
  source: 'skill' | 'snips';
}

export interface MakeSetOptions {
  out: string;
  skillsDir?: string;
  snipsFile?: string;
  snipsCount?: number;
  voices?: string[];
  speeds?: number[];
  /** Renditions of each sentence (each a different voice/speed). */
  perExample?: number;
}

export function collectItems(opts: MakeSetOptions): SetItem[] {
  const items: SetItem[] = [];
  for (const dir of discoverSkillDirs(opts.skillsDir ?? 'skills')) {
    const loaded = loadManifest(dir);
    if (!loaded.ok) continue;
    for (const intent of loaded.manifest.intents) for (const text of intent.examples) items.push({ text, intent: intent.id, source: 'skill' });
  }
  if (opts.snipsFile && (opts.snipsCount ?? 0) > 0) {
    const lines = fs.readFileSync(opts.snipsFile, 'utf8').split('\n').filter(Boolean);
    // An even spread over the file (it is grouped by intent).
    const n = Math.min(opts.snipsCount!, lines.length);
    for (let i = 0; i < n; i++) {
      const row = JSON.parse(lines[Math.floor((i * lines.length) / n)]!) as { text: string; intent: string | null };
      items.push({ text: row.text, intent: row.intent, source: 'snips' });
    }
  }
  return items;
}

/** Synthesises every item; returns the number of WAVs written. */
export function makeVoiceSet(opts: MakeSetOptions): number {
  return synthesizeSet(collectItems(opts), opts);
}

/**
 * Reads each item aloud with espeak-ng (voice and speed rotate through the lists) into a 16 kHz mono
 * WAV under `out`, and writes labels.jsonl. Returns the number of WAVs written.
 */
export function synthesizeSet(items: { text: string; intent: string | null; source: string }[], opts: Pick<MakeSetOptions, 'out' | 'voices' | 'speeds' | 'perExample'>): number {
  const voices = opts.voices ?? ['en', 'en-us', 'en-us+m3', 'en-us+f2'];
  const speeds = opts.speeds ?? [150, 175];
  const per = opts.perExample ?? 1;
  fs.mkdirSync(opts.out, { recursive: true });
  const labels: string[] = [];
  let k = 0;
  for (const item of items) {
    for (let r = 0; r < per; r++, k++) {
      const voice = voices[k % voices.length]!;
      const speed = speeds[Math.floor(k / voices.length) % speeds.length]!;
      const file = `${String(k).padStart(4, '0')}.wav`;
      const raw = path.join(opts.out, `${file}.raw.wav`);
      // Text on stdin so that a sentence can never be read as an option.
      execFileSync('espeak-ng', ['--stdin', '-v', voice, '-s', String(speed), '-w', raw], { input: item.text });
      execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', path.join(opts.out, file)]);
      fs.rmSync(raw);
      labels.push(JSON.stringify({ file, text: item.text, intent: item.intent, voice, speed, source: item.source }));
    }
  }
  fs.writeFileSync(path.join(opts.out, 'labels.jsonl'), `${labels.join('\n')}\n`);
  return labels.length;
}

const invoked = process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('bench', 'voice', 'make-set.ts'));
if (invoked) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      skills: { type: 'string', default: 'skills' },
      snips: { type: 'string' },
      'snips-count': { type: 'string', default: '0' },
      voices: { type: 'string' },
      speeds: { type: 'string' },
      'per-example': { type: 'string', default: '1' },
    },
  });
  if (!values.out) {
    console.error('Usage: npx tsx bench/voice/make-set.ts --out DIR [--skills DIR] [--snips FILE --snips-count N] [--voices a,b] [--speeds 150,175] [--per-example N]');
    process.exit(1);
  }
  const n = makeVoiceSet({
    out: values.out,
    skillsDir: values.skills,
    ...(values.snips ? { snipsFile: values.snips, snipsCount: Number(values['snips-count']) } : {}),
    ...(values.voices ? { voices: values.voices.split(',') } : {}),
    ...(values.speeds ? { speeds: values.speeds.split(',').map(Number) } : {}),
    perExample: Number(values['per-example']),
  });
  console.log(`wrote ${n} utterances and labels.jsonl to ${values.out}`);
}
