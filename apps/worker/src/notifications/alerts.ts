import { categoryOf, type RecordedEvent } from '#event-store';
import { evolveFinding, type FindingEvent, type FindingState } from '#grid';
import { evolveTicket, type TicketEvent, type TicketState } from '#hotline';
import type { NotifyAlertKind, NotifyWebhook } from '#platform';

/** The events that raise a deadline alert, and the kind of alert each raises (escalations by their reason). */
const ALERT_EVENT_TYPES = new Set([
  'TicketDeadlineWarning',
  'TicketOverdue',
  'TicketEscalated',
  'FindingDeadlineWarning',
  'FindingOverdue',
  'FindingEscalated',
]);
const ESCALATION_KINDS: Readonly<Record<string, NotifyAlertKind>> = {
  overdue: 'supervision',
  repeated: 'repeated',
  units: 'units',
};

/**
 * What a webhook receives about one alert: ids, kind and times, never personal data (no caller, address or text
 * of the case). `id` is the event id: the same alert always has the same id, so receivers deduplicate by it.
 */
export interface AlertNotification {
  readonly id: string;
  readonly type: string;
  readonly caseType: 'ticket' | 'finding';
  readonly caseId: string;
  readonly kind: NotifyAlertKind;
  readonly stage: string | null;
  readonly dueAt: string | null;
  readonly unitId: string | null;
  readonly at: string;
  /** The event's position in the global log (opaque, ordered). */
  readonly position: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The notification of an alert event; undefined for every other event. An alert that names no unit is the case's
 * unit's (`caseUnitId`, when the caller knows it), as GET /alerts has it.
 */
export function alertOf(event: RecordedEvent, caseUnitId?: string | null): AlertNotification | undefined {
  if (!ALERT_EVENT_TYPES.has(event.type)) return undefined;
  const caseType = categoryOf(event.stream);
  if (caseType !== 'ticket' && caseType !== 'finding') return undefined;
  const data = (event.data ?? {}) as Readonly<Record<string, unknown>>;
  let kind: NotifyAlertKind | undefined;
  if (event.type.endsWith('DeadlineWarning')) kind = 'warning';
  else if (event.type.endsWith('Overdue')) kind = 'overdue';
  else kind = ESCALATION_KINDS[String(data.reason)];
  if (kind === undefined) return undefined;
  return {
    id: event.id,
    type: event.type,
    caseType,
    caseId: event.stream.slice(caseType.length + 1),
    kind,
    stage: text(data.stage),
    dueAt: text(data.dueAt),
    unitId: text(data.unitId) ?? caseUnitId ?? null,
    at: text(data.at) ?? event.recordedAt,
    position: event.position,
  };
}

/** The unit a case is with after these events of its stream, folded with the aggregate's own evolve; or null. */
export function caseUnitOf(
  caseType: AlertNotification['caseType'],
  events: readonly Pick<RecordedEvent, 'type' | 'data'>[],
): string | null {
  if (caseType === 'ticket') {
    let state: TicketState = { status: 'none' };
    for (const { type, data } of events) state = evolveTicket(state, { type, data } as TicketEvent);
    return state.status === 'none' ? null : (state.unitId ?? null);
  }
  let state: FindingState = { status: 'none' };
  for (const { type, data } of events) state = evolveFinding(state, { type, data } as FindingEvent);
  return state.status === 'none' ? null : (state.unitId ?? null);
}

/**
 * The webhooks an alert goes to: a supervisor's webhook gets every alert, a unit's webhook the alerts of its
 * units; either only of its `kinds` when it lists them.
 */
export function webhooksFor(
  alert: Pick<AlertNotification, 'kind' | 'unitId'>,
  webhooks: readonly NotifyWebhook[],
): NotifyWebhook[] {
  return webhooks.filter(
    (webhook) =>
      (webhook.roles.includes('supervisor') ||
        (alert.unitId !== null && webhook.units.includes(alert.unitId))) &&
      (webhook.kinds === undefined || webhook.kinds.includes(alert.kind)),
  );
}

/** The id of the delivery of one event to one webhook: queued once however often the log is read (no ':'). */
export const deliveryJobId = (webhookId: string, eventId: string): string =>
  `${webhookId}|${eventId}`.replaceAll(':', '.');
