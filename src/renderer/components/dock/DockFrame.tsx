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
}: {
  title: string;
  testId: string;
  tools?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="dock" data-testid={testId} aria-label={title}>
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
      <div className="dock-body">{children}</div>
    </section>
  );
}
