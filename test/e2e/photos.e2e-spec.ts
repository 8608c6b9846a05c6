import request from 'supertest';
import { startTestApi, type TestApi } from '../support/test-api.js';

/** Photos of findings and checks: stored by content hash under DATA_DIR/photos, served to signed-in users. */
describe('POST /photos, GET /photos/:id', () => {
  let system: TestApi;
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
    'base64',
  );

  beforeAll(async () => {
    system = await startTestApi({ DEMO: 'true', AUTH_MODE: 'token' });
  });
  afterAll(() => system.close());

  const tokenOf = async (username: string): Promise<string> =>
    (
      await request(system.app.getHttpServer())
        .post('/api/v1/auth/token')
        .send({ username, password: 'chengyun-demo' })
        .expect(200)
    ).body.accessToken as string;

  it('stores an image once by its hash and serves it back with its type', async () => {
    const inspector = await tokenOf('inspector-g2-03');
    const first = await request(system.app.getHttpServer())
      .post('/api/v1/photos')
      .set('authorization', `Bearer ${inspector}`)
      .set('content-type', 'image/png')
      .send(png)
      .expect(201);
    expect(first.body).toEqual({ id: expect.stringMatching(/^photo-[0-9a-f]{40}\.png$/), bytes: png.length });
    const again = await request(system.app.getHttpServer())
      .post('/api/v1/photos')
      .set('authorization', `Bearer ${inspector}`)
      .set('content-type', 'image/png')
      .send(png)
      .expect(201);
    expect(again.body.id).toBe(first.body.id);

    const served = await request(system.app.getHttpServer())
      .get(`/api/v1/photos/${first.body.id}`)
      .set('authorization', `Bearer ${await tokenOf('supervisor')}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(served.body as Buffer, png)).toBe(0);
  });

  it('refuses a body that is not an image, an unknown id, a role that does not upload, and no token', async () => {
    const dispatcher = await tokenOf('dispatcher');
    await request(system.app.getHttpServer())
      .post('/api/v1/photos')
      .set('authorization', `Bearer ${dispatcher}`)
      .send({ photo: 'not bytes' })
      .expect(400);
    // Bytes that only claim to be an image: not stored.
    const faked = await request(system.app.getHttpServer())
      .post('/api/v1/photos')
      .set('authorization', `Bearer ${dispatcher}`)
      .set('content-type', 'image/png')
      .send(Buffer.from('<script>alert(1)</script>'))
      .expect(400);
    expect(faked.headers['content-type']).toContain('application/problem+json');
    await request(system.app.getHttpServer())
      .get(`/api/v1/photos/photo-${'0'.repeat(40)}.jpg`)
      .set('authorization', `Bearer ${dispatcher}`)
      .expect(404);
    await request(system.app.getHttpServer())
      .get('/api/v1/photos/..%2Fevents.db')
      .set('authorization', `Bearer ${dispatcher}`)
      .expect(404);
    await request(system.app.getHttpServer())
      .post('/api/v1/photos')
      .set('authorization', `Bearer ${await tokenOf('supervisor')}`)
      .set('content-type', 'image/png')
      .send(png)
      .expect(403);
    await request(system.app.getHttpServer())
      .get(`/api/v1/photos/photo-${'0'.repeat(40)}.jpg`)
      .expect(401);
  });
});
