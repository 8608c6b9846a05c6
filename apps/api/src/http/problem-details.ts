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
  idempotencyKeyReused: 'urn:chengyun:problem:idempotency-key-reused',
  unsupportedMediaType: 'urn:chengyun:problem:unsupported-media-type',
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

/**
 * Errors Fastify's router answers before any route or Nest filter runs — a malformed URL (400) or a path parameter
 * longer than the router takes (414) — as problem documents like every other error (FastifyAdapter `frameworkErrors`).
 */
export function frameworkErrorAsProblem(
  error: { readonly statusCode?: number; readonly code?: string },
  url?: string,
): ProblemDetails {
  const status = error.statusCode === 414 || error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
  return {
    type: PROBLEM_TYPES.validation,
    title: status === 414 ? 'URI too long' : 'Malformed URL',
    status,
    detail: status === 414 ? 'A path parameter is longer than any id' : 'The URL could not be decoded',
    ...(url === undefined ? {} : { instance: (url.split('?')[0] ?? '').slice(0, 200) }),
  };
}
