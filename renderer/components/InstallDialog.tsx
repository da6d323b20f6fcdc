/**
 * "Install skill…": the app's counterpart of the CLI's install prompt. The user gives a folder or
 * .tgz, the kernel stages it and reports who published it, whether it is signed, every permission it
 * asks for with its scope, what the static scan found and what the sandbox can enforce here; only
 * then can the user install it, granting the declared permissions (or none) for as long as they choose.
 * A change of publisher and shared phrases need their own ticks (InstallConsent.tsx); Install stays
 * disabled until they are given.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { InstallPreview } from '../bridge/contracts';
import { appStore, useApp } from '../stores/store';
import { KIND_LABELS } from '../stores/slices/grants/selectors';
import {
  askedPermissions,
  describeSignature,
  missingConsent,
  scanSummary,
  selectInstallBusy,
  selectInstallError,
  selectInstallOverlapRefused,
  selectInstallPreview,
  selectInstallSource,
} from '../stores/slices/install/selectors';
import type { GrantDurationChoice } from '../stores/slices/install/slice';
import { ErrorBox } from './AgentMessage';
import { Icon } from './Icon';
import { InstallNotices, OverlapBox, PublisherChangeBox } from './InstallConsent';
import './install.css';

/** Keeps Tab inside the dialog (it is modal: the page behind is inert for the keyboard too). */
function trapTab(e: KeyboardEvent<HTMLDivElement>): void {
  if (e.key !== 'Tab') return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('button:not(:disabled), input:not(:disabled), select:not(:disabled), summary, [tabindex="0"]')];
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

function PreviewCard({ preview }: { preview: InstallPreview }) {
  const signature = describeSignature(preview);
  const scan = scanSummary(preview);
  const asked = askedPermissions(preview);
  return (
    <section className="install-preview" aria-label={`What ${preview.name} asks for`}>
      <header className="install-head">
        <div className="skill-icon" aria-hidden>
          {preview.name.slice(0, 1).toUpperCase()}
        </div>
        <div>
          <h3>
            {preview.name} <span className="muted small">v{preview.version}</span>
          </h3>
          <div className="muted small">
            <span className="mono">{preview.id}</span> · by {preview.publisher}
            {preview.kind !== 'module' && ` · ${preview.kind}`}
          </div>
        </div>
      </header>
      <p className="install-desc">{preview.description}</p>
      <div className="install-facts">
        <span className={`badge ${signature.tone}`} data-testid="signature">
          {signature.text}
        </span>
        <span className={`badge ${scan.tone}`} data-testid="scan">
          {scan.text}
        </span>
        {preview.update && <span className="badge info">Update from v{preview.update.from}</span>}
        {preview.unchanged && <span className="badge info">Already installed, unchanged</span>}
      </div>

      <InstallNotices preview={preview} />

      <h4>{preview.update ? (asked.length ? 'New permissions it asks for' : 'No new permissions') : asked.length ? 'It asks for permission to' : 'It asks for no permissions'}</h4>
      {asked.length > 0 && (
        <ul className="install-perms" aria-label="Requested permissions">
          {asked.map((p, i) => (
            <li key={i} data-kind={p.kind}>
              <Icon name="shield" size={15} />
              <div>
                <div className="install-perm-kind">
                  {KIND_LABELS[p.kind] ?? p.kind} <span className="mono muted small">{p.kind}</span>
                </div>
                <div className="small">{p.description}</div>
                {p.scope.length > 0 && (
                  <div className="install-scopes">
                    {p.scope.map((s) => (
                      <span key={s} className="scope-chip mono" title={s}>
                        {s}
                      </span>
                    ))}
                  </div>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}

      {preview.netUnenforced && (
        <div className="install-notice warn" role="note">
          <Icon name="alert" size={15} />
          <span>
            <strong>Network access cannot be enforced on this machine</strong> (no bubblewrap network namespace): once installed, the skill could connect
            to hosts other than the ones listed.
          </span>
        </div>
      )}

      {preview.scan.findings.length > 0 && (
        <ul className="install-findings" aria-label="Scan findings">
          {preview.scan.findings.map((f, i) => (
            <li key={i} className={f.severity === 'block' ? 'bad' : 'warn'}>
              <span className="mono">{f.code}</span> {f.message}{' '}
              <span className="muted mono small">
                {f.file}
                {f.line !== undefined ? `:${f.line}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}

      <details className="install-sandbox">
        <summary>What the sandbox enforces here</summary>
        <ul>
          {preview.sandbox.map((line) => (
            <li key={line} className="small">
              {line}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

export function InstallDialog() {
  const source = useApp(selectInstallSource);
  const preview = useApp(selectInstallPreview);
  const busy = useApp(selectInstallBusy);
  const error = useApp(selectInstallError);
  const overlapRefused = useApp(selectInstallOverlapRefused);
  const { closeInstall, setInstallSource, previewInstall, confirmInstall } = appStore().getState();
  const [grantNone, setGrantNone] = useState(false);
  const [duration, setDuration] = useState<GrantDurationChoice>('always');
  const [until, setUntil] = useState('');
  // The override belongs to one reviewed package: a new preview is a new decision.
  const [ignoredFor, setIgnoredFor] = useState<string | null>(null);
  const [publisherAcceptedFor, setPublisherAcceptedFor] = useState<string | null>(null);
  const [overlapAllowedFor, setOverlapAllowedFor] = useState<string | null>(null);
  const [tomorrow] = useState(() => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
  const input = useRef<HTMLInputElement>(null);
  const ids = useId();

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && closeInstall();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [closeInstall]);
  const ignoreScan = !!preview && ignoredFor === preview.digest;
  const hasPerms = (preview?.permissions.length ?? 0) > 0;
  const blocked = !!preview?.scan.blocked && !ignoreScan;
  const acceptPublisher = !!preview && publisherAcceptedFor === preview.digest;
  const allowOverlap = !!preview && overlapAllowedFor === preview.digest;
  const consentMissing = !!preview && (missingConsent(preview, { acceptPublisher, allowOverlap }) !== null || (overlapRefused && !allowOverlap));
  const canInstall = !!preview && busy === null && !blocked && !consentMissing && (duration !== 'until' || until !== '');
  const install = () =>
    void confirmInstall({
      grant: grantNone ? 'none' : 'declared',
      duration,
      ...(duration === 'until' && until ? { until: new Date(`${until}T23:59:59`).toISOString() } : {}),
      ignoreScan,
      acceptPublisher,
      allowOverlap,
    });

  return (
    <div className="palette-backdrop install-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeInstall()}>
      <div className="dialog install-dialog" role="dialog" aria-modal="true" aria-labelledby={`${ids}-title`} onKeyDown={trapTab}>
        <header className="install-title">
          <div className="dialog-mark install-mark" aria-hidden>
            <Icon name="shield" size={22} />
          </div>
          <h2 id={`${ids}-title`}>Install a skill</h2>
          <button type="button" className="ghost icon-only" aria-label="Close" onClick={closeInstall}>
            <Icon name="x" size={16} />
          </button>
        </header>
        <form
          className="install-source"
          onSubmit={(e) => {
            e.preventDefault();
            void previewInstall();
          }}
        >
          <label htmlFor={`${ids}-src`} className="small muted">
            Skill folder or .tgz package on this computer
          </label>
          <div className="install-source-row">
            <input id={`${ids}-src`} ref={input} type="text" spellCheck={false} placeholder="~/Downloads/hello-world.tgz" value={source} onChange={(e) => setInstallSource(e.target.value)} />
            <button type="submit" className="ghost" disabled={busy !== null || source.trim() === ''}>
              {busy === 'preview' ? 'Checking…' : 'Review'}
            </button>
          </div>
        </form>
        {busy === 'preview' && (
          <p className="muted small" role="status">
            Checking the package: signature, digests, scan…
          </p>
        )}
        {error && <ErrorBox error={error} />}
        {preview && <PreviewCard preview={preview} />}
        {preview && <PublisherChangeBox preview={preview} accepted={acceptPublisher} onAccept={(v) => setPublisherAcceptedFor(v ? preview.digest : null)} />}
        {preview && (
          <OverlapBox preview={preview} allowed={allowOverlap} refusedAfterConsent={overlapRefused} onAllow={(v) => setOverlapAllowedFor(v ? preview.digest : null)} />
        )}
        {preview && (
          <fieldset className="install-choice">
            <legend className="small muted">Permissions</legend>
            {hasPerms && (
              <div className="install-radios" role="radiogroup" aria-label="What to grant">
                <label>
                  <input type="radio" name={`${ids}-grant`} checked={!grantNone} onChange={() => setGrantNone(false)} /> Grant what it declares
                </label>
                <label>
                  <input type="radio" name={`${ids}-grant`} checked={grantNone} onChange={() => setGrantNone(true)} /> Grant nothing (each use is denied)
                </label>
              </div>
            )}
            <div className="install-duration">
              <label htmlFor={`${ids}-dur`} className="small">
                For how long
              </label>
              <select id={`${ids}-dur`} value={duration} disabled={grantNone || !hasPerms} onChange={(e) => setDuration(e.target.value as GrantDurationChoice)}>
                <option value="always">Always</option>
                <option value="session">This session</option>
                <option value="until">Until a date…</option>
              </select>
              {duration === 'until' && !grantNone && hasPerms && <input type="date" aria-label="Grants end on" min={tomorrow} value={until} onChange={(e) => setUntil(e.target.value)} />}
            </div>
            {preview.scan.blocked && (
              <label className="install-override">
                <input type="checkbox" checked={ignoreScan} onChange={(e) => setIgnoredFor(e.target.checked ? preview.digest : null)} /> Install anyway — I read the findings and trust this publisher
              </label>
            )}
          </fieldset>
        )}
        <div className="dialog-actions">
          <button type="button" className="ghost" onClick={closeInstall}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!canInstall} onClick={install}>
            {busy === 'install' ? 'Installing…' : preview?.update ? 'Update' : 'Install'}
          </button>
        </div>
      </div>
    </div>
  );
}
