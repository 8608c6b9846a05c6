import { Inject } from '@nestjs/common';
import { WriteSide } from '#commands';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock, DomainError, maySee } from '#core';
import { domainEventOf } from '#event-store';
import { type FindingEvent, findingDecider, findingOutOfScope, findingScope, findingView } from '#grid';
import { historyOf } from '../../http/history.js';
import { GetFindingQuery } from './get-finding.query.js';
import type { FindingViewResponse } from './finding-view.response.js';

/**
 * A finding read from its stream (always current), mapped to the caller's view (`findingView`): its fields, the
 * stages with their state now, the actions the caller may take, and the history.
 */
@QueryHandler(GetFindingQuery)
export class GetFindingHandler implements IQueryHandler<GetFindingQuery, FindingViewResponse> {
  constructor(
    @Inject(WriteSide) private readonly writeSide: WriteSide,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ findingId, principal }: GetFindingQuery): Promise<FindingViewResponse> {
    const { events, state } = await this.writeSide.grid.readFinding(findingId);
    if (state.status === 'none') {
      throw new DomainError('FINDING.NOT_FOUND', 'not-found', `No finding ${findingId}`, { findingId });
    }
    if (!maySee(principal, findingScope(state))) throw findingOutOfScope(findingId);
    // Upcast as every fold of a case is.
    const view = findingView(
      events.map((event) => domainEventOf<FindingEvent>(findingDecider, event)),
      {
        actor: principal,
        now: this.clock.now(),
      },
    );
    if (!view) throw new Error(`Finding ${findingId} folds to a finding but maps to none`);
    return {
      ...view,
      stages: [...view.stages],
      actions: [...view.actions],
      revision: events.length - 1,
      history: historyOf(events),
    };
  }
}
