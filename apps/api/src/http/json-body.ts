import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { RequestValidationError } from './validation.js';

/** How deep a JSON body may nest: the deepest request of the API is four levels; class-transformer recurses. */
export const JSON_MAX_DEPTH = 16;
/** How many keys one object of a JSON body may have: the widest request has about twenty. */
export const JSON_MAX_KEYS = 64;
/** How many values (objects, arrays, scalars) a JSON body may hold in all. */
export const JSON_MAX_VALUES = 20_000;
/** The body limit of the routes under /auth (a user name and a password, a refresh token). */
export const AUTH_BODY_LIMIT_BYTES = 4096;

/**
 * Why a parsed body is refused before any validation runs, or undefined: too deep, an object with too many keys, or
 * too many values. Iterative, so a body nested thousands of levels deep cannot overflow the stack here.
 */
export function jsonShapeProblem(value: unknown): string | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let count = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    count += 1;
    if (count > JSON_MAX_VALUES) return `the body holds more than ${JSON_MAX_VALUES} values`;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= JSON_MAX_DEPTH) return `the body nests deeper than ${JSON_MAX_DEPTH} levels`;
    const children = Array.isArray(current) ? current : Object.values(current);
    if (!Array.isArray(current) && children.length > JSON_MAX_KEYS) {
      return `an object of the body has more than ${JSON_MAX_KEYS} keys`;
    }
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}

/** The charset a content type declares (lower-cased), if it declares one. */
function charsetOf(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The only body parser of the JSON routes: `application/json` (a charset, when declared, must be UTF-8, else 415),
 * valid UTF-8, parsed with Fastify's prototype-poisoning checks, then refused with 400 when too deep or too wide —
 * before class-validator sees it, so no body can cost seconds of validation or overflow the stack. Forms and plain
 * text are not parsed at all (415). The routes under `/auth` take at most AUTH_BODY_LIMIT_BYTES.
 */
export function acceptJsonBodies(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit },
    (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
      const charset = charsetOf(String(request.headers['content-type'] ?? ''));
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        done(new UnsupportedMediaTypeException('JSON bodies are UTF-8: send charset=utf-8 or none'));
        return;
      }
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        done(new RequestValidationError([{ field: '', message: 'the body is not valid UTF-8' }]));
        return;
      }
      void parse(request, text, (error: Error | null, value?: unknown) => {
        if (error) {
          done(error);
          return;
        }
        const problem = jsonShapeProblem(value);
        done(problem ? new RequestValidationError([{ field: '', message: problem }]) : null, value);
      });
    },
  );
}

/**
 * Gives the routes under `/auth` a small body limit (a login is a user name and a password): registered before the
 * routes are, so Fastify stops reading a larger body at once.
 */
export function limitAuthBodies(fastify: FastifyInstance, prefix: string): void {
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith(`${prefix}/auth/`)) route.bodyLimit = AUTH_BODY_LIMIT_BYTES;
  });
}
