/**
 * `agentos eval recommend --data DIR [--k 5] [--json]`: the recommender benchmark of BENCHMARKS.md
 * on a BEIR-layout folder, with plain BM25 measured in the same run (the extra `bm25_*` fields).
 */
import { numberFlag, parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { bold, dim, red } from '../io.js';
import { DataError, evaluateRecommender, loadBeir } from '../../../kernel/recommender/index.js';

const usage = 'agentos eval recommend --data DIR [--k 5] [--json]';

export const command: CliCommand = {
  name: 'eval recommend',
  summary: 'measure the skill recommender on a BEIR-layout tool-retrieval set (vs plain BM25)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { data: { type: 'string' }, k: { type: 'string' }, json: { type: 'boolean' } }, usage);
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\nUsage: ${usage}`);
    if (!values.data) throw new UsageError(`--data is required (a folder with corpus.jsonl, queries.jsonl and qrels/test.tsv)\nUsage: ${usage}`);
    const k = numberFlag(values.k, 'k', { min: 1, max: 100, integer: true }) ?? 5;
    let set;
    try {
      set = loadBeir(values.data);
    } catch (e) {
      if (e instanceof DataError) {
        io.err(red(`Cannot evaluate: ${e.message}`));
        return EXIT.error;
      }
      throw e;
    }
    io.err(dim(`${set.corpus.length} skills, ${set.test.size} test queries, ${set.train ? `${set.train.size} history queries (qrels/train.tsv)` : 'no history (qrels/train.tsv absent)'}`));
    const r = evaluateRecommender(set, { k });
    const ratio = r['bm25_ndcg@5'] > 0 ? r['ndcg@5'] / r['bm25_ndcg@5'] : 0;
    io.err(`plain BM25 (k1 1.2, b 0.75, title+text): ndcg@${k} ${r['bm25_ndcg@5']}  hit@1 ${r['bm25_hit@1']}  recall@${k} ${r['bm25_recall@5']}`);
    if (!values.json) {
      io.out(`${bold(`NDCG@${k}`)} ${r['ndcg@5']} (${ratio.toFixed(2)}× plain BM25)   ${bold('Hit@1')} ${r['hit@1']}   ${bold(`Recall@${k}`)} ${r['recall@5']}`);
      io.out(`${bold('latency')} p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms   ${bold('build')} ${r.build_ms} ms   ${dim(`weights ${JSON.stringify(r.weights)}`)}`);
    }
    io.out(JSON.stringify(r));
    return EXIT.ok;
  },
};
