import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '#core';
import {
  ConflictRetriesExhaustedError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  IdempotencyKeyReusedError,
  StaleRevisionError,
} from '#event-store';
import type { JsonLogger } from '#platform';
import { PROBLEM_TYPES, type ProblemDetails, TooManyRequestsError } from './problem-details.js';
import { RequestValidationError } from './validation.js';

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

interface RequestLike {
  readonly url?: string;
}

const DOMAIN_STATUS: Record<DomainErrorKind, { status: number; type: string; title: string }> = {
  'not-found': { status: 404, type: PROBLEM_TYPES.notFound, title: 'Not found' },
  'invalid-state': {
    status: 409,
    type: PROBLEM_TYPES.invalidState,
    title: 'Not allowed in the current state',
  },
  rule: { status: 422, type: PROBLEM_TYPES.rule, title: 'Rejected by a rule of the domain' },
  forbidden: { status: 403, type: PROBLEM_TYPES.forbidden, title: 'Forbidden' },
  'invalid-input': { status: 400, type: PROBLEM_TYPES.validation, title: 'Invalid input' },
};

/** At most this many field errors are listed; the rest are counted in `errorsOmitted`. */
export const MAX_LISTED_ERRORS = 20;

/** Seconds a client should wait before retrying a command that met an unavailable store. */
const RETRY_AFTER_SECONDS = 1;

/** Maps every error to RFC 9457 problem+json; unexpected ones are logged with their cause and answer 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<ReplyLike>();
    const request = http.getRequest<RequestLike>();
    const problem = this.toProblem(error, request.url);
    reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8');
    if (problem.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterS));
    reply.send(problem);
  }

  toProblem(error: unknown, instance?: string): ProblemDetails {
    const base = instance === undefined ? {} : { instance: instance.split('?')[0] };
    if (error instanceof RequestValidationError) {
      // A body of many bad fields must not answer a document many times its size.
      const errors = error.errors.slice(0, MAX_LISTED_ERRORS).map((e) => ({
        field: e.field.slice(0, 200),
        message: e.message.slice(0, 300),
      }));
      const omitted = error.errors.length - errors.length;
      return {
        ...base,
        type: PROBLEM_TYPES.validation,
        title: 'Invalid request',
        status: 400,
        detail:
          (errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'The request is not valid') +
          (omitted > 0 ? `; and ${omitted} more` : ''),
        errors,
        ...(omitted > 0 ? { errorsOmitted: omitted } : {}),
      };
    }
    if (error instanceof DomainError && error.kind === 'not-found' && error.code.endsWith('.NOT_FOUND')) {
      // One text for "there is none" and "there is one, but not for you": a 404 must not tell a case exists.
      const noun = error.code.slice(0, -'.NOT_FOUND'.length).toLowerCase();
      return {
        ...base,
        ...DOMAIN_STATUS['not-found'],
        detail: `No ${noun} with this id in your scope`,
        code: error.code,
      };
    }
    if (error instanceof DomainError) {
      const mapped = DOMAIN_STATUS[error.kind];
      return { ...base, ...mapped, detail: error.message, code: error.code, ...error.details };
    }
    if (error instanceof TooManyRequestsError) {
      return {
        ...base,
        type: PROBLEM_TYPES.tooManyRequests,
        title: 'Too many requests',
        status: 429,
        detail: error.message,
        retryAfterSeconds: error.retryAfterS,
      };
    }
    if (error instanceof IdempotencyKeyReusedError) {
      return {
        ...base,
        type: PROBLEM_TYPES.idempotencyKeyReused,
        title: 'Idempotency-Key reused',
        status: 422,
        detail:
          'This Idempotency-Key was first sent with another request (account, route or body); nothing was done',
        code: 'IDEMPOTENCY_KEY_REUSED',
      };
    }
    if (error instanceof StaleRevisionError) {
      return {
        ...base,
        type: PROBLEM_TYPES.staleRevision,
        title: 'Stale revision',
        status: 412,
        detail: `If-Match named revision ${error.expected}, but the resource is at revision ${String(error.actual)}`,
        currentRevision: error.actual === 'no-stream' ? null : error.actual,
      };
    }
    if (error instanceof ConflictRetriesExhaustedError || error instanceof DuplicateEventIdError) {
      return {
        ...base,
        type: PROBLEM_TYPES.conflict,
        title: 'Conflict',
        status: 409,
        detail: 'The resource kept changing while this command was applied; read it again and retry',
      };
    }
    if (error instanceof EventStoreUnavailableError) {
      this.logger.event('warn', 'event store unavailable', { error: error.message }, 'ProblemDetailsFilter');
      return {
        ...base,
        type: PROBLEM_TYPES.unavailable,
        title: 'Service unavailable',
        status: 503,
        detail: 'The event store is unavailable; nothing was written. Retry after a moment.',
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const type =
        status === 404
          ? PROBLEM_TYPES.notFound
          : status === 413
            ? PROBLEM_TYPES.payloadTooLarge
            : status === 415
              ? PROBLEM_TYPES.unsupportedMediaType
              : status === 401
                ? PROBLEM_TYPES.unauthorized
                : status === 403
                  ? PROBLEM_TYPES.forbidden
                  : PROBLEM_TYPES.http;
      return { ...base, type, title: titleOf(status), status, detail: error.message };
    }
    const fastifyStatus = (error as { statusCode?: unknown }).statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own rejections (body too large, malformed JSON, wrong content type) are the client's fault.
      return {
        ...base,
        type:
          fastifyStatus === 413
            ? PROBLEM_TYPES.payloadTooLarge
            : fastifyStatus === 415
              ? PROBLEM_TYPES.unsupportedMediaType
              : PROBLEM_TYPES.validation,
        title: titleOf(fastifyStatus),
        status: fastifyStatus,
        detail:
          fastifyStatus === 413
            ? 'The request body is too large'
            : fastifyStatus === 415
              ? 'Bodies are application/json (UTF-8), or an image where a route takes one'
              : fastifyStatus === 408
                ? 'The request was not received in time'
                : 'The request body could not be read',
      };
    }
    this.logger.error(error instanceof Error ? error : new Error(String(error)), 'ProblemDetailsFilter');
    return {
      ...base,
      type: PROBLEM_TYPES.internal,
      title: 'Internal error',
      status: 500,
      detail: 'An unexpected error occurred; it was logged',
    };
  }
}

function titleOf(status: number): string {
  const name = HttpStatus[status];
  return typeof name === 'string'
    ? name
        .toLowerCase()
        .split('_')
        .map((word, i) => (i === 0 ? word[0]?.toUpperCase() + word.slice(1) : word))
        .join(' ')
    : 'Error';
}
