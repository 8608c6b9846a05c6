import { deciderSpec } from '#core/testing';
import { contextAt, due, ev, history, intake, iso, UNIT } from './testing/ticket-fixtures.js';
import type { HotlineStage } from './deadline-policy.js';
import type { TicketCommand } from './ticket.commands.js';
import { ticketDecider } from './ticket.decider.js';
import type { Ticket, TicketEvent } from './ticket.events.js';
import { openTicketStages } from './ticket.stages.js';

/*
 * Fake deadlines (hours from T0): sign 0 → due 2, warn at 2/3; accepted at 2: first contact due 26 (warn 18),
 * handle due 122 (warn 82). 督办 2 working days (48 fake hours) after the due time.
 */
const spec = deciderSpec(ticketDecider, () => contextAt(20));
const stateOf = (events: readonly TicketEvent[]) =>
  events.reduce(ticketDecider.evolve, ticketDecider.initialState()) as Ticket;
const handle = due('handle', 2);
const cmd = (
  type: 'RaiseDeadlineWarning' | 'MarkOverdue' | 'EscalateOverdue',
  stage: HotlineStage,
  startedAt = iso(2),
): TicketCommand => ({ type, data: { stage, startedAt } });
const overdueEvents = (stage: HotlineStage, dueAt: string, hour: number): TicketEvent[] => [
  {
    type: 'TicketOverdue',
    data: { stage, startedAt: iso(2), dueAt, unitId: UNIT, superviseAt: iso(hour + 48), at: iso(hour) },
  },
  {
    type: 'TicketUrged',
    data: { note: '超期自动催办', number: 1, at: iso(hour), automatic: 'overdue' },
  },
];

describe('deadline alerts of a ticket', () => {
  it('lists the open stages with their deadlines and the unit working on them', () => {
    expect(openTicketStages(stateOf(history.received))).toEqual([
      expect.objectContaining({ stage: 'upstream', dueAt: intake.upstreamDueAt }),
      expect.objectContaining({ stage: 'sign', dueAt: due('sign', 0).dueAt, warned: false, overdue: false }),
    ]);
    const stagesOf = (status: keyof typeof history) =>
      openTicketStages(stateOf(history[status])).map((open) => [open.stage, open.unitId]);
    expect(stagesOf('signed')).toEqual([
      ['upstream', undefined],
      ['dispatch', undefined],
    ]);
    expect(stagesOf('dispatched')).toEqual([
      ['upstream', UNIT],
      ['accept', UNIT],
    ]);
    expect(stagesOf('accepted')).toEqual([
      ['upstream', UNIT],
      ['firstContact', UNIT],
      ['handle', UNIT],
    ]);
    expect(stagesOf('in-progress')).toEqual([
      ['upstream', UNIT],
      ['handle', UNIT],
    ]);
    expect(stagesOf('reply-submitted')).toEqual([
      ['upstream', undefined],
      ['review', undefined],
    ]);
    expect(stagesOf('street-callback')).toEqual([
      ['upstream', undefined],
      ['callback', undefined],
    ]);
    // Parking pauses nothing of the district's clock.
    expect(stagesOf('parked')).toEqual([['upstream', undefined]]);
    for (const status of ['replied', 'closed', 'returned-upstream'] as const) {
      expect(openTicketStages(stateOf(history[status]))).toEqual([]);
    }
  });

  it('raises a warning once the warning point has passed, once', () => {
    spec
      .given(history['in-progress'])
      .when(cmd('RaiseDeadlineWarning', 'handle'), contextAt(81))
      .thenNothingHappened();
    const raised = spec
      .given(history['in-progress'])
      .when(cmd('RaiseDeadlineWarning', 'handle'), contextAt(82))
      .then([
        {
          type: 'TicketDeadlineWarning',
          data: {
            stage: 'handle',
            startedAt: iso(2),
            dueAt: handle.dueAt,
            warnAt: handle.warnAt,
            unitId: UNIT,
            at: iso(82),
          },
        },
      ]);
    spec
      .given([...history['in-progress'], ...raised])
      .when(cmd('RaiseDeadlineWarning', 'handle'), contextAt(83))
      .thenNothingHappened();
  });

  it('marks a stage overdue at its due time and urges the unit (催办), once', () => {
    spec
      .given(history['in-progress'])
      .when(cmd('MarkOverdue', 'handle'), contextAt(121.9))
      .thenNothingHappened();
    const events = spec
      .given(history['in-progress'])
      .when(cmd('MarkOverdue', 'handle'), contextAt(122))
      .then(overdueEvents('handle', handle.dueAt, 122));
    spec
      .given([...history['in-progress'], ...events])
      .when(cmd('MarkOverdue', 'handle'), contextAt(130))
      .thenNothingHappened();
    // No warning after the due time: the overdue alert says more.
    spec
      .given([...history['in-progress'], ...events])
      .when(cmd('RaiseDeadlineWarning', 'handle'), contextAt(130))
      .thenNothingHappened();
  });

  it('records nothing for a stage completed in time, returned, or not the one named', () => {
    spec
      .given(history['reply-submitted'])
      .when(cmd('MarkOverdue', 'handle'), contextAt(200))
      .thenNothingHappened();
    spec
      .given(history['in-progress'])
      .when(cmd('MarkOverdue', 'firstContact'), contextAt(200))
      .thenNothingHappened();
    spec
      .given([...history.accepted, ev.returnedToCenter(3)])
      .when(cmd('MarkOverdue', 'handle'), contextAt(200))
      .thenNothingHappened();
    spec
      .given(history['in-progress'])
      .when(cmd('MarkOverdue', 'handle', iso(1)), contextAt(200))
      .thenNothingHappened();
  });

  it('follows an approved extension: the old due time passes without an alert, the new one raises it', () => {
    const extended = [...history['in-progress'], ev.extensionRequested(4), ev.extensionApproved(5)];
    const newDue = due('handle', 2, 15).dueAt;
    spec.given(extended).when(cmd('MarkOverdue', 'handle'), contextAt(122)).thenNothingHappened();
    spec
      .given(extended)
      .when(cmd('MarkOverdue', 'handle'), contextAt(362))
      .thenEvents((events) =>
        expect(events[0]).toMatchObject({ type: 'TicketOverdue', data: { dueAt: newDue } }),
      );
  });

  it('marks the center’s own stages overdue without urging a unit', () => {
    spec
      .given(history.received)
      .when({ type: 'MarkOverdue', data: { stage: 'sign', startedAt: iso(0) } }, contextAt(3))
      .thenEvents((events) => expect(events.map((event) => event.type)).toEqual(['TicketOverdue']));
  });

  it('escalates an overdue stage still open at its 督办 point to the supervisors, once', () => {
    const overdue = [...history['in-progress'], ...overdueEvents('handle', handle.dueAt, 122)];
    spec.given(overdue).when(cmd('EscalateOverdue', 'handle'), contextAt(169)).thenNothingHappened();
    const escalated = spec
      .given(overdue)
      .when(cmd('EscalateOverdue', 'handle'), contextAt(170))
      .then([
        {
          type: 'TicketEscalated',
          data: { reason: 'overdue', stage: 'handle', startedAt: iso(2), unitId: UNIT, at: iso(170) },
        },
      ]);
    spec
      .given([...overdue, ...escalated])
      .when(cmd('EscalateOverdue', 'handle'), contextAt(171))
      .thenNothingHappened();
    // A stage replied meanwhile does not escalate.
    spec
      .given([...overdue, ev.contact('before-reply', 'reached', 130), ev.replySubmitted(131)])
      .when(cmd('EscalateOverdue', 'handle'), contextAt(170))
      .thenNothingHappened();
  });

  it('escalates on its own at the third rework or reopen, once', () => {
    const twice = [
      ...history.replied,
      ev.reopened(16, 1),
      ev.replySubmitted(17, 'reopen', due('reopen', 16).dueAt),
      ev.replyApproved(18),
      ev.streetCallback('dissatisfied', 'reached', 19),
      ev.reworkStarted(19, 1),
    ];
    expect(stateOf(twice).counts).toMatchObject({ reopens: 1, reworks: 1 });
    const third = spec
      .given([...twice, ev.replySubmitted(20, 'rework', due('rework', 19).dueAt), ev.replyApproved(21)])
      .when(
        { type: 'RecordCallback', data: { by: 'street', outcome: 'reached', satisfaction: 'dissatisfied' } },
        contextAt(22),
      )
      .thenEvents((events) =>
        expect(events.at(-1)).toEqual({
          type: 'TicketEscalated',
          data: { reason: 'repeated', count: 3, at: iso(22) },
        }),
      );
    expect(stateOf([...twice, ...third]).escalated).toEqual({ repeated: true });
  });

  it('escalates on its own when dispatched to a third unit', () => {
    const twoUnits = [
      ...history.accepted,
      ev.returnedToCenter(3),
      ev.dispatched(4, 'unit-fangguan'),
      { type: 'TicketReturnedToCenter', data: { unitId: 'unit-fangguan', reason: '不属本单位', at: iso(5) } },
    ] as TicketEvent[];
    spec
      .given(twoUnits)
      .when({ type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: [] } }, contextAt(6))
      .then([
        {
          type: 'TicketDispatched',
          data: { unitId: UNIT, coUnitIds: [], note: undefined, at: iso(6), accept: due('accept', 6) },
        },
      ]);
    spec
      .given(twoUnits)
      .when({ type: 'DispatchTicket', data: { unitId: 'unit-shichang', coUnitIds: [] } }, contextAt(6))
      .thenEvents((events) =>
        expect(events.at(-1)).toEqual({
          type: 'TicketEscalated',
          data: { reason: 'units', count: 3, unitId: 'unit-shichang', at: iso(6) },
        }),
      );
  });

  it('does not escalate on units with that rule switched off (0)', () => {
    spec
      .given([
        ...history.accepted,
        ev.returnedToCenter(3),
        ev.dispatched(4, 'b'),
        ev.accepted(4.5, 'b'),
        ev.returnedToCenter(5),
      ])
      .when(
        { type: 'DispatchTicket', data: { unitId: 'c', coUnitIds: [] } },
        contextAt(6, { escalateAfterUnits: 0 }),
      )
      .thenEvents((events) => expect(events.map((event) => event.type)).toEqual(['TicketDispatched']));
  });
});
