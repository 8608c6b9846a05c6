import type { Command } from '#core';
import type { GeoPoint } from './finding.commands.js';

/** Why a bike is tagged: badly parked (乱停放) or abandoned (僵尸车). */
export type BikeTagReason = 'badly-parked' | 'abandoned';

/** 张贴告知: a notice is posted on the bike; the notice period starts. `findingId` links the grid finding. */
export type TagBike = Command<
  'TagBike',
  {
    readonly bikeId: string;
    readonly gridId: string;
    readonly reason: BikeTagReason;
    readonly location: GeoPoint;
    readonly address?: string;
    readonly photos: readonly string[];
    readonly findingId?: string;
  }
>;
/** 清运 to a storage point, after the notice period. */
export type RemoveBike = Command<
  'RemoveBike',
  { readonly storagePointId: string; readonly note?: string; readonly photos?: readonly string[] }
>;
/** 认领 by the owner within the claim window. `claimantRef` points at the personal-data vault, never a name. */
export type ClaimBike = Command<'ClaimBike', { readonly claimantRef?: string; readonly note?: string }>;
/** 处置 after the claim window (recycling, auction, scrapping as the office decides). */
export type DisposeBike = Command<'DisposeBike', { readonly method: string; readonly note?: string }>;
/** The owner moved the bike during the notice period: nothing to remove. */
export type ResolveBike = Command<'ResolveBike', { readonly note?: string }>;

/** Every command of a bike awaiting removal. */
export type BikeCommand = TagBike | RemoveBike | ClaimBike | DisposeBike | ResolveBike;
