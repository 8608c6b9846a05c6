import request from 'supertest';
import { openEventStream } from '../support/sse.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

/*
 * The browser's EventSource cannot send an Authorization header, and a JWT in a URL ends up in logs: the console asks
 * for a one-time stream ticket and opens GET /stream?ticket=…. A ticket works once, only for the stream, and carries
 * the scope of the account it was issued to.
 */
describe('POST /auth/stream-ticket: one-time tickets for the event stream', () => {
  let system: TestApi;
  let base: string;

  beforeAll(async () => {
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token' });
    await system.app.listen({ port: 0, host: '127.0.0.1' });
    const address = system.app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}/api/v1`;
  });
  afterAll(() => system.close());

  const login = async (username: string): Promise<string> =>
    (
      await request(system.app.getHttpServer())
        .post('/api/v1/auth/token')
        .send({ username, password: 'chengyun-demo' })
        .expect(200)
    ).body.accessToken as string;

  const ticketFor = async (token: string): Promise<string> => {
    const answer = await request(system.app.getHttpServer())
      .post('/api/v1/auth/stream-ticket')
      .set('authorization', `Bearer ${token}`)
      .expect(201);
    expect(answer.body.expiresIn).toBe(60);
    expect(answer.body.ticket).toMatch(/^[\w-]{32}$/);
    return answer.body.ticket as string;
  };

  it('opens the stream once with a ticket, and never twice', async () => {
    const token = await login('dispatcher');
    const ticket = await ticketFor(token);
    expect(ticket).not.toContain(token.slice(0, 20));

    const stream = await openEventStream(`${base}/stream?ticket=${ticket}`);
    expect(stream.status).toBe(200);
    expect(await stream.readUntil(/: connected/)).toBe(true);
    stream.close();

    const again = await fetch(`${base}/stream?ticket=${ticket}`);
    expect(again.status).toBe(401);
    await again.body?.cancel();
  });

  it('refuses a stream without a token or ticket, and an unknown ticket', async () => {
    const none = await fetch(`${base}/stream`);
    expect(none.status).toBe(401);
    await none.body?.cancel();
    const unknown = await fetch(`${base}/stream?ticket=${'x'.repeat(32)}`);
    expect(unknown.status).toBe(401);
    await unknown.body?.cancel();
  });

  it('is no key to any other endpoint', async () => {
    const ticket = await ticketFor(await login('dispatcher'));
    await request(system.app.getHttpServer()).get(`/api/v1/tickets?ticket=${ticket}`).expect(401);
    await request(system.app.getHttpServer()).get(`/api/v1/auth/me?ticket=${ticket}`).expect(401);
  });

  it('is not issued without a token, nor to the integration account', async () => {
    await request(system.app.getHttpServer()).post('/api/v1/auth/stream-ticket').expect(401);
    await request(system.app.getHttpServer())
      .post('/api/v1/auth/stream-ticket')
      .set('authorization', `Bearer ${await login('integration')}`)
      .expect(403);
  });
});
