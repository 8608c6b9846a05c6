import type { Projection } from './projection.js';
import { caseAlertsProjection } from './projections/case-alerts.projection.js';
import { findingBoardProjection } from './projections/finding-board.projection.js';
import { gridRatesProjection } from './projections/grid-rates.projection.js';
import { hotlineRatesProjection } from './projections/hotline-rates.projection.js';
import { shopBoardProjection } from './projections/shop-board.projection.js';
import { ticketBoardProjection } from './projections/ticket-board.projection.js';

/** Every projection the workers keep up to date; a new version of one is built beside the old. */
export const PROJECTIONS: readonly Projection<unknown>[] = [
  ticketBoardProjection,
  findingBoardProjection,
  hotlineRatesProjection,
  gridRatesProjection,
  shopBoardProjection,
  caseAlertsProjection,
];

/** The BullMQ queue of one projection partition: `projection.<name>.v<version>.p<partition>`. */
export function projectionQueueName(
  projection: Pick<Projection<unknown>, 'name' | 'version'>,
  partition: number,
): string {
  return `projection.${projection.name}.v${projection.version}.p${partition}`;
}
