/**
 * The intake ceiling of bench/intake: a bare node:http server that does what intake must do at the least — parse
 * the JSON body and append a TicketReceived event of the same shape and size to a new ticket stream through the
 * same SQLite adapter at FULL — with no Nest, no validation, no decider, no stream read before the append.
 *
 *   PORT=… DB=path/events.db node --conditions=chengyun-source --import tsx bench/intake/bare-server.ts
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SqliteEventStore } from '#event-store';
import { ticketIdFor } from '#hotline';

const port = Number(process.env.PORT);
const path = process.env.DB;
if (!Number.isInteger(port) || !path) throw new Error('bare-server: PORT and DB are required');

const store = new SqliteEventStore({ path, synchronous: 'FULL' });

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ticketNo: string };
  const ticketId = ticketIdFor(body.ticketNo);
  const at = new Date().toISOString();
  const correlationId = randomUUID();
  const result = await store.append(
    `ticket-${ticketId}`,
    [
      {
        id: randomUUID(),
        type: 'TicketReceived',
        // What the decider adds to the intake: the id, the server time and the sign deadline (a fixed one here).
        data: {
          ...body,
          ticketId,
          at,
          sign: {
            stage: 'sign',
            startedAt: at,
            dueAt: at,
            warnAt: at,
            limit: '2wh',
            calendarVersion: 'official-2020-2026+overrides-0.61af6d4e',
            provisional: false,
          },
        },
        metadata: {
          schemaVersion: 1,
          correlationId,
          causationId: correlationId,
          actor: {
            id: header(req, 'x-actor-id') ?? 'anonymous',
            role: header(req, 'x-actor-role') ?? 'anonymous',
          },
          source: 'http',
        },
      },
    ],
    { expectedRevision: 'no-stream' },
  );
  res.setHeader('location', `/api/v1/tickets/${ticketId}`);
  reply(res, 201, {
    id: ticketId,
    revision: result.nextRevision,
    position: result.position,
    replayed: false,
  });
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/api/v1/tickets') {
    receive(req, res).catch((error: unknown) => reply(res, 500, { error: String(error) }));
  } else if (req.method === 'GET' && req.url === '/api/v1/health') {
    reply(res, 200, { status: 'ok' });
  } else {
    reply(res, 404, { error: 'not found' });
  }
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void store.close().finally(() => process.exit(0));
});
