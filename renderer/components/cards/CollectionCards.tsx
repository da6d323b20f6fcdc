/** Cards of many items: lists (with live countdowns and actions), tables, files and images. */
import { useState } from 'react';
import type { Card } from '../../bridge/contracts';
import { Icon } from '../Icon';
import { Countdown } from './Countdown';
import { formatDay } from '../../time/format';
import { useTimeFormat } from '../../hooks/useTimeFormat';

type Of<T extends Card['type']> = Extract<Card, { type: T }>;
export type RunRequest = (text: string) => void;

export function ListCard({ card, onRun }: { card: Of<'list'>; onRun: RunRequest }) {
  if (card.items.length === 0) return <div className="muted">Nothing here yet.</div>;
  return (
    <ul className="card-list">
      {card.items.map((item, i) => (
        <li key={i} className="list-item">
          <div className="list-main">
            <div className="list-title">{item.title}</div>
            {item.subtitle && <div className="list-subtitle">{item.subtitle}</div>}
            {item.detail && <div className="list-detail">{item.detail}</div>}
          </div>
          {item.dueAt && <Countdown dueAt={item.dueAt} />}
          {item.actions && item.actions.length > 0 && (
            <div className="list-actions">
              {item.actions.map((a) => (
                <button key={a.label} type="button" className="chip small" onClick={() => onRun(a.request)}>
                  {a.label}
                </button>
              ))}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

const PAGE = 100;

export function TableCard({ card }: { card: Of<'table'> }) {
  const [shown, setShown] = useState(PAGE);
  const { number } = useTimeFormat();
  return (
    <div className="card-table-wrap" tabIndex={0} aria-label={card.title ?? 'table'}>
      <table className="card-table">
        <thead>
          <tr>
            {card.columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {card.rows.slice(0, shown).map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                <td key={c} className={typeof cell === 'number' ? 'num' : undefined}>
                  {cell === null ? '—' : typeof cell === 'number' ? number(cell) : cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {card.rows.length > shown && (
        <button type="button" className="ghost small" onClick={() => setShown((n) => n + PAGE * 5)}>
          Show more ({number(card.rows.length - shown)} rows hidden)
        </button>
      )}
    </div>
  );
}

export function formatSize(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function FilesCard({ card }: { card: Of<'files'> }) {
  const copy = (p: string) => void navigator.clipboard?.writeText(p).catch(() => undefined);
  if (card.files.length === 0) return <div className="muted">No files found.</div>;
  return (
    <ul className="card-files">
      {card.files.map((f) => (
        <li key={f.path} className="file-row">
          <Icon name="file" />
          <div className="file-main">
            <div className="file-name">{f.name}</div>
            <div className="file-path mono" title={f.path}>
              {f.path}
            </div>
            {f.snippet && <div className="file-snippet">{f.snippet}</div>}
          </div>
          <div className="file-meta">
            {f.size !== undefined && <span>{formatSize(f.size)}</span>}
            {f.modified && <span>{formatDay(new Date(f.modified))}</span>}
          </div>
          <button type="button" className="icon-button small" aria-label={`Copy path of ${f.name}`} title="Copy path" onClick={() => copy(f.path)}>
            <Icon name="copy" size={14} />
          </button>
        </li>
      ))}
    </ul>
  );
}

export function ImageCard({ card }: { card: Of<'image'> }) {
  // Only data: URLs reach here (the card schema and the CSP both refuse remote images).
  return <img className="card-image" src={card.src} alt={card.alt} />;
}
