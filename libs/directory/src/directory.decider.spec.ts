import { deciderSpec } from '#core/testing';
import { demoStreetCommands } from './demo-street.js';
import { directoryDecider } from './directory.decider.js';
import type { DirectoryEvent } from './directory.events.js';

const spec = deciderSpec(directoryDecider, () => ({ now: new Date('2026-11-27T01:00:00Z') }));
const enforcement: DirectoryEvent = {
  type: 'UnitRegistered',
  data: { unitId: 'enforcement', name: '南京西路城管中队', kind: 'enforcement', categories: ['04-05'] },
};
const g1: DirectoryEvent = {
  type: 'GridRegistered',
  data: { gridId: 'g1', name: '第一综合网格', level: 'comprehensive', inspectorIds: [] },
};

describe('directory decider', () => {
  it('registers a unit', () => {
    spec
      .given([])
      .when({
        type: 'RegisterUnit',
        data: { unitId: 'enforcement', name: '南京西路城管中队', kind: 'enforcement', categories: ['04-05'] },
      })
      .then([enforcement]);
  });

  it('treats registering the same unit again as nothing new, and other data as a conflict', () => {
    spec
      .given([enforcement])
      .when({
        type: 'RegisterUnit',
        data: { unitId: 'enforcement', name: '南京西路城管中队', kind: 'enforcement', categories: ['04-05'] },
      })
      .thenNothingHappened();
    spec
      .given([enforcement])
      .when({ type: 'RegisterUnit', data: { unitId: 'enforcement', name: '别的名字', kind: 'enforcement' } })
      .thenThrows('DIRECTORY.UNIT_EXISTS');
  });

  it('updates and deactivates only a known unit', () => {
    spec
      .given([])
      .when({ type: 'UpdateUnit', data: { unitId: 'x', name: 'x', kind: 'other' } })
      .thenThrows('DIRECTORY.UNKNOWN_UNIT', { unitId: 'x' });
    spec
      .given([enforcement])
      .when({ type: 'DeactivateUnit', data: { unitId: 'enforcement', reason: '合并' } })
      .then([{ type: 'UnitDeactivated', data: { unitId: 'enforcement', reason: '合并' } }]);
    spec
      .given([enforcement, { type: 'UnitDeactivated', data: { unitId: 'enforcement', reason: '合并' } }])
      .when({ type: 'DeactivateUnit', data: { unitId: 'enforcement', reason: '再次' } })
      .thenNothingHappened();
  });

  it('registers a unit grid under a known comprehensive grid and refuses an unknown parent or committee', () => {
    spec
      .given([g1])
      .when({
        type: 'RegisterGrid',
        data: {
          gridId: 'g1-01',
          name: '1号',
          level: 'unit',
          parentGridId: 'g1',
          inspectorIds: ['inspector-g1-01'],
        },
      })
      .then([
        {
          type: 'GridRegistered',
          data: {
            gridId: 'g1-01',
            name: '1号',
            level: 'unit',
            parentGridId: 'g1',
            inspectorIds: ['inspector-g1-01'],
          },
        },
      ]);
    spec
      .given([])
      .when({
        type: 'RegisterGrid',
        data: { gridId: 'g1-01', name: '1号', level: 'unit', parentGridId: 'g9' },
      })
      .thenThrows('DIRECTORY.UNKNOWN_GRID', { gridId: 'g9' });
    spec
      .given([])
      .when({
        type: 'RegisterGrid',
        data: { gridId: 'g1', name: '1', level: 'comprehensive', committeeUnitId: 'nobody' },
      })
      .thenThrows('DIRECTORY.UNKNOWN_UNIT');
  });

  it('assigns inspectors to a grid, once', () => {
    const assigned: DirectoryEvent = {
      type: 'GridInspectorsAssigned',
      data: { gridId: 'g1', inspectorIds: ['i-1'] },
    };
    spec
      .given([g1])
      .when({ type: 'AssignGridInspectors', data: { gridId: 'g1', inspectorIds: ['i-1'] } })
      .then([assigned]);
    spec
      .given([g1, assigned])
      .when({ type: 'AssignGridInspectors', data: { gridId: 'g1', inspectorIds: ['i-1'] } })
      .thenNothingHappened();
  });

  it('seeds the demo street: about a dozen units and a few dozen grids, and seeding twice adds nothing', () => {
    let state = directoryDecider.initialState();
    const now = new Date();
    for (const command of demoStreetCommands()) {
      for (const event of directoryDecider.decide(command, state, { now }))
        state = directoryDecider.evolve(state, event);
    }
    expect(state.units.size).toBe(12);
    expect(state.grids.size).toBe(31);
    expect(state.grids.get('g2-03')).toMatchObject({
      level: 'unit',
      parentGridId: 'g2',
      inspectorIds: ['inspector-g2-03'],
    });
    for (const command of demoStreetCommands()) {
      expect(directoryDecider.decide(command, state, { now })).toEqual([]);
    }
  });
});
