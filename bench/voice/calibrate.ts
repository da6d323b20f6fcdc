/**
 * Fits what a spoken request is allowed to do (kernel/voice/command-check.ts and read-back.ts):
 * decodes the trust set of bench/voice/trust-set.ts (new command phrasings and speech that is not
 * a command) and, with `--examples`, a set of the skills' own examples (bench/voice/make-set.ts),
 * gathers each utterance's evidence, then on the development half (SHA-1 of the text, even first
 * byte):
 * 1. fits the command check's logistic model (L2, gradient descent), commands against the rest;
 * 2. searches its two thresholds and the read-back's doubt thresholds (one set for requests that
 *    change something, one for those that only read) for the most commands served right, under
 *    two hard limits: no non-command runs, and no command runs as another intent (a wrong action
 *    must always be read back first). Read-backs cost a little (one "yes"), so among equals the
 *    search takes the fewest.
 * The other half is reported as held out. Served right: ran as what was said, or was read back
 * with a transcript that means what was said (the user's "yes" runs it).
 *
 *   npx tsx bench/voice/calibrate.ts --data DIR [--examples DIR] [--fresh] [--caution N|auto] [--verbose]
 *   (DIR from trust-set.ts; evidence cached in each DIR/evidence.json, --fresh decodes again;
 *   --caution N moves every threshold N steps to the safe side of the fitted boundary, since a
 *   search that just avoids every wrong action on one half does not avoid all on the other;
 *   --caution auto chooses N inside the development half, see chooseCaution; --model-only refits
 *   only the logistic model and keeps the shipped thresholds, see modelOnly;
 *   --verbose lists the held-out wrong actions; --read-back-cost / --nuisance-cost weigh read-backs)
 *
 * Shipped thresholds: `--caution 1` (2026-12-05).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openKernel } from '../../kernel/index.js';
import { checkCommand, DEFAULT_WEIGHTS, FEATURES, probability, type CommandEvidence, type CommandModelWeights } from '../../kernel/voice/command-check.js';
import { changesSomething, decide, DOUBT, DOUBT_READ_ONLY, doubts, plannedIntents, type DoubtThresholds } from '../../kernel/voice/read-back.js';
import { voiceService } from '../../kernel/voice/service.js';

interface Row { file: string; text: string; intent: string | null; command: boolean; evidence: CommandEvidence; predicted: string | null; transcript: string; changing: boolean }

const { values } = parseArgs({ options: { data: { type: 'string' }, examples: { type: 'string' }, fresh: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false }, 'read-back-cost': { type: 'string', default: '0.1' }, 'nuisance-cost': { type: 'string', default: '0.3' }, caution: { type: 'string', default: '0' }, 'model-only': { type: 'boolean', default: false } } });
const READ_BACK_COST = Number(values['read-back-cost']);
const NUISANCE_COST = Number(values['nuisance-cost']);
if (!values.data) {
  console.error('Usage: npx tsx bench/voice/calibrate.ts --data DIR [--examples DIR] [--fresh] [--caution N|auto] [--verbose]');
  process.exit(1);
}

process.env.AGENTOS_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-calibrate-'));
const kernel = await openKernel();
const service = voiceService(kernel);
const manifests = kernel.registry.enabled().map((s) => s.manifest);

/** Decodes every labelled file under `dir` (sub-folders `subs`), cached in dir/evidence.json. */
async function gather(dir: string, subs: string[]): Promise<Row[]> {
  const cache = path.join(dir, 'evidence.json');
  if (fs.existsSync(cache) && !values.fresh) return JSON.parse(fs.readFileSync(cache, 'utf8')) as Row[];
  const rows: Row[] = [];
  for (const sub of subs) {
    const folder = path.join(dir, sub);
    const labels = fs.readFileSync(path.join(folder, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; text: string; intent: string | null });
    for (const [i, l] of labels.entries()) {
      const t = await service.transcribe({ wav: fs.readFileSync(path.join(folder, l.file)) }, { engine: 'pocketsphinx' });
      const r = t.transcript ? kernel.engine.recognize(t.transcript) : undefined;
      const predicted = r && !r.outOfScope ? (r.candidates[0]?.intent ?? null) : null;
      const changing = t.transcript ? plannedIntents(t.transcript, (x) => kernel.engine.recognize(x)).some((p) => changesSomething(p.skill, p.intent, manifests)) : false;
      rows.push({ file: path.join(sub, l.file), text: l.text, intent: l.intent ?? null, command: l.intent !== null && l.intent !== undefined, evidence: t.check!.evidence, predicted, transcript: t.transcript, changing });
      if (i % 50 === 0) console.error(`${dir}/${sub}: ${i}/${labels.length}`);
    }
  }
  fs.writeFileSync(cache, JSON.stringify(rows));
  return rows;
}

const rows = [...(await gather(values.data, ['commands', 'other'])), ...(values.examples ? await gather(values.examples, ['.']) : [])];
kernel.close();
const dev = rows.filter((r) => createHash('sha1').update(r.text).digest()[0]! % 2 === 0);
const test = rows.filter((r) => !dev.includes(r));

function fitLogistic(set: Row[]): Pick<CommandModelWeights, 'bias' | 'weights'> {
  const w: Record<string, number> = Object.fromEntries(FEATURES.map((f) => [f, 0]));
  let bias = 0;
  const lr = 0.1;
  const l2 = 0.01;
  // Commands outnumber non-commands when the examples are added: weigh the classes equally.
  const pos = set.filter((r) => r.command).length || 1;
  const neg = set.length - pos || 1;
  for (let epoch = 0; epoch < 4000; epoch++) {
    const g: Record<string, number> = Object.fromEntries(FEATURES.map((f) => [f, 0]));
    let gb = 0;
    for (const r of set) {
      const m = { bias, weights: w as CommandModelWeights['weights'], acceptAt: 0, rejectBelow: 0 };
      const err = (probability(r.evidence, m) - (r.command ? 1 : 0)) * (r.command ? set.length / (2 * pos) : set.length / (2 * neg));
      for (const f of FEATURES) g[f]! += err * r.evidence[f];
      gb += err;
    }
    for (const f of FEATURES) w[f]! -= lr * (g[f]! / set.length + l2 * w[f]!);
    bias -= (lr * gb) / set.length;
  }
  return { bias, weights: w as CommandModelWeights['weights'] };
}

type Thresholds = { model: CommandModelWeights; changing: DoubtThresholds; readOnly: DoubtThresholds };

function outcomes(set: Row[], t: Thresholds) {
  const o = { commands: 0, non_commands: 0, served_right: 0, ran_right: 0, read_back_right: 0, wrong_action: 0, read_back_wrong: 0, refused_commands: 0, false_accepts: 0, non_commands_read_back: 0 };
  for (const r of set) {
    const check = checkCommand(r.evidence, t.model);
    const decision = r.predicted === null ? 'refuse' : decide(check, r.evidence.intentConfidence, r.changing, t).decision;
    if (r.command) {
      o.commands++;
      const right = r.predicted === r.intent;
      if (decision === 'refuse') o.refused_commands++;
      else if (decision === 'run') o[right ? 'ran_right' : 'wrong_action']++;
      else o[right ? 'read_back_right' : 'read_back_wrong']++;
      if (decision !== 'refuse' && right) o.served_right++;
    } else {
      o.non_commands++;
      if (decision === 'run') o.false_accepts++;
      else if (decision === 'read_back') o.non_commands_read_back++;
    }
  }
  return o;
}

const GRID = {
  confident: [0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  agreement: [0, 0.4, 0.6, 0.8, 0.9, 1.01],
  gapAbove: [Infinity, 0, -4, -8, -12, -20, -Infinity],
  nbestAgreement: [0, 0.3, 0.5, 0.7, 0.9, 1.01],
};
const doubtGrid: DoubtThresholds[] = [];
for (const confident of GRID.confident) for (const agreement of GRID.agreement) for (const gapAbove of GRID.gapAbove) for (const nbestAgreement of GRID.nbestAgreement) doubtGrid.push({ confident, agreement, gapAbove, nbestAgreement });


function search(set: Row[]): Thresholds {
  const base = fitLogistic(set);
  const probs = set.map((r) => probability(r.evidence, { ...base, acceptAt: 1, rejectBelow: 1 }));
  const sorted = [...probs].sort((a, b) => a - b);
  const cuts = [0, ...Array.from({ length: 24 }, (_, i) => sorted[Math.floor(((i + 1) * sorted.length) / 25)]!)];
  // Whether each doubt set doubts each row, apart from the command check's own "doubtful" (which
  // depends on the thresholds searched below): computed once.
  const doubted = doubtGrid.map((d) => Uint8Array.from(set, (r) => (doubts({ verdict: 'command', probability: 1, evidence: r.evidence }, r.evidence.intentConfidence, d).length ? 1 : 0)));
  const right = set.map((r) => r.predicted === r.intent);
  let best: { t: Thresholds; s: number } | undefined;
  for (const rejectBelow of cuts) {
    for (const acceptAt of [...cuts.filter((c) => c >= rejectBelow), 1.01]) {
      // Score of one doubt set on the rows where `changing` is as given (the two sets act on disjoint
      // rows): -Infinity when a non-command or a wrong command would run, else commands served right,
      // less READ_BACK_COST per command read back and NUISANCE_COST per non-command read back.
      const scoreOf = (k: number, changing: boolean): number => {
        let s = 0;
        for (let i = 0; i < set.length; i++) {
          const r = set[i]!;
          if (r.changing !== changing) continue;
          const p = probs[i]!;
          const decision = r.predicted === null || r.evidence.intentConfidence <= 0 || p < rejectBelow ? 'refuse' : p < acceptAt || doubted[k]![i] ? 'read_back' : 'run';
          if (r.command) {
            if (decision === 'run' && !right[i]) return -Infinity;
            if (decision !== 'refuse' && right[i]) s += 1;
            if (decision === 'read_back') s -= READ_BACK_COST;
          } else if (decision === 'run') return -Infinity;
          else if (decision === 'read_back') s -= NUISANCE_COST;
        }
        return s;
      };
      let c = { k: 0, s: -Infinity };
      let r = { k: 0, s: -Infinity };
      for (let k = 0; k < doubtGrid.length; k++) {
        const sc = scoreOf(k, true);
        if (sc > c.s) c = { k, s: sc };
        const sr = scoreOf(k, false);
        if (sr > r.s) r = { k, s: sr };
      }
      const s = c.s + r.s;
      if (!best || s > best.s) best = { t: { model: { ...base, rejectBelow, acceptAt }, changing: doubtGrid[c.k]!, readOnly: doubtGrid[r.k]! }, s };
    }
  }
  return best!.t;
}

/**
 * One step more cautious per `c`: later acceptance, stricter agreement, confidence and n-best bars.
 * A step stays inside each bar's range: "all readings agree" (1) is as strict as a step makes it;
 * beyond it (1.01, the grid's "always doubt") is a different rule that only the search may choose.
 */
function cautious(t: Thresholds, c: number): Thresholds {
  const up = (x: number) => (x > 1 ? x : Math.min(1, x + 0.1 * c));
  const step = (d: DoubtThresholds): DoubtThresholds => ({ confident: up(d.confident), agreement: up(d.agreement), gapAbove: d.gapAbove - 4 * c, nbestAgreement: up(d.nbestAgreement) });
  return { model: { ...t.model, acceptAt: Math.min(1.01, t.model.acceptAt + 0.05 * c) }, changing: step(t.changing), readOnly: step(t.readOnly) };
}
/**
 * `--caution auto`: chosen inside the development half, so the held-out half stays unseen. The
 * development half is split again (second byte of the same hash); thresholds fitted on either part,
 * made c steps more cautious, must run no non-command and no command as another intent on the
 * other part. The smallest such c of CAUTION_STEPS is taken.
 */
const CAUTION_STEPS = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2];
function chooseCaution(set: Row[]): number {
  const inA = (r: Row) => createHash('sha1').update(r.text).digest()[1]! % 2 === 0;
  const a = set.filter(inA);
  const b = set.filter((r) => !inA(r));
  const fits: [Thresholds, Row[]][] = [[search(a), b], [search(b), a]];
  for (const c of CAUTION_STEPS) {
    const safe = fits.every(([t, other]) => {
      const o = outcomes(other, cautious(t, c));
      return o.wrong_action === 0 && o.false_accepts === 0;
    });
    console.log(JSON.stringify({ caution: c, safe_on_the_other_part: safe }));
    if (safe) return c;
  }
  return CAUTION_STEPS.at(-1)!;
}
const CAUTION = values.caution === 'auto' ? chooseCaution(dev) : Number(values.caution);
/**
 * `--model-only`: refit only the command check's logistic model (its weights, by likelihood on the
 * development half), keeping the shipped cut points and doubt thresholds. For a change in decoding
 * that shifts the evidence (a new language model): the model says again how likely each piece of
 * evidence means a command, and the decisions keep the thresholds that were proven safe.
 */
const modelOnly = (set: Row[]): Thresholds => ({ model: { ...DEFAULT_WEIGHTS, ...fitLogistic(set) }, changing: DOUBT, readOnly: DOUBT_READ_ONLY });
const devFit = values['model-only'] ? modelOnly(dev) : cautious(search(dev), CAUTION);
console.log(JSON.stringify({ set: 'dev', ...outcomes(dev, devFit) }));
console.log(JSON.stringify({ set: 'test (held out)', ...outcomes(test, devFit) }));
const trustOnly = (set: Row[]) => set.filter((r) => r.file.startsWith('commands/') || r.file.startsWith('other/'));
console.log(JSON.stringify({ set: 'test (held out), trust set only', ...outcomes(trustOnly(test), devFit) }));
if (values.verbose) {
  for (const r of test) {
    const check = checkCommand(r.evidence, devFit.model);
    const d = r.predicted === null ? 'refuse' : decide(check, r.evidence.intentConfidence, r.changing, devFit).decision;
    if (r.command && d === 'run' && r.predicted !== r.intent) console.log('WRONG', r.text, '->', r.transcript, r.predicted, JSON.stringify(r.evidence), check.probability.toFixed(3));
  }
}
// The thresholds the kernel ships (command-check.ts, read-back.ts) on this evidence: whether they
// still hold after a change in decoding, before any refit.
const shipped: Thresholds = { model: DEFAULT_WEIGHTS, changing: DOUBT, readOnly: DOUBT_READ_ONLY };
console.log(JSON.stringify({ set: 'test (held out), shipped thresholds', ...outcomes(test, shipped) }));
console.log(JSON.stringify({ set: 'test (held out), trust set only, shipped thresholds', ...outcomes(trustOnly(test), shipped) }));
console.log(JSON.stringify({ set: 'all, shipped thresholds', ...outcomes(rows, shipped) }));
const allFit = values['model-only'] ? modelOnly(rows) : cautious(search(rows), CAUTION);
console.log(JSON.stringify({ set: 'all (final thresholds)', ...outcomes(rows, allFit) }));
const round = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(3)) : x);
const show = (d: DoubtThresholds) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, round(v)]));
console.log(JSON.stringify({ bias: round(allFit.model.bias), weights: Object.fromEntries(FEATURES.map((f) => [f, round(allFit.model.weights[f])])), acceptAt: round(allFit.model.acceptAt), rejectBelow: round(allFit.model.rejectBelow), changing: show(allFit.changing), readOnly: show(allFit.readOnly) }));
