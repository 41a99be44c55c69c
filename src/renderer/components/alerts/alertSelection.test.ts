import { describe, expect, it } from 'vitest';
import type { AgentAlert } from '../../../shared/contract';
import { headlineAlert } from './alertSelection';

const alert = (time: number, priority: number): AgentAlert => ({
  time,
  priority,
  agent: `A-${time}`,
  kind: 'tank',
  type: 't',
  message: 'm',
});

describe('headlineAlert', () => {
  it('picks the newest alert of the highest priority', () => {
    expect(headlineAlert([alert(5, 3), alert(4, 1), alert(3, 1), alert(2, 2)])?.time).toBe(4);
  });
  it('is null without alerts', () => {
    expect(headlineAlert([])).toBeNull();
  });
});
