import { findingBoardProjection, type Projection, ticketBoardProjection } from '#read-models';

/** Every projection the workers keep up to date; a new version of one is built beside the old. */
export const PROJECTIONS: readonly Projection<unknown>[] = [ticketBoardProjection, findingBoardProjection];
