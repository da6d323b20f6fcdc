/**
 * Notifications: toasts for events outside the open view (reminders going off, runs finishing
 * elsewhere), stacked at the top right where they never cover the composer, dismissed one by one or
 * all together; and the open view's notice (what an action there did), said at the top of that view.
 * Both are announced to screen readers.
 */
import { useEffect } from 'react';
import { appStore, useApp } from '../stores/store';
import { selectNotice, selectToasts } from '../stores/slices/ui/selectors';
import type { Toast } from '../stores/slices/ui/slice';
import { Icon, type IconName } from './Icon';
import './toasts.css';

const ICON: Record<Toast['kind'], IconName> = { info: 'sparkle', success: 'check', warning: 'alert', error: 'alert', reminder: 'bell' };
/** Reminders stay until dismissed: missing one defeats its purpose. */
const LIFETIME_MS: Record<Toast['kind'], number | null> = { info: 6000, success: 4000, warning: 10_000, error: 12_000, reminder: null };

/** Goes by itself after its kind's lifetime (`dismiss` is a store action, so re-renders do not restart the clock). */
function useExpiry(toast: Toast, dismiss: (id: number) => void): void {
  useEffect(() => {
    const life = LIFETIME_MS[toast.kind];
    if (life === null) return;
    const t = setTimeout(() => dismiss(toast.id), life);
    return () => clearTimeout(t);
  }, [toast, dismiss]);
}

function Body({ toast }: { toast: Toast }) {
  return (
    <>
      <Icon name={ICON[toast.kind]} />
      <div className="toast-body">
        <div className="toast-title">{toast.title}</div>
        {toast.body && <div className="toast-text">{toast.body}</div>}
      </div>
    </>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const { dismissToast } = appStore().getState();
  useExpiry(toast, dismissToast);
  return (
    <div className={`toast ${toast.kind}`} role={toast.kind === 'reminder' || toast.kind === 'error' ? 'alert' : 'status'} data-kind={toast.kind} data-group={toast.group}>
      <Body toast={toast} />
      <button type="button" className="icon-button small" aria-label="Dismiss notification" onClick={() => dismissToast(toast.id)}>
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useApp(selectToasts);
  const { dismissAllToasts } = appStore().getState();
  return (
    <section className="toasts" aria-live="polite" aria-label="Notifications">
      {toasts.length > 1 && (
        <button type="button" className="ghost small toasts-clear" onClick={dismissAllToasts}>
          <Icon name="x" size={14} /> Dismiss all {toasts.length}
        </button>
      )}
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </section>
  );
}

/** What an action in the open view did, at the top of that view (it goes with the view). */
export function ViewNotice() {
  const notice = useApp(selectNotice);
  const { dismissNotice } = appStore().getState();
  if (!notice) return null;
  return <NoticeItem key={notice.id} notice={notice} onDismiss={dismissNotice} />;
}

function NoticeItem({ notice, onDismiss }: { notice: Toast; onDismiss(): void }) {
  useExpiry(notice, onDismiss);
  return (
    <div className={`view-notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-kind={notice.kind}>
      <Body toast={notice} />
      <button type="button" className="icon-button small" aria-label="Dismiss message" onClick={onDismiss}>
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}
