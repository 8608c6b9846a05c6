import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import request from 'supertest';
import { jpegPhoto, PNG, reportBody } from '../support/openapi-requests.js';
import { openEventStream } from '../support/sse.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * Issue 24: the findings of the adversarial probe, each held by a test that failed before the fix
 * (docs/security.md lists every promise with its test).
 */
const PASSWORD = 'chengyun-demo';
const PHONE = '13912345678';
const NAME = '韩梅梅';

const intake = (ticketNo: string, caller?: object) => ({
  ticketNo,
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '夜间施工噪声',
  content: '工地夜间施工',
  address: '威海路100号',
  gridId: 'g2-03',
  ...(caller ? { caller } : {}),
});

/** Signs each account in with the demo password and keeps its access token. */
async function logIn(
  api: NestFastifyApplication,
  tokens: Map<string, string>,
  usernames: readonly string[],
): Promise<void> {
  for (const username of usernames) {
    const answer = await request(api.getHttpServer())
      .post('/api/v1/auth/token')
      .send({ username, password: PASSWORD })
      .expect(200);
    tokens.set(username, answer.body.accessToken as string);
  }
}

describe('issue 24: idempotency keys are bound to their request', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  const clock = new ManualClock('2026-03-02T09:20:00+08:00');
  const tokens = new Map<string, string>();
  const http = () => request(api.getHttpServer());
  const auth = (username: string) => ({ authorization: `Bearer ${tokens.get(username) ?? ''}` });
  const stream = async (id: string) => api.get(EventStore).readStream(`ticket-${id}`);

  beforeAll(async () => {
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token', AUTH_ACCESS_TTL_S: '86400' }, clock);
    api = system.app;
    await logIn(api, tokens, ['dispatcher', 'supervisor', 'integration']);
  });
  afterAll(async () => {
    await system.close();
  });

  const newTicket = async (ticketNo: string) => {
    const created = await http()
      .post('/api/v1/tickets')
      .set(auth('integration'))
      .send(intake(ticketNo, { name: NAME, phone: PHONE, confidential: false }))
      .expect(201);
    return created.body.id as string;
  };

  it('never hands a reveal replay to another account: 422, no caller data, nothing written, logged', async () => {
    const id = await newTicket('IDEM-REVEAL-1');
    const first = await http()
      .post(`/api/v1/tickets/${id}/caller/reveal`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'reveal-key-1')
      .send({ reason: '回访需要联系' })
      .expect(200);
    expect(first.body.caller).toMatchObject({ name: NAME, phone: PHONE });
    const before = await stream(id);
    const stolen = await http()
      .post(`/api/v1/tickets/${id}/caller/reveal`)
      .set(auth('supervisor'))
      .set('idempotency-key', 'reveal-key-1')
      .send({ reason: '回访需要联系' })
      .expect(422);
    expect(stolen.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(stolen.text).not.toContain(PHONE);
    expect(stolen.text).not.toContain(NAME);
    expect(await stream(id)).toHaveLength(before.length);
    // The account that made it gets its answer again, and the replay is in the security log.
    const again = await http()
      .post(`/api/v1/tickets/${id}/caller/reveal`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'reveal-key-1')
      .send({ reason: '回访需要联系' })
      .expect(200);
    expect(again.body).toMatchObject({ replayed: true, caller: { phone: PHONE } });
    expect(system.lines.some((line) => line.includes('"security":"caller.reveal-replayed"'))).toBe(true);
    expect(system.lines.join('\n')).not.toContain(PHONE);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body or route, and writes nothing', async () => {
    const id = await newTicket('IDEM-BODY-1');
    await http()
      .post(`/api/v1/tickets/${id}/sign`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'sign-key-1')
      .expect(200);
    const head = await api.get(EventStore).headPosition();
    const otherRoute = await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'sign-key-1')
      .send({ unitId: 'enforcement' })
      .expect(422);
    expect(otherRoute.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'dispatch-key-1')
      .send({ unitId: 'enforcement' })
      .expect(200);
    const head2 = await api.get(EventStore).headPosition();
    const otherBody = await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'dispatch-key-1')
      .send({ unitId: 'market' })
      .expect(422);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await api.get(EventStore).headPosition()).toBe(head2);
    expect(head2).not.toBe(head);
    // The same request again is a replay.
    const replay = await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(auth('dispatcher'))
      .set('idempotency-key', 'dispatch-key-1')
      .send({ unitId: 'enforcement' })
      .expect(200);
    expect(replay.body.replayed).toBe(true);
  });

  it("answers one 404 text whether a case does not exist or is outside the caller's scope", async () => {
    const handler = await http()
      .post('/api/v1/auth/token')
      .send({ username: 'handler-enforcement', password: PASSWORD })
      .expect(200);
    const as = { authorization: `Bearer ${handler.body.accessToken as string}` };
    const id = await newTicket('IDEM-404-1');
    const hidden = await http().get(`/api/v1/tickets/${id}`).set(as).expect(404);
    const missing = await http()
      .get('/api/v1/tickets/00000000-0000-4000-8000-000000000000')
      .set(as)
      .expect(404);
    const hiddenCommand = await http().post(`/api/v1/tickets/${id}/accept`).set(as).expect(404);
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
    expect(strip(hidden.body)).toEqual(strip(missing.body));
    expect(strip(hiddenCommand.body)).toEqual(strip(missing.body));
  });

  it('gives concurrent first uses of one key exactly one effect; the other bodies get 422', async () => {
    const id = await newTicket('IDEM-RACE-1');
    await http().post(`/api/v1/tickets/${id}/sign`).set(auth('dispatcher')).expect(200);
    const before = (await stream(id)).length;
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        http()
          .post(`/api/v1/tickets/${id}/dispatch`)
          .set(auth('dispatcher'))
          .set('idempotency-key', 'race-key-1')
          .send({ unitId: i % 2 === 0 ? 'enforcement' : 'market' }),
      ),
    );
    const events = (await stream(id)).slice(before);
    expect(events).toHaveLength(1);
    const unit = (events[0]?.data as { unitId: string }).unitId;
    answers.forEach((answer, i) => {
      const mine = i % 2 === 0 ? 'enforcement' : 'market';
      expect(answer.status).toBe(mine === unit ? 200 : 422);
    });
  });
});

describe('issue 24: bounded parsing, content types and timeouts', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  const http = () => request(api.getHttpServer());
  const actor = { 'x-actor-id': 'dispatcher', 'x-actor-role': 'dispatcher' };

  beforeAll(async () => {
    system = await startTestApi({ DEMO: 'true', REQUEST_TIMEOUT_MS: '1000' });
    api = system.app;
  });
  afterAll(async () => {
    await system.close();
  });

  it('refuses 60,000 unknown keys at once, with a small answer, on /auth/token and on a JSON route', async () => {
    const wide = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1]));
    const started = Date.now();
    const login = await http()
      .post('/api/v1/auth/token')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ username: 'admin', password: 'x', ...wide }));
    expect(login.status).toBe(413);
    const intakeAnswer = await http()
      .post('/api/v1/tickets')
      .set(actor)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ ...intake('WIDE-1'), ...wide }));
    expect(intakeAnswer.status).toBe(400);
    expect(intakeAnswer.text.length).toBeLessThan(4000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers 400, not 500, to a body nested 3,000 levels deep', async () => {
    const deep = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);
    for (const path of ['/api/v1/tickets', '/api/v1/auth/token', '/api/v1/units']) {
      const answer = await http().post(path).set(actor).set('content-type', 'application/json').send(deep);
      expect([400, 413]).toContain(answer.status);
    }
    const nested = await http()
      .post('/api/v1/tickets')
      .set(actor)
      .set('content-type', 'application/json')
      .send(
        JSON.stringify({
          ...intake('DEEP-1'),
          caller: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)),
        }),
      );
    expect(nested.status).toBe(400);
  });

  it('lists at most 20 field errors', async () => {
    const body = {
      ...intake('ERRS-1'),
      ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`x${i}`, 1])),
    };
    const answer = await http().post('/api/v1/tickets').set(actor).send(body).expect(400);
    expect(answer.body.errors).toHaveLength(20);
    expect(answer.body.errorsOmitted).toBeGreaterThan(0);
  });

  it('takes only application/json (UTF-8) on JSON routes: forms, text and other charsets answer 415', async () => {
    const form = await http()
      .post('/api/v1/auth/token')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('username=admin&password=chengyun-demo');
    expect(form.status).toBe(415);
    const text = await http()
      .post('/api/v1/tickets')
      .set(actor)
      .set('content-type', 'text/plain')
      .send(JSON.stringify(intake('TEXT-1')));
    expect(text.status).toBe(415);
    const latin1 = await http()
      .post('/api/v1/tickets')
      .set(actor)
      .set('content-type', 'application/json; charset=iso-8859-1')
      .send(JSON.stringify(intake('LATIN-1')));
    expect(latin1.status).toBe(415);
    expect(latin1.headers['content-type']).toContain('application/problem+json');
    await http()
      .post('/api/v1/tickets')
      .set(actor)
      .set('content-type', 'application/json; charset=UTF-8')
      .send(JSON.stringify(intake('UTF8-1')))
      .expect(201);
  });

  it('creates the data files 0600 and keeps no caller in the vault file in clear', async () => {
    const { readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    await http()
      .post('/api/v1/tickets')
      .set(actor)
      .send(intake('FILES-1', { name: NAME, phone: PHONE, confidential: false }))
      .expect(201);
    for (const name of ['events.db', 'vault.db', 'credentials.db', 'vault-key', 'auth-secret']) {
      expect([name, statSync(join(system.config.dataDir, name)).mode & 0o777]).toEqual([name, 0o600]);
    }
    for (const name of ['vault.db', 'vault.db-wal']) {
      const bytes = readFileSync(join(system.config.dataDir, name));
      expect(bytes.includes(Buffer.from(PHONE))).toBe(false);
      expect(bytes.includes(Buffer.from(NAME))).toBe(false);
    }
  });

  it('marks case data Cache-Control: no-store', async () => {
    const created = await http().post('/api/v1/tickets').set(actor).send(intake('CACHE-1')).expect(201);
    const answer = await http()
      .get(`/api/v1/tickets/${created.body.id as string}`)
      .set(actor)
      .expect(200);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('closes a trickled body after REQUEST_TIMEOUT_MS', async () => {
    const server = api.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    const { connect } = await import('node:net');
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.write(
      'POST /api/v1/tickets HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n' +
        'x-actor-id: a\r\nx-actor-role: dispatcher\r\n\r\n{',
    );
    const timer = setInterval(() => socket.write(' '), 100);
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    clearInterval(timer);
    const elapsed = Date.now() - started;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(elapsed).toBeLessThan(5000);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });
});

describe('issue 24: logins counted before the check, delays instead of locks, real client addresses', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  const clock = new ManualClock('2026-03-02T09:20:00+08:00');
  const http = () => request(api.getHttpServer());
  const login = (username: string, password: string, from = '203.0.113.7') =>
    http().post('/api/v1/auth/token').set('x-forwarded-for', from).send({ username, password });

  beforeAll(async () => {
    system = await startTestApi(
      {
        DEMO: 'true',
        AUTH_MODE: 'token',
        AUTH_LOGIN_LIMIT: '2',
        TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1',
      },
      clock,
    );
    api = system.app;
  });
  afterAll(async () => {
    await system.close();
  });

  it('checks at most the limit of passwords when 40 logins race (39 wrong, then the right one)', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login('supervisor', i < 39 ? `wrong-password-${i}` : PASSWORD, `198.51.100.${i}`),
      ),
    );
    const count = (status: number) => answers.filter((answer) => answer.status === status).length;
    expect(count(401) + count(200)).toBeLessThanOrEqual(2);
    expect(count(429)).toBeGreaterThanOrEqual(38);
    expect(count(401) + count(200) + count(429)).toBe(40);
  });

  it('delays a known account after the limit instead of locking it: its owner logs in once the delay is over', async () => {
    await login('admin', 'wrong-password-1').expect(401);
    await login('admin', 'wrong-password-2').expect(401);
    const delayed = await login('admin', PASSWORD).expect(429);
    const retryAfter = Number(delayed.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    clock.advance(retryAfter * 1000);
    await login('admin', PASSWORD).expect(200);
    // The delay grows with every failure after the limit.
    await login('admin', 'wrong-password-3').expect(401);
    await login('admin', 'wrong-password-4').expect(401);
    clock.advance(1000);
    await login('admin', 'wrong-password-5').expect(401);
    const longer = await login('admin', PASSWORD).expect(429);
    expect(Number(longer.headers['retry-after'])).toBeGreaterThanOrEqual(2);
    clock.advance(60_000);
  });

  it('limits failures per client address behind a trusted proxy, not per proxy', async () => {
    for (let i = 0; i < 10; i += 1) await login(`nobody-${i}`, 'wrong-password', '10.9.8.7').expect(401);
    await login('nobody-x', 'wrong-password', '10.9.8.7').expect(429);
    await login('dispatcher', PASSWORD, '10.9.8.7').expect(429);
    // Another office behind the same proxy is not locked out.
    await login('dispatcher', PASSWORD, '10.9.8.8').expect(200);
  });

  it('writes failed and refused logins to the log as security events, without the password', () => {
    const log = system.lines.join('\n');
    expect(log).toContain('"security":"login.failed"');
    expect(log).toContain('"security":"login.throttled"');
    expect(log).not.toContain('wrong-password');
    expect(log).not.toContain(PASSWORD);
  });
});

describe('issue 24: sessions end when the account changes, on logout, on reuse and at their maximum age', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  const clock = new ManualClock('2026-03-02T09:20:00+08:00');
  const SECRET = 'a-test-secret-of-at-least-32-characters!';
  const http = () => request(api.getHttpServer());
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  let admin: string;
  const login = async (username: string, password = PASSWORD) =>
    (await http().post('/api/v1/auth/token').send({ username, password }).expect(200)).body as {
      accessToken: string;
      refreshToken: string;
    };
  const me = (token: string) => http().get('/api/v1/auth/me').set(bearer(token));
  const refresh = (refreshToken: string) => http().post('/api/v1/auth/refresh').send({ refreshToken });

  beforeAll(async () => {
    system = await startTestApi(
      { DEMO: 'true', AUTH_MODE: 'token', AUTH_SECRET: SECRET, SESSION_MAX_HOURS: '1' },
      clock,
    );
    api = system.app;
    admin = (await login('admin')).accessToken;
    await http()
      .post('/api/v1/accounts')
      .set(bearer(admin))
      .send({ username: 'zhao.min', displayName: '赵敏', role: 'dispatcher', password: 'first-password' })
      .expect(200);
  });
  afterAll(async () => {
    await system.close();
  });

  it('ends every token of an account when its password is set', async () => {
    const before = await login('zhao.min', 'first-password');
    await http()
      .post('/api/v1/accounts/zhao.min/password')
      .set(bearer(admin))
      .send({ password: 'second-password' })
      .expect(204);
    await me(before.accessToken).expect(401);
    await refresh(before.refreshToken).expect(401);
    const after = await login('zhao.min', 'second-password');
    await me(after.accessToken).expect(200);
    expect(system.lines.join('\n')).toContain('"security":"account.password-changed"');
    expect(system.lines.join('\n')).not.toContain('second-password');
  });

  it('does not revive tokens when a disabled account is enabled again', async () => {
    const before = await login('zhao.min', 'second-password');
    await http()
      .post('/api/v1/accounts/zhao.min/disable')
      .set(bearer(admin))
      .send({ reason: '离岗' })
      .expect(200);
    await http().post('/api/v1/accounts/zhao.min/enable').set(bearer(admin)).expect(200);
    await me(before.accessToken).expect(401);
    await refresh(before.refreshToken).expect(401);
    await me((await login('zhao.min', 'second-password')).accessToken).expect(200);
    expect(system.lines.join('\n')).toContain('"security":"account.disabled"');
  });

  it('ends the refresh tokens too when the scope changes', async () => {
    const before = await login('zhao.min', 'second-password');
    await http()
      .post('/api/v1/accounts/zhao.min/scope')
      .set(bearer(admin))
      .send({ role: 'supervisor' })
      .expect(200);
    await refresh(before.refreshToken).expect(401);
    expect(system.lines.join('\n')).toContain('"security":"account.scope-changed"');
  });

  it('logs out: the access and the refresh token of the session stop at once', async () => {
    const session = await login('dispatcher');
    const other = await login('dispatcher');
    await http().post('/api/v1/auth/logout').set(bearer(session.accessToken)).expect(204);
    await me(session.accessToken).expect(401);
    await refresh(session.refreshToken).expect(401);
    await me(other.accessToken).expect(200);
  });

  it('revokes the whole chain when a used refresh token comes back', async () => {
    const first = await login('supervisor');
    const second = (await refresh(first.refreshToken).expect(200)).body as {
      accessToken: string;
      refreshToken: string;
    };
    await refresh(first.refreshToken).expect(401);
    await me(second.accessToken).expect(401);
    await refresh(second.refreshToken).expect(401);
    expect(system.lines.join('\n')).toContain('"security":"session.refresh-reused"');
  });

  it('ends a session SESSION_MAX_HOURS after the login however often it is refreshed', async () => {
    let tokens = await login('dispatcher');
    for (let minutes = 0; minutes < 50; minutes += 10) {
      clock.advance(10 * 60_000);
      tokens = (await refresh(tokens.refreshToken).expect(200)).body as typeof tokens;
    }
    clock.advance(11 * 60_000);
    await me(tokens.accessToken).expect(401);
    await refresh(tokens.refreshToken).expect(401);
    await me((await login('dispatcher')).accessToken).expect(200);
  });

  it('refuses a token without exp, even signed with the key', async () => {
    const live = await login('dispatcher');
    const principal = (await me(live.accessToken).expect(200)).body as { sessionId: string; epoch: number };
    const { SignJWT } = await import('jose');
    const forever = await new SignJWT({ role: 'dispatcher', sid: principal.sessionId, ep: principal.epoch })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('dispatcher')
      .setIssuer('chengyun')
      .setAudience('chengyun-api')
      .setIssuedAt(Math.floor(clock.now().getTime() / 1000))
      .sign(new TextEncoder().encode(SECRET));
    await me(forever).expect(401);
  });
});

describe('issue 24: the identity provider is configured safely or not at all', () => {
  it('needs an issuer, an audience and https (http only to loopback in tests)', async () => {
    const { loadConfig } = await import('#platform');
    const base = { AUTH_JWKS_ISSUER: 'https://idp.example', AUTH_JWKS_AUDIENCE: 'chengyun' };
    expect(() => loadConfig({ ...base, AUTH_JWKS_URL: 'http://idp.example/jwks' }, '/srv')).toThrow(/https/);
    expect(() =>
      loadConfig({ ...base, AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks', NODE_ENV: 'production' }, '/srv'),
    ).toThrow(/https/);
    expect(() => loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks' }, '/srv')).toThrow(
      /AUTH_JWKS_ISSUER[\s\S]*AUTH_JWKS_AUDIENCE/,
    );
    expect(() =>
      loadConfig(
        { ...base, AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_JWKS_ALGORITHMS: 'HS256' },
        '/srv',
      ),
    ).toThrow(/asymmetric/);
    expect(
      loadConfig({ ...base, AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks', NODE_ENV: 'test' }, '/srv').authJwksUrl,
    ).toBe('http://127.0.0.1:9/jwks');
  });
});

describe('issue 24: live streams are capped per account and end with their token', () => {
  let system: TestApi;
  let base: string;
  const clock = new ManualClock('2026-03-02T09:20:00+08:00');
  const http = () => request(system.app.getHttpServer());
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const login = async (username: string, password = PASSWORD) =>
    (await http().post('/api/v1/auth/token').send({ username, password }).expect(200)).body
      .accessToken as string;
  const open = (token: string) => openEventStream(`${base}/stream`, bearer(token));
  const ended = async (stream: Awaited<ReturnType<typeof open>>) => {
    const deadline = Date.now() + 8000;
    while (Date.now() < deadline) {
      if (await stream.readUntil(/event: end/)) return true;
    }
    return false;
  };

  beforeAll(async () => {
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token', SSE_MAX_PER_ACCOUNT: '3' }, clock);
    await system.app.listen({ port: 0, host: '127.0.0.1' });
    const address = system.app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}/api/v1`;
  });
  afterAll(() => system.close());

  it('opens at most SSE_MAX_PER_ACCOUNT streams for one account', async () => {
    const token = await login('supervisor');
    const streams = [await open(token), await open(token), await open(token)];
    expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200]);
    const fourth = await open(token);
    expect(fourth.status).toBe(429);
    fourth.close();
    // Another account is not affected, and a closed stream gives its place back.
    const other = await open(await login('dispatcher'));
    expect(other.status).toBe(200);
    other.close();
    streams[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await open(token);
    expect(again.status).toBe(200);
    for (const stream of [...streams.slice(1), again]) stream.close();
  });

  it('ends a stream when its account is disabled, and when its token expires', async () => {
    const admin = await login('admin');
    await http()
      .post('/api/v1/accounts')
      .set(bearer(admin))
      .send({ username: 'sun.li', displayName: '孙丽', role: 'supervisor', password: 'sun-li-password' })
      .expect(200);
    const disabledStream = await open(await login('sun.li', 'sun-li-password'));
    expect(disabledStream.status).toBe(200);
    await http()
      .post('/api/v1/accounts/sun.li/disable')
      .set(bearer(admin))
      .send({ reason: '离岗' })
      .expect(200);
    expect(await ended(disabledStream)).toBe(true);
    disabledStream.close();

    const expiring = await open(await login('supervisor'));
    expect(expiring.status).toBe(200);
    clock.advance(16 * 60_000);
    expect(await ended(expiring)).toBe(true);
    expiring.close();
  });
});

describe('issue 24: photos without metadata, within quota, in the scope of their case', () => {
  let system: TestApi;
  const tokens = new Map<string, string>();
  const http = () => request(system.app.getHttpServer());
  const as = (username: string) => ({ authorization: `Bearer ${tokens.get(username) ?? ''}` });
  const upload = (username: string, bytes: Buffer, type = 'image/jpeg') =>
    http().post('/api/v1/photos').set(as(username)).set('content-type', type).send(bytes);

  beforeAll(async () => {
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token', PHOTO_QUOTA_BYTES: '400' });
    await logIn(system.app, tokens, [
      'inspector-g2-03',
      'inspector-g3-09',
      'dispatcher',
      'handler-enforcement',
    ]);
  });
  afterAll(() => system.close());

  it('strips EXIF before storing, and shows a photo only in the scope of its case', async () => {
    const stored = await upload('inspector-g2-03', jpegPhoto(1)).expect(201);
    const id = stored.body.id as string;
    const back = await http().get(`/api/v1/photos/${id}`).set(as('inspector-g2-03')).expect(200);
    const bytes = Buffer.from(back.body as Buffer);
    expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
    expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // Not attached to anything yet: the uploader and the center only.
    const none = await http().get(`/api/v1/photos/${id}`).set(as('inspector-g3-09')).expect(404);
    const missing = await http()
      .get(`/api/v1/photos/photo-${'0'.repeat(40)}.jpg`)
      .set(as('inspector-g3-09'))
      .expect(404);
    expect({ ...none.body, instance: undefined }).toEqual({ ...missing.body, instance: undefined });
    await http().get(`/api/v1/photos/${id}`).set(as('dispatcher')).expect(200);
    await http()
      .post('/api/v1/findings')
      .set(as('inspector-g2-03'))
      .send({ ...reportBody('g2-03'), photos: [id] })
      .expect(201);
    // In a finding of g2-03: not for the inspector of another grid, nor a unit it was not dispatched to.
    await http().get(`/api/v1/photos/${id}`).set(as('inspector-g3-09')).expect(404);
    await http().get(`/api/v1/photos/${id}`).set(as('handler-enforcement')).expect(404);
    await http().get(`/api/v1/photos/${id}`).set(as('dispatcher')).expect(200);
  });

  it("refuses uploads over the account's daily quota with 429", async () => {
    await upload('inspector-g3-09', PNG, 'image/png').expect(201);
    let refused = 0;
    for (let i = 2; i < 20 && refused === 0; i += 1) {
      const answer = await upload('inspector-g3-09', jpegPhoto(i));
      if (answer.status === 429) refused += 1;
      else expect(answer.status).toBe(201);
    }
    expect(refused).toBe(1);
    // Another account still has its own.
    await upload('dispatcher', jpegPhoto(99)).expect(201);
  });
});

describe('issue 24: least data for the unit-level roles and the redelivery', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  const clock = new ManualClock('2026-03-02T09:20:00+08:00');
  const tokens = new Map<string, string>();
  const http = () => request(api.getHttpServer());
  const auth = (username: string) => ({ authorization: `Bearer ${tokens.get(username) ?? ''}` });

  beforeAll(async () => {
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token', AUTH_ACCESS_TTL_S: '86400' }, clock, {
      worker: true,
    });
    api = system.app;
    await logIn(api, tokens, ['dispatcher', 'integration', 'inspector-g2-03']);
  });
  afterAll(async () => {
    await system.close();
  });

  it("hides a confidential caller from an inspector of the ticket's grid, in the detail and the list", async () => {
    const created = await http()
      .post('/api/v1/tickets')
      .set(auth('integration'))
      .send(intake('LEAST-CONF-1', { name: NAME, phone: PHONE, confidential: true }))
      .expect(201);
    const id = created.body.id as string;
    const detail = await http().get(`/api/v1/tickets/${id}`).set(auth('inspector-g2-03')).expect(200);
    expect(detail.body.callerHidden).toBe(true);
    expect(detail.body.intake.caller).toBeUndefined();
    expect(JSON.stringify(detail.body)).not.toContain(PHONE.slice(-4));
    const list = async () =>
      (
        await http()
          .get('/api/v1/tickets')
          .query({ minPosition: created.body.position as string })
          .set(auth('inspector-g2-03'))
          .expect(200)
      ).body.items as { id: string; phoneMasked: string | null }[];
    const item = (await list()).find((doc) => doc.id === id);
    expect(item).toBeDefined();
    expect(item?.phoneMasked).toBeNull();
  });

  it('answers a dispatcher’s redelivery with a guessed number like any other: nothing to learn, nothing written', async () => {
    const created = await http()
      .post('/api/v1/tickets')
      .set(auth('integration'))
      .send(intake('LEAST-REDELIVER-1', { name: NAME, phone: PHONE, confidential: false }))
      .expect(201);
    const id = created.body.id as string;
    const before = await api.get(EventStore).readStream(`ticket-${id}`);
    for (const phone of [PHONE, '13800000000']) {
      const again = await http()
        .post('/api/v1/tickets')
        .set(auth('dispatcher'))
        .send(intake('LEAST-REDELIVER-1', { name: NAME, phone, confidential: false }));
      expect(again.status).toBe(200);
    }
    expect(await api.get(EventStore).readStream(`ticket-${id}`)).toHaveLength(before.length);
    // The platform's own redelivery is still compared: another caller on the same number is a conflict.
    await http()
      .post('/api/v1/tickets')
      .set(auth('integration'))
      .send(intake('LEAST-REDELIVER-1', { name: NAME, phone: '13800000000', confidential: false }))
      .expect(409);
  });
});
