import type { DomainEvent } from '#core';
import type { BikeTagReason, TagBike } from './bike.commands.js';
import type { GridDeadline } from './deadline-policy.js';

/** Where a bike stands: `tagged` (notice period), `removed` (at a storage point, claim window), then final. */
export type BikeStatus = 'tagged' | 'removed' | 'claimed' | 'disposed' | 'resolved';

/** Every status, in lifecycle order. */
export const BIKE_STATUSES: readonly BikeStatus[] = ['tagged', 'removed', 'claimed', 'disposed', 'resolved'];

/** The notice period's deadline is recorded: removal is allowed from its due time. */
export type BikeTagged = DomainEvent<
  'BikeTagged',
  TagBike['data'] & { readonly at: string; readonly notice: GridDeadline }
>;
/** The claim window's deadline is recorded: claims until its due time, disposal after it. */
export type BikeRemoved = DomainEvent<
  'BikeRemoved',
  {
    readonly storagePointId: string;
    readonly note?: string;
    readonly photos?: readonly string[];
    readonly at: string;
    readonly claim: GridDeadline;
  }
>;
export type BikeClaimed = DomainEvent<
  'BikeClaimed',
  { readonly claimantRef?: string; readonly note?: string; readonly at: string }
>;
export type BikeDisposed = DomainEvent<
  'BikeDisposed',
  { readonly method: string; readonly note?: string; readonly at: string }
>;
export type BikeResolved = DomainEvent<'BikeResolved', { readonly note?: string; readonly at: string }>;

/** Every event of a bike awaiting removal; the type strings are permanent. */
export type BikeEvent = BikeTagged | BikeRemoved | BikeClaimed | BikeDisposed | BikeResolved;

/** A tagged bike. */
export interface Bike {
  readonly status: BikeStatus;
  readonly bikeId: string;
  readonly gridId: string;
  readonly reason: BikeTagReason;
  readonly taggedAt: string;
  readonly notice: GridDeadline;
  readonly storagePointId?: string;
  readonly claim?: GridDeadline;
  readonly endedAt?: string;
}

/** A bike stream's state. */
export type BikeState = { readonly status: 'none' } | Bike;

/** The state of a stream with no events. */
export const initialBikeState = (): BikeState => ({ status: 'none' });

/** Folds one event into the state; deadlines are copied from the events. */
export function evolveBike(state: BikeState, event: BikeEvent): BikeState {
  if (event.type === 'BikeTagged') {
    if (state.status !== 'none') return state;
    const { bikeId, gridId, reason, at, notice } = event.data;
    return { status: 'tagged', bikeId, gridId, reason, taggedAt: at, notice };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'BikeRemoved':
      return {
        ...state,
        status: 'removed',
        storagePointId: event.data.storagePointId,
        claim: event.data.claim,
      };
    case 'BikeClaimed':
      return { ...state, status: 'claimed', endedAt: event.data.at };
    case 'BikeDisposed':
      return { ...state, status: 'disposed', endedAt: event.data.at };
    case 'BikeResolved':
      return { ...state, status: 'resolved', endedAt: event.data.at };
  }
}
