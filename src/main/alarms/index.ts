// The alarm engine of Aqueduct (ISA-18.2 / IEC 62682 / EEMUA 191): definitions, engine, journal,
// alarm-list queries and KPIs. Import from here; the other files are the engine's parts.
export {
  AlarmConfigError,
  AlarmConfigSchema,
  AlarmDefinitionSchema,
  SuppressionRuleSchema,
  defineAlarm,
  defineSuppressionRule,
  parseAlarmConfig,
  parseAlarmConfigJson,
  type AlarmConfig,
  type AlarmDefinition,
  type AlarmDefinitionInput,
  type Priority,
  type Quality,
  type SuppressionRule,
  type TagValue,
} from './definition';
export {
  AlarmEngine,
  type AlarmChange,
  type AlarmEngineOptions,
  type AlarmListener,
  type OperatorResult,
} from './engine';
export {
  InMemoryAlarmJournal,
  type AlarmJournal,
  type AlarmJournalEntry,
  type JournalQuery,
} from './journal';
export { alarmCounts, alarmList, bannerAlarm, type AlarmCounts, type AlarmSnapshot } from './alarm-list';
export { ALARM_STATES, type AlarmEventType, type AlarmState } from './lifecycle';
export { computeAlarmKpis, KPI, type AlarmKpis, type KpiRange } from './kpi';
