import { DomainError, InvalidTransitionError } from '#core';
import type { FindingStatus } from './finding.events.js';

/** The stable codes of every rejection of a finding command; clients may rely on them. */
export const FINDING_ERRORS = {
  /** 409: the status does not allow the command (the details name the status and where it is allowed). */
  INVALID_TRANSITION: 'FINDING.INVALID_TRANSITION',
  /** 404: no finding in this stream. */
  NOT_FOUND: 'FINDING.NOT_FOUND',
  /** 409: the finding exists with a different report. */
  REPORT_CONFLICT: 'FINDING.REPORT_CONFLICT',
  /** 400: a malformed report (empty description, no location …); the details name the field. */
  INVALID_REPORT: 'FINDING.INVALID_REPORT',
  /** 400: a time that is not ISO-8601. */
  INVALID_TIME: 'FINDING.INVALID_TIME',
  /** 400: a required written reason or note is empty. */
  REASON_REQUIRED: 'FINDING.REASON_REQUIRED',
  /** 400: handling feedback or a self-handled report without after-photos. */
  AFTER_PHOTOS_REQUIRED: 'FINDING.AFTER_PHOTOS_REQUIRED',
  /** 400: only an inspector on patrol handles a finding on the spot. */
  SELF_HANDLED_NOT_PATROL: 'FINDING.SELF_HANDLED_NOT_PATROL',
  /** 403: the command names a unit the finding is not dispatched to. */
  WRONG_UNIT: 'FINDING.WRONG_UNIT',
  /** 403: the inspector is not an inspector of the finding's grid. */
  NOT_GRID_INSPECTOR: 'FINDING.NOT_GRID_INSPECTOR',
  /** 400: working days not a whole number in 1..the maximum. */
  INVALID_EXTENSION: 'FINDING.INVALID_EXTENSION',
  /** 422: an extension requested at or after the handling due time. */
  EXTENSION_AFTER_DUE: 'FINDING.EXTENSION_AFTER_DUE',
  /**
   * 422: the request would take the working days that chained extensions add to the finding past `grid.maxExtension`
   * (the details say the allowance, what was used and what remains).
   */
  EXTENSION_LIMIT: 'FINDING.EXTENSION_LIMIT',
  /** 409: another extension request is pending. */
  EXTENSION_PENDING: 'FINDING.EXTENSION_PENDING',
  /** 409: no extension request to decide. */
  NO_PENDING_EXTENSION: 'FINDING.NO_PENDING_EXTENSION',
} as const;

/** One of the codes above. */
export type FindingErrorCode = (typeof FINDING_ERRORS)[keyof typeof FINDING_ERRORS];

const E = FINDING_ERRORS;

/** Factories for the rejections of the finding decider. */
export const findingErrors = {
  invalidTransition: (command: string, status: FindingStatus, allowedIn: readonly FindingStatus[]) =>
    new InvalidTransitionError(E.INVALID_TRANSITION, command, status, allowedIn),
  notFound: (command: string) =>
    new DomainError(E.NOT_FOUND, 'not-found', `${command}: no such finding`, { command }),
  reportConflict: (findingId: string, fields: readonly string[]) =>
    new DomainError(
      E.REPORT_CONFLICT,
      'invalid-state',
      `Finding ${findingId} was reported with other content (${fields.join(', ')})`,
      { findingId, fields },
    ),
  invalidReport: (field: string, problem: string) =>
    new DomainError(E.INVALID_REPORT, 'invalid-input', `${field}: ${problem}`, { field }),
  invalidTime: (field: string, value: string) =>
    new DomainError(E.INVALID_TIME, 'invalid-input', `${field} is not an ISO-8601 time: ${value}`, {
      field,
      value,
    }),
  reasonRequired: (command: string, field = 'reason') =>
    new DomainError(E.REASON_REQUIRED, 'invalid-input', `${command} needs a written ${field}`, {
      command,
      field,
    }),
  afterPhotosRequired: (command: string, field: string) =>
    new DomainError(
      E.AFTER_PHOTOS_REQUIRED,
      'invalid-input',
      `${command} needs at least one photo of the result (${field})`,
      { command, field },
    ),
  selfHandledNotPatrol: (source: string) =>
    new DomainError(
      E.SELF_HANDLED_NOT_PATROL,
      'invalid-input',
      `Only a patrol report can be handled on the spot (自行处置), not a ${source} report`,
      { field: 'selfHandled', source },
    ),
  wrongUnit: (command: string, unitId: string, dispatchedTo: string | undefined) =>
    new DomainError(
      E.WRONG_UNIT,
      'forbidden',
      `${command}: the finding is dispatched to ${dispatchedTo ?? 'no unit'}, not to ${unitId}`,
      { command, unitId, dispatchedTo },
    ),
  notGridInspector: (gridId: string, inspectorGridIds: readonly string[]) =>
    new DomainError(
      E.NOT_GRID_INSPECTOR,
      'forbidden',
      `Only an inspector of grid ${gridId} checks this finding`,
      { gridId, inspectorGridIds },
    ),
  invalidExtension: (workingDays: number, max: number) =>
    new DomainError(
      E.INVALID_EXTENSION,
      'invalid-input',
      `An extension asks for a whole number of working days from 1 to ${max}, not ${workingDays}`,
      { field: 'workingDays', workingDays, max },
    ),
  extensionAfterDue: (dueAt: string, now: string) =>
    new DomainError(
      E.EXTENSION_AFTER_DUE,
      'rule',
      `An extension must be requested before the handling due time ${dueAt}`,
      { dueAt, now },
    ),
  extensionLimit: (
    requestedWorkingDays: number,
    allowance: { readonly limit: string; readonly workingDays: number },
    usedWorkingDays: number,
  ) => {
    const remainingWorkingDays = Math.max(0, allowance.workingDays - usedWorkingDays);
    return new DomainError(
      E.EXTENSION_LIMIT,
      'rule',
      `Extensions may add at most ${allowance.limit} to a finding: ${usedWorkingDays} working days used, ` +
        `${remainingWorkingDays} remain, ${requestedWorkingDays} asked`,
      {
        requestedWorkingDays,
        maxWorkingDays: allowance.workingDays,
        maxExtension: allowance.limit,
        usedWorkingDays,
        remainingWorkingDays,
      },
    );
  },
  extensionPending: (requestedAt: string) =>
    new DomainError(
      E.EXTENSION_PENDING,
      'invalid-state',
      `An extension request of ${requestedAt} awaits its decision`,
      { requestedAt },
    ),
  noPendingExtension: () =>
    new DomainError(E.NO_PENDING_EXTENSION, 'invalid-state', 'There is no extension request to decide'),
};
