import type { RecordedEvent } from '#event-store';
import type { TicketEvent } from '#hotline';
import { CO_UNIT, due, ev, history, intake, iso, UNIT, upstream } from '#hotline/testing/ticket-fixtures';
import { type TicketBoardDoc, ticketBoardProjection as projection } from './ticket-board.projection.js';

/** Recorded copies of the events of stream `ticket-t-1`, at positions 1, 2, … */
const recorded = (events: readonly TicketEvent[]): RecordedEvent[] =>
  events.map((event, revision) => ({
    id: `e-${revision}`,
    stream: 'ticket-t-1',
    revision,
    position: String(revision + 1),
    type: event.type,
    data: event.data,
    metadata: {},
    recordedAt: (event.data as { at: string }).at,
  }));

const fold = (events: readonly TicketEvent[]): TicketBoardDoc | undefined =>
  recorded(events).reduce<TicketBoardDoc | undefined>(
    (doc, event) => projection.evolve(doc, event),
    undefined,
  );

/** Every doc along the history, after each event. */
const docs = (events: readonly TicketEvent[]): TicketBoardDoc[] => {
  const out: TicketBoardDoc[] = [];
  let doc: TicketBoardDoc | undefined;
  for (const event of recorded(events)) {
    doc = projection.evolve(doc, event);
    if (doc) out.push(doc);
  }
  return out;
};

const sets = (doc: TicketBoardDoc) => projection.indexes(doc).map((entry) => entry.set);

describe('ticketBoardProjection', () => {
  it('builds the doc from the intake, keyed and scored on the server time of intake', () => {
    const doc = fold([ev.received()]);
    expect(doc).toEqual(
      expect.objectContaining({
        id: 't-1',
        ticketNo: intake.ticketNo,
        title: intake.title,
        type: 'complaint',
        urgency: 'normal',
        channel: 'phone',
        categoryCode: '01.03.02',
        gridId: 'grid-07',
        status: 'received',
        unitId: null,
        coUnitIds: [],
        receivedAt: iso(0),
        updatedAt: iso(0),
        position: '1',
        warning: false,
        counts: { reworks: 0, reopens: 0 },
        deadline: { stage: 'sign', dueAt: due('sign', 0).dueAt, warnAt: due('sign', 0).warnAt },
        hasCaller: true,
        confidential: true,
        phoneMasked: '138****1234',
      }),
    );
    const entries = projection.indexes(doc!);
    expect(entries.filter((entry) => entry.set !== 'due')).toEqual(
      ['all', 'status:received', 'type:complaint', 'urgency:normal', 'grid:grid-07', 'open'].map((set) => ({
        set,
        member: 't-1',
        score: Date.parse(iso(0)),
      })),
    );
  });

  it('carries no personal data: no subject id, name, content or address', () => {
    for (const doc of docs([...history.closed])) {
      const json = JSON.stringify(doc);
      expect(json).not.toContain('subjectId');
      expect(json).not.toContain('subject-1');
      expect(json).not.toContain(intake.content);
      expect(json).not.toContain(intake.address);
    }
  });

  it('moves the ticket between the status sets as it goes through its life', () => {
    const statusSets = docs(history.closed).map((doc) =>
      sets(doc).filter((set) => set.startsWith('status:')),
    );
    expect(statusSets).toEqual(
      [
        'received',
        'signed',
        'dispatched',
        'accepted',
        'in-progress',
        'in-progress',
        'reply-submitted',
        'street-callback',
        'street-callback',
        'replied',
        'closed',
      ].map((status) => [`status:${status}`]),
    );
  });

  it('indexes the lead unit and every co-unit, and drops them when the unit returns the ticket', () => {
    const dispatched = fold(history.dispatched)!;
    expect(dispatched.unitId).toBe(UNIT);
    expect(dispatched.coUnitIds).toEqual([CO_UNIT]);
    expect(sets(dispatched)).toEqual(expect.arrayContaining([`unit:${UNIT}`, `unit:${CO_UNIT}`]));
    const returned = fold([...history.accepted, ev.returnedToCenter()])!;
    expect(returned.status).toBe('signed');
    expect(sets(returned).filter((set) => set.startsWith('unit:'))).toEqual([]);
  });

  it('leaves the open set (and the due set) when closed or returned upstream', () => {
    for (const doc of docs(history.closed).slice(0, -1)) expect(sets(doc)).toContain('open');
    const closed = fold(history.closed)!;
    expect(sets(closed)).not.toContain('open');
    expect(sets(closed)).not.toContain('due');
    expect(closed.deadline).toBeNull();
    expect(sets(fold(history['returned-upstream'])!)).not.toContain('open');
    expect(sets(fold(history.parked)!)).toContain('open');
  });

  it('shows the open step deadline: sign, dispatch, accept, handle, review, callback, rework, reopen', () => {
    const stage = (events: readonly TicketEvent[]) => fold(events)!.deadline?.stage ?? null;
    expect(stage(history.received)).toBe('sign');
    expect(stage(history.signed)).toBe('dispatch');
    expect(stage(history.dispatched)).toBe('accept');
    expect(stage(history.accepted)).toBe('handle');
    expect(stage(history['in-progress'])).toBe('handle');
    expect(stage(history['reply-submitted'])).toBe('review');
    // Parked: only the district's clock runs.
    expect(stage(history.parked)).toBe('upstream');
    expect(stage(history.replied)).toBeNull();
    expect(stage(history['street-callback'])).toBe('callback');
    const rework = [...history['street-callback'], ev.streetCallback('dissatisfied'), ev.reworkStarted()];
    expect(stage(rework)).toBe('rework');
    expect(fold(rework)!.deadline).toEqual({
      stage: 'rework',
      dueAt: due('rework', 13).dueAt,
      warnAt: due('rework', 13).warnAt,
    });
    expect(fold(rework)!.counts).toEqual({ reworks: 1, reopens: 0 });
    const reopened = fold([...history.replied, ev.reopened()])!;
    expect(reopened.status).toBe('in-progress');
    expect(reopened.deadline?.stage).toBe('reopen');
    expect(reopened.counts).toEqual({ reworks: 0, reopens: 1 });
    expect(sets(reopened)).toContain('due');
  });

  it("shows the district's deadline until the reply goes upstream, through a return and a re-dispatch", () => {
    expect(fold(history.received)!.upstream).toEqual({
      stage: 'upstream',
      dueAt: upstream.dueAt,
      warnAt: upstream.warnAt,
    });
    expect(fold([...history.accepted, ev.returnedToCenter(3), ev.dispatched(4)])!.upstream?.dueAt).toBe(
      upstream.dueAt,
    );
    expect(fold(history.replied)!.upstream).toBeNull();
    expect(fold([...history.replied, ev.reopened()])!.upstream).toBeNull();
  });

  it('follows an approved extension and a revised deadline', () => {
    const extended = fold([...history['in-progress'], ev.extensionRequested(), ev.extensionApproved()])!;
    expect(extended.deadline?.dueAt).toBe(due('handle', 2, 15).dueAt);
    const old = due('handle', 2);
    const revised = { ...old, dueAt: iso(500), warnAt: iso(400), provisional: false };
    const doc = fold([
      ...history['in-progress'],
      {
        type: 'DeadlineRevised',
        data: { stage: 'handle', old, new: revised, reason: 'official-calendar', at: iso(5) },
      },
    ])!;
    expect(doc.deadline).toEqual({ stage: 'handle', dueAt: iso(500), warnAt: iso(400) });
    expect(doc.updatedAt).toBe(iso(5));
  });

  it('marks a warning, tracks the last position and ignores events before intake and unknown types', () => {
    const warned = fold([
      ...history['street-callback'],
      { type: 'TicketMarkedAsWarning', data: { reason: '不满意倾向', at: iso(13) } },
    ])!;
    expect(warned.warning).toBe(true);
    expect(warned.position).toBe(String(history['street-callback'].length + 1));
    expect(fold([ev.signed()])).toBeUndefined();
    const doc = fold(history.received)!;
    const [unknown] = recorded([ev.signed()]);
    expect(projection.evolve(doc, { ...unknown!, type: 'SomethingElse' })).toBe(doc);
  });

  it('does not mutate the doc it is given', () => {
    const doc = fold(history.received)!;
    const copy = structuredClone(doc);
    projection.evolve(doc, recorded([...history.received, ev.signed()])[1]!);
    expect(doc).toEqual(copy);
  });
});
