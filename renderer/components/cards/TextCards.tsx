/** The simple cards: text, key/value pairs, progress and code. */
import { useState } from 'react';
import type { Card } from '../../bridge/contracts';
import { Icon } from '../Icon';

type Of<T extends Card['type']> = Extract<Card, { type: T }>;

export function TextCard({ card }: { card: Of<'text'> }) {
  return <div className="card-text">{card.body}</div>;
}

export function KvCard({ card }: { card: Of<'kv'> }) {
  return (
    <dl className="card-kv">
      {card.entries.map((e, i) => (
        <div className="kv-row" key={`${e.key}-${i}`}>
          <dt>{e.key}</dt>
          <dd>{e.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ProgressCard({ card }: { card: Of<'progress'> }) {
  const pct = Math.max(0, Math.min(100, (card.value / card.max) * 100));
  return (
    <div className="card-progress">
      <div className="progress-head">
        <span>{card.title}</span>
        <span className="mono">{Math.round(pct)}%</span>
      </div>
      <div className="progress-track" role="progressbar" aria-label={card.title} aria-valuemin={0} aria-valuemax={card.max} aria-valuenow={card.value}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      {card.detail && <div className="muted small">{card.detail}</div>}
    </div>
  );
}

export function CodeCard({ card }: { card: Of<'code'> }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard?.writeText(card.code).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="card-code">
      <div className="code-head">
        <span className="badge">{card.language ?? 'text'}</span>
        <button type="button" className="ghost small" onClick={copy} aria-label="Copy code">
          <Icon name={copied ? 'check' : 'copy'} size={14} /> {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre tabIndex={0} aria-label={`${card.language ?? ''} code`}>
        <code>{card.code}</code>
      </pre>
    </div>
  );
}
