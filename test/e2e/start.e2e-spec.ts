import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pingRedis } from '../../scripts/lib/redis.mjs';
import { freePort, launch, type Launched } from '../support/processes.js';
import { eventually } from '../support/test-env.js';

const root = new URL('../..', import.meta.url).pathname;

interface Health {
  readonly status: number;
  readonly body: { readonly status?: string };
}

async function healthOf(port: number): Promise<Health> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    return { status: response.status, body: (await response.json()) as Health['body'] };
  } catch {
    return { status: 0, body: {} };
  }
}

/**
 * The README's start command as a user runs it (`npm start` is `node scripts/start.mjs`): two instances side
 * by side on one machine, one on the shared Redis (in database 5), one with no Redis answering at its URL, so
 * that the launcher starts a private redis-server.
 */
describe('npm start', () => {
  const dirs: string[] = [];
  const running: Launched[] = [];

  beforeAll(() => {
    // Build once up front, so the two launches below do not both build.
    execFileSync(
      process.execPath,
      ['-e', "import('./scripts/lib/ensure.mjs').then((m) => m.ensureBuilt())"],
      {
        cwd: root,
        stdio: 'pipe',
      },
    );
  }, 180_000);

  afterAll(async () => {
    // SIGTERM lets a launcher stop its private Redis; SIGKILL only for one that does not stop in time.
    await Promise.all(
      running.map(async (instance) => {
        if (instance.child.exitCode !== null) return;
        instance.child.kill('SIGTERM');
        const timer = setTimeout(() => instance.child.kill('SIGKILL'), 10_000);
        await instance.exited();
        clearTimeout(timer);
      }),
    );
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    const redis = new Redis('redis://127.0.0.1:6379/5');
    await redis.flushdb();
    await redis.quit();
  });

  it('runs two instances side by side, starting a private Redis where none answers, and stops them cleanly', async () => {
    const [portA, portB, redisPortB] = [await freePort(), await freePort(), await freePort()];
    const dataA = mkdtempSync(join(tmpdir(), 'chengyun-start-a-'));
    const dataB = mkdtempSync(join(tmpdir(), 'chengyun-start-b-'));
    dirs.push(dataA, dataB);
    const prefixA = `start-a-${randomUUID().slice(0, 6)}`;
    const base = { ...process.env, LOG_LEVEL: 'warn' };
    const a = launch(
      process.execPath,
      ['scripts/start.mjs'],
      {
        ...base,
        PORT: String(portA),
        DATA_DIR: dataA,
        REDIS_URL: 'redis://127.0.0.1:6379/5',
        REDIS_PREFIX: prefixA,
      },
      root,
    );
    const b = launch(
      process.execPath,
      ['scripts/start.mjs'],
      {
        ...base,
        PORT: String(portB),
        DATA_DIR: dataB,
        REDIS_URL: `redis://127.0.0.1:${redisPortB}`,
        REDIS_PREFIX: 'start-b',
      },
      root,
    );
    running.push(a, b);

    for (const [port, instance] of [
      [portA, a],
      [portB, b],
    ] as const) {
      await eventually(
        async () => {
          const health = await healthOf(port);
          if (health.body.status !== 'ok') throw new Error(`not ok yet:\n${instance.output()}`);
        },
        60_000,
        200,
      );
    }

    expect(b.output()).toContain(`starting a private redis-server on 127.0.0.1:${redisPortB}`);
    expect(a.output()).not.toContain('private redis-server');
    // The launcher says so once its own health probe (every 200 ms) has seen the API answer.
    await eventually(() => Promise.resolve(expect(a.output()).toContain('chengyun: up')), 10_000, 100);

    // The console is at `/`, and the demo's cases are there for a dispatcher to see.
    const page = await fetch(`http://127.0.0.1:${portA}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('城运');
    const login = await fetch(`http://127.0.0.1:${portA}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'dispatcher', password: 'chengyun-demo' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    await eventually(
      async () => {
        const tickets = await fetch(`http://127.0.0.1:${portA}/api/v1/tickets?limit=5`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        const body = (await tickets.json()) as { items: unknown[] };
        if (body.items.length < 5) throw new Error('no demo cases on the board yet');
      },
      60_000,
      200,
    );

    // Instance A writes under its prefix, in database 5 of the shared Redis; its store is in its DATA_DIR.
    const shared = new Redis('redis://127.0.0.1:6379/5');
    expect(await shared.exists(`${prefixA}:worker:heartbeat`)).toBe(1);
    await shared.quit();
    expect(existsSync(join(dataA, 'events.db'))).toBe(true);
    expect(existsSync(join(dataB, 'events.db'))).toBe(true);

    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await a.exited()).toBe(0);
    expect(await b.exited()).toBe(0);
    expect(await pingRedis(`redis://127.0.0.1:${redisPortB}`, 300)).toBe(false);
  }, 120_000);

  it('stops with the install command when no Redis answers and redis-server is not installed', async () => {
    const data = mkdtempSync(join(tmpdir(), 'chengyun-start-noredis-'));
    dirs.push(data);
    // A PATH with node and nothing else: no redis-server to start.
    const bin = join(data, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const noRedis = launch(
      process.execPath,
      ['scripts/start.mjs'],
      {
        ...process.env,
        PATH: bin,
        PORT: String(await freePort()),
        DATA_DIR: data,
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      },
      root,
    );
    running.push(noRedis);
    expect(await noRedis.exited()).toBe(1);
    expect(noRedis.output()).toContain('redis-server is not installed');
    expect(noRedis.output()).toContain('apt-get install -y redis-server');
  }, 60_000);

  it('stops with a message naming the variable when the configuration is bad', async () => {
    const data = mkdtempSync(join(tmpdir(), 'chengyun-start-bad-'));
    dirs.push(data);
    const bad = launch(
      process.execPath,
      ['scripts/start.mjs'],
      { ...process.env, PORT: String(await freePort()), DATA_DIR: data, REDIS_PREFIX: 'bad prefix!' },
      root,
    );
    running.push(bad);
    expect(await bad.exited()).toBe(1);
    expect(bad.output()).toContain('REDIS_PREFIX="bad prefix!"');
  }, 60_000);
});
