import { setDock, useConsoleStore, type DockPanel } from '../../store/consoleStore';

const DISPLAYS: { panel: DockPanel; label: string; title: string; testId: string }[] = [
  { panel: 'overview', label: 'L1 Overview', title: 'L1 network overview (Alt+1)', testId: 'open-overview' },
  { panel: 'zone', label: 'L2 Zone', title: 'L2 zone display (Alt+2)', testId: 'open-zone' },
  { panel: 'diagnostics', label: 'L4 Diag.', title: 'L4 diagnostics (Alt+4)', testId: 'open-diagnostics' },
  { panel: 'trends', label: 'Trends', title: 'Trends from the historian (Alt+5)', testId: 'open-trends' },
  {
    panel: 'training',
    label: 'Training',
    title: 'Training: scenarios, injected events, score (Alt+6)',
    testId: 'open-training',
  },
];

/**
 * The display hierarchy (ISA-101): L1 overview, L2 zone, L3 is the faceplate of the selected
 * element (the details panel), L4 diagnostics; then the trends and the training panel.
 */
export function DisplayNav() {
  const dock = useConsoleStore((s) => s.dock);
  return (
    <nav className="display-nav segmented" aria-label="Displays">
      {DISPLAYS.map((d) => (
        <button
          key={d.panel}
          type="button"
          className="toolbar-button"
          data-testid={d.testId}
          aria-pressed={dock === d.panel}
          title={d.title}
          onClick={() => setDock(dock === d.panel ? null : d.panel)}
        >
          {d.label}
        </button>
      ))}
    </nav>
  );
}
