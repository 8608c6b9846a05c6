// `npm start`: the whole system on the embedded default, from a fresh clone.
// Installs and builds what is missing, finds (or starts) Redis, then runs the API and the worker
// with demo data unless DEMO=false. Honours PORT, DATA_DIR, REDIS_URL and REDIS_PREFIX.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureBuilt, ensureInstalled, root } from './lib/ensure.mjs';
import { ensureRedis } from './lib/redis.mjs';

const env = {
  ...process.env,
  PORT: process.env.PORT || '3000',
  DATA_DIR: resolve(root, process.env.DATA_DIR || './data'),
  REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  DEMO: process.env.DEMO || 'true',
};
// The demo's cases (three weeks of the simulated street ending now, written once per data directory).
env.DEMO_CASES = process.env.DEMO_CASES || env.DEMO;

ensureInstalled();
ensureBuilt();
const stopRedis = await ensureRedis(env.REDIS_URL, env.DATA_DIR);

const children = new Map();
let stopping = false;

function startProcess(name, entry) {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      process.stderr.write(
        `chengyun: the ${name} stopped (${signal ?? `exit ${code}`}); stopping everything\n`,
      );
      void stop(1);
    } else if (children.size === 0) {
      void finish();
    }
  });
}

let exitCode = 0;
async function finish() {
  if (stopRedis) await stopRedis();
  process.exit(exitCode);
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  if (children.size === 0) return finish();
  for (const child of children.values()) child.kill('SIGTERM');
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stop(0));

startProcess('api', 'dist/apps/api/src/main.js');
startProcess('worker', 'dist/apps/worker/src/main.js');

// Say where to look once the API answers.
const healthUrl = `http://127.0.0.1:${env.PORT}/api/v1/health`;
for (let i = 0; i < 300 && !stopping; i += 1) {
  try {
    const response = await fetch(healthUrl);
    if (response.status === 200) {
      process.stdout.write(
        `chengyun: up — console http://localhost:${env.PORT}/ · API http://localhost:${env.PORT}/api/v1 · ` +
          `docs http://localhost:${env.PORT}/api/docs · data in ${env.DATA_DIR}${env.DEMO === 'true' ? ' · demo mode' : ''}\n`,
      );
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((done) => setTimeout(done, 200));
}
