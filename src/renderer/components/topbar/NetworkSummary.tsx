import { useConsoleStore } from '../../store/consoleStore';

/** "Demo Town · 231 nodes · 262 links" */
export function NetworkSummary() {
  const network = useConsoleStore((s) => s.network);
  if (!network) {
    return (
      <span className="network-summary is-empty" data-testid="network-summary">
        No network
      </span>
    );
  }
  const details = [network.title, `flow units in file: ${network.sourceUnits}`].filter(Boolean).join(' — ');
  return (
    <span className="network-summary" data-testid="network-summary" title={details}>
      <span className="network-name">{network.name}</span>
      {` · ${network.nodes.length} nodes · ${network.links.length} links`}
    </span>
  );
}
