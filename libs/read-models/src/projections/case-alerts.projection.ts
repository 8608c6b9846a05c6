import { type AlertPoint, type OpenStage, pendingPointAt, stageKey } from '#core';
import type { RecordedEvent } from '#event-store';
import { evolveFinding, type Finding, type FindingEvent, openFindingStages } from '#grid';
import { evolveTicket, openTicketStages, type Ticket, type TicketEvent } from '#hotline';
import type { IndexEntry, Projection } from '../projection.js';
import { asFindingEvent, asTicketEvent } from './known-events.js';

/** What an alert is about: a deadline point of a stage, or an escalation of the whole case. */
export type AlertKind = 'warning' | 'overdue' | 'supervision' | 'repeated' | 'units';

/** One alert of a case, open until its stage completes (escalations of the whole case stay open until it ends). */
export interface CaseAlert {
  /** Unique within the case: `<kind>|<stage>@<startedAt>`, or `<kind>` for a case escalation. */
  readonly id: string;
  readonly kind: AlertKind;
  readonly stage?: string;
  readonly startedAt?: string;
  readonly dueAt?: string;
  readonly unitId: string | null;
  readonly raisedAt: string;
  readonly clearedAt: string | null;
}

/**
 * The deadline state of one case: its open stages (for the reconciliation sweep) and its alerts (for GET /alerts).
 * `state` is the aggregate's own state without what alerts never need (the intake's texts, merged calls), folded
 * with the aggregate's own `evolve`, so open stages here are exactly the ones its decider sees.
 */
export type CaseAlertsDoc = CaseAlertsDocOf<'ticket', Ticket> | CaseAlertsDocOf<'finding', Finding>;

interface CaseAlertsDocOf<CaseType extends string, State> {
  readonly caseType: CaseType;
  readonly id: string;
  readonly state: State;
  readonly open: readonly OpenStage[];
  readonly alerts: readonly CaseAlert[];
  readonly unitId: string | null;
  readonly gridId: string | null;
  /** A ticket's type (complaint, …), a finding's category (`<kind>-<code>`). */
  readonly subtype: string;
}

type AlertEvent = Extract<
  TicketEvent | FindingEvent,
  {
    type:
      | 'TicketDeadlineWarning'
      | 'TicketOverdue'
      | 'TicketEscalated'
      | 'FindingDeadlineWarning'
      | 'FindingOverdue'
      | 'FindingEscalated';
  }
>;
const ALERT_EVENTS = new Set<string>([
  'TicketDeadlineWarning',
  'TicketOverdue',
  'TicketEscalated',
  'FindingDeadlineWarning',
  'FindingOverdue',
  'FindingEscalated',
] satisfies AlertEvent['type'][]);

/** The intake texts and calls are dropped from the folded state: alerts need none of them. */
function slimTicket(ticket: Ticket): Ticket {
  const { ticketId, ticketNo, receivedAt, type, urgency, category, gridId, channel } = ticket.intake;
  return {
    ...ticket,
    intake: { ticketId, ticketNo, receivedAt, type, urgency, category, gridId, channel } as Ticket['intake'],
    calls: [],
  };
}

/** The report's texts and photos are dropped from the folded state: alerts need none of them. */
function slimFinding(finding: Finding): Finding {
  const { findingId, source, gridId, category, foundAt, shopId } = finding.report;
  const report = { findingId, source, gridId, category, foundAt, ...(shopId ? { shopId } : {}) };
  return { ...finding, description: '', report: report as Finding['report'] };
}

/** What the projection needs of a case: its state folded with its own evolve, slimmed, and its open stages. */
interface Folded {
  readonly doc: Omit<CaseAlertsDoc, 'alerts'>;
  /** Whether the case has ended (a case escalation clears then). */
  readonly ended: boolean;
}

function foldTicket(doc: CaseAlertsDoc | undefined, event: TicketEvent): Folded | undefined {
  const before = doc?.caseType === 'ticket' ? doc.state : undefined;
  const after = evolveTicket(before ?? { status: 'none' }, event);
  if (after.status === 'none') return undefined;
  const state = slimTicket(after);
  return {
    doc: {
      caseType: 'ticket',
      id: state.id,
      state,
      open: openTicketStages(state),
      unitId: state.unitId ?? null,
      gridId: state.intake.gridId ?? null,
      subtype: state.type,
    },
    ended: state.status === 'closed' || state.status === 'returned-upstream',
  };
}

function foldFinding(doc: CaseAlertsDoc | undefined, event: FindingEvent): Folded | undefined {
  const before = doc?.caseType === 'finding' ? doc.state : undefined;
  const after = evolveFinding(before ?? { status: 'none' }, event);
  if (after.status === 'none') return undefined;
  const state = slimFinding(after);
  return {
    doc: {
      caseType: 'finding',
      id: state.id,
      state,
      open: openFindingStages(state),
      unitId: state.unitId ?? null,
      gridId: state.gridId,
      subtype: `${state.category.kind}-${state.category.code}`,
    },
    ended: ['closed', 'invalid', 'cancelled'].includes(state.status),
  };
}

/** The alert an event raises, if any. */
function raised(event: AlertEvent, unitId: string | null): CaseAlert | undefined {
  if (event.type === 'TicketEscalated' || event.type === 'FindingEscalated') {
    const { reason, stage, startedAt, at } = event.data;
    const kind: AlertKind = reason === 'overdue' ? 'supervision' : reason;
    const id = stage && startedAt ? `${kind}|${stageKey(stage, startedAt)}` : kind;
    return {
      id,
      kind,
      ...(stage ? { stage } : {}),
      ...(startedAt ? { startedAt } : {}),
      unitId: event.data.unitId ?? unitId,
      raisedAt: at,
      clearedAt: null,
    };
  }
  const kind: AlertPoint =
    event.type === 'TicketDeadlineWarning' || event.type === 'FindingDeadlineWarning' ? 'warning' : 'overdue';
  const { stage, startedAt, dueAt, at } = event.data;
  return {
    id: `${kind}|${stageKey(stage, startedAt)}`,
    kind,
    stage,
    startedAt,
    dueAt,
    unitId: event.data.unitId ?? unitId,
    raisedAt: at,
    clearedAt: null,
  };
}

/**
 * Deadline alerts of 12345 tickets and grid findings: per case its open stages and its alerts. An alert of a stage
 * clears when the stage is no longer open (completed, returned, parked, …); a case escalation clears when the case
 * ends (a ticket closed or returned upstream; a finding closed, invalid or cancelled). Indexes:
 * - `pending`: every pending point of every open stage (`<point>|<stage>@<startedAt>|<case type>|<id>`, score: the
 *   point's time), which the reconciliation sweep reads up to now;
 * - `alerts:<open|all>` and `alerts:<open|all>:<kind>`, `…:unit:<unit>`, score: raised time, member
 *   `<case type>|<id>|<alert id>`.
 */
export const caseAlertsProjection: Projection<CaseAlertsDoc> = {
  name: 'case-alerts',
  version: 1,
  categories: ['ticket', 'finding'],
  evolve(doc, recorded: RecordedEvent) {
    const ticketEvent = asTicketEvent(recorded);
    const findingEvent = ticketEvent ? undefined : asFindingEvent(recorded);
    const event = ticketEvent ?? findingEvent;
    if (!event) return doc;
    const folded = ticketEvent
      ? foldTicket(doc, ticketEvent)
      : foldFinding(doc, findingEvent as FindingEvent);
    if (!folded) return doc;
    const at = (event.data as { at?: string }).at ?? recorded.recordedAt;
    const { open, unitId } = folded.doc;
    const openKeys = new Set(open.map((stage) => stageKey(stage.stage, stage.startedAt)));
    let alerts = (doc?.alerts ?? []).map((alert) => {
      if (alert.clearedAt !== null) return alert;
      const stillOpen =
        alert.stage !== undefined && alert.startedAt !== undefined
          ? openKeys.has(stageKey(alert.stage, alert.startedAt))
          : !folded.ended;
      return stillOpen ? alert : { ...alert, clearedAt: at };
    });
    const alert = ALERT_EVENTS.has(event.type) ? raised(event as AlertEvent, unitId) : undefined;
    if (alert && !alerts.some((existing) => existing.id === alert.id && existing.clearedAt === null)) {
      alerts = [...alerts, alert];
    }
    return { ...folded.doc, alerts } as CaseAlertsDoc;
  },
  indexes(doc) {
    const entries: IndexEntry[] = [];
    for (const open of doc.open) {
      for (const point of ['warning', 'overdue', 'supervision'] as const) {
        const at = pendingPointAt(open, point);
        if (at === undefined) continue;
        entries.push({
          set: 'pending',
          member: `${point}|${stageKey(open.stage, open.startedAt)}|${doc.caseType}|${doc.id}`,
          score: Date.parse(at),
        });
      }
    }
    for (const alert of doc.alerts) {
      const member = `${doc.caseType}|${doc.id}|${alert.id}`;
      const score = Date.parse(alert.raisedAt);
      const statuses = alert.clearedAt === null ? ['open', 'all'] : ['all'];
      for (const status of statuses) {
        entries.push({ set: `alerts:${status}`, member, score });
        entries.push({ set: `alerts:${status}:${alert.kind}`, member, score });
        if (alert.unitId !== null)
          entries.push({ set: `alerts:${status}:unit:${alert.unitId}`, member, score });
      }
    }
    return entries;
  },
};
