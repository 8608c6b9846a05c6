// `npm test`: every test. Installs what is missing, makes sure Redis answers (starting a private one when
// needed), then runs Jest on the TypeScript sources (as ES modules). Extra arguments go to Jest.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstalled, root } from './lib/ensure.mjs';
import { ensureRedis } from './lib/redis.mjs';

ensureInstalled();
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const stopRedis = await ensureRedis(redisUrl, mkdtempSync(join(tmpdir(), 'chengyun-test-redis-')));

const resultsDir = mkdtempSync(join(tmpdir(), 'chengyun-test-results-'));
const resultsFile = join(resultsDir, 'jest.json');
const jest = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    '--json',
    `--outputFile=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, REDIS_URL: redisUrl } },
);
const code = await new Promise((resolve) =>
  jest.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
);
if (stopRedis) await stopRedis();

// One plain closing line that any CI can read: "tests: N passed, N failed, N skipped".
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const failedSuites = results.numRuntimeErrorTestSuites ?? 0;
  process.stdout.write(
    `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests + failedSuites} failed, ` +
      `${results.numPendingTests + results.numTodoTests} skipped\n`,
  );
}
rmSync(resultsDir, { recursive: true, force: true });
process.exit(code);
