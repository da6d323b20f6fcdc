/**
 * Settings' "Learned phrasings": what the kernel learned from this user (a missed request they
 * rephrased, a suggestion they picked, a result they corrected), each shown as the words → what
 * they now mean, where it came from and how often it served since, with a button to forget it.
 */
import { useEffect } from 'react';
import { appStore, useApp } from '../stores/store';
import { phrasingOrigin, selectPhrasings, selectPhrasingsError, selectPhrasingsLoaded } from '../stores/slices/phrasings/selectors';
import { ErrorBox } from './AgentMessage';
import { Icon } from './Icon';

export function LearnedPhrasings() {
  const phrasings = useApp(selectPhrasings);
  const loaded = useApp(selectPhrasingsLoaded);
  const error = useApp(selectPhrasingsError);
  const { loadPhrasings, forgetPhrasing } = appStore().getState();
  useEffect(() => void loadPhrasings(), [loadPhrasings]);
  return (
    <section className="settings-section" aria-labelledby="s-phrasings">
      <h2 id="s-phrasings">Learned phrasings</h2>
      <p className="muted small">When AgentOS misses a request and you rephrase it, pick a suggestion or correct it, it learns what your words meant. Only for this profile; forget any of them here.</p>
      {error && <ErrorBox error={error} />}
      {!loaded ? (
        <p className="muted small">Loading…</p>
      ) : phrasings.length === 0 ? (
        <p className="muted small phrasings-empty">Nothing learned yet.</p>
      ) : (
        <ul className="phrasing-list" aria-label="Learned phrasings">
          {phrasings.map((p) => (
            <li key={p.id} className="phrasing-row" data-phrasing={p.id}>
              <div className="phrasing-main">
                <div className="phrasing-meaning">
                  <span className="mono">“{p.phrase}”</span>
                  <span className="phrasing-arrow" aria-hidden>
                    →
                  </span>
                  <span className="sr-only"> means </span>
                  <strong>{p.meaning}</strong> <span className="muted small">({p.skillName})</span>
                </div>
                <div className="muted small">{phrasingOrigin(p)}</div>
              </div>
              <button type="button" className="ghost small danger-text" onClick={() => void forgetPhrasing(p.id)} aria-label={`Forget “${p.phrase}”`}>
                <Icon name="x" size={14} /> Forget
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
