// The discriminative request → skill model: it learns from history, learns online, feeds the
// recommender as the `linear` signal, and the benchmark's LinearSVC peer ranks like a classifier.
import { describe, expect, it } from 'vitest';
import { LinearSkillModel } from '../../kernel/recommender/linear.js';
import { Recommender } from '../../kernel/recommender/recommender.js';
import type { HistoryEvent, SkillDoc } from '../../kernel/recommender/model.js';
import { LinearSvcPeer } from '../../bench/peers/linearsvc.js';

const history: HistoryEvent[] = [
  ...['what is the weather tomorrow', 'will it rain today', 'forecast for the weekend', 'is it cold outside'].map((text) => ({ text, skill: 'weather' })),
  ...['play some jazz', 'put on my running playlist', 'play the new album', 'skip this song'].map((text) => ({ text, skill: 'music' })),
  ...['email the report to alice', 'send a message to bob', 'reply to the last email', 'write to my manager'].map((text) => ({ text, skill: 'mail' })),
];

const best = (scores: Map<string, number>) => [...scores].sort((a, b) => b[1] - a[1])[0]?.[0];

describe('LinearSkillModel', () => {
  it('separates skills by the words of past requests', () => {
    const m = new LinearSkillModel();
    m.fit(history);
    expect(best(m.scores('rain forecast'))).toBe('weather');
    expect(best(m.scores('play jazz'))).toBe('music');
    expect(best(m.scores('email alice'))).toBe('mail');
    expect(m.scores('zzz qqq').size).toBe(0);
  });

  it('learns a new request online, without retraining', () => {
    const m = new LinearSkillModel();
    m.fit(history);
    expect(m.scores('book a table for two').has('restaurant')).toBe(false);
    for (let i = 0; i < 3; i++) m.learn('book a table for two', 'restaurant');
    expect(best(m.scores('book a table for tonight'))).toBe('restaurant');
    expect(m.examples).toBe(history.length + 3);
    // Older knowledge stays.
    expect(best(m.scores('will it rain'))).toBe('weather');
  });

  it('is reproducible', () => {
    const a = new LinearSkillModel();
    const b = new LinearSkillModel();
    a.fit(history);
    b.fit(history);
    expect([...a.scores('send the forecast to alice')]).toEqual([...b.scores('send the forecast to alice')]);
  });
});

describe('recommender with the linear signal', () => {
  const skills: SkillDoc[] = [
    { id: 'weather', name: 'Weather', description: 'Forecasts and current conditions.' },
    { id: 'music', name: 'Music', description: 'Plays songs, albums and playlists.' },
    { id: 'mail', name: 'Mail', description: 'Sends and reads messages.' },
  ];

  it('reports the signal and uses a shared, already trained model as is', () => {
    const shared = new LinearSkillModel();
    shared.fit(history);
    const rec = Recommender.build(skills, history, { fit: false, linear: shared });
    expect(rec.model.linear).toBe(shared);
    const top = rec.recommend('will it rain over the weekend', { k: 1 })[0]!;
    expect(top.skill).toBe('weather');
    expect(top.signals.linear).toBe(1);
    const none = Recommender.build(skills, history, { fit: false, linear: false });
    expect(none.model.linear).toBeNull();
  });

  it('cross-validation folds train their own model, not the shared one that saw every request', () => {
    const shared = new LinearSkillModel();
    shared.fit(history);
    const queries = Recommender.crossValidated(skills, history, { folds: 3, linear: shared });
    expect(queries).toHaveLength(history.length);
    expect(shared.examples).toBe(history.length);
  });
});

describe('LinearSVC peer', () => {
  it('ranks the right class first on its training requests', () => {
    const labels = ['weather', 'music', 'mail'];
    const p = new LinearSvcPeer();
    p.fit(
      history.map((h) => h.text),
      history.map((h) => labels.indexOf(h.skill)),
      3,
    );
    expect(p.rank('rain forecast', 1)).toEqual([0]);
    expect(p.rank('play jazz', 3)[0]).toBe(1);
  });
});
