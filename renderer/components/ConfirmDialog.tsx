/**
 * A modal question before something that cannot be taken back (revoke a permission, delete a
 * rule): the safe choice ("Keep it") has the focus, so Enter right after the click keeps things as
 * they are; Escape or a click outside cancels.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export function ConfirmDialog({ icon, title, children, confirmLabel, onCancel, onConfirm }: { icon: IconName; title: ReactNode; children: ReactNode; confirmLabel: string; onCancel(): void; onConfirm(): void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => cancel.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
        <div className="dialog-mark" aria-hidden>
          <Icon name={icon} size={22} />
        </div>
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-body`} className="muted">
          {children}
        </p>
        <div className="dialog-actions">
          <button type="button" className="ghost" ref={cancel} onClick={onCancel}>
            Keep it
          </button>
          <button type="button" className="danger" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
