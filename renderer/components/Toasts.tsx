/** In-page notifications (reminders firing, skill messages, connection changes), announced to screen readers. */
import { useEffect } from 'react';
import { appStore, useApp } from '../stores/store';
import { selectToasts } from '../stores/slices/ui/selectors';
import type { Toast } from '../stores/slices/ui/slice';
import { Icon, type IconName } from './Icon';

const ICON: Record<Toast['kind'], IconName> = { info: 'sparkle', success: 'check', warning: 'alert', error: 'alert', reminder: 'bell' };
/** Reminders stay until dismissed: missing one defeats its purpose. */
const LIFETIME_MS: Record<Toast['kind'], number | null> = { info: 6000, success: 4000, warning: 10_000, error: 12_000, reminder: null };

function ToastItem({ toast }: { toast: Toast }) {
  const { dismissToast } = appStore().getState();
  useEffect(() => {
    const life = LIFETIME_MS[toast.kind];
    if (life === null) return;
    const t = setTimeout(() => dismissToast(toast.id), life);
    return () => clearTimeout(t);
  }, [toast, dismissToast]);
  return (
    <div className={`toast ${toast.kind}`} role={toast.kind === 'reminder' || toast.kind === 'error' ? 'alert' : 'status'} data-kind={toast.kind}>
      <Icon name={ICON[toast.kind]} />
      <div className="toast-body">
        <div className="toast-title">{toast.title}</div>
        {toast.body && <div className="toast-text">{toast.body}</div>}
      </div>
      <button type="button" className="icon-button small" aria-label="Dismiss notification" onClick={() => dismissToast(toast.id)}>
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useApp(selectToasts);
  return (
    <div className="toasts" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
