/**
 * The parts of a contributed skill view: an item row (title, status pill, progress bar, subtitle,
 * figure) and the shown item's detail (its cards, drawn by the chat's CardView).
 */
import type { SkillViewItem } from '../stores/slices/skillviews/selectors';
import { isLiveItem } from '../stores/slices/skillviews/selectors';
import { CardView } from './cards/CardView';
import type { RunRequest } from './cards/CollectionCards';

/** Status tones as the portal's badge classes ("neutral" is the plain badge). */
const TONE: Record<NonNullable<SkillViewItem['status']>['tone'], string> = { info: 'info', ok: 'ok', bad: 'bad', neutral: '' };

export function ProgressBar({ fraction, live, label }: { fraction: number; live: boolean; label: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return (
    <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <div className={`progress-fill${live ? ' live' : ''}`} style={{ width: `${pct}%` }} />
    </div>
  );
}

function StatusPill({ item, role }: { item: SkillViewItem; role?: 'status' }) {
  if (!item.status) return null;
  return (
    <span className={`badge ${TONE[item.status.tone]}`} {...(role ? { role, 'aria-label': `${item.title}: ${item.status.label}` } : {})}>
      {role && isLiveItem(item) && <span className="live-dot" aria-hidden />}
      {item.status.label}
    </span>
  );
}

export function ItemRow({ item, active, onSelect }: { item: SkillViewItem; active: boolean; onSelect(): void }) {
  return (
    <li>
      <button type="button" className={`sv-row${active ? ' active' : ''}`} aria-current={active ? 'true' : undefined} onClick={onSelect} data-item={item.id}>
        <div className="sv-row-head">
          <span className="sv-title">{item.title}</span>
          <StatusPill item={item} />
        </div>
        {item.progress !== undefined && <ProgressBar fraction={item.progress} live={isLiveItem(item)} label={`${item.title}: ${Math.round(item.progress * 100)}%`} />}
        {(item.subtitle || item.figure) && (
          <div className="sv-row-foot muted small">
            <span>{item.subtitle}</span>
            {item.figure && <span className="sv-figure">{item.figure}</span>}
          </div>
        )}
      </button>
    </li>
  );
}

export function ItemDetail({ item, onRun }: { item: SkillViewItem; onRun: RunRequest }) {
  const live = isLiveItem(item);
  return (
    <section className="sv-detail" aria-label={item.title} data-item-detail={item.id} data-tone={item.status?.tone ?? 'neutral'}>
      <header className="sv-detail-head">
        <div>
          <h2>
            {item.title} {item.figure && <span className="sv-figure muted">{item.figure}</span>}
          </h2>
          {item.subtitle && <div className="muted small">{item.subtitle}</div>}
        </div>
        <StatusPill item={item} role="status" />
      </header>
      {item.progress !== undefined && <ProgressBar fraction={item.progress} live={live} label={`${item.title}: ${Math.round(item.progress * 100)}% done`} />}
      {item.detail.map((card, i) => (
        <CardView key={`${card.type}-${card.title ?? ''}-${i}`} card={card} onRun={onRun} />
      ))}
      {item.detail.length === 0 && <p className="muted empty-inline">{live ? 'Working on it — details appear as they come in.' : 'Nothing more to show for this item.'}</p>}
    </section>
  );
}
