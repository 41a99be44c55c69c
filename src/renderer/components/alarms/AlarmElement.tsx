import type { AlarmView } from '../../../shared/operations';
import { showAlarmElement } from '../../store/alarmActions';
import { elementOfAgent, useConsoleStore } from '../../store/consoleStore';

/**
 * The element an alarm belongs to: a link that selects and shows it on the schematic, or
 * plain text for what the schematic does not draw (a zone, the control centre).
 */
export function AlarmElement({ alarm, testId }: { alarm: AlarmView; testId: string }) {
  const element = alarm.element;
  const onSchematic = useConsoleStore((s) => element !== undefined && elementOfAgent(s, element) !== null);
  if (!element) return <span>—</span>;
  if (!onSchematic)
    return (
      <span className="alarm-element" data-testid={testId} data-on-schematic="false">
        {element}
      </span>
    );
  return (
    <button
      type="button"
      className="link-button alarm-element"
      data-testid={testId}
      data-on-schematic="true"
      title={`Show ${element} on the schematic`}
      onClick={() => showAlarmElement(alarm)}
    >
      {element}
    </button>
  );
}
