import request from 'supertest';
import { openEventStream } from '../support/sse.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

describe('GET /stream: server-sent events of case changes', () => {
  let testApi: TestApi;

  beforeEach(async () => {
    testApi = await startTestApi({ DEMO: 'true' });
    await testApi.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(() => testApi.close());

  it('pushes a ticket intake and its signing to a connected client, without personal data', async () => {
    const address = testApi.app.getHttpServer().address() as { port: number };
    const stream = await openEventStream(`http://127.0.0.1:${address.port}/api/v1/stream`);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    expect(await stream.readUntil(/: connected/)).toBe(true);

    const received = await request(testApi.app.getHttpServer())
      .post('/api/v1/tickets')
      .send({
        ticketNo: 'SSE-1',
        receivedAt: '2026-03-02T09:00:00+08:00',
        type: 'help',
        urgency: 'normal',
        category: { code: '01' },
        title: '路灯不亮',
        content: '路灯不亮',
        address: '南京西路1号',
        caller: { name: '赵', phone: '13600002222', confidential: false },
      })
      .expect(201);
    await request(testApi.app.getHttpServer()).post(`/api/v1/tickets/${received.body.id}/sign`).expect(200);

    expect(await stream.readUntil(/"type":"TicketSigned"/)).toBe(true);
    const changes = stream
      .text()
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { kind: string; id: string; type: string });
    expect(changes).toEqual([
      expect.objectContaining({ kind: 'ticket', id: received.body.id, type: 'TicketReceived' }),
      expect.objectContaining({ kind: 'ticket', id: received.body.id, type: 'TicketSigned' }),
    ]);
    expect(stream.text()).not.toContain('13600002222');
    stream.close();
  });
});
