import { type Bike, type BikeCommand, type BikeState, bikeStream } from '#grid';
import { Rng } from './random.js';
import {
  type Action,
  type CaseEnv,
  decideOn,
  handler,
  inspector,
  type Script,
  type SimActor,
} from './step.js';

const STORAGE_POINTS = ['storage-weihai', 'storage-datian'] as const;

/**
 * A bike awaiting removal (非机动车待清运): tagged with a notice by an inspector; the owner moves it during the
 * notice period, or the unit that handles 04-10 removes it to a storage point, where the owner claims it within the
 * window or it is disposed of after.
 */
export function* bikeScript(env: CaseEnv, n: number, arrival: number): Script {
  const { ids, mix, time, street } = env;
  const rng = new Rng(ids.seed, 'bike', n);
  const bikeId = ids.bikeId(n);
  const stream = bikeStream(bikeId);
  let now = arrival;

  function* act(at: number, actor: SimActor, command: BikeCommand): Generator<Action, Bike, unknown> {
    now = Math.max(now, at);
    const state = yield* decideOn<BikeState>('bike', stream, now, actor, command);
    if (state.status === 'none') throw new Error(`${command.type} left bike ${bikeId} without a state`);
    return state;
  }

  const grid = rng.pick(street.unitGrids);
  const patroller = inspector(rng.pick(street.inspectorsOf(grid)));
  const crew = handler(street.unitFor({ handledBy: ['04-10'] }, grid));
  let b = yield* act(arrival, patroller, {
    type: 'TagBike',
    data: {
      bikeId,
      gridId: grid.gridId,
      reason: rng.chance(mix.bikeAbandonedShare) ? 'abandoned' : 'badly-parked',
      location: street.location(grid, rng),
      address: street.address(grid, rng),
      photos: [`sim-photo/${bikeId}/notice-1.jpg`],
    },
  });
  const noticeDue = Date.parse(b.notice.dueAt);
  if (rng.chance(mix.bikeResolvedShare)) {
    const seen = time.within(rng, now, noticeDue, 'natural', 0.2, 0.9);
    const daytime = time.daytime(rng, seen, 8, 20);
    yield* act(daytime <= noticeDue ? daytime : seen, patroller, {
      type: 'ResolveBike',
      data: { note: '车主已自行移走' },
    });
    return;
  }
  b = yield* act(time.after(rng, noticeDue, 'working'), crew, {
    type: 'RemoveBike',
    data: { storagePointId: rng.pick(STORAGE_POINTS), photos: [`sim-photo/${bikeId}/removed-1.jpg`] },
  });
  if (b.claim === undefined) throw new Error(`Bike ${bikeId} was removed without a claim window`);
  const claimDue = Date.parse(b.claim.dueAt);
  if (rng.chance(mix.bikeClaimedShare)) {
    const at = time.intoOffice(rng, time.within(rng, now, claimDue, 'natural', 0.02, 0.8), claimDue);
    yield* act(at, crew, {
      type: 'ClaimBike',
      data: { claimantRef: ids.bikeClaimantRef(n), note: '车主凭证明认领' },
    });
    return;
  }
  yield* act(time.after(rng, claimDue, 'working'), crew, {
    type: 'DisposeBike',
    data: { method: '回收处置' },
  });
}
