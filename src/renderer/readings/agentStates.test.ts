import { describe, expect, it } from 'vitest';
import type { AgentSummary } from '../../shared/contract';
import { abnormalSeverity, currentState, formatState, instrumentName, stateSeverity } from './agentStates';

const agent = (id: string, kind: string, status: string): AgentSummary => ({
  id,
  kind,
  zone: null,
  status,
  lifecycle: 'active',
  element: id,
});

describe('agent states', () => {
  it('draws at-risk states as alarms, attention states as warnings, normal ones plain', () => {
    expect(stateSeverity('Critical_Low')).toBe('alarm');
    expect(stateSeverity('Offline')).toBe('alarm');
    expect(stateSeverity('Low_Battery')).toBe('warning');
    expect(stateSeverity('Running')).toBeNull();
    // a state the core reports abnormal but this console does not know is never gray
    expect(abnormalSeverity('Tamper_Detected')).toBe('warning');
  });

  it('names states and instruments as an operator says them', () => {
    expect(formatState('Out_of_Service')).toBe('Out of service');
    expect(instrumentName('S-T-NORTH-level', 'T-NORTH')).toBe('level gauge');
    expect(instrumentName('S-PU-1-flow', 'PU-1')).toBe('flow meter');
    expect(instrumentName('odd-id', 'PU-1')).toBe('odd-id');
  });

  it('trusts the pushed snapshot over a listed state that has gone stale', () => {
    expect(currentState(agent('T', 'tank', 'Normal'), { T: 'Low' })).toBe('Low');
    expect(currentState(agent('P', 'pipe', 'Critical'), {})).toBe('Operational');
    expect(currentState(agent('PU', 'pump', 'Warning'), {})).toBe('Normal');
    expect(currentState(agent('PU', 'pump', 'Running'), {})).toBe('Running');
  });
});
