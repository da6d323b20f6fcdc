/** `agentos eval intent --train FILE --test FILE [--oos-recall R] [--json]`: the intent benchmark of BENCHMARKS.md. */
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { bold, red } from '../io.js';
import { evaluateIntent, readIntentFile } from '../../../kernel/intent/index.js';

const usage = 'agentos eval intent --train TRAIN.jsonl --test TEST.jsonl [--oos-recall 0..1] [--json]';

export const command: CliCommand = {
  name: 'eval intent',
  summary: 'train the intent engine on one JSON-lines file and measure it on another',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { train: { type: 'string' }, test: { type: 'string' }, 'oos-recall': { type: 'string' }, json: { type: 'boolean' } }, usage);
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\nUsage: ${usage}`);
    if (!values.train || !values.test) throw new UsageError(`--train and --test are both required\nUsage: ${usage}`);
    const recallFlag = values['oos-recall'];
    const recall = recallFlag === undefined ? undefined : Number(recallFlag);
    if (recall !== undefined && !(recall > 0 && recall < 1)) throw new UsageError(`--oos-recall must be a number between 0 and 1 (got "${recallFlag}")\nUsage: ${usage}`);
    let train, test;
    try {
      train = readIntentFile(values.train);
      test = readIntentFile(values.test);
    } catch (e) {
      io.err(red(`Cannot evaluate: ${(e as Error).message}`));
      return EXIT.error;
    }
    if (!train.some((l) => l.intent !== null)) {
      io.err(red(`Cannot evaluate: ${values.train} has no in-scope lines (every "intent" is null) — nothing to train on`));
      return EXIT.error;
    }
    io.err(`training on ${train.length} lines of ${values.train}`);
    const result = evaluateIntent(train, test, { log: (m) => io.err(m), ...(recall !== undefined ? { oosCalibration: { recall } } : {}) });
    if (!values.json) {
      const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)} %`);
      io.out(`${bold('intent accuracy (in scope)')} ${pct(result.accuracy_in_scope)}   ${bold('slot F1')} ${result.slot_f1 ?? 'n/a'}`);
      io.out(`${bold('out of scope')} recall ${pct(result.oos_recall)}, precision ${pct(result.oos_precision)}, threshold ${result.oos_threshold}`);
      if (result.accuracy_no_refusal !== null) io.out(`${bold('without refusals')} ${pct(result.accuracy_no_refusal)} (every request given its best intent: the closed-set figure)`);
      if (result.oos_recall_requested !== null) io.out(`${bold('refusal calibration')} requested recall ${pct(result.oos_recall_requested)}, achieved on training intents held out as unknown ${pct(result.oos_recall_heldout)}`);
      io.out(`${bold('train')} ${result.train_ms} ms   ${bold('latency')} p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms   ${bold('RSS')} ${result.rss_mb} MB`);
    }
    io.out(JSON.stringify(result));
    return EXIT.ok;
  },
};
