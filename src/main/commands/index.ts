// The command path of Aqueduct: every write to the field goes through CommandService.
// Import from here; the other files are its parts.
export {
  isTerminal,
  type CommandEvent,
  type CommandListener,
  type CommandRequest,
  type CommandState,
  type CommandView,
  type FailureReason,
  type Outcome,
  type RefusalReason,
} from './command';
export { CommandService, type CommandServiceOptions, type OperateOptions } from './command-service';
export { readbackConfirms, type FieldWriter, type Quality, type Readback } from './field';
export {
  Interlocks,
  InterlockSchema,
  InterlocksSchema,
  type Interlock,
  type InterlockInput,
  type PlantState,
  type TagValue,
  type Violation,
} from './interlocks';
export {
  CommandTargetRegistry,
  CommandTargetSchema,
  CommandTargetsSchema,
  type ActionSpec,
  type CommandTarget,
  type CommandTargetInput,
  type CommandValue,
  type ReadbackExpectation,
  type ValueSpec,
} from './targets';
