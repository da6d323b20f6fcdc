/** The recommender inside a real kernel (manifests + event log) and `agentos eval recommend`. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../kernel/kernel.js';
import { openKernel } from '../../kernel/index.js';
import { RecommenderService } from '../../kernel/recommender/service.js';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';
import { tempDir, writeSkill } from '../kernel/helpers.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const skill = (id: string, description: string, intent: string, example: string) => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  version: '1.0.0',
  description,
  publisher: 'tests',
  entry: 'index.js',
  intents: [{ id: intent, description, templates: [example], examples: [example] }],
});

function kernelWithSkills() {
  const builtin = tempDir();
  writeSkill(builtin, skill('weather', 'Weather forecasts for your city', 'weather.today', 'what is the weather today'), `export default { 'weather.today': async () => ({ text: 'sunny' }) };`);
  writeSkill(builtin, skill('stocks', 'Share prices and market news', 'stocks.quote', 'quote the share price'), `export default { 'stocks.quote': async () => ({ text: '42' }) };`);
  return new Kernel({ profileDir: tempDir(), builtinSkillsDir: builtin });
}

describe('RecommenderService', () => {
  it('ranks installed skills and learns from served requests', async () => {
    const kernel = kernelWithSkills();
    const service = new RecommenderService(kernel);
    expect(service.recommend('will there be a forecast of rain')[0]!.skill).toBe('weather');
    expect(service.recommend('how is my portfolio').find((r) => r.skill === 'stocks')?.signals.knn).toBeUndefined();
    for (let i = 0; i < 3; i++) expect((await kernel.handle({ text: 'quote the share price' })).status).toBe('served');
    // Teach it that "portfolio" requests end at stocks: the history document now carries the word.
    kernel.eventLog.appendResult(
      { id: 'r1', text: 'check my portfolio', sessionId: 'default', source: 'cli' } as never,
      { requestId: 'r1', sessionId: 'default', status: 'served', text: '42', steps: [{ stepId: 's1', skill: 'stocks', intent: 'stocks.quote', slots: {}, status: 'ok', durationMs: 1 }], suggestions: [], durationMs: 1, kernelMs: 1 },
      new Date(),
    );
    const [top] = service.recommend('how is my portfolio');
    expect(top!.skill).toBe('stocks');
    expect(top!.signals.knn).toBeGreaterThan(0);
    const [s] = service.suggest('share price of acme', 1);
    expect(s).toMatchObject({ request: 'quote the share price', skill: 'stocks' });
    expect(service.forPlanner('forecast', 1).map((m) => m.id)).toEqual(['weather']);
    kernel.close();
  });

  it('is wired as the kernel\'s "did you mean" by openKernel', async () => {
    const kernel = await openKernel({ profileDir: tempDir(), builtinSkillsDir: path.dirname(kernelWithSkills().registry.get('weather')!.dir) });
    expect(kernel.services.suggest).toBeTypeOf('function');
    const response = await kernel.handle({ text: 'forecast for tomorrow maybe' });
    if (response.status === 'not_understood') expect(response.suggestions.map((s) => s.request)).toContain('what is the weather today');
    expect((await kernel.services.suggest!('weather forecast', 3))[0]).toMatchObject({ skill: 'weather' });
    kernel.close();
  });
});

describe('agentos eval recommend', () => {
  it('prints the contract JSON with plain BM25 measured alongside', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'qrels'));
    const corpus = [
      { _id: 'WeatherTool', title: 'WeatherTool', text: 'Latest weather information.' },
      { _id: 'StockTool', title: 'StockTool', text: 'Share prices and market news.' },
    ];
    fs.writeFileSync(path.join(dir, 'corpus.jsonl'), corpus.map((c) => JSON.stringify(c)).join('\n'));
    const queries = [
      { _id: 'q1', text: 'is it going to rain' },
      { _id: 'q2', text: 'how is my portfolio' },
      { _id: 'q3', text: 'will it rain tomorrow' },
      { _id: 'q4', text: 'portfolio value today' },
    ];
    fs.writeFileSync(path.join(dir, 'queries.jsonl'), queries.map((q) => JSON.stringify(q)).join('\n'));
    fs.writeFileSync(path.join(dir, 'qrels', 'train.tsv'), 'query-id\tcorpus-id\tscore\nq1\tWeatherTool\t1\nq2\tStockTool\t1\n');
    fs.writeFileSync(path.join(dir, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq3\tWeatherTool\t1\nq4\tStockTool\t1\n');
    const io = capture();
    expect(await main(['eval', 'recommend', '--data', dir, '--json'], io)).toBe(0);
    const r = JSON.parse(io.stdout.at(-1)!);
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['queries', 'documents', 'ndcg@5', 'hit@1', 'recall@5', 'p50_ms', 'p95_ms', 'bm25_ndcg@5']));
    expect(r).toMatchObject({ queries: 2, documents: 2, 'hit@1': 1, 'bm25_hit@1': 0 });
    expect(io.stderr.join('\n')).toMatch(/plain BM25/);

    fs.writeFileSync(path.join(dir, 'corpus.jsonl'), '{"_id": "x"\n');
    const bad = capture();
    expect(await main(['eval', 'recommend', '--data', dir], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/corpus.jsonl:1 is not valid JSON/);
    expect(await main(['eval', 'recommend', '--data', dir, '--k', 'zero'], capture())).toBe(1);
  });
});
