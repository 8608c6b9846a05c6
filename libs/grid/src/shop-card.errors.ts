import { DomainError } from '#core';

/** The stable codes of every rejection of a shop card command. */
export const SHOP_ERRORS = {
  /** 404: no record for this shop (a refusal needs a recorded violation first). */
  NOT_FOUND: 'SHOP.NOT_FOUND',
  /** 400: a time that is not ISO-8601. */
  INVALID_TIME: 'SHOP.INVALID_TIME',
  /** 400: a required text (finding id, reason) is empty. */
  FIELD_REQUIRED: 'SHOP.FIELD_REQUIRED',
  /** 400: card rules that are not positive whole numbers. */
  INVALID_RULES: 'SHOP.INVALID_RULES',
} as const;

/** Factories for the rejections of the shop card decider. */
export const shopErrors = {
  notFound: (command: string) =>
    new DomainError(SHOP_ERRORS.NOT_FOUND, 'not-found', `${command}: the shop has no recorded violation`, {
      command,
    }),
  invalidTime: (field: string, value: string) =>
    new DomainError(SHOP_ERRORS.INVALID_TIME, 'invalid-input', `${field} is not an ISO-8601 time: ${value}`, {
      field,
      value,
    }),
  fieldRequired: (command: string, field: string) =>
    new DomainError(SHOP_ERRORS.FIELD_REQUIRED, 'invalid-input', `${command} needs ${field}`, {
      command,
      field,
    }),
  invalidRules: (field: string, value: unknown) =>
    new DomainError(
      SHOP_ERRORS.INVALID_RULES,
      'invalid-input',
      `card rule ${field} must be a positive whole number, not ${JSON.stringify(value)}`,
      { field, value },
    ),
};
