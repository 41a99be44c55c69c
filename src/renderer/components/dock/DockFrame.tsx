import './dock.css';
import type { ReactNode } from 'react';
import { setDock } from '../../store/consoleStore';
import { CloseIcon } from '../icons';

/** The frame every dock panel shares: title, the panel's own tools, close, scrolling body. */
export function DockFrame({
  title,
  testId,
  tools,
  children,
  className,
}: {
  title: string;
  testId: string;
  tools?: ReactNode;
  children: ReactNode;
  /** e.g. `is-display`: the displays (overview, trends…) take more of the window's height */
  className?: string;
}) {
  return (
    <section className={className ? `dock ${className}` : 'dock'} data-testid={testId} aria-label={title}>
      <header className="dock-header">
        <h2>{title}</h2>
        <div className="dock-tools">{tools}</div>
        <button
          type="button"
          className="icon-button"
          aria-label={`Close ${title}`}
          onClick={() => setDock(null)}
        >
          <CloseIcon />
        </button>
      </header>
      {/* focusable, so a keyboard can scroll a panel that has no control of its own */}
      <div className="dock-body" tabIndex={0}>
        {children}
      </div>
    </section>
  );
}
