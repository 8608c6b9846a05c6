/**
 * The kind of a domain error decides its HTTP status in one place (the problem+json filter):
 * `not-found` 404, `invalid-state` 409, `rule` 422, `forbidden` 403, `invalid-input` 400.
 */
export type DomainErrorKind = 'not-found' | 'invalid-state' | 'rule' | 'forbidden' | 'invalid-input';

/** A rejection by the domain, with a stable code (`TICKET.ALREADY_CLOSED`) that clients may rely on. */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';

  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** A command that the aggregate's current state does not allow; names the state and what it allows. */
export class InvalidTransitionError extends DomainError {
  override readonly name = 'InvalidTransitionError';

  constructor(code: string, command: string, state: string, allowedIn: readonly string[]) {
    super(
      code,
      'invalid-state',
      `${command} is not allowed in state ${state}; it is allowed in: ${allowedIn.join(', ') || 'no state'}`,
      { command, state, allowedIn },
    );
  }
}

/** Narrowing helper for exhaustive switches: the compiler proves the default is unreachable. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
