import type { RecordedEvent } from '#event-store';
import type { FindingEvent } from '#grid';
import * as grid from '#grid/testing/finding-fixtures';
import type { TicketEvent } from '#hotline';
import { due, ev, history, iso, UNIT, upstream } from '#hotline/testing/ticket-fixtures';
import { type CaseAlertsDoc, caseAlertsProjection as projection } from './case-alerts.projection.js';

/* Fake deadlines (hours from T0): accepted at 2 → first contact due 26 (warn 18), handle due 122 (warn 82). */
const handle = due('handle', 2);

function fold(events: readonly (TicketEvent | FindingEvent)[]): CaseAlertsDoc {
  let doc: CaseAlertsDoc | undefined;
  events.forEach((event, revision) => {
    const recorded: RecordedEvent = {
      id: `e-${revision}`,
      stream: 't-1',
      revision,
      position: String(revision + 1),
      type: event.type,
      data: event.data,
      metadata: {},
      recordedAt: (event.data as { at: string }).at,
    };
    doc = projection.evolve(doc, recorded);
  });
  if (!doc) throw new Error('no doc');
  return doc;
}
const sets = (doc: CaseAlertsDoc, prefix: string) =>
  projection
    .indexes(doc)
    .filter((entry) => entry.set === prefix)
    .map((entry): [string, string] => [entry.member, new Date(entry.score).toISOString()]);

const warning: TicketEvent = {
  type: 'TicketDeadlineWarning',
  data: {
    stage: 'handle',
    startedAt: iso(2),
    dueAt: handle.dueAt,
    warnAt: handle.warnAt,
    unitId: UNIT,
    at: iso(82),
  },
};
const overdue: TicketEvent = {
  type: 'TicketOverdue',
  data: {
    stage: 'handle',
    startedAt: iso(2),
    dueAt: handle.dueAt,
    unitId: UNIT,
    superviseAt: iso(170),
    at: iso(122),
  },
};

describe('case alerts projection', () => {
  it('lists every pending point of the open stages for the sweep', () => {
    const doc = fold(history['in-progress']);
    expect(doc.open.map((open) => open.stage)).toEqual(['upstream', 'handle']);
    expect(sets(doc, 'pending')).toEqual(
      expect.arrayContaining([
        [`warning|handle@${iso(2)}|ticket|t-1`, handle.warnAt],
        [`overdue|handle@${iso(2)}|ticket|t-1`, handle.dueAt],
        [`warning|upstream@${upstream.startedAt}|ticket|t-1`, upstream.warnAt],
        [`overdue|upstream@${upstream.startedAt}|ticket|t-1`, upstream.dueAt],
      ]),
    );
    expect(sets(doc, 'pending')).toHaveLength(4);
    expect(doc.state).toHaveProperty('intake', expect.not.objectContaining({ content: expect.anything() }));
  });

  it('opens a warning, then an overdue alert, and moves the pending points along', () => {
    const warned = fold([...history['in-progress'], warning]);
    const ofHandle = (members: [string, string][]) =>
      members.filter(([member]) => member.includes('|handle@'));
    expect(ofHandle(sets(warned, 'pending')).map(([member]) => member)).toEqual([
      `overdue|handle@${iso(2)}|ticket|t-1`,
    ]);
    expect(sets(warned, 'alerts:open')).toEqual([[`ticket|t-1|warning|handle@${iso(2)}`, iso(82)]]);
    const late = fold([...history['in-progress'], warning, overdue]);
    expect(ofHandle(sets(late, 'pending'))).toEqual([[`supervision|handle@${iso(2)}|ticket|t-1`, iso(170)]]);
    expect(sets(late, `alerts:open:unit:${UNIT}`).map(([member]) => member)).toEqual([
      `ticket|t-1|warning|handle@${iso(2)}`,
      `ticket|t-1|overdue|handle@${iso(2)}`,
    ]);
  });

  it('clears the alerts of a stage when it completes, and keeps them among all alerts', () => {
    const done = fold([
      ...history['in-progress'],
      warning,
      overdue,
      ev.contact('before-reply', 'reached', 130),
      ev.replySubmitted(131),
    ]);
    // The handling stage ended; the district's stage and the center's review run on.
    expect(done.open.map((open) => open.stage)).toEqual(['upstream', 'review']);
    expect(done.alerts.map((alert) => [alert.kind, alert.clearedAt])).toEqual([
      ['warning', iso(131)],
      ['overdue', iso(131)],
    ]);
    expect(sets(done, 'pending').filter(([member]) => member.includes('|handle@'))).toEqual([]);
    expect(sets(done, 'alerts:open')).toEqual([]);
    expect(sets(done, 'alerts:all:overdue')).toEqual([[`ticket|t-1|overdue|handle@${iso(2)}`, iso(122)]]);
  });

  it('keeps a case escalation open until the ticket ends', () => {
    const escalated: TicketEvent = {
      type: 'TicketEscalated',
      data: { reason: 'units', count: 3, unitId: UNIT, at: iso(3) },
    };
    const open = fold([...history['in-progress'], escalated]);
    expect(sets(open, 'alerts:open:units')).toEqual([['ticket|t-1|units', iso(3)]]);
    const closed = fold([...history.closed.slice(0, 5), escalated, ...history.closed.slice(5)]);
    expect(closed.alerts).toEqual([expect.objectContaining({ kind: 'units', clearedAt: iso(17) })]);
  });

  it('follows grid findings the same way: the handling stage of the unit, cleared by the feedback', () => {
    const handle = grid.due('handle', 1);
    const late: FindingEvent = {
      type: 'FindingOverdue',
      data: {
        stage: 'handle',
        startedAt: grid.iso(1),
        dueAt: handle.dueAt,
        unitId: grid.UNIT,
        superviseAt: grid.iso(60),
        at: grid.iso(4),
      },
    };
    const overdue = fold([...grid.history.dispatched, late]);
    expect(overdue.caseType).toBe('finding');
    expect(overdue.open).toEqual([
      expect.objectContaining({ stage: 'handle', unitId: grid.UNIT, overdue: true }),
    ]);
    expect(sets(overdue, `alerts:open:unit:${grid.UNIT}`).map(([member]) => member)).toEqual([
      `finding|${overdue.id}|overdue|handle@${grid.iso(1)}`,
    ]);
    const handled = fold([...grid.history.dispatched, late, grid.ev.handled(5)]);
    expect(handled.open.map((open) => open.stage)).toEqual(['check']);
    expect(handled.alerts).toEqual([expect.objectContaining({ kind: 'overdue', clearedAt: grid.iso(5) })]);
  });
});
