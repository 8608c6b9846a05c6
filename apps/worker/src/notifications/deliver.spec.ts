import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliver, DeliveryError } from './deliver.js';
import { verifySignature } from './signature.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver on a free port: `answer` is called with every request; undefined leaves it unanswered. */
async function receiver(answer: (received: Received) => number | undefined) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const status = answer(entry);
      if (status === undefined) return; // never answers
      res.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/' } : {}).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const body = JSON.stringify({ id: 'e-1', kind: 'overdue', stage: 'sign', unitId: null });

describe('delivering one alert to one webhook', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  const start = async (answer: (received: Received) => number | undefined) => {
    const server = await receiver(answer);
    open.push(server);
    return server;
  };

  it('POSTs the exact body, signed, with the event id, and answers the 2xx status', async () => {
    const hook = await start(() => 204);
    await expect(deliver({ url: hook.url, secret: 'sekret', eventId: 'e-1', body })).resolves.toBe(204);
    const [request] = hook.received;
    expect(request?.body).toBe(body);
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-chengyun-event-id': 'e-1',
    });
    expect(verifySignature(request!.body, 'sekret', request!.headers['x-chengyun-signature'] as string)).toBe(
      true,
    );
  });

  it('fails on any other answer (redirects are not followed) and on a network error', async () => {
    const failing = await start(() => 500);
    const moved = await start(() => 302);
    const delivery = { secret: 's', eventId: 'e-1', body };
    await expect(deliver({ ...delivery, url: failing.url })).rejects.toEqual(
      new DeliveryError('answered 500', 500),
    );
    await expect(deliver({ ...delivery, url: moved.url })).rejects.toMatchObject({ status: 302 });
    expect(moved.received).toHaveLength(1);
    await moved.close();
    await expect(deliver({ ...delivery, url: moved.url })).rejects.toThrow(/fetch failed: ECONNREFUSED/);
  });

  it('gives up on a receiver that never answers after the timeout, without delaying another webhook', async () => {
    const stuck = await start(() => undefined);
    const fast = await start(() => 200);
    const began = Date.now();
    let stuckSettled = false;
    const stuckDelivery = deliver({ url: stuck.url, secret: 's', eventId: 'e-1', body }, 1500).finally(
      () => (stuckSettled = true),
    );
    await expect(deliver({ url: fast.url, secret: 's', eventId: 'e-1', body }, 1500)).resolves.toBe(200);
    expect(Date.now() - began).toBeLessThan(1000);
    expect(stuckSettled).toBe(false);
    await expect(stuckDelivery).rejects.toThrow('no answer within 1500 ms');
    expect(Date.now() - began).toBeGreaterThanOrEqual(1400);
    expect(stuck.received).toHaveLength(1);
  });
});
