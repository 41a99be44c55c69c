import './alarms.css';
import { useMemo, useState } from 'react';
import type { AlarmStateName, AlarmView } from '../../../shared/operations';
import { acknowledgeAlarms } from '../../store/alarmActions';
import { useConsoleStore } from '../../store/consoleStore';
import { DockFrame } from '../dock/DockFrame';
import { usePermission } from '../usePermission';
import { AlarmFilters } from './AlarmFilters';
import { AlarmTable } from './AlarmTable';
import { alarmRows, DEFAULT_SORT, keepSelected, NO_FILTER, NO_ZONE, nextSort } from './alarmTable';
import { HiddenAlarmTable } from './HiddenAlarmTable';
import { ShelveDialog } from './ShelveDialog';

type Tab = 'summary' | 'hidden';

/**
 * The ISA-18.2 alarm summary: the annunciated alarms (sort, filter, select several and
 * acknowledge with a comment, shelve one with a reason), and a tab for the hidden ones.
 */
export function AlarmSummaryPanel() {
  const summary = useConsoleStore((s) => s.alarmSummary);
  const zones = useConsoleStore((s) => s.network?.zones);
  const mayOperate = usePermission('operate');
  const [tab, setTab] = useState<Tab>('summary');
  const [filter, setFilter] = useState(NO_FILTER);
  const [sort, setSort] = useState(DEFAULT_SORT);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [comment, setComment] = useState('');
  const [shelving, setShelving] = useState<AlarmView | null>(null);

  const alarms = useMemo(() => summary?.alarms ?? [], [summary]);
  const hidden = summary?.hidden ?? [];
  const rows = useMemo(() => alarmRows(alarms, filter, sort), [alarms, filter, sort]);
  const options = useMemo(
    () => ({
      states: [...new Set(alarms.map((a) => a.state))].sort() as AlarmStateName[],
      zones: [...new Set(alarms.map((a) => a.zone ?? NO_ZONE))].sort(),
    }),
    [alarms],
  );
  // alarms leave the list under the operator: act only on those still shown
  const selected = useMemo(() => keepSelected(picked, rows), [picked, rows]);
  const selectedAlarms = rows.filter((a) => selected.has(a.id));
  const toShelve = selectedAlarms.length === 1 ? selectedAlarms[0]! : null;
  const zoneName = (zone: string) => zones?.find((z) => z.id === zone)?.name ?? zone;

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    setPicked(next);
  };
  const ack = async () => {
    if (await acknowledgeAlarms([...selected], comment)) {
      setPicked(new Set());
      setComment('');
    }
  };
  const shelveWhy = !toShelve
    ? 'Select one alarm to shelve'
    : !toShelve.shelvable
      ? `${toShelve.id} cannot be shelved (by design: a safety alarm stays in view)`
      : undefined;

  const tools = (
    <>
      <div className="segmented" role="tablist" aria-label="Alarm lists">
        <button
          type="button"
          role="tab"
          className="toolbar-button"
          data-testid="alarms-tab-summary"
          aria-selected={tab === 'summary'}
          onClick={() => setTab('summary')}
        >
          Summary ({alarms.length})
        </button>
        <button
          type="button"
          role="tab"
          className="toolbar-button"
          data-testid="alarms-tab-hidden"
          aria-selected={tab === 'hidden'}
          onClick={() => setTab('hidden')}
        >
          Hidden ({hidden.length})
        </button>
      </div>
      {tab === 'summary' ? (
        <AlarmFilters
          filter={filter}
          states={options.states}
          zones={options.zones}
          zoneName={zoneName}
          onChange={setFilter}
        />
      ) : null}
    </>
  );

  return (
    <DockFrame title="Alarms" testId="alarm-summary" tools={tools}>
      {tab === 'hidden' ? (
        <HiddenAlarmTable rows={hidden} mayOperate={mayOperate} />
      ) : (
        <>
          {mayOperate ? (
            <div className="alarm-actions" data-testid="alarm-actions">
              <span className="numeric">{selected.size} selected</span>
              <input
                className="text-input"
                data-testid="alarm-ack-comment"
                aria-label="Acknowledgement comment (optional)"
                placeholder="Comment (optional)"
                maxLength={500}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              <button
                type="button"
                className="toolbar-button"
                data-testid="alarm-ack"
                disabled={selectedAlarms.every((a) => a.acked)}
                onClick={() => void ack()}
              >
                Acknowledge
              </button>
              <button
                type="button"
                className="toolbar-button"
                data-testid="alarm-shelve"
                disabled={shelveWhy !== undefined}
                title={shelveWhy}
                onClick={() => toShelve && setShelving(toShelve)}
              >
                Shelve…
              </button>
              {toShelve && !toShelve.shelvable ? (
                <span className="alarm-note" data-testid="alarm-shelve-why">
                  {shelveWhy}
                </span>
              ) : null}
              <span className="alarm-counts">
                {summary
                  ? `${summary.counts.unacknowledged} unacknowledged · ${summary.counts.annunciated} in alarm`
                  : ''}
              </span>
            </div>
          ) : null}
          {rows.length === 0 ? (
            <p className="dock-empty">
              {alarms.length === 0 ? 'No alarms.' : 'No alarm matches the filter.'}
            </p>
          ) : (
            <AlarmTable
              rows={rows}
              sort={sort}
              onSort={(key) => setSort(nextSort(sort, key))}
              selected={selected}
              onToggle={toggle}
              onToggleAll={(on) => setPicked(on ? new Set(rows.map((r) => r.id)) : new Set())}
              zoneName={zoneName}
            />
          )}
        </>
      )}
      {shelving ? <ShelveDialog alarm={shelving} onClose={() => setShelving(null)} /> : null}
    </DockFrame>
  );
}
