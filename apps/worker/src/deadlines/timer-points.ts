import type { AlertPoint } from '#core';
import type { RecordedEvent } from '#event-store';

/** A deadline point an event makes known: when `point` of the stage (`stage`, `startedAt`) falls. */
export interface TimerPoint {
  readonly point: AlertPoint;
  readonly stage: string;
  readonly startedAt: string;
  readonly at: string;
}

interface DeadlineLike {
  readonly stage: string;
  readonly startedAt: string;
  readonly dueAt: string;
  readonly warnAt: string;
}

const isDeadline = (value: unknown): value is DeadlineLike => {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.stage === 'string' &&
    typeof v.startedAt === 'string' &&
    typeof v.dueAt === 'string' &&
    typeof v.warnAt === 'string'
  );
};

/**
 * The timer points in an event, read from its data alone: every deadline it records (a stage starting, an extension,
 * a revision's `new` deadline — not its `old`) gives a warning and an overdue point; an overdue event's
 * `superviseAt` gives the 督办 point. Whether a point still applies when it fires is the decider's business, so a
 * superseded point (an extension moved the due time) is harmless: it fires and nothing happens.
 */
export function timerPoints(event: Pick<RecordedEvent, 'type' | 'data'>): TimerPoint[] {
  const data = event.data as Record<string, unknown> | null;
  if (typeof data !== 'object' || data === null) return [];
  const points: TimerPoint[] = [];
  for (const [field, value] of Object.entries(data)) {
    if (field === 'old' || !isDeadline(value)) continue;
    const { stage, startedAt, dueAt, warnAt } = value;
    points.push({ point: 'warning', stage, startedAt, at: warnAt });
    points.push({ point: 'overdue', stage, startedAt, at: dueAt });
  }
  if (event.type.endsWith('Overdue') && typeof data.superviseAt === 'string') {
    const { stage, startedAt } = data as { stage?: unknown; startedAt?: unknown };
    if (typeof stage === 'string' && typeof startedAt === 'string') {
      points.push({ point: 'supervision', stage, startedAt, at: data.superviseAt });
    }
  }
  return points;
}
