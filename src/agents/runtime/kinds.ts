// Every physical element of the network is an agent of one of these kinds (DOMAIN.md).
export const AGENT_KINDS = [
  'pipe',
  'sensor',
  'pump',
  'valve',
  'hydrant',
  'tank',
  'meter',
  'zone',
  'control-center',
] as const;

export type AgentKind = (typeof AGENT_KINDS)[number];
