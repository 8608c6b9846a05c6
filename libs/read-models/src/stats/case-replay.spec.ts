import type { RecordedEvent } from '#event-store';
import type { TicketEvent } from '#hotline';
import { ev, history } from '#hotline/testing/ticket-fixtures';
import { readsFor } from '../projections/bucket-query.js';
import { hotlineRatesProjection } from '../projections/hotline-rates.projection.js';
import {
  countedCases,
  groupDeltas,
  parseLogMoment,
  replayCase,
  standsAt,
  type TracedDelta,
} from './case-replay.js';

const recorded = (ticket: string, events: readonly TicketEvent[], from: number): RecordedEvent[] =>
  events.map((event, revision) => ({
    id: `${ticket}-${revision}`,
    stream: `ticket-${ticket}`,
    revision,
    position: String(from + revision),
    type: event.type,
    data: event.data,
    metadata: {},
    recordedAt: (event.data as { at: string }).at,
  }));

const MARCH = Array.from({ length: 31 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`);

describe('case replay', () => {
  it('reads asOf as a log position or an ISO time with an offset, nothing else', () => {
    expect(parseLogMoment('42')).toEqual({ position: '42' });
    expect(parseLogMoment('2026-04-03T00:00:00+08:00')).toEqual({ time: '2026-04-02T16:00:00.000Z' });
    expect(parseLogMoment('2026-04-03')).toBeUndefined();
    expect(parseLogMoment('yesterday')).toBeUndefined();
  });

  it('folds a case up to a position: the counts as the log stood then', () => {
    const events = recorded('a', [...history.replied, ev.hotlineCallback('satisfied', 'reached', 15)], 1);
    const last = events.at(-1)!;
    const counts = (stands: (event: RecordedEvent) => boolean) =>
      groupDeltas(
        readsFor(MARCH, 'none'),
        replayCase(hotlineRatesProjection, 'ticket-a', events, stands).deltas,
        'none',
      ).get('all');
    expect(counts(standsAt({ now: true }))).toMatchObject({ rated: 1, satisfied: 1, replied: 1 });
    const before = counts(standsAt({ position: String(Number(last.position) - 1) }));
    expect(before).toMatchObject({ replied: 1 });
    expect(before?.rated ?? 0).toBe(0);
    expect(counts(standsAt({ time: events[0]!.recordedAt }))).toMatchObject({ received: 1 });
  });

  it('lists one unit per count, netting a count taken back on the same day', () => {
    const event = recorded('x', [history.received[0]!], 7)[0]!;
    const later = { ...event, position: '9' };
    const hash = 'day:2026-03-05:unit';
    const deltas: TracedDelta[] = [
      { stream: 'ticket-x', event, delta: { hash, field: 'u1|replyDue', by: 1 } },
      { stream: 'ticket-x', event: later, delta: { hash, field: 'u1|replyDue', by: 1 } },
      { stream: 'ticket-x', event: later, delta: { hash, field: 'u1|replyDue', by: -1 } },
      { stream: 'ticket-y', event, delta: { hash, field: 'u1|replyDue', by: 1 } },
      { stream: 'ticket-y', event, delta: { hash, field: 'u2|replyDue', by: 1 } },
    ];
    const units = countedCases(deltas, new Map([[hash, '2026-03-05']]), 'u1|replyDue');
    expect(units.map((unit) => [unit.stream, unit.position])).toEqual([
      ['ticket-x', '7'],
      ['ticket-y', '7'],
    ]);
  });
});
