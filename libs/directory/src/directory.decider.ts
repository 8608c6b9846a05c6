import { type Decider, type DecisionContext, DomainError } from '#core';
import {
  type DirectoryEvent,
  type DirectoryState,
  evolveDirectory,
  type GridLevel,
  initialDirectoryState,
  type UnitKind,
} from './directory.events.js';

export type DirectoryCommand =
  | {
      type: 'RegisterUnit';
      data: { unitId: string; name: string; kind: UnitKind; categories?: readonly string[] };
    }
  | {
      type: 'UpdateUnit';
      data: { unitId: string; name: string; kind: UnitKind; categories?: readonly string[] };
    }
  | { type: 'DeactivateUnit'; data: { unitId: string; reason: string } }
  | {
      type: 'RegisterGrid';
      data: {
        gridId: string;
        name: string;
        level: GridLevel;
        parentGridId?: string;
        committeeUnitId?: string;
        inspectorIds?: readonly string[];
      };
    }
  | { type: 'AssignGridInspectors'; data: { gridId: string; inspectorIds: readonly string[] } };

/** The one directory stream of this street's center. */
export const DIRECTORY_STREAM = 'directory-street';

const unknownUnit = (unitId: string) =>
  new DomainError('DIRECTORY.UNKNOWN_UNIT', 'not-found', `No unit ${unitId} in the directory`, { unitId });
const unknownGrid = (gridId: string) =>
  new DomainError('DIRECTORY.UNKNOWN_GRID', 'not-found', `No grid ${gridId} in the directory`, { gridId });

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * Units and grids of the street. Registering what already exists with the same data is nothing new
 * (so the demo seed and admin scripts can run again); with other data it is a conflict.
 */
export const directoryDecider: Decider<DirectoryCommand, DirectoryEvent, DirectoryState, DecisionContext> = {
  initialState: initialDirectoryState,
  evolve: evolveDirectory,
  decide(command, state): DirectoryEvent[] {
    switch (command.type) {
      case 'RegisterUnit': {
        const categories = command.data.categories ?? [];
        const existing = state.units.get(command.data.unitId);
        if (existing) {
          if (
            existing.name === command.data.name &&
            existing.kind === command.data.kind &&
            same(existing.categories, categories)
          ) {
            return [];
          }
          throw new DomainError(
            'DIRECTORY.UNIT_EXISTS',
            'invalid-state',
            `Unit ${command.data.unitId} exists with other data; update it instead`,
            { unitId: command.data.unitId },
          );
        }
        return [{ type: 'UnitRegistered', data: { ...command.data, categories } }];
      }
      case 'UpdateUnit': {
        if (!state.units.has(command.data.unitId)) throw unknownUnit(command.data.unitId);
        return [
          { type: 'UnitUpdated', data: { ...command.data, categories: command.data.categories ?? [] } },
        ];
      }
      case 'DeactivateUnit': {
        const unit = state.units.get(command.data.unitId);
        if (!unit) throw unknownUnit(command.data.unitId);
        if (!unit.active) return [];
        return [{ type: 'UnitDeactivated', data: command.data }];
      }
      case 'RegisterGrid': {
        const { gridId, parentGridId, committeeUnitId } = command.data;
        const inspectorIds = command.data.inspectorIds ?? [];
        if (parentGridId !== undefined && !state.grids.has(parentGridId)) throw unknownGrid(parentGridId);
        if (committeeUnitId !== undefined && !state.units.has(committeeUnitId))
          throw unknownUnit(committeeUnitId);
        const existing = state.grids.get(gridId);
        if (existing) {
          const unchanged =
            existing.name === command.data.name &&
            existing.level === command.data.level &&
            existing.parentGridId === parentGridId &&
            existing.committeeUnitId === committeeUnitId &&
            same(existing.inspectorIds, inspectorIds);
          if (unchanged) return [];
          throw new DomainError(
            'DIRECTORY.GRID_EXISTS',
            'invalid-state',
            `Grid ${gridId} exists with other data`,
            {
              gridId,
            },
          );
        }
        return [{ type: 'GridRegistered', data: { ...command.data, inspectorIds } }];
      }
      case 'AssignGridInspectors': {
        const grid = state.grids.get(command.data.gridId);
        if (!grid) throw unknownGrid(command.data.gridId);
        if (same(grid.inspectorIds, command.data.inspectorIds)) return [];
        return [{ type: 'GridInspectorsAssigned', data: command.data }];
      }
    }
  },
};
