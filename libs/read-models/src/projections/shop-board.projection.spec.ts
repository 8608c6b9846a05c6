import type { RecordedEvent } from '#event-store';
import { shopCardDecider, type ShopCardEvent, type ShopCardState } from '#grid';
import { shopBoardProjection, type ShopBoardDoc } from './shop-board.projection.js';

/**
 * Events of one shop as the decider makes them, recorded with positions: one group per violation. A violation is
 * a time (found and confirmed then) or [found, confirmed when its finding closed].
 */
function history(times: readonly (string | readonly [string, string])[]): RecordedEvent[][] {
  let state: ShopCardState = shopCardDecider.initialState();
  const recorded: RecordedEvent[] = [];
  const groups: RecordedEvent[][] = [];
  times.forEach((entry, i) => {
    const [found, time] = typeof entry === 'string' ? [entry, entry] : entry;
    const start = recorded.length;
    const events = shopCardDecider.decide(
      { type: 'RecordViolation', data: { shopId: 'shop-1', findingId: `f-${i}`, at: found } },
      state,
      { now: new Date(time) },
    );
    for (const event of events) {
      state = shopCardDecider.evolve(state, event);
      recorded.push({
        id: `e-${recorded.length}`,
        stream: 'shop-shop-1',
        revision: recorded.length,
        position: String(recorded.length + 1),
        type: event.type,
        data: event.data,
        metadata: {},
        recordedAt: time,
      });
    }
    groups.push(recorded.slice(start));
  });
  return groups;
}

const fold = (events: readonly RecordedEvent[]) =>
  events.reduce<ShopBoardDoc | undefined>((doc, event) => shopBoardProjection.evolve(doc, event), undefined);

describe('shop board projection', () => {
  it('follows the card: warning, yellow, red with a referral, counting violations', () => {
    const groups = history(['2026-03-02T02:00:00Z', '2026-03-05T02:00:00Z', '2026-03-09T02:00:00Z']);
    const levels = groups.map((_, n) => fold(groups.slice(0, n + 1).flat())?.level);
    expect(levels).toEqual(['warning', 'yellow', 'red']);
    const doc = fold(groups.flat());
    expect(doc).toMatchObject({
      shopId: 'shop-1',
      level: 'red',
      violations: 3,
      referrals: 1,
      lastViolationFoundAt: '2026-03-09T02:00:00.000Z',
    });
    expect(shopBoardProjection.indexes(doc as ShopBoardDoc).map((e) => e.set)).toEqual(['all', 'level:red']);
  });

  it('dates violations when they were found: the window, the latest incident and the order of the board', () => {
    // Found on 2 and 20 March, both confirmed on 10 April: inside 30 days of each other, so a yellow card.
    const groups = history([
      ['2026-03-20T02:00:00.000Z', '2026-04-10T02:00:00.000Z'],
      ['2026-03-02T02:00:00.000Z', '2026-04-10T03:00:00.000Z'],
    ]);
    const doc = fold(groups.flat()) as ShopBoardDoc;
    expect(doc).toMatchObject({
      level: 'yellow',
      violations: 2,
      lastIncidentAt: '2026-03-20T02:00:00.000Z',
      lastViolationFoundAt: '2026-03-20T02:00:00.000Z',
      updatedAt: '2026-04-10T03:00:00.000Z',
    });
    expect(shopBoardProjection.indexes(doc)[0]).toEqual({
      set: 'all',
      member: 'shop-1',
      score: Date.parse('2026-03-20T02:00:00.000Z'),
    });
  });

  it('keeps no document for events that do not start a card', () => {
    const stray = { type: 'CardCleared', data: { at: '2026-03-02T02:00:00Z' } } as unknown as ShopCardEvent;
    const recorded = {
      ...history(['2026-03-02T02:00:00Z'])[0],
      type: stray.type,
      data: stray.data,
    } as RecordedEvent;
    expect(fold([recorded])).toBeUndefined();
  });
});
