import type { FindingCommand } from './finding.commands.js';
import { FINDING_STATUSES, type FindingStatus } from './finding.events.js';

/**
 * Where each command is allowed (the status machine of README.md). The HTTP layer may use it to offer only the
 * actions that can succeed. ReportFinding starts a stream.
 */
export const FINDING_COMMAND_STATUSES = {
  ReportFinding: [],
  VerifyFinding: ['reported'],
  FileFinding: ['awaiting-filing'],
  CancelFinding: ['reported', 'awaiting-filing'],
  DispatchFinding: ['filed', 'parked'],
  ReturnFinding: ['dispatched'],
  RequestExtension: ['dispatched'],
  DecideExtension: ['dispatched'],
  MarkHandled: ['dispatched'],
  CheckFinding: ['handled'],
  ParkFinding: ['filed', 'dispatched'],
  /** Everywhere: a timer may fire after the stage ended (or the sweep asks every finding), and then nothing happens. */
  RaiseDeadlineWarning: FINDING_STATUSES,
  MarkOverdue: FINDING_STATUSES,
  EscalateOverdue: FINDING_STATUSES,
  /** Everywhere: the sweep after a calendar import asks every finding; only open stages are revised. */
  ReviseProvisionalDeadlines: FINDING_STATUSES,
} as const satisfies Readonly<Record<FindingCommand['type'], readonly FindingStatus[]>>;
