import { createServer, type Server } from 'node:http';
import { freePort } from '../../support/processes.js';

/** How a receiver answers: `hang` never answers (the sender's timeout ends it), `fail` 500, `ok` 200. */
export type ReceiverBehaviour = 'hang' | 'fail' | 'ok';

/** Webhook receivers on one local port, POST /hooks/<id>; counts the POSTs each one received. */
export interface Receivers {
  url(hook: string): string;
  posts(hook?: string): number;
  close(): Promise<void>;
}

export async function startReceivers(
  behaviours: Readonly<Record<string, ReceiverBehaviour>>,
): Promise<Receivers> {
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const hook = (req.url ?? '').replace(/^\/hooks\//, '');
      counts.set(hook, (counts.get(hook) ?? 0) + 1);
      const behaviour = behaviours[hook] ?? 'fail';
      if (behaviour !== 'hang') res.writeHead(behaviour === 'ok' ? 200 : 500).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: (hook) => `http://127.0.0.1:${port}/hooks/${hook}`,
    posts: (hook) =>
      hook === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(hook) ?? 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
