import type { AlertPoint } from '#core';
import type { FindingCommand } from '#grid';
import type { TicketCommand } from '#hotline';
import type { CommandCall } from './command-call.js';
import type { GridCommands } from './grid-commands.js';
import type { TicketCommands } from './ticket-commands.js';

/** One alert point of one stage of one case, as a timer job or the sweep names it. */
export interface AlertTarget {
  readonly caseType: 'ticket' | 'finding';
  readonly id: string;
  readonly point: AlertPoint;
  readonly stage: string;
  readonly startedAt: string;
}

const COMMAND_OF: Readonly<Record<AlertPoint, 'RaiseDeadlineWarning' | 'MarkOverdue' | 'EscalateOverdue'>> = {
  warning: 'RaiseDeadlineWarning',
  overdue: 'MarkOverdue',
  supervision: 'EscalateOverdue',
};

/**
 * Sends a timer's or the sweep's deadline command to the case's decider, which records the alert only when it
 * applies (the stage still open, the point passed, nothing recorded yet). The actor is the system's deadline timer.
 * Answers how many events it recorded (none when it did not apply).
 */
export async function fireDeadlineAlert(
  commands: { readonly tickets: TicketCommands; readonly grid: GridCommands },
  target: AlertTarget,
): Promise<number> {
  const type = COMMAND_OF[target.point];
  const data = { stage: target.stage, startedAt: target.startedAt };
  const call: CommandCall = {
    actor: { id: 'deadline-timer', role: 'system' },
    correlationId: `deadline:${target.point}:${target.caseType}:${target.id}`,
    causationId: `deadline:${target.point}:${target.stage}@${target.startedAt}`,
    source: 'worker',
  };
  const result =
    target.caseType === 'ticket'
      ? await commands.tickets.run(target.id, { type, data } as TicketCommand, call)
      : await commands.grid.runFinding(target.id, { type, data } as FindingCommand, call);
  return result.replayed ? 0 : result.events.length;
}
