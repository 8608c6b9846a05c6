import { due, ev, iso } from '#hotline/testing/ticket-fixtures';
import { timerPoints } from './timer-points.js';

describe('timer points of an event', () => {
  it('arms a warning and an overdue point for every deadline a stage start records', () => {
    const handle = due('handle', 2);
    const firstContact = due('firstContact', 2);
    expect(timerPoints(ev.accepted())).toEqual([
      { point: 'warning', stage: 'firstContact', startedAt: iso(2), at: firstContact.warnAt },
      { point: 'overdue', stage: 'firstContact', startedAt: iso(2), at: firstContact.dueAt },
      { point: 'warning', stage: 'handle', startedAt: iso(2), at: handle.warnAt },
      { point: 'overdue', stage: 'handle', startedAt: iso(2), at: handle.dueAt },
    ]);
  });

  it('re-arms the moved points of an extension and of a revision, not the revision’s old deadline', () => {
    const extended = due('handle', 2, 15);
    expect(timerPoints(ev.extensionApproved()).map((p) => [p.point, p.at])).toEqual([
      ['warning', extended.warnAt],
      ['overdue', extended.dueAt],
    ]);
    const revised = timerPoints({
      type: 'DeadlineRevised',
      data: {
        stage: 'handle',
        old: due('handle', 2),
        new: extended,
        reason: 'official-calendar',
        at: iso(3),
      },
    });
    expect(revised.map((p) => p.at)).toEqual([extended.warnAt, extended.dueAt]);
  });

  it('arms the 督办 point of an overdue stage, and nothing for events without deadlines', () => {
    expect(
      timerPoints({
        type: 'TicketOverdue',
        data: { stage: 'handle', startedAt: iso(2), dueAt: iso(122), superviseAt: iso(170), at: iso(122) },
      }),
    ).toEqual([{ point: 'supervision', stage: 'handle', startedAt: iso(2), at: iso(170) }]);
    expect(timerPoints(ev.contact('first'))).toEqual([]);
    // Signing starts the dispatch step clock: its points are armed.
    expect(timerPoints(ev.signed()).map(({ point, stage }) => `${stage}:${point}`)).toEqual([
      'dispatch:warning',
      'dispatch:overdue',
    ]);
    expect(timerPoints({ type: 'X', data: null })).toEqual([]);
  });
});
