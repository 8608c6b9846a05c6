import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import {
  fillPath,
  intakeBody,
  operationsOf,
  PNG,
  prng,
  reportBody,
  ROUTE_EXAMPLES,
  type RoleName,
  type RouteExample,
  routeKey,
  tagBikeBody,
  type Target,
  V1,
} from '../support/openapi-requests.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * Issue 7: "a fuzz test that sends at least 10,000 generated malformed requests across all endpoints and sees no 5xx
 * and no event written". Every request is a valid example (test/support/openapi-requests.ts) broken in one way that
 * makes it invalid whatever the state — a missing required field, a wrong type, null, a huge or deeply nested value,
 * an array for an object, an unknown or __proto__ key, a bad enum, date or number, invalid JSON, a wrong content type,
 * an empty or oversized body, a junk path id or query parameter, a malformed Authorization header — so 4xx is the only
 * right answer. Most are sent with a token of a role that may call the route (so they reach validation), some with
 * none or a forged one. Deterministic from a seed (FUZZ_SEED overrides it); sent to the API listening on a local port, over keep-alive connections.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 10_500);
const ROLES: readonly RoleName[] = [
  'dispatcher',
  'admin',
  'supervisor',
  'integration',
  'inspector',
  'handler',
];
/** Routes that need no token: a malformed Authorization header does not make their requests invalid. */
const PUBLIC: ReadonlySet<string> = new Set(['POST /api/v1/auth/token', 'POST /api/v1/auth/refresh']);
const ACCOUNT: Readonly<Record<RoleName, string>> = {
  admin: 'admin',
  dispatcher: 'dispatcher',
  supervisor: 'supervisor',
  integration: 'integration',
  handler: 'handler-enforcement',
  inspector: 'inspector-g2-03',
};

interface SchemaNode {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly $ref?: string;
  readonly allOf?: readonly SchemaNode[];
  readonly items?: SchemaNode;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
}
interface Operation {
  readonly requestBody?: { content: Record<string, { schema: SchemaNode }> };
  readonly parameters?: readonly { name: string; in: string; schema?: SchemaNode }[];
}
interface OpenApi {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { schemas: Record<string, SchemaNode> };
}

/** One malformed request. */
interface Malformed {
  readonly route: string;
  readonly mutation: string;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string | Buffer;
  /** The one status that is right, when there is only one (413, 401). */
  readonly expect?: number;
}

const DATE_TIME = /^\d{4}-\d\d-\d\dT/;
const DAY = /^\d{4}-\d\d-\d\d$/;
const BAD_DATE_TIMES = [
  '2026-02-30T10:00:00+08:00',
  '2026-03-02T25:61:00+08:00',
  '2026-13-02T09:15:00+08:00',
  '2026-03-02T09:15:00',
  'yesterday',
  '0000-00-00T00:00:00Z',
  '2026-03-02 09:15',
  '',
];
const BAD_DAYS = ['2026-02-30', '2026-13-01', '26-1-1', 'tomorrow', '2026-00-10', '', '2026/03/01'];
const UNICODE_JUNK = [
  '\u0000',
  '\ud800',
  '\u202e\u202d',
  '💥🧨',
  '\uffff\ufffe',
  'ｅｎｆｏｒｃｅｍｅｎｔ',
  '\u200b',
];
const NAN_LIKE = ['NaN', 'Infinity', '-Infinity', '1e999', 'undefined', '0x1F', ''];
const INVALID_JSON = ['{"a":', "{'a':1}", '[1,2', 'nul', '{"a":1,}', '{"a":1}}', '\u0000{}', '{"a":"\\x41"}'];
const JUNK_IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'x'.repeat(300),
  "'%20OR%201%3D1--",
  '%E2%98%83%F0%9F%92%A5',
  '%3Cscript%3E',
  '00000000-0000-0000-0000-00000000000g',
];
/** A shop id is any `[\w-]{1,64}` (shops exist whether or not they have a card): junk is what cannot be one. */
const JUNK_SHOP_IDS = JUNK_IDS.filter((id) => !/^[\w-]{1,64}$/.test(decodeURIComponent(id)));
const BAD_AUTH = [
  'Bearer',
  'Bearer ',
  'Basic YWRtaW46Y2hlbmd5dW4tZGVtbw==',
  'Bearer a.b.c',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsImNoZW5neXVuX3JvbGUiOiJhZG1pbiJ9.',
  `Bearer ${'A'.repeat(4000)}`,
  'Bearer \u00e9\u00e8',
  'Token abc',
  'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.bm90LWEtc2lnbmF0dXJl',
];

function deepNest(depth: number): unknown {
  let value: unknown = { a: 1 };
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

/** The first failure of each route and mutation, with how many there were like it. */
function firstOfEach(failures: readonly string[]): string[] {
  const seen = new Map<string, { first: string; count: number }>();
  for (const failure of failures) {
    const key = /^\S+ \S+ \[[^\]]*/.exec(failure)?.[0] ?? failure;
    const entry = seen.get(key);
    if (entry) entry.count += 1;
    else seen.set(key, { first: failure, count: 1 });
  }
  return [...seen.values()].map(({ first, count }) => `(${count}×) ${first}`);
}

describe('fuzz: malformed requests across every route', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  let document: OpenApi;
  const tokens = new Map<RoleName, string>();
  const ids = new Map<Target, string>();
  const callers = new Map<string, RoleName>();

  let base = '';
  const inject = async (options: {
    method: 'GET' | 'POST';
    url: string;
    headers?: Record<string, string>;
    payload?: string | Buffer;
  }) => {
    // Over a listening socket with keep-alive (Fastify's inject cannot load under Jest's ESM mode).
    const response = await fetch(`${base}${options.url}`, {
      method: options.method,
      headers: options.headers ?? {},
      ...(options.payload === undefined ? {} : { body: options.payload }),
    });
    return {
      statusCode: response.status,
      headers: { 'content-type': response.headers.get('content-type') ?? '' },
      body: await response.text(),
    };
  };
  const postAs = async (role: RoleName, path: string, body: object) => {
    const response = await inject({
      method: 'POST',
      url: `${V1}${path}`,
      headers: { authorization: `Bearer ${tokens.get(role) ?? ''}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    if (response.statusCode >= 300) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
    return JSON.parse(response.body) as { id: string };
  };

  beforeAll(async () => {
    system = await startTestApi(
      { DEMO: 'true', AUTH_MODE: 'token', REQUEST_TIMEOUT_MS: '3000' },
      new ManualClock('2026-03-02T09:20:00+08:00'),
    );
    api = system.app;
    await api.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`;
    for (const role of ROLES) {
      const answer = await inject({
        method: 'POST',
        url: `${V1}/auth/token`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: ACCOUNT[role], password: 'chengyun-demo' }),
      });
      tokens.set(role, (JSON.parse(answer.body) as { accessToken: string }).accessToken);
    }
    document = JSON.parse((await inject({ method: 'GET', url: '/api/docs-json' })).body) as OpenApi;
    // A case of each kind, in the handler's unit and the inspector's grid, so that valid requests reach the domain.
    const ticket = (await postAs('integration', '/tickets', intakeBody('FUZZ-1', 'g2-03'))).id;
    await postAs('dispatcher', `/tickets/${ticket}/sign`, {});
    await postAs('dispatcher', `/tickets/${ticket}/dispatch`, { unitId: 'enforcement' });
    const finding = (await postAs('dispatcher', '/findings', reportBody('g2-03'))).id;
    await postAs('dispatcher', `/findings/${finding}/file`, {});
    await postAs('dispatcher', `/findings/${finding}/dispatch`, { unitId: 'enforcement' });
    ids.set('ticket', ticket);
    ids.set('finding', finding);
    ids.set('bike', (await postAs('dispatcher', '/bikes', tagBikeBody('g2-03'))).id);
    ids.set('shop', 'shop-fuzz-1');
    await postAs('admin', '/accounts', {
      username: 'fuzz-target',
      displayName: '模糊测试',
      role: 'supervisor',
      password: 'fuzz-password-1',
    });
    ids.set('account', 'fuzz-target');
    const photo = await inject({
      method: 'POST',
      url: `${V1}/photos`,
      headers: { authorization: `Bearer ${tokens.get('dispatcher') ?? ''}`, 'content-type': 'image/png' },
      payload: PNG,
    });
    ids.set('photo', (JSON.parse(photo.body) as { id: string }).id);
    ids.set('none', '');
    // Who sends a route's authenticated requests: the first role whose valid request is not refused for its role.
    for (const route of ROUTE_EXAMPLES) {
      // The stream never ends; a valid logout would end the session of the role's token.
      if (route.stream || routeKey(route) === 'POST /api/v1/auth/logout') continue;
      for (const role of ROLES) {
        const response = await send(validRequest(route, role, 0));
        if (response.statusCode !== 401 && response.statusCode !== 403) {
          callers.set(routeKey(route), role);
          break;
        }
      }
    }
  }, 60_000);
  afterAll(() => system.close());

  const send = (request: Omit<Malformed, 'route' | 'mutation'>) =>
    inject({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.payload === undefined ? {} : { payload: request.payload }),
    });

  function validRequest(route: RouteExample, role: RoleName | undefined, n: number) {
    const query = new URLSearchParams(route.query ?? {}).toString();
    const body = route.body?.({ role: role ?? 'anonymous', n, gridId: 'g2-03' });
    return {
      method: route.method,
      url: fillPath(route.path, ids.get(route.target) ?? '') + (query ? `?${query}` : ''),
      headers: {
        ...(role ? { authorization: `Bearer ${tokens.get(role) ?? ''}` } : {}),
        ...(route.method === 'POST' ? { 'content-type': route.raw?.contentType ?? 'application/json' } : {}),
      } as Record<string, string>,
      ...(route.method === 'POST' ? { payload: route.raw?.payload ?? JSON.stringify(body ?? {}) } : {}),
      body,
    };
  }

  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined => {
    if (!node) return undefined;
    const ref = node.$ref ?? node.allOf?.[0]?.$ref;
    return ref ? document.components.schemas[ref.split('/').pop() ?? ''] : node;
  };

  /** The malformed requests of one route, as many as asked, from the PRNG. */
  function malformed(route: RouteExample, count: number, random: () => number, start: number): Malformed[] {
    const key = routeKey(route);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const operation = document.paths[route.path]?.[route.method.toLowerCase()];
    const schema = resolve(operation?.requestBody?.content['application/json']?.schema);
    const queryParams = (operation?.parameters ?? []).filter((parameter) => parameter.in === 'query');
    const hasId = /\{(id|username)\}/.test(route.path);
    const out: Malformed[] = [];

    /** The ways this route can be broken, each with its generator. */
    type Breaker = (base: ReturnType<typeof validRequest>) => Omit<Malformed, 'route' | 'method'> | undefined;
    const breakers: [string, Breaker][] = [];
    const withBody = (base: ReturnType<typeof validRequest>, mutation: string, body: unknown) => ({
      mutation,
      url: base.url,
      headers: base.headers,
      payload: JSON.stringify(body),
    });
    const fieldsOf = (node: SchemaNode) => Object.entries(node.properties ?? {});
    if (schema && route.method === 'POST') {
      const required = schema.required ?? [];
      const fields = fieldsOf(schema);
      /** Breaks one field (at the top or one level down) with `how`; undefined when no field fits. */
      const breakField = (
        base: ReturnType<typeof validRequest>,
        mutation: string,
        fits: (field: SchemaNode, name: string, value: unknown, required: boolean) => boolean,
        how: (field: SchemaNode, value: unknown) => unknown,
      ) => {
        const body = structuredClone<Record<string, unknown>>(base.body ?? {});
        const candidates: [Record<string, unknown>, string, SchemaNode][] = [];
        for (const [name, field] of fields) {
          const nested = resolve(field);
          if (fits(field, name, body[name], required.includes(name))) candidates.push([body, name, field]);
          if (
            nested?.properties &&
            body[name] &&
            typeof body[name] === 'object' &&
            !Array.isArray(body[name])
          ) {
            const inner = body[name] as Record<string, unknown>;
            for (const [innerName, innerField] of fieldsOf(nested))
              if (fits(innerField, innerName, inner[innerName], (nested.required ?? []).includes(innerName)))
                candidates.push([inner, innerName, innerField]);
          }
        }
        if (candidates.length === 0) return undefined;
        const [holder, name, field] = pick(candidates);
        holder[name] = how(field, holder[name]);
        return withBody(base, `${mutation}:${name}`, body);
      };
      const typeOf = (field: SchemaNode) =>
        resolve(field)?.properties ? 'object' : (field.type ?? 'object');
      const present = (value: unknown) => value !== undefined;
      if (required.length > 0)
        breakers.push([
          'missing-required',
          (base) => {
            const body = structuredClone<Record<string, unknown>>(base.body ?? {});
            const name = pick(required);
            delete body[name];
            return withBody(base, `missing-required:${name}`, body);
          },
        ]);
      breakers.push([
        'null',
        (base) =>
          breakField(
            base,
            'null',
            (_, __, value, isRequired) => isRequired && present(value),
            () => null,
          ),
      ]);
      breakers.push([
        'wrong-type',
        (base) =>
          breakField(
            base,
            'wrong-type',
            (_, __, value) => present(value),
            (field) =>
              pick(
                (
                  {
                    string: [12345, true, {}, [], -0.5],
                    number: [true, {}, [], 'twelve'],
                    boolean: [1, 'yes', {}, [], 'true'],
                    array: ['x', 7, { 0: 'a' }, true],
                    object: ['x', 7, true],
                  } as Record<string, unknown[]>
                )[typeOf(field)] ?? ['x'],
              ),
          ),
      ]);
      breakers.push([
        'deep-nesting',
        (base) =>
          breakField(
            base,
            'deep-nesting',
            (_, __, value) => present(value),
            () => deepNest(200 + Math.floor(random() * 800)),
          ),
      ]);
      // Issue 24: one request that once held the event loop for seconds, or overflowed the stack.
      breakers.push([
        'many-keys',
        (base) =>
          withBody(base, 'many-keys', {
            ...(base.body ?? {}),
            ...Object.fromEntries(
              Array.from({ length: 100 + Math.floor(random() * 5000) }, (_, i) => [`k${i}`, i]),
            ),
          }),
      ]);
      breakers.push([
        'very-deep-nesting',
        (base) => {
          const depth = 2000 + Math.floor(random() * 2000);
          return {
            mutation: 'very-deep-nesting',
            url: base.url,
            headers: { ...base.headers, 'content-type': 'application/json' },
            payload: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
          };
        },
      ]);
      breakers.push(['array-for-object', (base) => withBody(base, 'array-for-object', [base.body ?? {}])]);
      breakers.push([
        'nested-array-for-object',
        (base) =>
          breakField(
            base,
            'nested-array-for-object',
            (field, _, value) => typeOf(field) === 'object' && present(value),
            (_, value) => [value],
          ),
      ]);
      breakers.push([
        'unknown-key',
        (base) =>
          withBody(base, 'unknown-key', {
            ...(base.body ?? {}),
            [pick(['isAdmin', 'role', 'actor', 'revision', 'id', 'zzz', '$where', 'position'])]: pick([
              1,
              'x',
              true,
              {},
            ]),
          }),
      ]);
      breakers.push([
        'proto-key',
        (base) => {
          const text = JSON.stringify(base.body ?? {});
          const inject = pick([
            '"__proto__":{"isAdmin":true}',
            '"constructor":{"prototype":{"isAdmin":true}}',
            '"__proto__":null',
          ]);
          return {
            mutation: `proto-key:${inject.slice(1, 12)}`,
            url: base.url,
            headers: base.headers,
            payload: text === '{}' ? `{${inject}}` : `{${inject},${text.slice(1)}`,
          };
        },
      ]);
      breakers.push([
        'bad-enum',
        (base) =>
          breakField(
            base,
            'bad-enum',
            (field, _, value) => field.enum !== undefined && present(value),
            () => pick(['bogus', 'CLOSED', 'ADMIN', ...UNICODE_JUNK]),
          ),
      ]);
      breakers.push([
        'bad-date',
        (base) =>
          breakField(
            base,
            'bad-date',
            (_, __, value) => typeof value === 'string' && (DATE_TIME.test(value) || DAY.test(value)),
            (_, value) => (DAY.test(String(value)) ? pick(BAD_DAYS) : pick(BAD_DATE_TIMES)),
          ),
      ]);
      breakers.push([
        'nan-number',
        (base) =>
          breakField(
            base,
            'nan-number',
            (field, _, value) => field.type === 'number' && present(value),
            () => pick(NAN_LIKE),
          ),
      ]);
      breakers.push([
        'out-of-range',
        (base) =>
          breakField(
            base,
            'out-of-range',
            (field, name, value) =>
              field.type === 'number' &&
              present(value) &&
              ['lat', 'lng', 'workingDays', 'year'].includes(name),
            (_, value) =>
              pick(
                typeof value === 'number' && Math.abs(value) > 1000
                  ? [-1, 0, 99999, 2026.5] // a year
                  : typeof value === 'number' && value > 100
                    ? [181, -181, 1e6] // a longitude
                    : typeof value === 'number' && value < 10
                      ? [0, -1, 1.5, 1e9] // working days
                      : [91, -91, 1e6], // a latitude
              ),
          ),
      ]);
      breakers.push([
        'unicode-junk',
        (base) =>
          breakField(
            base,
            'unicode-junk',
            (field, _, value) =>
              present(value) &&
              (field.enum !== undefined ||
                (typeof value === 'string' && (DATE_TIME.test(value) || DAY.test(value)))),
            () => pick(UNICODE_JUNK),
          ),
      ]);
      breakers.push([
        'huge-string',
        (base) =>
          breakField(
            base,
            'huge-string',
            (field, _, value) =>
              present(value) &&
              (field.enum !== undefined || (typeof value === 'string' && DATE_TIME.test(value))),
            () => pick(['x', '界', '\u0301']).repeat(10_000 + Math.floor(random() * 90_000)),
          ),
      ]);
      breakers.push([
        'wrong-content-type',
        (base) => ({
          mutation: 'wrong-content-type',
          url: base.url,
          headers: {
            ...base.headers,
            'content-type': pick([
              'text/plain',
              'application/xml',
              'application/x-www-form-urlencoded',
              'image/png',
            ]),
          },
          payload: pick([base.payload ?? '{}', 'a=1&b=2', '<xml/>']),
        }),
      ]);
      breakers.push([
        'json-scalar-body',
        (base) => withBody(base, 'json-scalar-body', pick([null, 42, 'text', true, []])),
      ]);
    }
    if (route.method === 'POST') {
      breakers.push([
        'invalid-json',
        (base) => ({
          mutation: 'invalid-json',
          url: base.url,
          // (A photo's body is any bytes: there, JSON is what it must be and is not.)
          headers: { ...base.headers, 'content-type': 'application/json' },
          payload: pick(INVALID_JSON),
        }),
      ]);
      breakers.push([
        'empty-body',
        (base) => ({ mutation: 'empty-body', url: base.url, headers: base.headers, payload: '' }),
      ]);
      breakers.push([
        'unsupported-content-type',
        (base) => ({
          mutation: 'unsupported-content-type',
          url: base.url,
          // (A form is parsed, and a route without a body ignores it: there only an unknown type is invalid.)
          headers: {
            ...base.headers,
            'content-type': schema
              ? pick(['application/xml', 'application/x-www-form-urlencoded'])
              : 'application/xml',
          },
          payload: '<a/>',
        }),
      ]);
    }
    if (hasId)
      breakers.push([
        'junk-id',
        (base) => ({
          mutation: 'junk-id',
          url:
            fillPath(route.path, '\u0000').replace(
              '%00',
              pick(route.target === 'shop' ? JUNK_SHOP_IDS : JUNK_IDS),
            ) + base.url.slice(base.url.indexOf('?') >= 0 ? base.url.indexOf('?') : base.url.length),
          headers: base.headers,
          ...(base.payload === undefined ? {} : { payload: base.payload }),
        }),
      ]);
    if (queryParams.length > 0)
      breakers.push([
        'junk-query',
        (base) => {
          const params = new URLSearchParams(route.query ?? {});
          const parameter = pick([...queryParams, { name: 'unknownParam', in: 'query' }]);
          const node = resolve(parameter.schema);
          const value =
            parameter.name === 'unknownParam'
              ? 'x'
              : node?.enum
                ? pick(['bogus', 'TRUE', ...UNICODE_JUNK.filter((junk) => junk !== '')])
                : node?.type === 'number'
                  ? pick(['0', '101', '-5', 'abc', '1.5', '1e999', 'NaN'])
                  : node?.type === 'boolean'
                    ? pick(['maybe', '2', 'yes!'])
                    : parameter.name === 'from' || parameter.name === 'to'
                      ? pick(BAD_DAYS.filter((day) => day !== ''))
                      : parameter.name === 'cursor'
                        ? 'c'.repeat(501)
                        : parameter.name === 'minPosition'
                          ? pick(['9'.repeat(61), 'abc', '-1', '1e999'])
                          : undefined;
          if (value === undefined) return undefined;
          if (random() < 0.2 && parameter.name !== 'unknownParam') {
            params.delete(parameter.name);
            params.append(parameter.name, value);
            params.append(parameter.name, value); // a repeated parameter: an array where one value is expected
          } else params.set(parameter.name, value);
          return {
            mutation: `junk-query:${parameter.name}`,
            url: `${base.url.split('?')[0]}?${params.toString()}`,
            headers: base.headers,
          };
        },
      ]);
    const out401: [string, Breaker] = [
      'bad-authorization',
      (base) => ({
        mutation: 'bad-authorization',
        url: base.url,
        headers: { ...base.headers, authorization: pick(BAD_AUTH) },
        ...(base.payload === undefined ? {} : { payload: base.payload }),
        expect: 401,
      }),
    ];
    for (let i = 0; i < count; i += 1) {
      const n = start + i;
      const share = random();
      // About one in eight without a usable token: none at all, or a malformed Authorization header.
      const anonymous = share < 0.06 || breakers.length === 0;
      const malformedAuth = !anonymous && share < 0.12 && !PUBLIC.has(key);
      const role = anonymous ? undefined : callers.get(key);
      const base = validRequest(route, role, n);
      let made: Omit<Malformed, 'route' | 'method'> | undefined;
      if (malformedAuth || (breakers.length === 0 && !PUBLIC.has(key))) made = out401[1](base);
      else if (random() < 0.004 && route.method === 'POST')
        made = {
          mutation: 'oversized-body',
          url: base.url,
          headers: { ...base.headers, 'content-type': 'application/json' },
          payload: JSON.stringify({
            ...(base.body ?? {}),
            padding: 'x'.repeat(system.config.bodyLimitBytes),
          }),
          expect: 413,
        };
      else
        for (let attempt = 0; attempt < 10 && !made; attempt += 1) {
          const [, breaker] = pick(breakers);
          made = breaker(base);
        }
      if (!made) continue;
      out.push({ route: key, method: route.method, ...made });
    }
    return out;
  }

  it(`answers ${TOTAL} malformed requests with 4xx problem details, never a 5xx, writing nothing`, async () => {
    const started = Date.now();
    const store = api.get(EventStore);
    const before = await store.headPosition();
    const random = prng(SEED);
    const routes = ROUTE_EXAMPLES.filter((route) => !route.stream || true);
    // Every operation of the OpenAPI document has an example to break.
    const operations = operationsOf(document);
    expect(operations.filter((key) => !routes.some((route) => routeKey(route) === key))).toEqual([]);
    // Health, metrics and the stream answer 200 (or stream) to everything but a bad token where one counts.
    const fuzzed = routes.filter(
      (route) => !['GET /api/v1/health', 'GET /metrics'].includes(routeKey(route)),
    );
    const perRoute = Math.ceil(TOTAL / fuzzed.length);
    const requests: Malformed[] = [];
    for (const route of fuzzed) {
      if (route.stream) {
        // Only malformed tokens: with a valid one the stream opens and never ends.
        for (let i = 0; i < perRoute; i += 1)
          requests.push({
            route: routeKey(route),
            mutation: 'bad-authorization',
            method: 'GET',
            url: `${route.path}${random() < 0.5 ? '?ticket=' + 'junk'.repeat(1 + Math.floor(random() * 10)) : ''}`,
            headers:
              random() < 0.3 ? {} : { authorization: BAD_AUTH[Math.floor(random() * BAD_AUTH.length)]! },
            expect: 401,
          });
        continue;
      }
      if (routeKey(route) === 'POST /api/v1/auth/logout') {
        // Takes no body; a valid token would end the fuzzer's own session: only malformed tokens.
        for (let i = 0; i < perRoute; i += 1)
          requests.push({
            route: routeKey(route),
            mutation: 'bad-authorization',
            method: 'POST',
            url: route.path,
            headers:
              random() < 0.3 ? {} : { authorization: BAD_AUTH[Math.floor(random() * BAD_AUTH.length)]! },
            expect: 401,
          });
        continue;
      }
      requests.push(...malformed(route, perRoute, random, requests.length));
    }
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const byMutation = new Map<string, number>();
    let serverErrors = 0;
    for (const item of requests) {
      const response = await send(item);
      const status = response.statusCode;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const kind = item.mutation.split(':')[0] ?? item.mutation;
      byMutation.set(kind, (byMutation.get(kind) ?? 0) + 1);
      const problems: string[] = [];
      if (status >= 500) serverErrors += 1;
      if (status < 400 || status >= 500) problems.push(`status ${status}`);
      else if (item.expect !== undefined && status !== item.expect)
        problems.push(`expected ${item.expect}, got ${status}`);
      const type = String(response.headers['content-type'] ?? '');
      if (status >= 400 && !type.startsWith('application/problem+json'))
        problems.push(`content-type ${type}`);
      if (/\bat [\w.<>]+ \(|\.ts:\d+|\/work\/|node_modules|file:\/\//.test(response.body))
        problems.push('a stack trace or an internal path in the answer');
      // 409/422 come from the domain: the request got past validation, so the mutation did not make it invalid.
      if (status === 409 || status === 422) problems.push(`passed validation (${status})`);
      if (problems.length > 0)
        failures.push(
          `${item.route} [${item.mutation}] ${problems.join(', ')}: ${item.method} ${item.url.slice(0, 120)} ` +
            `${String(item.payload ?? '').slice(0, 160)} → ${response.body.slice(0, 300)}`,
        );
    }
    const after = await store.headPosition();
    const written = after === before ? [] : (await store.readAll({ after: before, limit: 20 })).events;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `[fuzz] ${requests.length} requests over ${fuzzed.length} routes, seed ${SEED}: ${serverErrors} × 5xx, ` +
        `${written.length} events written (${seconds} s)\n` +
        `[fuzz] statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n` +
        `[fuzz] mutations ${JSON.stringify(Object.fromEntries(byMutation))}\n` +
        (failures.length > 0
          ? `[fuzz] first failure of each kind:\n  ${firstOfEach(failures).join('\n  ')}\n`
          : ''),
    );
    expect(requests.length).toBeGreaterThanOrEqual(10_000);
    expect(firstOfEach(failures)).toEqual([]);
    expect(written.map((event) => `${event.stream} ${event.type}`)).toEqual([]);
  }, 180_000);

  it('withstands the probe of issue 24: wide and deep bodies, trickled bodies, concurrent key reuse and logins', async () => {
    const store = api.get(EventStore);
    // 60,000 unknown keys (650 KB) and 3,000 levels of nesting: refused at once, with a small answer.
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`key${i}`, 1])));
    const deep = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
    for (const [url, payload] of [
      [`${V1}/auth/token`, wide],
      [`${V1}/auth/token`, deep],
      [`${V1}/findings`, wide],
      [`${V1}/findings`, deep],
    ] as const) {
      const started = Date.now();
      const response = await inject({
        method: 'POST',
        url,
        headers: {
          authorization: `Bearer ${tokens.get('dispatcher') ?? ''}`,
          'content-type': 'application/json',
        },
        payload,
      });
      expect([400, 413]).toContain(response.statusCode);
      expect(response.body.length).toBeLessThan(4000);
      expect(Date.now() - started).toBeLessThan(1500);
    }

    // A body trickled a byte at a time is cut off after REQUEST_TIMEOUT_MS.
    const { connect } = await import('node:net');
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    const trickleStarted = Date.now();
    socket.write(
      `POST ${V1}/auth/token HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 2000\r\n\r\n{`,
    );
    const trickle = setInterval(() => socket.write(' '), 200);
    await new Promise<void>((resolve) => {
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    clearInterval(trickle);
    expect(Date.now() - trickleStarted).toBeLessThan(9000);

    // One Idempotency-Key sent concurrently with two bodies: exactly one effect, the other body 422.
    const ticket = (await postAs('integration', '/tickets', intakeBody('FUZZ-RACE-1', 'g2-03'))).id;
    await postAs('dispatcher', `/tickets/${ticket}/sign`, {});
    const stream = `ticket-${ticket}`;
    const eventsBefore = (await store.readStream(stream)).length;
    const unitOf = (i: number) => (i % 2 === 0 ? 'enforcement' : 'market');
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        inject({
          method: 'POST',
          url: `${V1}/tickets/${ticket}/dispatch`,
          headers: {
            authorization: `Bearer ${tokens.get('dispatcher') ?? ''}`,
            'content-type': 'application/json',
            'idempotency-key': 'fuzz-race-1',
          },
          payload: JSON.stringify({ unitId: unitOf(i) }),
        }),
      ),
    );
    const added = (await store.readStream(stream)).slice(eventsBefore);
    expect(added).toHaveLength(1);
    const unit = (added[0]?.data as { unitId?: string }).unitId;
    answers.forEach((answer, i) => expect(answer.statusCode).toBe(unitOf(i) === unit ? 200 : 422));

    // 40 concurrent logins to one account, 39 wrong and then the right one: at most the limit are checked.
    const logins = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        inject({
          method: 'POST',
          url: `${V1}/auth/token`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({
            username: 'fuzz-target',
            password: i < 39 ? `wrong-${i}-password` : 'fuzz-password-1',
          }),
        }),
      ),
    );
    const checked = logins.filter((answer) => answer.statusCode === 401 || answer.statusCode === 200).length;
    expect(checked).toBeLessThanOrEqual(10);
    expect(logins.every((answer) => [200, 401, 429].includes(answer.statusCode))).toBe(true);
  }, 60_000);
});
