/** One invalid field of a request. `field` is a dotted path into the body (`caller.phone`, `category.code`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An RFC 9457 problem document, as every error response carries it. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

/** The problem types of this API; `type` URIs are stable and documented in docs/api.md. */
export const PROBLEM_TYPES = {
  validation: 'urn:chengyun:problem:validation',
  notFound: 'urn:chengyun:problem:not-found',
  invalidState: 'urn:chengyun:problem:invalid-state',
  rule: 'urn:chengyun:problem:domain-rule',
  forbidden: 'urn:chengyun:problem:forbidden',
  unauthorized: 'urn:chengyun:problem:unauthorized',
  staleRevision: 'urn:chengyun:problem:stale-revision',
  conflict: 'urn:chengyun:problem:conflict',
  payloadTooLarge: 'urn:chengyun:problem:payload-too-large',
  unavailable: 'urn:chengyun:problem:unavailable',
  tooManyRequests: 'urn:chengyun:problem:too-many-requests',
  internal: 'urn:chengyun:problem:internal',
  http: 'urn:chengyun:problem:http',
} as const;

/** Too many attempts (failed logins): 429 with Retry-After. */
export class TooManyRequestsError extends Error {
  override readonly name = 'TooManyRequestsError';

  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super(message);
  }
}
