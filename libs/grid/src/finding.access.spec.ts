import type { ActorScope, DirectoryView } from '#core';
import { deciderSpec } from '#core/testing';
import type { FindingCommand } from './finding.commands.js';
import { findingActions, findingRouteRoles } from './finding.access.js';
import { findingDecider } from './finding.decider.js';
import { evolveFinding, type Finding, type FindingEvent, initialFindingState } from './finding.events.js';
import { type BikeContext, bikeDecider } from './bike.decider.js';
import type { BikeEvent } from './bike.events.js';
import { contextAt, GRID, history, patrolReport, UNIT } from './testing/finding-fixtures.js';

const spec = deciderSpec(findingDecider, () => contextAt(3));

const dispatcher: ActorScope = { role: 'dispatcher', gridIds: [] };
const handler = (unitId: string): ActorScope => ({ role: 'handler', unitId, gridIds: [] });
const inspector = (gridIds: string[]): ActorScope => ({ role: 'inspector', gridIds });
const directory = (units: string[], grids: string[]): DirectoryView => ({
  isActiveUnit: (unitId) => units.includes(unitId),
  hasGrid: (gridId) => grids.includes(gridId),
});

const report: FindingCommand = { type: 'ReportFinding', data: patrolReport };
const handled: FindingCommand = {
  type: 'MarkHandled',
  data: { note: '已清理', photos: ['after-1'] },
};

const stateOf = (events: readonly FindingEvent[]): Finding => {
  const state = events.reduce(evolveFinding, initialFindingState());
  if (state.status === 'none') throw new Error('no finding');
  return state;
};

describe('who may act on a finding (scope and roles, in the decider)', () => {
  it('an inspector reports only in its own grids', () => {
    spec
      .given([])
      .when(report, { actor: inspector(['grid-other']) })
      .thenThrows('FINDING.NOT_YOUR_GRID', { gridId: GRID });
    spec
      .given([])
      .when(report, { actor: inspector([GRID]) })
      .then([expect.objectContaining({ type: 'FindingReported' }) as FindingEvent]);
  });

  it('a report names a grid the directory has', () => {
    spec
      .given([])
      .when(report, { directory: directory([UNIT], ['grid-other']) })
      .thenThrows('GRID.UNKNOWN_GRID', { gridId: GRID });
  });

  it('a handler of another unit does not learn of the finding: 404', () => {
    spec
      .given(history.dispatched)
      .when(handled, { actor: handler('unit-other') })
      .thenThrows('FINDING.NOT_FOUND');
  });

  it('the handler of the unit it is dispatched to handles it', () => {
    spec
      .given(history.dispatched)
      .when(handled, { actor: handler(UNIT) })
      .then([expect.objectContaining({ type: 'FindingHandled' }) as FindingEvent]);
  });

  it('a role that sends no such command is refused even in scope: 403', () => {
    spec
      .given(history.dispatched)
      .when(handled, { actor: inspector([GRID]) })
      .thenThrows('FINDING.ROLE_NOT_ALLOWED', { command: 'MarkHandled', role: 'inspector' });
  });

  it('dispatches only to a known, active unit: 422', () => {
    spec
      .given(history.filed)
      .when(
        { type: 'DispatchFinding', data: { unitId: 'unit-gone' } },
        { directory: directory([UNIT], [GRID]), actor: dispatcher },
      )
      .thenThrows('FINDING.UNKNOWN_UNIT', { unitId: 'unit-gone' });
  });
});

describe('the actions a finding view offers', () => {
  const names = (events: readonly FindingEvent[], actor: ActorScope) =>
    findingActions(stateOf(events), actor).map((action) => action.name);

  it('offers the dispatched unit’s handler handling, return and an extension request; others nothing', () => {
    expect(names(history.dispatched, handler(UNIT))).toEqual(['return', 'extension-requests', 'handled']);
    expect(names(history.dispatched, handler('unit-other'))).toEqual([]);
    expect(names(history.dispatched, dispatcher)).toEqual(['park']);
  });

  it('offers the inspector of the grid the on-site check of a handled finding', () => {
    expect(names(history.handled, inspector([GRID]))).toEqual(['check']);
    expect(names(history.handled, inspector(['grid-other']))).toEqual([]);
  });

  it('declares for each route the roles its controller accepts', () => {
    expect(findingRouteRoles('extension-decision')).toEqual(['dispatcher', 'supervisor']);
  });
});

describe('bikes are scoped by grid', () => {
  const bikeSpec = deciderSpec(bikeDecider, (): BikeContext => ({
    now: contextAt(0).now,
    deadlines: contextAt(0).deadlines,
  }));
  const tag = {
    bikeId: 'b-1',
    gridId: GRID,
    reason: 'abandoned' as const,
    location: { lat: 31.23, lng: 121.45 },
    photos: ['notice-photo'],
  };

  it('an inspector tags bikes only in its own grids, in grids the directory has', () => {
    bikeSpec
      .given([])
      .when({ type: 'TagBike', data: tag }, { actor: inspector(['grid-other']) })
      .thenThrows('BIKE.NOT_YOUR_GRID', { gridId: GRID });
    bikeSpec
      .given([])
      .when({ type: 'TagBike', data: tag }, { directory: directory([], ['grid-other']) })
      .thenThrows('GRID.UNKNOWN_GRID', { gridId: GRID });
  });

  it('a bike outside the actor’s grids is unknown to it: 404', () => {
    const tagged: BikeEvent[] = bikeSpec
      .given([])
      .when({ type: 'TagBike', data: tag })
      .then([expect.objectContaining({ type: 'BikeTagged' }) as BikeEvent]) as BikeEvent[];
    bikeSpec
      .given(tagged)
      .when({ type: 'ResolveBike', data: {} }, { actor: inspector(['grid-other']) })
      .thenThrows('BIKE.NOT_FOUND', { bikeId: 'b-1' });
  });
});
