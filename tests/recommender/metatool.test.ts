// The recommender against plain BM25 on a MetaTool slice from ../shared/data (skipped when absent).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const metatool = path.resolve(__dirname, '../../../shared/data/recommend/metatool');

describe.skipIf(!fs.existsSync(metatool))('MetaTool slice', () => {
  it('beats plain BM25 by ≥ 1.3× NDCG@5 on 500 test queries', async () => {
    const { loadBeir } = await import('../../kernel/recommender/beir.js');
    const { evaluateRecommender } = await import('../../kernel/recommender/evaluate.js');
    const set = loadBeir(metatool);
    const test = new Map([...set.test].slice(0, 500));
    // Two folds keep the build (fusion fitting trains one discriminative model per fold) short.
    const report = evaluateRecommender({ ...set, test }, { build: { maxFitQueries: 300, folds: 2 } });
    expect(report.queries).toBe(500);
    expect(report['ndcg@5']).toBeGreaterThanOrEqual(1.3 * report['bm25_ndcg@5']);
    expect(report['bm25_ndcg@5']).toBeGreaterThan(0);
    expect(report.weights.linear).toBeGreaterThan(0);
  }, 600_000);
});
