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
  | { type: 'GridInspectorsAssigned'; data: { gridId: string; inspectorIds: readonly string[] } };

export interface DirectoryState {
  readonly units: ReadonlyMap<string, Unit>;
  readonly grids: ReadonlyMap<string, Grid>;
}

export const initialDirectoryState = (): DirectoryState => ({ units: new Map(), grids: new Map() });

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
  }
}
