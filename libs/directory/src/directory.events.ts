/** Kinds of level-4 units a street dispatches to. */
export const UNIT_KINDS = [
  'enforcement', // 城管中队
  'market-supervision', // 市场监管所
  'housing', // 房管办
  'police', // 派出所
  'residents-committee', // 居委会
  'property-management', // 物业
  'department', // 街道科室
  'utility', // 水电燃气等公用事业
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** 单元网格 (unit grid, the patrol cell) or 综合网格 (comprehensive grid, a group of unit grids). */
export type GridLevel = 'unit' | 'comprehensive';

/** Who may do what (docs/domain.md, the roles table). */
export const ROLES = ['admin', 'dispatcher', 'supervisor', 'handler', 'inspector', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A person (or, for `integration`, a system) that signs in. The account id is the username. No password and no
 * hash is ever part of an account or its events: credentials live in the credential store (libs/platform).
 */
export interface Account {
  readonly accountId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** The level-4 unit of a handler; no other role has one. */
  readonly unitId?: string;
  /** The grids of an inspector (at least one); no other role has any. */
  readonly gridIds: readonly string[];
  readonly active: boolean;
}

export interface Unit {
  readonly unitId: string;
  readonly name: string;
  readonly kind: UnitKind;
  /** Category codes this unit usually handles, for dispatch suggestions. */
  readonly categories: readonly string[];
  readonly active: boolean;
}

export interface Grid {
  readonly gridId: string;
  readonly name: string;
  readonly level: GridLevel;
  readonly parentGridId: string | undefined;
  /** The residents' committee (居委) whose area the grid lies in, if any. */
  readonly committeeUnitId: string | undefined;
  readonly inspectorIds: readonly string[];
}

export type DirectoryEvent =
  | {
      type: 'UnitRegistered';
      data: { unitId: string; name: string; kind: UnitKind; categories: readonly string[] };
    }
  | {
      type: 'UnitUpdated';
      data: { unitId: string; name: string; kind: UnitKind; categories: readonly string[] };
    }
  | { type: 'UnitDeactivated'; data: { unitId: string; reason: string } }
  | {
      type: 'GridRegistered';
      data: {
        gridId: string;
        name: string;
        level: GridLevel;
        parentGridId?: string;
        committeeUnitId?: string;
        inspectorIds: readonly string[];
      };
    }
  | { type: 'GridInspectorsAssigned'; data: { gridId: string; inspectorIds: readonly string[] } }
  | {
      type: 'AccountRegistered';
      data: {
        accountId: string;
        username: string;
        displayName: string;
        role: Role;
        unitId?: string;
        gridIds: readonly string[];
      };
    }
  | {
      type: 'AccountScopeChanged';
      data: { accountId: string; role: Role; unitId?: string; gridIds: readonly string[] };
    }
  | { type: 'AccountDisabled'; data: { accountId: string; reason: string } }
  | { type: 'AccountEnabled'; data: { accountId: string } };

export interface DirectoryState {
  readonly units: ReadonlyMap<string, Unit>;
  readonly grids: ReadonlyMap<string, Grid>;
  /** By account id (= username). */
  readonly accounts: ReadonlyMap<string, Account>;
}

export const initialDirectoryState = (): DirectoryState => ({
  units: new Map(),
  grids: new Map(),
  accounts: new Map(),
});

/** The account's scope fields, without an absent unit (so that an account compares equal to its event). */
function scope(data: { role: Role; unitId?: string | undefined; gridIds: readonly string[] }) {
  return {
    role: data.role,
    ...(data.unitId === undefined ? {} : { unitId: data.unitId }),
    gridIds: data.gridIds,
  };
}

/** Folds one directory event into the state. */
export function evolveDirectory(state: DirectoryState, event: DirectoryEvent): DirectoryState {
  switch (event.type) {
    case 'UnitRegistered':
    case 'UnitUpdated': {
      const units = new Map(state.units);
      units.set(event.data.unitId, { ...event.data, active: true });
      return { ...state, units };
    }
    case 'UnitDeactivated': {
      const unit = state.units.get(event.data.unitId);
      if (!unit) return state;
      const units = new Map(state.units);
      units.set(unit.unitId, { ...unit, active: false });
      return { ...state, units };
    }
    case 'GridRegistered': {
      const grids = new Map(state.grids);
      const { parentGridId, committeeUnitId, ...rest } = event.data;
      grids.set(event.data.gridId, { ...rest, parentGridId, committeeUnitId });
      return { ...state, grids };
    }
    case 'GridInspectorsAssigned': {
      const grid = state.grids.get(event.data.gridId);
      if (!grid) return state;
      const grids = new Map(state.grids);
      grids.set(grid.gridId, { ...grid, inspectorIds: event.data.inspectorIds });
      return { ...state, grids };
    }
    case 'AccountRegistered': {
      const accounts = new Map(state.accounts);
      const { accountId, username, displayName } = event.data;
      accounts.set(accountId, { accountId, username, displayName, ...scope(event.data), active: true });
      return { ...state, accounts };
    }
    case 'AccountScopeChanged': {
      const account = state.accounts.get(event.data.accountId);
      if (!account) return state;
      const accounts = new Map(state.accounts);
      const { accountId, username, displayName, active } = account;
      accounts.set(accountId, { accountId, username, displayName, ...scope(event.data), active });
      return { ...state, accounts };
    }
    case 'AccountDisabled':
    case 'AccountEnabled': {
      const account = state.accounts.get(event.data.accountId);
      if (!account) return state;
      const accounts = new Map(state.accounts);
      accounts.set(account.accountId, { ...account, active: event.type === 'AccountEnabled' });
      return { ...state, accounts };
    }
  }
}

/** The grids whose inspector an account is, as the directory records it (the token names them where there is one). */
export function inspectorGrids(state: DirectoryState, accountId: string): string[] {
  return [...state.grids.values()]
    .filter((grid) => grid.inspectorIds.includes(accountId))
    .map((grid) => grid.gridId);
}
