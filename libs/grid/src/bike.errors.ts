import { DomainError, InvalidTransitionError } from '#core';
import type { BikeStatus } from './bike.events.js';

/** The stable codes of every rejection of a bike command. */
export const BIKE_ERRORS = {
  /** 409: the status does not allow the command. */
  INVALID_TRANSITION: 'BIKE.INVALID_TRANSITION',
  /** 404: no tagged bike in this stream. */
  NOT_FOUND: 'BIKE.NOT_FOUND',
  /** 409: the bike was tagged already. */
  ALREADY_TAGGED: 'BIKE.ALREADY_TAGGED',
  /** 400: a required field is empty (storage point, photos, disposal method). */
  FIELD_REQUIRED: 'BIKE.FIELD_REQUIRED',
  /** 400: bike rules that are not positive whole numbers. */
  INVALID_RULES: 'BIKE.INVALID_RULES',
  /** 422: removal before the notice period is over. */
  NOTICE_PERIOD_RUNNING: 'BIKE.NOTICE_PERIOD_RUNNING',
  /** 422: a claim after the claim window closed. */
  CLAIM_WINDOW_CLOSED: 'BIKE.CLAIM_WINDOW_CLOSED',
  /** 422: disposal while the claim window is still open. */
  CLAIM_WINDOW_OPEN: 'BIKE.CLAIM_WINDOW_OPEN',
} as const;

/** Factories for the rejections of the bike decider. */
export const bikeErrors = {
  invalidTransition: (command: string, status: BikeStatus, allowedIn: readonly BikeStatus[]) =>
    new InvalidTransitionError(BIKE_ERRORS.INVALID_TRANSITION, command, status, allowedIn),
  notFound: (command: string) =>
    new DomainError(BIKE_ERRORS.NOT_FOUND, 'not-found', `${command}: no such bike`, { command }),
  alreadyTagged: (bikeId: string) =>
    new DomainError(BIKE_ERRORS.ALREADY_TAGGED, 'invalid-state', `Bike ${bikeId} is tagged already`, {
      bikeId,
    }),
  fieldRequired: (command: string, field: string) =>
    new DomainError(BIKE_ERRORS.FIELD_REQUIRED, 'invalid-input', `${command} needs ${field}`, {
      command,
      field,
    }),
  invalidRules: (field: string, value: unknown) =>
    new DomainError(
      BIKE_ERRORS.INVALID_RULES,
      'invalid-input',
      `bike rule ${field} must be a positive whole number, not ${JSON.stringify(value)}`,
      { field, value },
    ),
  noticePeriodRunning: (dueAt: string, now: string) =>
    new DomainError(
      BIKE_ERRORS.NOTICE_PERIOD_RUNNING,
      'rule',
      `The notice period runs until ${dueAt}: the bike cannot be removed yet`,
      { dueAt, now },
    ),
  claimWindowClosed: (dueAt: string, now: string) =>
    new DomainError(BIKE_ERRORS.CLAIM_WINDOW_CLOSED, 'rule', `The claim window closed at ${dueAt}`, {
      dueAt,
      now,
    }),
  claimWindowOpen: (dueAt: string, now: string) =>
    new DomainError(
      BIKE_ERRORS.CLAIM_WINDOW_OPEN,
      'rule',
      `The claim window is open until ${dueAt}: the bike cannot be disposed of yet`,
      { dueAt, now },
    ),
};
