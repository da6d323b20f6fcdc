/**
 * Fits the command check (kernel/voice/command-check.ts): decodes the trust sets of
 * bench/voice/trust-set.ts with PocketSphinx, gathers each utterance's evidence, fits a logistic
 * model (L2, gradient descent) on the development half (SHA-1 of the text, even first byte) and
 * reports false accepts and served commands on the other half. The thresholds: `rejectBelow` just
 * above the most command-like non-command of the development half, `acceptAt` midway to 1.
 *
 *   npx tsx bench/voice/calibrate.ts --data DIR   (DIR from trust-set.ts; evidence cached in DIR/evidence.json)
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openKernel } from '../../kernel/index.js';
import { checkCommand, FEATURES, probability, type CommandEvidence, type CommandModelWeights } from '../../kernel/voice/command-check.js';
import { voiceService } from '../../kernel/voice/service.js';

interface Row { file: string; text: string; intent: string | null; command: boolean; evidence: CommandEvidence; predicted: string | null }

const { values } = parseArgs({ options: { data: { type: 'string' } } });
if (!values.data) {
  console.error('Usage: npx tsx bench/voice/calibrate.ts --data DIR');
  process.exit(1);
}
const data = values.data;
const cache = path.join(data, 'evidence.json');
let rows: Row[];
if (fs.existsSync(cache)) rows = JSON.parse(fs.readFileSync(cache, 'utf8')) as Row[];
else {
  process.env.AGENTOS_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-calibrate-'));
  const kernel = await openKernel();
  const service = voiceService(kernel);
  rows = [];
  for (const sub of ['commands', 'other']) {
    const labels = fs.readFileSync(path.join(data, sub, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; text: string; intent: string | null });
    for (const l of labels) {
      const t = await service.transcribe({ wav: fs.readFileSync(path.join(data, sub, l.file)) }, { engine: 'pocketsphinx' });
      const r = t.transcript ? kernel.engine.recognize(t.transcript) : undefined;
      const predicted = r && !r.outOfScope ? (r.candidates[0]?.intent ?? null) : null;
      rows.push({ file: `${sub}/${l.file}`, text: l.text, intent: l.intent, command: sub === 'commands', evidence: t.check!.evidence, predicted });
      console.error(`${sub}/${l.file} ${t.transcript} ${JSON.stringify(t.check!.evidence)}`);
    }
  }
  kernel.close();
  fs.writeFileSync(cache, JSON.stringify(rows));
}

const dev = rows.filter((r) => createHash('sha1').update(r.text).digest()[0]! % 2 === 0);
const test = rows.filter((r) => !dev.includes(r));

function fit(set: Row[]): CommandModelWeights {
  const w: Record<string, number> = Object.fromEntries(FEATURES.map((f) => [f, 0]));
  let bias = 0;
  const lr = 0.1;
  const l2 = 0.01;
  for (let epoch = 0; epoch < 5000; epoch++) {
    const g: Record<string, number> = Object.fromEntries(FEATURES.map((f) => [f, 0]));
    let gb = 0;
    for (const r of set) {
      const m = { bias, weights: w as CommandModelWeights['weights'], acceptAt: 0, rejectBelow: 0 };
      const err = probability(r.evidence, m) - (r.command ? 1 : 0);
      for (const f of FEATURES) g[f]! += err * r.evidence[f];
      gb += err;
    }
    for (const f of FEATURES) w[f]! -= lr * (g[f]! / set.length + l2 * w[f]!);
    bias -= (lr * gb) / set.length;
  }
  const model: CommandModelWeights = { bias, weights: w as CommandModelWeights['weights'], acceptAt: 1, rejectBelow: 1 };
  const worst = Math.max(0, ...set.filter((r) => !r.command && r.evidence.intentConfidence > 0).map((r) => probability(r.evidence, model)));
  const rejectBelow = Math.min(0.95, worst + 0.02);
  return { ...model, rejectBelow, acceptAt: rejectBelow + (1 - rejectBelow) / 2 };
}

function report(name: string, set: Row[], m: CommandModelWeights) {
  const verdicts = set.map((r) => ({ r, v: checkCommand(r.evidence, m).verdict }));
  const other = verdicts.filter((x) => !x.r.command);
  const cmds = verdicts.filter((x) => x.r.command);
  const accepted = (v: string) => v !== 'not_command';
  return {
    set: name,
    non_commands: other.length,
    false_accepts: other.filter((x) => accepted(x.v)).length,
    commands: cmds.length,
    served_right: cmds.filter((x) => accepted(x.v) && x.r.predicted === x.r.intent).length,
    wrong_action: cmds.filter((x) => accepted(x.v) && x.r.predicted !== x.r.intent).length,
    wrong_action_not_doubtful: cmds.filter((x) => x.v === 'command' && x.r.predicted !== x.r.intent).length,
    rejected_commands: cmds.filter((x) => !accepted(x.v)).length,
  };
}

const devModel = fit(dev);
console.log(JSON.stringify(report('dev', dev, devModel)));
console.log(JSON.stringify(report('test (held out)', test, devModel)));
const all = fit(rows);
console.log(JSON.stringify(report('all (final weights)', rows, all)));
const round = (x: number) => Number(x.toFixed(3));
console.log(JSON.stringify({ bias: round(all.bias), weights: Object.fromEntries(FEATURES.map((f) => [f, round(all.weights[f])])), acceptAt: round(all.acceptAt), rejectBelow: round(all.rejectBelow) }));
