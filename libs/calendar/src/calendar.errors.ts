import { DomainError } from '#core';

/**
 * Bad calendar input: an impossible date, a malformed schedule or override, a duration that does not parse, a year
 * the calendar cannot answer for. Always `invalid-input` (HTTP 400) when it reaches an endpoint.
 */
export class CalendarError extends DomainError {
  override readonly name = 'CalendarError';

  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(code, 'invalid-input', message, details);
  }
}

/** A bad SLA rule set; the message starts with the JSON path of the bad value (`hotline.handle.complaint: …`). */
export class SlaRulesError extends DomainError {
  override readonly name = 'SlaRulesError';

  constructor(
    readonly path: string,
    problem: string,
  ) {
    super('SLA.INVALID_RULES', 'invalid-input', `${path || '(root)'}: ${problem}`, { path });
  }
}
