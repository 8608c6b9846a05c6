// Finds Redis at REDIS_URL, or starts a private redis-server when none answers and one is installed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const INSTALL_HINT =
  'Install Redis and try again: `sudo apt-get install -y redis-server` (Debian/Ubuntu), ' +
  '`brew install redis` (macOS); or set REDIS_URL to a Redis you already run.';

/** Resolves true when a Redis server answers PING (after AUTH when the URL has a password) at the URL. */
export function pingRedis(url, timeoutMs = 1000) {
  const parsed = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => {
      if (parsed.password) {
        const user = decodeURIComponent(parsed.username || 'default');
        socket.write(`AUTH ${user} ${decodeURIComponent(parsed.password)}\r\n`);
      }
      socket.write('PING\r\n');
    });
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      if (buffer.includes('+PONG')) done(true);
      else if (buffer.includes('-')) done(false);
    });
  });
}

function isLocal(hostname) {
  return ['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(hostname);
}

function hasRedisServer() {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure Redis answers at `url`. Returns a stop function for a private server it started, or null.
 * Exits the process with the install command when it cannot.
 */
export async function ensureRedis(url, dataDir, log = (line) => process.stdout.write(`${line}\n`)) {
  if (await pingRedis(url)) return null;
  const parsed = new URL(url);
  if (!isLocal(parsed.hostname)) {
    log(`chengyun: Redis does not answer at ${url}. Start it, or point REDIS_URL at one that runs.`);
    process.exit(1);
  }
  if (!hasRedisServer()) {
    log(`chengyun: Redis does not answer at ${url}, and redis-server is not installed. ${INSTALL_HINT}`);
    process.exit(1);
  }
  const port = Number(parsed.port || 6379);
  const dir = join(dataDir, `redis-${port}`);
  mkdirSync(dir, { recursive: true });
  log(
    `chengyun: no Redis answered at ${url}; starting a private redis-server on 127.0.0.1:${port} (data in ${dir})`,
  );
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
      ...(parsed.password ? ['--requirepass', decodeURIComponent(parsed.password)] : []),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < 100; i += 1) {
    if (await pingRedis(url, 200)) break;
    if (child.exitCode !== null) {
      log(`chengyun: the private redis-server exited (code ${child.exitCode})`);
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}
