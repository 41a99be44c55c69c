import './modal.css';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * A dialog over the console: a title, its content, Escape or the Close button to leave. Focus
 * moves into it when it opens and back to where it was when it closes. It is rendered at the
 * end of the page (a portal), so the styles of the panel that opened it do not reach it.
 */
export function Modal({
  title,
  testId,
  onClose,
  children,
  wide = false,
}: {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const titleId = useId();
  const card = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = card.current?.querySelector<HTMLElement>(
      'input, select, textarea, button:not(.modal-close)',
    );
    (first ?? card.current)?.focus();
    return () => before?.focus?.();
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return createPortal(
    <div className="modal-overlay">
      <div
        ref={card}
        className={`modal${wide ? ' is-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        tabIndex={-1}
      >
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button
            type="button"
            className="icon-button modal-close"
            aria-label={`Close ${title}`}
            onClick={onClose}
          >
            <svg
              width="16"
              height="16"
              viewBox="0 0 16 16"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
              aria-hidden="true"
            >
              <path d="M4 4l8 8M12 4l-8 8" />
            </svg>
          </button>
        </header>
        <div className="modal-body">{children}</div>
      </div>
    </div>,
    document.body,
  );
}

/** A dialog's buttons: Cancel first (it closes the dialog), then the dialog's own. */
export function ModalActions({ onCancel, children }: { onCancel: () => void; children: ReactNode }) {
  return (
    <div className="modal-actions">
      <button type="button" className="toolbar-button" onClick={onCancel}>
        Cancel
      </button>
      {children}
    </div>
  );
}
