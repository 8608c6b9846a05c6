import { createServer, type Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '#core';
import { EventStore } from '#event-store';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { freePort } from '../support/processes.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const PASSWORD = 'chengyun-demo';
const intake = (ticketNo: string) => ({
  ticketNo,
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '夜间施工噪声扰民',
  content: '内容',
  address: '威海路100号',
});

describe('authentication: tokens from the demo accounts, roles per endpoint', () => {
  let system: TestApi;
  let api: NestFastifyApplication;
  let clock: ManualClock;
  let jwksServer: Server;
  let external: { privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'] };

  beforeAll(async () => {
    // An identity provider of the office's own: its key set served on localhost.
    const keys = await generateKeyPair('ES256', { extractable: true });
    external = { privateKey: keys.privateKey };
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'office-1', alg: 'ES256', use: 'sig' };
    const port = await freePort();
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(port, '127.0.0.1', resolve));
    clock = new ManualClock('2026-03-02T09:20:00+08:00');
    system = await startTestApi(
      {
        DEMO: 'true',
        AUTH_MODE: 'token',
        AUTH_LOGIN_LIMIT: '5',
        AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
        AUTH_JWKS_ISSUER: 'https://idp.office.example',
        AUTH_JWKS_AUDIENCE: 'chengyun',
      },
      clock,
    );
    api = system.app;
  });
  afterAll(async () => {
    await system.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  const http = () => request(api.getHttpServer());
  const login = async (username: string, password = PASSWORD) =>
    (await http().post('/api/v1/auth/token').send({ username, password }).expect(200)).body as {
      accessToken: string;
      refreshToken: string;
      expiresIn: number;
      role: string;
    };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('logs in with a demo account and says who the token belongs to', async () => {
    const answer = await login('dispatcher');
    expect(answer).toMatchObject({ role: 'dispatcher', expiresIn: 900 });
    const me = await http().get('/api/v1/auth/me').set(bearer(answer.accessToken)).expect(200);
    expect(me.body).toMatchObject({ accountId: 'dispatcher', role: 'dispatcher', issuer: 'local' });
    const handler = await login('handler-enforcement');
    const handlerMe = await http().get('/api/v1/auth/me').set(bearer(handler.accessToken)).expect(200);
    expect(handlerMe.body).toMatchObject({ role: 'handler', unitId: 'enforcement' });
  });

  it('answers a wrong password and an unknown user alike, with 401', async () => {
    const wrong = await http()
      .post('/api/v1/auth/token')
      .send({ username: 'supervisor', password: 'guess-guess' });
    const unknown = await http()
      .post('/api/v1/auth/token')
      .send({ username: 'nobody-here', password: 'guess-guess' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses calls without a token (401) and roles an endpoint does not name (403); health stays public', async () => {
    await http()
      .get('/api/v1/health')
      .expect((response) => expect([200, 503]).toContain(response.status));
    await http().post('/api/v1/tickets').send(intake('AUTH-0')).expect(401);
    await http()
      .post('/api/v1/tickets')
      .set('authorization', 'Bearer not.a.token')
      .send(intake('AUTH-0'))
      .expect(401);
    const dispatcher = await login('dispatcher');
    const handler = await login('handler-enforcement');
    const integration = await login('integration');
    await http().post('/api/v1/tickets').set(bearer(handler.accessToken)).send(intake('AUTH-1')).expect(403);
    const created = await http()
      .post('/api/v1/tickets')
      .set(bearer(integration.accessToken))
      .send(intake('AUTH-1'))
      .expect(201);
    const id = created.body.id as string;
    await http().post(`/api/v1/tickets/${id}/sign`).set(bearer(handler.accessToken)).expect(403);
    await http().post(`/api/v1/tickets/${id}/sign`).set(bearer(dispatcher.accessToken)).expect(200);
    await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(bearer(dispatcher.accessToken))
      .send({ unitId: 'enforcement' })
      .expect(200);
    await http().post(`/api/v1/tickets/${id}/accept`).set(bearer(dispatcher.accessToken)).expect(403);
    await http().post(`/api/v1/tickets/${id}/accept`).set(bearer(handler.accessToken)).expect(200);
    await http().get('/api/v1/tickets').set(bearer(integration.accessToken)).expect(403);
    await http().post('/api/v1/units').set(bearer(dispatcher.accessToken)).send({}).expect(403);
    // The events name the account that acted, from the token (not from any header).
    const events = await api.get(EventStore).readStream(`ticket-${id}`);
    expect(events.map((event) => (event.metadata as { actor: { id: string } }).actor.id)).toEqual([
      'integration',
      'dispatcher',
      'dispatcher',
      'handler-enforcement',
    ]);
  });

  it('expires access tokens, and rotates refresh tokens (each works once; a reused one ends the session)', async () => {
    const first = await login('supervisor');
    const refreshed = await http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: first.refreshToken })
      .expect(200);
    await http()
      .get('/api/v1/auth/me')
      .set(bearer(refreshed.body.accessToken as string))
      .expect(200);
    clock.advance(16 * 60_000);
    await http().get('/api/v1/auth/me').set(bearer(first.accessToken)).expect(401);
    clock.advance(-16 * 60_000);
    // The used refresh token again: a stolen copy. The whole session ends, the tokens refreshed from it too.
    await http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    await http()
      .get('/api/v1/auth/me')
      .set(bearer(refreshed.body.accessToken as string))
      .expect(401);
    await http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: refreshed.body.refreshToken as string })
      .expect(401);
  });

  it('accepts the tokens of the configured identity provider, by its keys', async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const sign = (claims: Record<string, unknown>, issuer = 'https://idp.office.example') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'office-1' })
        .setSubject('wang.lei')
        .setIssuer(issuer)
        .setAudience('chengyun')
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(external.privateKey);
    const token = await sign({ chengyun_role: 'supervisor' });
    const me = await http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    // Namespaced: an external subject never passes for the local account of the same name.
    expect(me.body).toMatchObject({ accountId: 'ext:wang.lei', role: 'supervisor', issuer: 'external' });
    await http().get('/api/v1/stats/hotline?from=2026-03-01&to=2026-03-31').set(bearer(token)).expect(200);
    // Another issuer, or no role claim: not accepted.
    await http()
      .get('/api/v1/auth/me')
      .set(bearer(await sign({ chengyun_role: 'supervisor' }, 'https://evil.example')))
      .expect(401);
    await http()
      .get('/api/v1/auth/me')
      .set(bearer(await sign({})))
      .expect(401);
    // Issue 24: another audience, no expiry, or the name of a local account.
    const base = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'office-1' })
        .setIssuer('https://idp.office.example')
        .setIssuedAt(now);
    await http()
      .get('/api/v1/auth/me')
      .set(
        bearer(
          await base({ chengyun_role: 'supervisor' })
            .setSubject('wang.lei')
            .setAudience('another-api')
            .setExpirationTime(now + 300)
            .sign(external.privateKey),
        ),
      )
      .expect(401);
    await http()
      .get('/api/v1/auth/me')
      .set(
        bearer(
          await base({ chengyun_role: 'supervisor' })
            .setSubject('wang.lei')
            .setAudience('chengyun')
            .sign(external.privateKey),
        ),
      )
      .expect(401);
    const named = await http()
      .get('/api/v1/auth/me')
      .set(
        bearer(
          await base({ chengyun_role: 'supervisor' })
            .setSubject('admin')
            .setAudience('chengyun')
            .setExpirationTime(now + 300)
            .sign(external.privateKey),
        ),
      )
      .expect(200);
    expect(named.body.accountId).toBe('ext:admin');
    // A subject the admin registered (without a password) and then disabled is refused.
    const admin = await login('admin');
    await http()
      .post('/api/v1/accounts')
      .set(bearer(admin.accessToken))
      .send({ username: 'ext:wang.lei', displayName: '王磊', role: 'supervisor' })
      .expect(200);
    await http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    await http()
      .post('/api/v1/accounts/ext:wang.lei/password')
      .set(bearer(admin.accessToken))
      .send({ password: 'a-long-password' })
      .expect(400);
    await http()
      .post('/api/v1/accounts/ext:wang.lei/disable')
      .set(bearer(admin.accessToken))
      .send({ reason: '离职' })
      .expect(200);
    await http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
  });

  it('slows guessing: after the limit of failures an account answers 429 with Retry-After, even to its password', async () => {
    for (let i = 0; i < 5; i += 1) {
      await http()
        .post('/api/v1/auth/token')
        .send({ username: 'inspector-g3-09', password: `wrong-${i}-password` })
        .expect(401);
    }
    const refused = await http()
      .post('/api/v1/auth/token')
      .send({ username: 'inspector-g3-09', password: PASSWORD })
      .expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lets an admin manage accounts: a new one logs in, a scope change or disabling ends its tokens', async () => {
    const admin = await login('admin');
    const supervisor = await login('supervisor');
    await http().get('/api/v1/accounts').set(bearer(supervisor.accessToken)).expect(403);
    const list = await http().get('/api/v1/accounts').set(bearer(admin.accessToken)).expect(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: 'handler-market', role: 'handler', unitId: 'market' }),
      ]),
    );
    await http()
      .post('/api/v1/accounts')
      .set(bearer(admin.accessToken))
      .send({
        username: 'li.na',
        displayName: '李娜',
        role: 'handler',
        unitId: 'housing',
        password: 'a-long-password',
      })
      .expect(200);
    const li = await login('li.na', 'a-long-password');
    expect(li.role).toBe('handler');
    await http()
      .post('/api/v1/accounts/li.na/scope')
      .set(bearer(admin.accessToken))
      .send({ role: 'dispatcher' })
      .expect(200);
    await http().get('/api/v1/auth/me').set(bearer(li.accessToken)).expect(401);
    const again = await login('li.na', 'a-long-password');
    expect(again.role).toBe('dispatcher');
    await http()
      .post('/api/v1/accounts/li.na/disable')
      .set(bearer(admin.accessToken))
      .send({ reason: '调岗' })
      .expect(200);
    await http().get('/api/v1/auth/me').set(bearer(again.accessToken)).expect(401);
    await http()
      .post('/api/v1/auth/token')
      .send({ username: 'li.na', password: 'a-long-password' })
      .expect(401);
    // A handler needs a unit: the directory refuses with the field named.
    const bad = await http()
      .post('/api/v1/accounts')
      .set(bearer(admin.accessToken))
      .send({ username: 'no.unit', displayName: '无单位', role: 'handler', password: 'a-long-password' })
      .expect(400);
    expect(bad.body.code).toBe('DIRECTORY.UNIT_REQUIRED');
  });

  it('sends security headers and no CORS header unless origins are configured', async () => {
    const response = await http().get('/api/v1/health').set('origin', 'https://elsewhere.example');
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
