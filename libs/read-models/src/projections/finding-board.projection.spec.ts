import type { RecordedEvent } from '#event-store';
import type { FindingEvent } from '#grid';
import { due, ev, GRID, history, iso, publicReport, UNIT } from '#grid/testing/finding-fixtures';
import { type FindingBoardDoc, findingBoardProjection as projection } from './finding-board.projection.js';

const recorded = (events: readonly FindingEvent[]): RecordedEvent[] =>
  events.map((event, revision) => ({
    id: `e-${revision}`,
    stream: 'finding-f-1',
    revision,
    position: String(revision + 1),
    type: event.type,
    data: event.data,
    metadata: {},
    recordedAt: event.data.at,
  }));

const docs = (events: readonly FindingEvent[]): FindingBoardDoc[] => {
  const out: FindingBoardDoc[] = [];
  let doc: FindingBoardDoc | undefined;
  for (const event of recorded(events)) {
    doc = projection.evolve(doc, event);
    if (doc) out.push(doc);
  }
  return out;
};
const fold = (events: readonly FindingEvent[]): FindingBoardDoc | undefined => docs(events).at(-1);
const sets = (doc: FindingBoardDoc) => projection.indexes(doc).map((entry) => entry.set);
const TASKS = `inspector-task:${GRID}`;

describe('findingBoardProjection', () => {
  it('builds the doc from the report, scored on the server time of the report', () => {
    const doc = fold(history['awaiting-filing'])!;
    expect(doc).toEqual(
      expect.objectContaining({
        id: 'f-1',
        gridId: GRID,
        category: expect.objectContaining({ code: '04-06' }),
        source: 'patrol',
        status: 'awaiting-filing',
        unitId: null,
        shopId: null,
        reportedAt: iso(0),
        position: '1',
        selfHandled: false,
        counts: { reworks: 0 },
        deadline: { stage: 'file', dueAt: due('file', 0).dueAt, warnAt: due('file', 0).warnAt },
      }),
    );
    expect(Object.keys(doc.category).sort()).toEqual(['code', 'kind', 'name', 'standard']);
    expect(projection.indexes(doc).filter((entry) => entry.set !== 'due')).toEqual(
      ['all', 'status:awaiting-filing', `grid:${GRID}`, 'source:patrol', 'open'].map((set) => ({
        set,
        member: 'f-1',
        score: Date.parse(iso(0)),
      })),
    );
  });

  it('puts a public report on the task list for verification, and takes it off once verified', () => {
    const [reported, verified] = docs([ev.reported(publicReport), ev.verified()]);
    expect(sets(reported!)).toContain(TASKS);
    expect(sets(reported!)).toContain('source:public');
    expect(sets(verified!)).not.toContain(TASKS);
    expect(verified!.deadline?.stage).toBe('file');
  });

  it('adds the finding to the task list when handled and removes it at close', () => {
    const life = docs(history.closed);
    expect(life.map((doc) => [doc.status, sets(doc).includes(TASKS)])).toEqual([
      ['awaiting-filing', false],
      ['filed', false],
      ['dispatched', false],
      ['handled', true],
      ['handled', true],
      ['closed', false],
    ]);
    expect(sets(life[2]!)).toContain(`unit:${UNIT}`);
    expect(life[3]!.deadline).toEqual({
      stage: 'check',
      dueAt: due('check', 2).dueAt,
      warnAt: due('check', 2).warnAt,
    });
    const closed = life.at(-1)!;
    expect(sets(closed)).not.toContain('open');
    expect(sets(closed)).not.toContain('due');
    expect(closed.deadline).toBeNull();
  });

  it('removes the finding from the task list at rework and returns it when handled again', () => {
    const life = docs([
      ...history.handled,
      ev.checked(false),
      ev.reworkStarted(),
      ev.handled(5, 3, 'rework'),
    ]);
    const [, , , handled, checked, rework, again] = life;
    expect(sets(handled!)).toContain(TASKS);
    expect(sets(checked!)).toContain(TASKS);
    expect(rework!.status).toBe('dispatched');
    expect(sets(rework!)).not.toContain(TASKS);
    expect(rework!.deadline?.stage).toBe('rework');
    expect(rework!.counts).toEqual({ reworks: 1 });
    expect(sets(again!)).toContain(TASKS);
  });

  it('leaves the open set when invalid or cancelled, stays open when parked (without a unit)', () => {
    expect(sets(fold(history.invalid)!)).not.toContain('open');
    expect(sets(fold(history.invalid)!)).not.toContain(TASKS);
    expect(sets(fold(history.cancelled)!)).not.toContain('open');
    const parked = fold(history.parked)!;
    expect(sets(parked)).toContain('open');
    expect(parked.unitId).toBeNull();
  });

  it('shows the step clocks: verify while a report awaits verification, dispatch while filed or returned', () => {
    const board = (stage: 'verify' | 'dispatch', start: number) => ({
      stage,
      dueAt: due(stage, start).dueAt,
      warnAt: due(stage, start).warnAt,
    });
    const [reported] = docs([ev.reported(publicReport)]);
    expect(reported!.deadline).toEqual(board('verify', 0));
    expect(projection.indexes(reported!)).toContainEqual({
      set: 'due',
      member: 'f-1',
      score: Date.parse(due('verify', 0).dueAt),
    });
    const [, filed, dispatched, returned, parked] = docs([
      ...history.dispatched,
      ev.returned(1.5),
      { type: 'FindingParked', data: { reason: '需立项整治', from: 'filed', at: iso(2) } },
    ]);
    expect(filed!.deadline).toEqual(board('dispatch', 0.5));
    expect(dispatched!.deadline?.stage).toBe('handle');
    expect(returned!.deadline).toEqual(board('dispatch', 1.5));
    expect(parked!.deadline).toBeNull();
    expect(sets(parked!)).not.toContain('due');
  });

  it('shows no step clock for stages recorded before it existed (a doc built before, an older event)', () => {
    const { dispatch: _none, ...older } = ev.filed().data as Record<string, unknown>;
    const [, filed] = docs([ev.reported(), { type: 'FindingFiled', data: older } as FindingEvent]);
    expect(filed!.deadline).toBeNull();
    // A doc stored before the step clocks has no such deadlines at all.
    const { verify: _v, dispatch: _d, ...before } = fold(history['awaiting-filing'])!.deadlines;
    const stored = { ...fold(history['awaiting-filing'])!, deadlines: before };
    const [, , third] = recorded([ev.reported(), ev.filed(), ev.dispatched()]);
    expect(projection.evolve(stored, third!)?.deadline?.stage).toBe('handle');
  });

  it('moves a deadline revised after a calendar import, the handling one included', () => {
    const old = due('handle', 1);
    const revisedHandle = { ...old, dueAt: iso(27), warnAt: iso(17), calendarVersion: 'v2' };
    const revision: FindingEvent = {
      type: 'FindingDeadlineRevised',
      data: { stage: 'handle', old, new: revisedHandle, reason: 'official-calendar', at: iso(2) },
    };
    const doc = fold([...history.dispatched, revision])!;
    expect(doc.deadline).toEqual({ stage: 'handle', dueAt: iso(27), warnAt: iso(17) });
    expect(projection.indexes(doc)).toContainEqual({ set: 'due', member: 'f-1', score: Date.parse(iso(27)) });
    const verify = due('verify', 0);
    const verifyRevised: FindingEvent = {
      type: 'FindingDeadlineRevised',
      data: {
        stage: 'verify',
        old: verify,
        new: { ...verify, dueAt: iso(25) },
        reason: 'official-calendar',
        at: iso(0.2),
      },
    };
    expect(fold([ev.reported(publicReport), verifyRevised])!.deadline?.dueAt).toBe(iso(25));
  });

  it('ignores events before the report', () => {
    expect(fold([ev.filed()])).toBeUndefined();
  });
});
