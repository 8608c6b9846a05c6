import request from 'supertest';
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
    const abort = new AbortController();
    const response = await fetch(`http://127.0.0.1:${address.port}/api/v1/stream`, { signal: abort.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: RegExp) => {
      const deadline = Date.now() + 5000;
      while (!needle.test(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      return needle.test(text);
    };
    expect(await readUntil(/: connected/)).toBe(true);

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

    expect(await readUntil(/"type":"TicketSigned"/)).toBe(true);
    const changes = text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { kind: string; id: string; type: string });
    expect(changes).toEqual([
      expect.objectContaining({ kind: 'ticket', id: received.body.id, type: 'TicketReceived' }),
      expect.objectContaining({ kind: 'ticket', id: received.body.id, type: 'TicketSigned' }),
    ]);
    expect(text).not.toContain('13600002222');
    abort.abort();
  });
});
