/**
 * `agentos eval patterns --data DIR [--json]`: the next-action benchmark of BENCHMARKS.md on SPMF
 * train.txt / test.txt, with the first-order Markov baseline measured in the same run.
 */
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { bold, dim, red } from '../io.js';
import { evaluatePatterns, SpmfError } from '../../../kernel/patterns/index.js';

const usage = 'agentos eval patterns --data DIR [--json]';

export const command: CliCommand = {
  name: 'eval patterns',
  summary: 'measure next-action prediction on SPMF sequences (vs first-order Markov)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { data: { type: 'string' }, json: { type: 'boolean' } }, usage);
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\nUsage: ${usage}`);
    if (!values.data) throw new UsageError(`--data is required (a folder with train.txt and test.txt in SPMF format)\nUsage: ${usage}`);
    let r;
    try {
      r = evaluatePatterns(values.data);
    } catch (e) {
      if (e instanceof SpmfError) {
        io.err(red(`Cannot evaluate: ${e.message}`));
        return EXIT.error;
      }
      throw e;
    }
    const ratio = r.markov1_top1 > 0 ? r.top1 / r.markov1_top1 : 0;
    io.err(`first-order Markov baseline: top1 ${r.markov1_top1}  top3 ${r.markov1_top3}  train ${r.markov1_train_ms} ms`);
    if (!values.json) {
      io.out(`${bold('top-1')} ${r.top1} (${ratio.toFixed(2)}× first-order Markov)   ${bold('top-3')} ${r.top3}`);
      io.out(`${bold('train')} ${r.train_ms} ms (CPU ${r.train_cpu_ms} ms) on ${r.train_sequences} sequences   ${bold('predict')} p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms   ${dim(`Markov (order ${r.order}, discount ${r.discount}) + similar sequences + follow counts, weights ${JSON.stringify(r.weights)}, chosen on held-out train (dev top-1 ${r.dev_top1}); Markov alone ${r.markov_top1}`)}`);
    }
    io.out(JSON.stringify(r));
    return EXIT.ok;
  },
};
