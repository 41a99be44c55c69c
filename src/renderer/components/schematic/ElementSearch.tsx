import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { NetworkModel } from '../../../shared/network';
import { focusElement } from '../../store/consoleStore';
import { findElements, type Match } from './scene/search';

/**
 * Find an element by id: `/` or Ctrl+F focuses the box, Enter zooms to the best match and
 * selects it (the details panel opens on it), arrow keys pick another match, Escape leaves.
 */
export function ElementSearch({ network }: { network: NetworkModel }) {
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const matches = useMemo(() => findElements(network, text), [network, text]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]');
      const ctrlF = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f';
      if (ctrlF || (event.key === '/' && !typing)) {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const choose = (match: Match | undefined) => {
    if (!match) return;
    focusElement(match.ref);
    setText(match.id);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') choose(matches[active] ?? matches[0]);
    else if (event.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
    else if (event.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (event.key === 'Escape') {
      // the console's Escape also clears the selection; here it only leaves the box
      event.stopPropagation();
      setOpen(false);
      input.current?.blur();
      return;
    } else return;
    event.preventDefault();
  };

  return (
    <div className="element-search" role="search">
      <input
        ref={input}
        type="search"
        data-testid="element-search"
        aria-label="Find an element by id"
        placeholder="Find element…  /"
        value={text}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {open && text.trim() ? (
        <ul className="element-search-results" role="listbox" data-testid="element-search-results">
          {matches.length === 0 ? <li className="is-empty">No element with that id</li> : null}
          {matches.map((match, i) => (
            <li
              key={`${match.ref.kind}${match.ref.index}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              // mousedown, not click: the input's blur would close the list first
              onMouseDown={(event) => {
                event.preventDefault();
                choose(match);
              }}
            >
              <span className="match-id">{match.id}</span>
              <span className="match-kind">{match.kind}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
