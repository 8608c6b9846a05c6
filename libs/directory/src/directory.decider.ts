import { type Decider, type DecisionContext, DomainError } from '#core';
import {
  type DirectoryEvent,
  type DirectoryState,
  evolveDirectory,
  type GridLevel,
  initialDirectoryState,
  type Role,
  ROLES,
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
  | { type: 'AssignGridInspectors'; data: { gridId: string; inspectorIds: readonly string[] } }
  | {
      type: 'RegisterAccount';
      data: {
        username: string;
        displayName: string;
        role: Role;
        unitId?: string;
        gridIds?: readonly string[];
      };
    }
  | {
      type: 'ChangeAccountScope';
      data: { username: string; role: Role; unitId?: string; gridIds?: readonly string[] };
    }
  | { type: 'DisableAccount'; data: { username: string; reason: string } }
  | { type: 'EnableAccount'; data: { username: string } };

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
 * A username (which is also the account id): lowercase letters, digits, `-`, `_`, `.`; 3 to 64 characters. Or
 * `ext:<subject>`, a subject of the office's identity provider registered here so that it can be disabled (its
 * tokens come from the provider; it has no password here).
 */
export const USERNAME_PATTERN = /^(?:[a-z0-9._-]{3,64}|ext:[A-Za-z0-9._@|-]{1,120})$/;
const DISPLAY_NAME_MAX = 100;

const unknownAccount = (username: string) =>
  new DomainError('DIRECTORY.UNKNOWN_ACCOUNT', 'not-found', `No account ${username} in the directory`, {
    username,
  });

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

interface AccountScope {
  readonly role: Role;
  readonly unitId?: string;
  readonly gridIds: readonly string[];
}

function sameScope(a: AccountScope, b: AccountScope): boolean {
  return a.role === b.role && a.unitId === b.unitId && sameSet(a.gridIds, b.gridIds);
}

function checkUsername(username: unknown): string {
  if (typeof username !== 'string' || !USERNAME_PATTERN.test(username)) {
    throw new DomainError(
      'DIRECTORY.INVALID_USERNAME',
      'invalid-input',
      'A username has 3 to 64 characters: lowercase letters, digits, - _ . (or is ext:<subject>)',
      { username },
    );
  }
  return username;
}

function checkUnitActive(state: DirectoryState, unitId: string, username: string): void {
  const unit = state.units.get(unitId);
  if (!unit) throw unknownUnit(unitId);
  if (!unit.active) {
    throw new DomainError(
      'DIRECTORY.UNIT_INACTIVE',
      'rule',
      `Unit ${unitId} is deactivated: its staff cannot have an active handler account`,
      { unitId, username },
    );
  }
}

/**
 * Checks the scope a role needs: a handler exactly one existing, active unit and no grids; an inspector at least
 * one existing grid and no unit; every other role neither. Answers the scope with duplicate grids dropped.
 */
function checkScope(
  state: DirectoryState,
  username: string,
  data: { role: Role; unitId?: string | undefined; gridIds?: readonly string[] | undefined },
): AccountScope {
  const { role, unitId } = data;
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new DomainError('DIRECTORY.INVALID_ROLE', 'invalid-input', `Unknown role ${String(role)}`, {
      username,
      role,
      allowed: ROLES,
    });
  }
  const gridIds = [...new Set(data.gridIds ?? [])];
  const notAllowed = (field: 'unitId' | 'gridIds', which: string) =>
    new DomainError('DIRECTORY.SCOPE_NOT_ALLOWED', 'invalid-input', `A ${role} account has ${which}`, {
      username,
      role,
      field,
    });
  if (role !== 'handler' && unitId !== undefined) throw notAllowed('unitId', 'no unit');
  if (role !== 'inspector' && gridIds.length > 0) throw notAllowed('gridIds', 'no grids');
  if (role === 'handler') {
    if (unitId === undefined) {
      throw new DomainError('DIRECTORY.UNIT_REQUIRED', 'invalid-input', 'A handler account needs its unit', {
        username,
        role,
        field: 'unitId',
      });
    }
    checkUnitActive(state, unitId, username);
    return { role, unitId, gridIds };
  }
  if (role === 'inspector') {
    if (gridIds.length === 0) {
      throw new DomainError(
        'DIRECTORY.GRID_REQUIRED',
        'invalid-input',
        'An inspector account needs at least one grid',
        { username, role, field: 'gridIds' },
      );
    }
    const unknown = gridIds.find((gridId) => !state.grids.has(gridId));
    if (unknown !== undefined) throw unknownGrid(unknown);
  }
  return { role, gridIds };
}

/**
 * Units, grids and accounts of the street. Registering what already exists with the same data is nothing new
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
      case 'RegisterAccount': {
        const username = checkUsername(command.data.username);
        const { displayName } = command.data;
        if (
          typeof displayName !== 'string' ||
          displayName.trim() === '' ||
          displayName.length > DISPLAY_NAME_MAX
        ) {
          throw new DomainError(
            'DIRECTORY.INVALID_DISPLAY_NAME',
            'invalid-input',
            `A display name is required, at most ${DISPLAY_NAME_MAX} characters`,
            { username },
          );
        }
        const scope = checkScope(state, username, command.data);
        const existing = state.accounts.get(username);
        if (existing) {
          if (existing.displayName === displayName && sameScope(existing, scope)) return [];
          throw new DomainError(
            'DIRECTORY.ACCOUNT_EXISTS',
            'invalid-state',
            `Account ${username} exists with other data; change its scope instead`,
            { username },
          );
        }
        return [
          { type: 'AccountRegistered', data: { accountId: username, username, displayName, ...scope } },
        ];
      }
      case 'ChangeAccountScope': {
        const { username } = command.data;
        const account = state.accounts.get(username);
        if (!account) throw unknownAccount(username);
        const scope = checkScope(state, username, command.data);
        if (sameScope(account, scope)) return [];
        return [{ type: 'AccountScopeChanged', data: { accountId: username, ...scope } }];
      }
      case 'DisableAccount': {
        const { username, reason } = command.data;
        const account = state.accounts.get(username);
        if (!account) throw unknownAccount(username);
        if (typeof reason !== 'string' || reason.trim() === '') {
          throw new DomainError(
            'DIRECTORY.REASON_REQUIRED',
            'invalid-input',
            'Disabling an account needs a reason',
            { username, field: 'reason' },
          );
        }
        if (!account.active) return [];
        return [{ type: 'AccountDisabled', data: { accountId: username, reason } }];
      }
      case 'EnableAccount': {
        const { username } = command.data;
        const account = state.accounts.get(username);
        if (!account) throw unknownAccount(username);
        if (account.active) return [];
        if (account.unitId !== undefined) checkUnitActive(state, account.unitId, username);
        return [{ type: 'AccountEnabled', data: { accountId: username } }];
      }
    }
  },
};
