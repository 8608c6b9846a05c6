import { deciderSpec } from '#core/testing';
import type { BikeCommand, TagBike } from './bike.commands.js';
import { BIKE_COMMAND_STATUSES, bikeDecider, type BikeContext } from './bike.decider.js';
import { BIKE_STATUSES, type BikeEvent, type BikeStatus } from './bike.events.js';
import { fakeGridDeadlinePolicy } from './testing/fake-deadline-policy.js';

const policy = fakeGridDeadlinePolicy();
const T0 = Date.parse('2026-03-02T02:00:00.000Z');
const day = (n: number) => new Date(T0 + n * 86_400_000);
const ctx = (n: number, rules?: BikeContext['rules']): BikeContext => ({
  now: day(n),
  deadlines: policy,
  rules,
});
const spec = deciderSpec(bikeDecider, () => ctx(0));

const tag: TagBike['data'] = {
  bikeId: 'b-1',
  gridId: 'grid-07',
  reason: 'abandoned',
  location: { lat: 31.23, lng: 121.45 },
  photos: ['notice-photo'],
};
const notice = policy.deadline('notice', { limit: '3d' }, day(0));
const claim = policy.deadline('claim', { limit: '30d' }, day(4));
const tagged: BikeEvent = { type: 'BikeTagged', data: { ...tag, at: day(0).toISOString(), notice } };
const removed: BikeEvent = {
  type: 'BikeRemoved',
  data: { storagePointId: 'store-1', note: undefined, photos: undefined, at: day(4).toISOString(), claim },
};
const history: Record<BikeStatus, BikeEvent[]> = {
  tagged: [tagged],
  removed: [tagged, removed],
  claimed: [tagged, removed, { type: 'BikeClaimed', data: { at: day(10).toISOString() } }],
  disposed: [
    tagged,
    removed,
    { type: 'BikeDisposed', data: { method: 'recycle', at: day(40).toISOString() } },
  ],
  resolved: [tagged, { type: 'BikeResolved', data: { at: day(1).toISOString() } }],
};
const sample: Record<Exclude<BikeCommand['type'], 'TagBike'>, BikeCommand> = {
  RemoveBike: { type: 'RemoveBike', data: { storagePointId: 'store-1' } },
  ResolveBike: { type: 'ResolveBike', data: {} },
  ClaimBike: { type: 'ClaimBike', data: {} },
  DisposeBike: { type: 'DisposeBike', data: { method: 'recycle' } },
};

describe('a bike awaiting removal (非机动车待清运)', () => {
  it('records the notice deadline when tagged (3 natural days by default)', () => {
    spec.given([]).when({ type: 'TagBike', data: tag }).then([tagged]);
    expect(notice.dueAt).toBe(day(3).toISOString());
  });

  it('takes the notice period from the rules', () => {
    spec
      .given([])
      .when({ type: 'TagBike', data: tag }, { rules: { noticeDays: 7 } })
      .thenEvents(([event]) => expect(event?.type === 'BikeTagged' && event.data.notice.limit).toBe('7d'));
  });

  it.each([
    ['no photos', { photos: [] }, 'BIKE.FIELD_REQUIRED'],
    ['no bike id', { bikeId: '' }, 'BIKE.FIELD_REQUIRED'],
  ] as const)('rejects a tag with %s (400)', (_what, change, code) => {
    spec
      .given([])
      .when({ type: 'TagBike', data: { ...tag, ...change } })
      .thenThrows(code);
  });

  it('refuses to tag a bike twice (409)', () => {
    spec.given([tagged]).when({ type: 'TagBike', data: tag }).thenThrows('BIKE.ALREADY_TAGGED');
  });

  it('refuses removal during the notice period (422)', () => {
    const error = spec
      .given([tagged])
      .when(sample.RemoveBike, ctx(2.9))
      .thenThrows('BIKE.NOTICE_PERIOD_RUNNING');
    expect(error.kind).toBe('rule');
  });

  it('removes the bike once the notice period is over and opens the claim window (30 days)', () => {
    spec.given([tagged]).when(sample.RemoveBike, ctx(4)).then([removed]);
    spec
      .given([tagged])
      .when(sample.RemoveBike, ctx(3))
      .thenEvents(([e]) => expect(e?.type).toBe('BikeRemoved'));
  });

  it('needs a storage point (400)', () => {
    spec
      .given([tagged])
      .when({ type: 'RemoveBike', data: { storagePointId: '' } }, ctx(4))
      .thenThrows('BIKE.FIELD_REQUIRED');
  });

  it('lets the owner claim within the window, up to its last instant', () => {
    spec
      .given(history.removed)
      .when(sample.ClaimBike, ctx(34))
      .then([{ type: 'BikeClaimed', data: { at: day(34).toISOString() } }]);
  });

  it('refuses a claim after the window (422)', () => {
    spec.given(history.removed).when(sample.ClaimBike, ctx(34.01)).thenThrows('BIKE.CLAIM_WINDOW_CLOSED');
  });

  it('refuses disposal while the window is open (422), allows it after', () => {
    spec.given(history.removed).when(sample.DisposeBike, ctx(34)).thenThrows('BIKE.CLAIM_WINDOW_OPEN');
    spec
      .given(history.removed)
      .when(sample.DisposeBike, ctx(35))
      .then([{ type: 'BikeDisposed', data: { method: 'recycle', at: day(35).toISOString() } }]);
  });

  it('needs a disposal method (400)', () => {
    spec
      .given(history.removed)
      .when({ type: 'DisposeBike', data: { method: '' } }, ctx(35))
      .thenThrows('BIKE.FIELD_REQUIRED');
  });

  it('resolves when the owner moved the bike during the notice period', () => {
    spec
      .given([tagged])
      .when({ type: 'ResolveBike', data: { note: '车主已挪走' } }, ctx(1))
      .then([{ type: 'BikeResolved', data: { note: '车主已挪走', at: day(1).toISOString() } }]);
  });

  const labels = Object.keys(sample) as (keyof typeof sample)[];
  const rejected = labels.flatMap((label) =>
    BIKE_STATUSES.filter((s) => !(BIKE_COMMAND_STATUSES[label] as readonly BikeStatus[]).includes(s)).map(
      (s) => [label, s] as const,
    ),
  );

  it.each(rejected)('rejects %s in %s (409)', (label, status) => {
    spec.given(history[status]).when(sample[label], ctx(50)).thenThrows('BIKE.INVALID_TRANSITION', {
      command: label,
      state: status,
    });
  });

  it.each(labels)('answers %s without a tagged bike with 404', (label) => {
    spec.given([]).when(sample[label]).thenThrows('BIKE.NOT_FOUND');
  });

  it('has a history for every status', () => {
    for (const status of BIKE_STATUSES) {
      expect(history[status].reduce(bikeDecider.evolve, bikeDecider.initialState()).status).toBe(status);
    }
  });
});
