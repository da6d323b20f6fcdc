import { describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25.js';
import { Recommender } from './recommender.js';
import { DEFAULT_WEIGHTS, fitWeights, meanNdcg } from './fusion.js';
import { terms } from './text.js';
import type { SkillDoc } from './model.js';

const skills: SkillDoc[] = [
  { id: 'weather', name: 'WeatherTool', description: 'Provide you with the latest weather information and forecasts.' },
  { id: 'mail', name: 'MailSender', description: 'Compose and send e-mail messages to your contacts.' },
  { id: 'notes', name: 'Notes', description: 'Write down, list and search short notes.' },
  { id: 'finance', name: 'FinanceTool', description: 'Stock prices, exchange rates and market news.' },
];

describe('text and BM25', () => {
  it('splits identifiers, drops stop words and stems', () => {
    expect(terms('WeatherTool')).toEqual(['weather', 'tool']);
    expect(terms('What are the papers about?')).toEqual(['paper']);
    expect(terms('summarizing')).toEqual(terms('summarize'));
  });

  it('ranks the document sharing the rare term first', () => {
    const idx = new Bm25Index(skills.map((s) => [{ terms: terms(`${s.name} ${s.description}`), weight: 1 }]));
    expect(idx.search(terms('will it rain? weather please'), 2)[0]!.doc).toBe(0);
    expect(idx.search(terms('exchange rate of the euro'), 2)[0]!.doc).toBe(3);
    expect(idx.search(terms('zzzz'), 3)).toEqual([]);
  });
});

describe('Recommender', () => {
  it('ranks by manifest text without history', () => {
    const rec = Recommender.build(skills, []);
    expect(rec.recommend('send an email to bob')[0]!.skill).toBe('mail');
    expect(rec.recommend('')).toEqual([]);
  });

  it('learns from history what the manifest does not say', () => {
    const history = Array.from({ length: 6 }, (_, i) => ({ text: `check my portfolio balance ${i}`, skill: 'finance' }));
    const without = Recommender.build(skills, []);
    const withHistory = Recommender.build(skills, history);
    expect(without.recommend('portfolio balance now').map((r) => r.skill)).not.toContain('finance');
    const top = withHistory.recommend('portfolio balance now')[0]!;
    expect(top.skill).toBe('finance');
    expect(top.signals.knn).toBeGreaterThan(0);
  });

  it('uses the classifier signal when given', () => {
    const rec = Recommender.build(skills, []);
    const ranked = rec.recommend('jot something', { classifier: new Map([['notes', 0.9]]) });
    expect(ranked[0]!.skill).toBe('notes');
  });

  it('fitting never makes the cross-validated score worse than the start', () => {
    const history = [
      ...Array.from({ length: 30 }, (_, i) => ({ text: `is it going to rain in city ${i % 5}`, skill: 'weather' })),
      ...Array.from({ length: 30 }, (_, i) => ({ text: `tell bob about lunch number ${i % 4}`, skill: 'mail' })),
      ...Array.from({ length: 30 }, (_, i) => ({ text: `remember to buy item ${i % 6}`, skill: 'notes' })),
    ];
    const queries = Recommender.crossValidated(skills, history, { folds: 3, maxFitQueries: 90 });
    expect(queries.length).toBe(90);
    const { weights, ndcg } = fitWeights(queries);
    expect(ndcg).toBeGreaterThanOrEqual(meanNdcg(queries, DEFAULT_WEIGHTS));
    expect(weights.manifest).toBe(1);
  });
});
