import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#core';
import { GridService } from '../grid.service.js';
import { historyOf } from '../../http/history.js';
import { GetFindingQuery } from './get-finding.query.js';
import { maySee, outOfScope } from '../../auth/scope.js';

/** A finding as its stream tells it: state, deadlines per stage, rework count, history. */
@QueryHandler(GetFindingQuery)
export class GetFindingHandler implements IQueryHandler<GetFindingQuery> {
  constructor(@Inject(GridService) private readonly grid: GridService) {}

  async execute({ findingId, principal }: GetFindingQuery) {
    const { events, state } = await this.grid.readFinding(findingId);
    if (state.status === 'none') {
      throw new DomainError('FINDING.NOT_FOUND', 'not-found', `No finding ${findingId}`, { findingId });
    }
    if (!maySee(principal, { unitId: state.unitId, gridId: state.gridId }))
      throw outOfScope('finding', findingId);
    return { ...state, revision: events.length - 1, history: historyOf(events) };
  }
}
