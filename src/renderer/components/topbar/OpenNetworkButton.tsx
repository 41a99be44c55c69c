import { useRef, useState, type ChangeEvent } from 'react';
import { openNetworkFile } from '../../store/commands';
import { useConsoleStore } from '../../store/consoleStore';
import { OpenFileIcon } from '../icons';
import { usePermission } from '../usePermission';

/** Picks an EPANET .inp and sends its text to the core (network.open), on both hosts. */
export function OpenNetworkButton() {
  const input = useRef<HTMLInputElement>(null);
  const [opening, setOpening] = useState(false);
  const connected = useConsoleStore((s) => s.connection === 'open');
  const allowed = usePermission('configure');

  async function onFileChosen(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Clear it so choosing the same file again still fires change.
    event.target.value = '';
    if (!file) return;
    setOpening(true);
    try {
      await openNetworkFile(file);
    } finally {
      setOpening(false);
    }
  }

  // Button and input share a parent: tests and assistive tech find the input beside the button.
  return (
    <span className="open-network">
      <button
        type="button"
        className="toolbar-button"
        data-testid="open-network"
        disabled={opening || !connected || !allowed}
        title={allowed ? 'Open an EPANET .inp file' : 'Your role may not change the network'}
        aria-label="Open network file"
        onClick={() => input.current?.click()}
      >
        <OpenFileIcon />
        <span>{opening ? 'Opening…' : 'Open network…'}</span>
      </button>
      <input
        ref={input}
        type="file"
        accept=".inp"
        hidden
        data-testid="open-network-input"
        aria-label="EPANET network file"
        onChange={(event) => void onFileChosen(event)}
      />
    </span>
  );
}
