import type { RecordedEvent } from '#event-store';
import { shopCardDecider, type ShopCardEvent, type ShopCardState } from '#grid';
import { shopBoardProjection, type ShopBoardDoc } from './shop-board.projection.js';

/** Events of one shop as the decider makes them, recorded with positions: one group per violation. */
function history(times: readonly string[]): RecordedEvent[][] {
  let state: ShopCardState = shopCardDecider.initialState();
  const recorded: RecordedEvent[] = [];
  const groups: RecordedEvent[][] = [];
  times.forEach((time, i) => {
    const start = recorded.length;
    const events = shopCardDecider.decide(
      { type: 'RecordViolation', data: { shopId: 'shop-1', findingId: `f-${i}`, at: time } },
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
    expect(doc).toMatchObject({ shopId: 'shop-1', level: 'red', violations: 3, referrals: 1 });
    expect(shopBoardProjection.indexes(doc as ShopBoardDoc).map((e) => e.set)).toEqual(['all', 'level:red']);
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
