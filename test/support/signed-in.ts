import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';

/** The demo accounts signed in (`DEMO: 'true'`, `AUTH_MODE: 'token'`): each username's access token. */
export async function signIn(
  api: NestFastifyApplication,
  usernames: readonly string[],
  tokens: Map<string, string> = new Map(),
): Promise<Map<string, string>> {
  for (const username of usernames) {
    const answer = await request(api.getHttpServer())
      .post('/api/v1/auth/token')
      .send({ username, password: 'chengyun-demo' })
      .expect(200);
    tokens.set(username, answer.body.accessToken as string);
  }
  return tokens;
}

/** Requests under /api/v1 as one signed-in account (an unknown one sends an empty token). */
export function actingAs(api: () => NestFastifyApplication, tokens: ReadonlyMap<string, string>) {
  return (username: string) => {
    const token = tokens.get(username) ?? '';
    const http = request(api().getHttpServer());
    return {
      get: (path: string) => http.get(`/api/v1${path}`).set('authorization', `Bearer ${token}`),
      post: (path: string, body: object = {}) =>
        http.post(`/api/v1${path}`).set('authorization', `Bearer ${token}`).send(body),
    };
  };
}
