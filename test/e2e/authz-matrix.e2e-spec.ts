import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import request from 'supertest';
import {
  type ExampleContext,
  fillPath,
  intakeBody,
  operationsOf,
  jpegPhoto,
  reportBody,
  ROUTE_EXAMPLES,
  type RoleName,
  type RouteExample,
  routeKey,
  tagBikeBody,
  type Target,
  V1,
} from '../support/openapi-requests.js';
import { openEventStream } from '../support/sse.js';
import { eventually } from '../support/test-env.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * Issue 7, "a test walks the full matrix of roles × endpoints × own/foreign case".
 *
 * The policy below is written from the contract (../shared/docs/api.md, the "who" column, and docs/api.md
 * "Authentication and roles"), not read from the decorators. The decisions this test encodes:
 * - a role the endpoint does not admit gets 403, whatever case the path names (the guard answers before any case is
 *   read, so the answer reveals nothing of the case);
 * - a role the endpoint admits but whose scope does not hold the case (a handler: cases dispatched to its unit; an
 *   inspector: cases in its grids) gets 404, the answer to an unknown id, so a case's existence leaks neither;
 * - an inspector reporting a finding or tagging a bike in another grid gets 403 (a grid is no secret: the directory
 *   lists them all);
 * - a bike is never dispatched to a unit, so a handler has no bike in its scope: 404;
 * - shops (cards of a street's shops) and the directory, the calendar, the catalogue are not scoped;
 * - the integration account acts on every ticket it delivers (callbacks by hotline, reopens) but reads none.
 * Every refused request must leave the event store's head where it was and carry no case data.
 */

type Side = 'own' | 'foreign';
type Decision = 'allowed' | 'forbidden' | 'hidden';

const CENTER: readonly RoleName[] = ['admin', 'dispatcher', 'supervisor'];
const READERS: readonly RoleName[] = [...CENTER, 'handler', 'inspector'];
const EVERY_ROLE: readonly RoleName[] = [...READERS, 'integration'];

/** Route → the roles that may call it, or 'public'. */
const POLICY: Readonly<Record<string, readonly RoleName[] | 'public'>> = {
  'GET /api/v1/health': 'public',
  'GET /metrics': 'public',
  'POST /api/v1/auth/token': 'public',
  'POST /api/v1/auth/refresh': 'public',
  'GET /api/v1/auth/me': EVERY_ROLE,
  // A one-time ticket for GET /stream (EventSource cannot send a header): whoever may open the stream.
  'POST /api/v1/auth/stream-ticket': READERS,
  // Ends the caller's own session (sent with a token of its own, not the shared one).
  'POST /api/v1/auth/logout': EVERY_ROLE,
  // Directory, calendar, catalogue: every role reads, the admin changes.
  'GET /api/v1/units': EVERY_ROLE,
  'POST /api/v1/units': ['admin'],
  'GET /api/v1/grids': EVERY_ROLE,
  'POST /api/v1/grids': ['admin'],
  'GET /api/v1/accounts': ['admin'],
  'POST /api/v1/accounts': ['admin'],
  'POST /api/v1/accounts/{username}/scope': ['admin'],
  'POST /api/v1/accounts/{username}/disable': ['admin'],
  'POST /api/v1/accounts/{username}/enable': ['admin'],
  'POST /api/v1/accounts/{username}/password': ['admin'],
  'GET /api/v1/calendar': EVERY_ROLE,
  'POST /api/v1/calendar/overrides': ['admin'],
  'POST /api/v1/calendar/overrides/remove': ['admin'],
  'POST /api/v1/calendar/official-years': ['admin'],
  'GET /api/v1/catalogue': EVERY_ROLE,
  'POST /api/v1/catalogue/entries': ['admin'],
  // Hotline tickets.
  'POST /api/v1/tickets': ['integration', 'dispatcher'],
  'POST /api/v1/tickets/{id}/merge': ['integration', 'dispatcher'],
  'POST /api/v1/tickets/{id}/sign': ['dispatcher'],
  'POST /api/v1/tickets/{id}/dispatch': ['dispatcher'],
  'POST /api/v1/tickets/{id}/accept': ['handler'],
  'POST /api/v1/tickets/{id}/return': ['handler', 'dispatcher'],
  'POST /api/v1/tickets/{id}/contacts': ['handler'],
  'POST /api/v1/tickets/{id}/extension-requests': ['handler'],
  'POST /api/v1/tickets/{id}/extension-decision': ['dispatcher', 'supervisor'],
  'POST /api/v1/tickets/{id}/upstream-extension-decision': ['integration'],
  'POST /api/v1/tickets/{id}/reply': ['handler'],
  'POST /api/v1/tickets/{id}/review': ['dispatcher'],
  'POST /api/v1/tickets/{id}/callbacks': ['dispatcher', 'integration'],
  'POST /api/v1/tickets/{id}/reply-upstream': ['dispatcher'],
  'POST /api/v1/tickets/{id}/reopen': ['integration', 'supervisor'],
  'POST /api/v1/tickets/{id}/urge': ['supervisor'],
  'POST /api/v1/tickets/{id}/supervise': ['supervisor'],
  'POST /api/v1/tickets/{id}/park': ['dispatcher', 'supervisor'],
  'POST /api/v1/tickets/{id}/close': ['dispatcher', 'supervisor'],
  // 考核剔除: the lead unit's handler or the center asks, a supervisor decides.
  'POST /api/v1/tickets/{id}/exclusion-requests': ['handler', 'dispatcher'],
  'POST /api/v1/tickets/{id}/exclusion-decision': ['supervisor'],
  'GET /api/v1/tickets/{id}': READERS,
  'GET /api/v1/tickets': READERS,
  // Personal data: a reveal by the center or the lead unit's handler (while it works the ticket), erasure by the admin.
  'POST /api/v1/tickets/{id}/caller/reveal': ['dispatcher', 'supervisor', 'handler'],
  'POST /api/v1/tickets/{id}/caller/erasure': ['admin'],
  // Grid findings.
  'POST /api/v1/findings': ['inspector', 'dispatcher', 'integration'],
  'POST /api/v1/findings/{id}/verify': ['inspector'],
  'POST /api/v1/findings/{id}/check': ['inspector'],
  'POST /api/v1/findings/{id}/file': ['dispatcher'],
  'POST /api/v1/findings/{id}/cancel': ['dispatcher'],
  'POST /api/v1/findings/{id}/dispatch': ['dispatcher'],
  'POST /api/v1/findings/{id}/return': ['handler'],
  'POST /api/v1/findings/{id}/extension-requests': ['handler'],
  'POST /api/v1/findings/{id}/handled': ['handler'],
  'POST /api/v1/findings/{id}/extension-decision': ['dispatcher', 'supervisor'],
  'POST /api/v1/findings/{id}/park': ['dispatcher', 'supervisor'],
  'GET /api/v1/findings/{id}': READERS,
  'GET /api/v1/findings': READERS,
  // Shops and bikes.
  'GET /api/v1/shops': ['admin', 'dispatcher', 'supervisor', 'inspector'],
  'GET /api/v1/shops/{id}': ['admin', 'dispatcher', 'supervisor', 'inspector'],
  'POST /api/v1/shops/{id}/refusals': ['inspector', 'dispatcher'],
  'POST /api/v1/bikes': ['inspector', 'dispatcher'],
  'GET /api/v1/bikes/{id}': READERS,
  'POST /api/v1/bikes/{id}/remove': ['inspector', 'dispatcher'],
  'POST /api/v1/bikes/{id}/claim': ['inspector', 'dispatcher'],
  'POST /api/v1/bikes/{id}/resolve': ['inspector', 'dispatcher'],
  'POST /api/v1/bikes/{id}/dispose': ['dispatcher', 'supervisor'],
  // Statistics, alerts, the live stream.
  'GET /api/v1/stats/hotline': CENTER,
  'GET /api/v1/stats/grid': CENTER,
  'GET /api/v1/stats/hotline/cases': CENTER,
  'GET /api/v1/stats/grid/cases': CENTER,
  // 综合得分 and the frozen months (月度通报): the center reads, the supervisor freezes.
  'GET /api/v1/stats/scorecard': CENTER,
  'POST /api/v1/stats/snapshots': ['supervisor'],
  'GET /api/v1/stats/snapshots': CENTER,
  'GET /api/v1/stats/snapshots/{month}': CENTER,
  'GET /api/v1/alerts': READERS,
  'GET /api/v1/stream': READERS,
  // Photos: whoever reports, handles or checks uploads; a photo is shown to the center, its uploader and whoever may
  // see a case it is attached to (issue 24): a handler or an inspector only in its own scope.
  'POST /api/v1/photos': ['admin', 'dispatcher', 'handler', 'inspector'],
  'GET /api/v1/photos/{id}': READERS,
};

/** The account that plays each role: a handler of the enforcement unit, the inspector of grid g2-03. */
const ACCOUNT: Readonly<Record<RoleName, string>> = {
  admin: 'admin',
  dispatcher: 'dispatcher',
  supervisor: 'supervisor',
  integration: 'integration',
  handler: 'handler-enforcement',
  inspector: 'inspector-g2-03',
};
const OWN = { unitId: 'enforcement', gridId: 'g2-03' } as const;
const FOREIGN = { unitId: 'market', gridId: 'g1-01' } as const;

const SHOP = 'shop-matrix-1';
const CASE_TARGETS: ReadonlySet<Target> = new Set(['ticket', 'finding', 'bike']);
const GRID_CREATES: ReadonlySet<string> = new Set(['POST /api/v1/findings', 'POST /api/v1/bikes']);

/** Whether own/foreign means anything for the route: a case in the path, or a create in a grid. */
const sided = (route: RouteExample): boolean =>
  CASE_TARGETS.has(route.target) || route.target === 'photo' || GRID_CREATES.has(routeKey(route));

/** The policy's answer for a role on a route and a case on one side of the role's scope. */
function decide(route: RouteExample, role: RoleName, side: Side): Decision {
  const roles = POLICY[routeKey(route)];
  if (roles === 'public') return 'allowed';
  if (!roles?.includes(role)) return 'forbidden';
  if (GRID_CREATES.has(routeKey(route)) && role === 'inspector')
    return side === 'own' ? 'allowed' : 'forbidden';
  if (route.target === 'photo' && (role === 'handler' || role === 'inspector'))
    return side === 'own' ? 'allowed' : 'hidden';
  if (!CASE_TARGETS.has(route.target)) return 'allowed';
  if (role === 'handler' && route.target === 'bike') return 'hidden';
  if (role === 'handler' || role === 'inspector') return side === 'own' ? 'allowed' : 'hidden';
  return 'allowed';
}

describe('authorization matrix: every route × every role × own/foreign case', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;
  let store: EventStore;
  const tokens = new Map<RoleName, string>();
  let seq = 0;
  /** Texts only a case's own readers may see: a refused answer must contain none of them. */
  const secrets: string[] = ['13812341234', '王先生', '13900001111', '李女士'];
  const shared = { own: new Map<Target, string>(), foreign: new Map<Target, string>() };
  const discrepancies: string[] = [];
  let sent = 0;

  beforeAll(async () => {
    clock = new ManualClock('2026-03-02T09:20:00+08:00');
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token', DEADLINE_SWEEP_MS: '200' }, clock, {
      worker: true,
    });
    api = system.app;
    store = api.get(EventStore);
    await logIn();
    await as('admin')
      .post(`${V1}/accounts`)
      .send({ username: 'matrix-target', displayName: '矩阵目标', role: 'supervisor', password: 'pw-123456' })
      .expect(200);
    await giveShopAViolation();
    for (const side of ['own', 'foreign'] as const) {
      shared[side].set('ticket', await newCase('ticket', side));
      shared[side].set('finding', await newCase('finding', side));
      shared[side].set('bike', await newCase('bike', side));
    }
  }, 60_000);
  afterAll(() => system.close());

  function as(role: RoleName | 'anonymous' | 'garbage') {
    const http = request(api.getHttpServer());
    const auth =
      role === 'anonymous'
        ? undefined
        : role === 'garbage'
          ? 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.bm90LWEtc2lnbmF0dXJl'
          : `Bearer ${tokens.get(role) ?? ''}`;
    const withAuth = (test: request.Test) => (auth ? test.set('authorization', auth) : test);
    return {
      get: (path: string) => withAuth(http.get(path)),
      post: (path: string) => withAuth(http.post(path)),
    };
  }

  /** A new case on one side: own is in grid g2-03 and dispatched to enforcement, foreign in g1-01 and to market. */
  async function newCase(kind: Target, side: Side): Promise<string> {
    const { unitId, gridId } = side === 'own' ? OWN : FOREIGN;
    seq += 1;
    if (kind === 'ticket') {
      const ticketNo = `MX-CASE-${seq}`;
      secrets.push(ticketNo);
      const id = (
        await as('integration').post(`${V1}/tickets`).send(intakeBody(ticketNo, gridId)).expect(201)
      ).body.id as string;
      await as('dispatcher').post(`${V1}/tickets/${id}/sign`).send({}).expect(200);
      await as('dispatcher').post(`${V1}/tickets/${id}/dispatch`).send({ unitId }).expect(200);
      // The own unit works on its tickets (accepted), so that what a handler may do there is in reach.
      if (side === 'own') await as('handler').post(`${V1}/tickets/${id}/accept`).send({}).expect(200);
      return id;
    }
    if (kind === 'finding') {
      const description = `矩阵发现 MX-FINDING-${seq}`;
      secrets.push(description);
      const id = (
        await as('dispatcher').post(`${V1}/findings`).send(reportBody(gridId, description)).expect(201)
      ).body.id as string;
      await as('dispatcher').post(`${V1}/findings/${id}/file`).send({}).expect(200);
      await as('dispatcher').post(`${V1}/findings/${id}/dispatch`).send({ unitId }).expect(200);
      return id;
    }
    if (kind === 'bike') {
      return (await as('dispatcher').post(`${V1}/bikes`).send(tagBikeBody(gridId)).expect(201)).body
        .id as string;
    }
    if (kind === 'shop') return SHOP;
    if (kind === 'account') return 'matrix-target';
    if (kind === 'photo') {
      // A photo of its own, attached to a finding on this side (in the grid, dispatched to the unit).
      const answer = await as('dispatcher')
        .post(`${V1}/photos`)
        .set('content-type', 'image/jpeg')
        .send(jpegPhoto(seq))
        .expect(201);
      const photo = answer.body.id as string;
      const finding = (
        await as('dispatcher')
          .post(`${V1}/findings`)
          .send({ ...reportBody(gridId, `矩阵照片 MX-PHOTO-${seq}`), photos: [photo] })
          .expect(201)
      ).body.id as string;
      await as('dispatcher').post(`${V1}/findings/${finding}/file`).send({}).expect(200);
      await as('dispatcher').post(`${V1}/findings/${finding}/dispatch`).send({ unitId }).expect(200);
      return photo;
    }
    return '';
  }

  /** A closed 跨门营业 finding against the shop: a violation on its card, so that a refusal can be recorded. */
  async function giveShopAViolation(): Promise<void> {
    const body = {
      ...reportBody(OWN.gridId),
      category: { standard: 'GB/T 30428.2-2013', code: '04-05', kind: 'event' },
      shopId: SHOP,
    };
    const id = (await as('inspector').post(`${V1}/findings`).send(body).expect(201)).body.id as string;
    await as('dispatcher').post(`${V1}/findings/${id}/file`).send({}).expect(200);
    await as('dispatcher').post(`${V1}/findings/${id}/dispatch`).send({ unitId: OWN.unitId }).expect(200);
    await as('handler')
      .post(`${V1}/findings/${id}/handled`)
      .send({ note: '已劝导', photos: ['after'] })
      .expect(200);
    await as('inspector').post(`${V1}/findings/${id}/check`).send({ passed: true }).expect(200);
  }

  /** Logs every role in (again: after the clock moved, the tokens of before have expired). */
  async function logIn(): Promise<void> {
    for (const role of EVERY_ROLE) {
      const answer = await request(api.getHttpServer())
        .post(`${V1}/auth/token`)
        .send({ username: ACCOUNT[role], password: 'chengyun-demo' })
        .expect(200);
      tokens.set(role, answer.body.accessToken as string);
    }
  }

  function send(route: RouteExample, who: RoleName | 'anonymous' | 'garbage', id: string, side: Side) {
    seq += 1;
    const context: ExampleContext = {
      role: who === 'garbage' ? 'anonymous' : who,
      n: seq,
      gridId: side === 'own' ? OWN.gridId : FOREIGN.gridId,
    };
    const path = fillPath(route.path, id);
    sent += 1;
    if (routeKey(route) === 'POST /api/v1/auth/logout' && who !== 'anonymous' && who !== 'garbage') {
      // Logging out ends the session of the token: a fresh one, so that the role's shared token lives on.
      return request(api.getHttpServer())
        .post(`${V1}/auth/token`)
        .send({ username: ACCOUNT[who], password: 'chengyun-demo' })
        .then((answer) =>
          request(api.getHttpServer())
            .post(path)
            .set('authorization', `Bearer ${answer.body.accessToken as string}`)
            .send({}),
        );
    }
    if (route.method === 'GET')
      return as(who)
        .get(path)
        .query(route.query ?? {});
    return as(who)
      .post(path)
      .send(route.body?.(context) ?? {});
  }

  const head = async () => String(await store.headPosition());
  const bodyText = (response: request.Response) => JSON.stringify(response.body ?? response.text);

  /** A refused answer: the status, problem+json, nothing written, no case data. */
  async function checkRefused(
    label: string,
    response: request.Response,
    status: number,
    before: string,
  ): Promise<void> {
    const problems: string[] = [];
    if (response.status !== status) problems.push(`expected ${status}, got ${response.status}`);
    if (!String(response.headers['content-type']).startsWith('application/problem+json'))
      problems.push(`content-type ${String(response.headers['content-type'])}`);
    const after = await head();
    if (after !== before) problems.push(`an event was written (head ${before} → ${after})`);
    const leaked = secrets.find((secret) => bodyText(response).includes(secret));
    if (leaked) problems.push(`the answer carries case data (${leaked})`);
    if (problems.length > 0)
      discrepancies.push(`${label}: ${problems.join('; ')} — ${bodyText(response).slice(0, 300)}`);
  }

  const routes = ROUTE_EXAMPLES;

  it('has a policy entry and an example request for every route of the OpenAPI document', async () => {
    const document = (await request(api.getHttpServer()).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(60);
    const withoutPolicy = operations.filter((key) => !(key in POLICY));
    const withoutExample = operations.filter((key) => !routes.some((route) => routeKey(route) === key));
    expect({ withoutPolicy, withoutExample }).toEqual({ withoutPolicy: [], withoutExample: [] });
    // And nothing in the policy that the API no longer serves (a renamed route would go untested).
    expect(Object.keys(POLICY).filter((key) => !operations.includes(key))).toEqual([]);
  });

  it('answers 401 to every non-public route without a token or with a forged one, writing nothing', async () => {
    for (const route of routes) {
      if (POLICY[routeKey(route)] === 'public') continue;
      const id = shared.own.get(route.target) ?? (await newCase(route.target, 'own'));
      for (const who of ['anonymous', 'garbage'] as const) {
        const before = await head();
        await checkRefused(`${routeKey(route)} as ${who}`, await send(route, who, id, 'own'), 401, before);
      }
    }
    expect(discrepancies).toEqual([]);
  });

  it('answers every role on every route as the policy says, for its own and a foreign case', async () => {
    let cells = 0;
    for (const route of routes) {
      const key = routeKey(route);
      if (POLICY[key] === 'public' || route.stream) continue;
      for (const role of EVERY_ROLE) {
        for (const side of sided(route) ? (['own', 'foreign'] as const) : (['own'] as const)) {
          cells += 1;
          const decision = decide(route, role, side);
          const label = `${key} as ${ACCOUNT[role]} on ${sided(route) ? `a ${side} case` : 'no case'}`;
          // A request that may change a case gets a case of its own, so that it cannot move the shared ones.
          const id =
            decision === 'allowed' && route.method === 'POST' && CASE_TARGETS.has(route.target)
              ? await newCase(route.target, side)
              : (shared[side].get(route.target) ?? (await newCase(route.target, side)));
          const before = await head();
          const response = await send(route, role, id, side);
          if (decision === 'forbidden') await checkRefused(label, response, 403, before);
          else if (decision === 'hidden') await checkRefused(label, response, 404, before);
          else if ([401, 403, 404].includes(response.status) || response.status >= 500) {
            discrepancies.push(
              `${label}: allowed, got ${response.status} — ${bodyText(response).slice(0, 300)}`,
            );
          } else if (route.method === 'GET' && CASE_TARGETS.has(route.target)) {
            if (response.status !== 200 || !bodyText(response).includes(id))
              discrepancies.push(`${label}: a read of the case answered ${response.status} without it`);
          }
        }
      }
    }
    const streamRoute = routes.find((route) => route.stream)!;
    for (const role of EVERY_ROLE.filter((role) => decide(streamRoute, role, 'own') !== 'allowed')) {
      cells += 1;
      const before = await head();
      await checkRefused(
        `GET /api/v1/stream as ${ACCOUNT[role]}`,
        await send(streamRoute, role, '', 'own'),
        403,
        before,
      );
    }
    const routeCount = routes.filter((route) => POLICY[routeKey(route)] !== 'public').length;
    process.stdout.write(
      `[authz matrix] ${routeCount} routes × ${EVERY_ROLE.length} roles × own/foreign = ${sent} requests` +
        ` (${cells} cells), ${discrepancies.length} outside scope\n`,
    );
    expect(discrepancies).toEqual([]);
  }, 120_000);

  it('lets a co-handling unit see a ticket but not act on it (403)', async () => {
    seq += 1;
    const id = (
      await as('integration')
        .post(`${V1}/tickets`)
        .send(intakeBody(`MX-CO-${seq}`, FOREIGN.gridId))
        .expect(201)
    ).body.id as string;
    await as('dispatcher').post(`${V1}/tickets/${id}/sign`).send({}).expect(200);
    await as('dispatcher')
      .post(`${V1}/tickets/${id}/dispatch`)
      .send({ unitId: FOREIGN.unitId, coUnitIds: [OWN.unitId] })
      .expect(200);
    await as('handler').get(`${V1}/tickets/${id}`).expect(200);
    const before = await head();
    const accept = await as('handler').post(`${V1}/tickets/${id}/accept`).send({});
    expect(accept.status).toBe(403);
    expect(await head()).toBe(before);
  });

  it("lets an inspector record a shop's refusal only on a finding of that shop in its own grids (403 otherwise)", async () => {
    const findingOf = async (gridId: string) =>
      (
        await as('dispatcher')
          .post(`${V1}/findings`)
          .send({
            ...reportBody(gridId, `店外经营 MX-SHOP-${(seq += 1)}`),
            category: { standard: 'GB/T 30428.2-2013', code: '04-05', kind: 'event' },
            shopId: SHOP,
          })
          .expect(201)
      ).body.id as string;
    const foreign = await findingOf(FOREIGN.gridId);
    const own = await findingOf(OWN.gridId);
    const refuse = (body: object) => as('inspector').post(`${V1}/shops/${SHOP}/refusals`).send(body);
    let before = await head();
    await checkRefused(
      "a refusal on a foreign grid's finding",
      await refuse({ reason: '拒不整改', findingId: foreign }),
      403,
      before,
    );
    before = await head();
    const without = await refuse({ reason: '拒不整改' });
    expect(without.status).toBe(422);
    expect(without.body.code).toBe('SHOP.FINDING_REQUIRED');
    expect(await head()).toBe(before);
    await refuse({ reason: '拒不整改', findingId: own }).expect(200);
    expect(discrepancies).toEqual([]);
  });

  it('narrows the lists and alerts to the caller’s scope, and refuses them to the integration account', async () => {
    // Let deadlines pass so that every case has alerts: days later, the sign, accept and handle stages are overdue.
    clock.advance(3 * 86_400_000);
    await logIn();
    const kindOf = (path: string) =>
      path === '/tickets' ? ['ticket'] : path === '/findings' ? ['finding'] : ['ticket', 'finding'];
    const idsOf = (side: Side, path: string) =>
      new Set(kindOf(path).map((kind) => shared[side].get(kind as Target)));
    const position = await head();
    const page = async (role: RoleName, path: string, query: Record<string, string> = {}) =>
      (
        await as(role)
          .get(`${V1}${path}`)
          .query({ limit: '100', minPosition: position, ...query })
          .expect(200)
      ).body.items as Record<string, unknown>[];
    // Every case has several stages with alerts (the district's deadline and the step clocks): a page of each kind.
    const list = async (role: RoleName, path: string) =>
      path === '/alerts'
        ? [
            ...(await page(role, path, { caseType: 'ticket' })),
            ...(await page(role, path, { caseType: 'finding' })),
          ]
        : page(role, path);
    const alertsOfBothSides = async () => {
      const items = await list('dispatcher', '/alerts');
      const cases = new Set(items.map((item) => item.caseId));
      // (A ticket's deadlines start when its unit accepts it: the foreign ticket, never accepted, has none.)
      expect(cases.has(shared.own.get('ticket'))).toBe(true);
      expect(cases.has(shared.own.get('finding'))).toBe(true);
      expect(cases.has(shared.foreign.get('finding'))).toBe(true);
      return items;
    };
    await eventually(alertsOfBothSides, 15_000, 200);

    const inScope = {
      handler: (doc: Record<string, unknown>) =>
        doc.unitId === OWN.unitId || ((doc.coUnitIds as string[] | undefined) ?? []).includes(OWN.unitId),
      inspector: (doc: Record<string, unknown>) => doc.gridId === OWN.gridId,
    };
    for (const role of ['handler', 'inspector'] as const) {
      for (const path of ['/tickets', '/findings', '/alerts']) {
        const items = await list(role, path);
        const idOf = (doc: Record<string, unknown>) => (path === '/alerts' ? doc.caseId : doc.id);
        const foreignIds = idsOf('foreign', path);
        const ownIds = idsOf('own', path);
        const outside = items.filter((doc) => !inScope[role](doc) || foreignIds.has(idOf(doc) as string));
        if (outside.length > 0)
          discrepancies.push(
            `GET ${path} as ${ACCOUNT[role]} lists ${JSON.stringify(outside).slice(0, 300)}`,
          );
        if (!items.some((doc) => ownIds.has(idOf(doc) as string)))
          discrepancies.push(`GET ${path} as ${ACCOUNT[role]} lists none of its own cases`);
      }
    }
    for (const path of ['/tickets', '/findings', '/alerts']) {
      const center = await list('supervisor', path);
      const ids = new Set(center.map((doc) => (path === '/alerts' ? doc.caseId : doc.id)));
      const expected =
        path === '/alerts'
          ? [...idsOf('own', path), shared.foreign.get('finding')]
          : [...idsOf('own', path), ...idsOf('foreign', path)];
      for (const id of expected)
        if (!ids.has(id)) discrepancies.push(`GET ${path} as supervisor misses ${id}`);
      const refused = await as('integration').get(`${V1}${path}`);
      if (refused.status !== 403) discrepancies.push(`GET ${path} as integration: ${refused.status}`);
    }
    expect(discrepancies).toEqual([]);
  }, 60_000);

  it('opens the live stream to the roles that may read, and narrows it', async () => {
    await api.listen({ port: 0, host: '127.0.0.1' });
    const { port } = api.getHttpServer().address() as { port: number };
    const open = (role: RoleName) =>
      openEventStream(`http://127.0.0.1:${port}${V1}/stream`, {
        authorization: `Bearer ${tokens.get(role) ?? ''}`,
      });
    for (const role of READERS.filter((role) => role !== 'handler' && role !== 'inspector')) {
      const stream = await open(role);
      expect(stream.status).toBe(200);
      expect(await stream.readUntil(/: connected/)).toBe(true);
      stream.close();
    }
    const handler = await open('handler');
    const inspector = await open('inspector');
    try {
      expect(await handler.readUntil(/: connected/)).toBe(true);
      expect(await inspector.readUntil(/: connected/)).toBe(true);
      const foreign = [
        await newCase('ticket', 'foreign'),
        await newCase('finding', 'foreign'),
        await newCase('bike', 'foreign'),
      ];
      const ownTicket = await newCase('ticket', 'own');
      const ownFinding = await newCase('finding', 'own');
      const ownBike = await newCase('bike', 'own');
      expect(await handler.readUntil(new RegExp(`"id":"${ownTicket}","type":"TicketAccepted"`))).toBe(true);
      expect(await handler.readUntil(new RegExp(`"id":"${ownFinding}","type":"FindingDispatched"`))).toBe(
        true,
      );
      expect(await inspector.readUntil(new RegExp(`"id":"${ownFinding}","type":"FindingDispatched"`))).toBe(
        true,
      );
      expect(await inspector.readUntil(new RegExp(`"id":"${ownBike}","type":"BikeTagged"`))).toBe(true);
      for (const id of foreign) {
        expect(handler.text()).not.toContain(id);
        expect(inspector.text()).not.toContain(id);
      }
      expect(handler.text()).not.toContain(ownBike);
    } finally {
      handler.close();
      inspector.close();
    }
  });
});
