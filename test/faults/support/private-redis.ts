import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, launch, type Launched } from '../../support/processes.js';
import { eventually } from '../../support/test-env.js';

/**
 * A Redis server of the test's own, without persistence, on a free port: a test may FLUSHALL it or kill and
 * restart it (empty) without touching the shared Redis other tests use.
 */
export interface PrivateRedis {
  readonly url: string;
  /** SIGKILL, then a new empty server on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'chengyun-fault-redis-'));
  let server: Launched | undefined;
  const start = async () => {
    const launched = launch(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { ...process.env },
      dir,
    );
    server = launched;
    await eventually(() => {
      if (launched.child.exitCode !== null) throw new Error(`redis-server exited: ${launched.output()}`);
      if (!launched.output().includes('Ready to accept connections'))
        throw new Error(`redis-server not ready: ${launched.output()}`);
      return Promise.resolve();
    }, 15_000);
  };
  const kill = async () => {
    if (!server) return;
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited();
    server = undefined;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart() {
      await kill();
      await start();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
