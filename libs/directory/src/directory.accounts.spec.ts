import { deciderSpec } from '#core/testing';
import { demoAccountCommands, demoStreetCommands } from './demo-street.js';
import { type DirectoryCommand, directoryDecider } from './directory.decider.js';
import type { DirectoryEvent, DirectoryState } from './directory.events.js';

const spec = deciderSpec(directoryDecider, () => ({ now: new Date('2026-11-27T01:00:00Z') }));

const enforcement: DirectoryEvent = {
  type: 'UnitRegistered',
  data: { unitId: 'enforcement', name: '南京西路城管中队', kind: 'enforcement', categories: ['04-05'] },
};
const market: DirectoryEvent = {
  type: 'UnitRegistered',
  data: { unitId: 'market', name: '南京西路市场监管所', kind: 'market-supervision', categories: [] },
};
const g1: DirectoryEvent = {
  type: 'GridRegistered',
  data: { gridId: 'g1', name: '第一综合网格', level: 'comprehensive', inspectorIds: [] },
};
const g101: DirectoryEvent = {
  type: 'GridRegistered',
  data: {
    gridId: 'g1-01',
    name: '第一综合网格1号单元网格',
    level: 'unit',
    parentGridId: 'g1',
    inspectorIds: ['inspector-g1-01'],
  },
};
const g102: DirectoryEvent = {
  type: 'GridRegistered',
  data: {
    gridId: 'g1-02',
    name: '第一综合网格2号单元网格',
    level: 'unit',
    parentGridId: 'g1',
    inspectorIds: [],
  },
};
const street = [enforcement, market, g1, g101, g102];

const handlerRegistered: DirectoryEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: 'handler-enforcement',
    username: 'handler-enforcement',
    displayName: '城管中队 处置人员',
    role: 'handler',
    unitId: 'enforcement',
    gridIds: [],
  },
};
const inspectorRegistered: DirectoryEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: 'inspector-g1-01',
    username: 'inspector-g1-01',
    displayName: '第一综合网格1号单元网格 网格员',
    role: 'inspector',
    gridIds: ['g1-01'],
  },
};
const dispatcherRegistered: DirectoryEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: 'dispatcher',
    username: 'dispatcher',
    displayName: '城运中心 派单员',
    role: 'dispatcher',
    gridIds: [],
  },
};

function fold(events: readonly DirectoryEvent[]): DirectoryState {
  return events.reduce(directoryDecider.evolve, directoryDecider.initialState());
}

describe('directory accounts', () => {
  describe('RegisterAccount', () => {
    it('registers a handler of an active unit, an inspector of grids and a center role', () => {
      spec
        .given(street)
        .when({
          type: 'RegisterAccount',
          data: {
            username: 'handler-enforcement',
            displayName: '城管中队 处置人员',
            role: 'handler',
            unitId: 'enforcement',
          },
        })
        .then([handlerRegistered]);
      spec
        .given(street)
        .when({
          type: 'RegisterAccount',
          data: {
            username: 'inspector-g1-01',
            displayName: '第一综合网格1号单元网格 网格员',
            role: 'inspector',
            gridIds: ['g1-01'],
          },
        })
        .then([inspectorRegistered]);
      spec
        .given([])
        .when({
          type: 'RegisterAccount',
          data: { username: 'dispatcher', displayName: '城运中心 派单员', role: 'dispatcher' },
        })
        .then([dispatcherRegistered]);
    });

    it('keeps the account in the state, active, with its scope', () => {
      const state = fold([...street, handlerRegistered, inspectorRegistered, dispatcherRegistered]);
      expect(state.accounts.get('handler-enforcement')).toEqual({
        accountId: 'handler-enforcement',
        username: 'handler-enforcement',
        displayName: '城管中队 处置人员',
        role: 'handler',
        unitId: 'enforcement',
        gridIds: [],
        active: true,
      });
      expect(state.accounts.get('inspector-g1-01')).toEqual({
        accountId: 'inspector-g1-01',
        username: 'inspector-g1-01',
        displayName: '第一综合网格1号单元网格 网格员',
        role: 'inspector',
        gridIds: ['g1-01'],
        active: true,
      });
      expect(state.accounts.get('dispatcher')).not.toHaveProperty('unitId');
    });

    it('drops a grid named twice', () => {
      spec
        .given(street)
        .when({
          type: 'RegisterAccount',
          data: {
            username: 'inspector-x',
            displayName: '网格员',
            role: 'inspector',
            gridIds: ['g1-01', 'g1-01'],
          },
        })
        .then([
          {
            type: 'AccountRegistered',
            data: {
              accountId: 'inspector-x',
              username: 'inspector-x',
              displayName: '网格员',
              role: 'inspector',
              gridIds: ['g1-01'],
            },
          },
        ]);
    });

    it('refuses a username that is not 3 to 64 lowercase letters, digits, - _ .', () => {
      for (const username of ['ab', 'Admin', 'wang li', '王力', 'a'.repeat(65), 'x/y']) {
        spec
          .given([])
          .when({ type: 'RegisterAccount', data: { username, displayName: '某人', role: 'dispatcher' } })
          .thenThrows('DIRECTORY.INVALID_USERNAME', { username });
      }
      spec
        .given([])
        .when({
          type: 'RegisterAccount',
          data: { username: 'a.b_c-1', displayName: '某人', role: 'dispatcher' },
        })
        .thenEvents((events) => expect(events).toHaveLength(1));
    });

    it('refuses an empty or overlong display name and an unknown role', () => {
      spec
        .given([])
        .when({
          type: 'RegisterAccount',
          data: { username: 'dispatcher', displayName: '  ', role: 'dispatcher' },
        })
        .thenThrows('DIRECTORY.INVALID_DISPLAY_NAME');
      spec
        .given([])
        .when({
          type: 'RegisterAccount',
          data: { username: 'dispatcher', displayName: '长'.repeat(101), role: 'dispatcher' },
        })
        .thenThrows('DIRECTORY.INVALID_DISPLAY_NAME');
      const error = spec
        .given([])
        .when({
          type: 'RegisterAccount',
          data: { username: 'root', displayName: '超级用户', role: 'root' as never },
        })
        .thenThrows('DIRECTORY.INVALID_ROLE', { role: 'root' });
      expect(error.kind).toBe('invalid-input');
    });

    it('needs an existing, active unit and no grids for a handler', () => {
      const handler = (data: Partial<Extract<DirectoryCommand, { type: 'RegisterAccount' }>['data']>) =>
        ({
          type: 'RegisterAccount',
          data: { username: 'handler-x', displayName: '处置人员', role: 'handler', ...data },
        }) as const;
      expect(spec.given(street).when(handler({})).thenThrows('DIRECTORY.UNIT_REQUIRED').kind).toBe(
        'invalid-input',
      );
      expect(
        spec
          .given(street)
          .when(handler({ unitId: 'nobody' }))
          .thenThrows('DIRECTORY.UNKNOWN_UNIT', {
            unitId: 'nobody',
          }).kind,
      ).toBe('not-found');
      expect(
        spec
          .given([...street, { type: 'UnitDeactivated', data: { unitId: 'enforcement', reason: '合并' } }])
          .when(handler({ unitId: 'enforcement' }))
          .thenThrows('DIRECTORY.UNIT_INACTIVE', { unitId: 'enforcement' }).kind,
      ).toBe('rule');
      spec
        .given(street)
        .when(handler({ unitId: 'enforcement', gridIds: ['g1-01'] }))
        .thenThrows('DIRECTORY.SCOPE_NOT_ALLOWED', { role: 'handler', field: 'gridIds' });
    });

    it('needs at least one existing grid and no unit for an inspector', () => {
      const inspector = (data: Partial<Extract<DirectoryCommand, { type: 'RegisterAccount' }>['data']>) =>
        ({
          type: 'RegisterAccount',
          data: { username: 'inspector-x', displayName: '网格员', role: 'inspector', ...data },
        }) as const;
      spec.given(street).when(inspector({})).thenThrows('DIRECTORY.GRID_REQUIRED', { field: 'gridIds' });
      spec
        .given(street)
        .when(inspector({ gridIds: [] }))
        .thenThrows('DIRECTORY.GRID_REQUIRED');
      spec
        .given(street)
        .when(inspector({ gridIds: ['g1-01', 'g9-99'] }))
        .thenThrows('DIRECTORY.UNKNOWN_GRID', { gridId: 'g9-99' });
      spec
        .given(street)
        .when(inspector({ gridIds: ['g1-01'], unitId: 'enforcement' }))
        .thenThrows('DIRECTORY.SCOPE_NOT_ALLOWED', { role: 'inspector', field: 'unitId' });
    });

    it('gives the other roles neither a unit nor grids', () => {
      for (const role of ['admin', 'dispatcher', 'supervisor', 'integration'] as const) {
        spec
          .given(street)
          .when({
            type: 'RegisterAccount',
            data: { username: 'someone', displayName: '某人', role, unitId: 'enforcement' },
          })
          .thenThrows('DIRECTORY.SCOPE_NOT_ALLOWED', { role, field: 'unitId' });
        spec
          .given(street)
          .when({
            type: 'RegisterAccount',
            data: { username: 'someone', displayName: '某人', role, gridIds: ['g1-01'] },
          })
          .thenThrows('DIRECTORY.SCOPE_NOT_ALLOWED', { role, field: 'gridIds' });
      }
    });

    it('treats registering the same account again as nothing new, and other data as a conflict', () => {
      spec
        .given([...street, handlerRegistered])
        .when({
          type: 'RegisterAccount',
          data: {
            username: 'handler-enforcement',
            displayName: '城管中队 处置人员',
            role: 'handler',
            unitId: 'enforcement',
            gridIds: [],
          },
        })
        .thenNothingHappened();
      spec
        .given([
          ...street,
          { ...inspectorRegistered, data: { ...inspectorRegistered.data, gridIds: ['g1-01', 'g1-02'] } },
        ])
        .when({
          type: 'RegisterAccount',
          data: {
            username: 'inspector-g1-01',
            displayName: '第一综合网格1号单元网格 网格员',
            role: 'inspector',
            gridIds: ['g1-02', 'g1-01'],
          },
        })
        .thenNothingHappened();
      const conflicts: DirectoryCommand[] = [
        {
          type: 'RegisterAccount',
          data: {
            username: 'handler-enforcement',
            displayName: '别的名字',
            role: 'handler',
            unitId: 'enforcement',
          },
        },
        {
          type: 'RegisterAccount',
          data: {
            username: 'handler-enforcement',
            displayName: '城管中队 处置人员',
            role: 'handler',
            unitId: 'market',
          },
        },
        {
          type: 'RegisterAccount',
          data: { username: 'handler-enforcement', displayName: '城管中队 处置人员', role: 'dispatcher' },
        },
      ];
      for (const command of conflicts) {
        const error = spec
          .given([...street, handlerRegistered])
          .when(command)
          .thenThrows('DIRECTORY.ACCOUNT_EXISTS', { username: 'handler-enforcement' });
        expect(error.kind).toBe('invalid-state');
      }
    });
  });

  describe('ChangeAccountScope', () => {
    it('moves a handler to another unit, or makes them an inspector', () => {
      const moved: DirectoryEvent = {
        type: 'AccountScopeChanged',
        data: { accountId: 'handler-enforcement', role: 'handler', unitId: 'market', gridIds: [] },
      };
      spec
        .given([...street, handlerRegistered])
        .when({
          type: 'ChangeAccountScope',
          data: { username: 'handler-enforcement', role: 'handler', unitId: 'market' },
        })
        .then([moved]);
      expect(fold([...street, handlerRegistered, moved]).accounts.get('handler-enforcement')).toMatchObject({
        role: 'handler',
        unitId: 'market',
        displayName: '城管中队 处置人员',
        active: true,
      });

      const becameInspector: DirectoryEvent = {
        type: 'AccountScopeChanged',
        data: { accountId: 'handler-enforcement', role: 'inspector', gridIds: ['g1-02'] },
      };
      spec
        .given([...street, handlerRegistered])
        .when({
          type: 'ChangeAccountScope',
          data: { username: 'handler-enforcement', role: 'inspector', gridIds: ['g1-02'] },
        })
        .then([becameInspector]);
      const account = fold([...street, handlerRegistered, becameInspector]).accounts.get(
        'handler-enforcement',
      );
      expect(account).toMatchObject({ role: 'inspector', gridIds: ['g1-02'] });
      expect(account).not.toHaveProperty('unitId');
    });

    it('is nothing new for the same scope, and checks the scope as registering does', () => {
      spec
        .given([...street, handlerRegistered])
        .when({
          type: 'ChangeAccountScope',
          data: { username: 'handler-enforcement', role: 'handler', unitId: 'enforcement' },
        })
        .thenNothingHappened();
      spec
        .given([...street, handlerRegistered])
        .when({ type: 'ChangeAccountScope', data: { username: 'handler-enforcement', role: 'handler' } })
        .thenThrows('DIRECTORY.UNIT_REQUIRED');
      spec
        .given([...street, handlerRegistered])
        .when({
          type: 'ChangeAccountScope',
          data: { username: 'handler-enforcement', role: 'supervisor', unitId: 'enforcement' },
        })
        .thenThrows('DIRECTORY.SCOPE_NOT_ALLOWED');
    });

    it('does not know an unknown account', () => {
      const error = spec
        .given(street)
        .when({ type: 'ChangeAccountScope', data: { username: 'nobody', role: 'dispatcher' } })
        .thenThrows('DIRECTORY.UNKNOWN_ACCOUNT', { username: 'nobody' });
      expect(error.kind).toBe('not-found');
    });
  });

  describe('DisableAccount and EnableAccount', () => {
    const disabled: DirectoryEvent = {
      type: 'AccountDisabled',
      data: { accountId: 'handler-enforcement', reason: '调离' },
    };

    it('disables an active account once, with a reason', () => {
      spec
        .given([...street, handlerRegistered])
        .when({ type: 'DisableAccount', data: { username: 'handler-enforcement', reason: '调离' } })
        .then([disabled]);
      expect(fold([...street, handlerRegistered, disabled]).accounts.get('handler-enforcement')?.active).toBe(
        false,
      );
      spec
        .given([...street, handlerRegistered, disabled])
        .when({ type: 'DisableAccount', data: { username: 'handler-enforcement', reason: '再次' } })
        .thenNothingHappened();
      spec
        .given([...street, handlerRegistered])
        .when({ type: 'DisableAccount', data: { username: 'handler-enforcement', reason: ' ' } })
        .thenThrows('DIRECTORY.REASON_REQUIRED');
      spec
        .given(street)
        .when({ type: 'DisableAccount', data: { username: 'nobody', reason: '调离' } })
        .thenThrows('DIRECTORY.UNKNOWN_ACCOUNT');
    });

    it('enables a disabled account once, a handler only while the unit is active', () => {
      const enabled: DirectoryEvent = { type: 'AccountEnabled', data: { accountId: 'handler-enforcement' } };
      spec
        .given([...street, handlerRegistered, disabled])
        .when({ type: 'EnableAccount', data: { username: 'handler-enforcement' } })
        .then([enabled]);
      expect(
        fold([...street, handlerRegistered, disabled, enabled]).accounts.get('handler-enforcement')?.active,
      ).toBe(true);
      spec
        .given([...street, handlerRegistered])
        .when({ type: 'EnableAccount', data: { username: 'handler-enforcement' } })
        .thenNothingHappened();
      spec
        .given([
          ...street,
          handlerRegistered,
          disabled,
          { type: 'UnitDeactivated', data: { unitId: 'enforcement', reason: '合并' } },
        ])
        .when({ type: 'EnableAccount', data: { username: 'handler-enforcement' } })
        .thenThrows('DIRECTORY.UNIT_INACTIVE');
      spec
        .given(street)
        .when({ type: 'EnableAccount', data: { username: 'nobody' } })
        .thenThrows('DIRECTORY.UNKNOWN_ACCOUNT');
    });
  });

  it('carries no password or hash in any account event', () => {
    let state = directoryDecider.initialState();
    const events: DirectoryEvent[] = [];
    for (const command of [...demoStreetCommands(), ...demoAccountCommands()]) {
      for (const event of directoryDecider.decide(command, state, { now: new Date() })) {
        events.push(event);
        state = directoryDecider.evolve(state, event);
      }
    }
    for (const event of events.filter((e) => e.type.startsWith('Account'))) {
      expect(Object.keys(event.data).join(',')).not.toMatch(/pass|hash|secret|salt/i);
    }
  });

  it('seeds the demo accounts: four center accounts, a handler per unit, an inspector per unit grid', () => {
    let state = directoryDecider.initialState();
    const now = new Date();
    const run = (commands: readonly DirectoryCommand[]) => {
      for (const command of commands) {
        for (const event of directoryDecider.decide(command, state, { now }))
          state = directoryDecider.evolve(state, event);
      }
    };
    run(demoStreetCommands());
    run(demoAccountCommands());
    const unitGrids = [...state.grids.values()].filter((grid) => grid.level === 'unit');
    expect(state.accounts.size).toBe(4 + state.units.size + unitGrids.length);
    for (const username of ['admin', 'dispatcher', 'supervisor', 'integration']) {
      expect(state.accounts.get(username)).toMatchObject({ role: username, gridIds: [], active: true });
    }
    for (const unit of state.units.values()) {
      expect(state.accounts.get(`handler-${unit.unitId}`)).toMatchObject({
        role: 'handler',
        unitId: unit.unitId,
        displayName: `${unit.name} 处置人员`,
      });
    }
    // Every unit grid's listed inspector has an account scoped to that grid.
    for (const grid of unitGrids) {
      for (const inspectorId of grid.inspectorIds) {
        expect(state.accounts.get(inspectorId)).toMatchObject({ role: 'inspector', gridIds: [grid.gridId] });
      }
    }
    expect(state.accounts.get('inspector-g1-01')?.displayName).toBe('第一综合网格1号单元网格 网格员');
    // Seeding twice adds nothing.
    for (const command of demoAccountCommands()) {
      expect(directoryDecider.decide(command, state, { now })).toEqual([]);
    }
  });
});
