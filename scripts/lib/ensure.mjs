// Makes a fresh clone runnable: installs dependencies and builds when something is missing or stale.
// Plain Node (no dependencies), because it runs before `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

function run(command, args, what) {
  process.stdout.write(`chengyun: ${what}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stderr.write(`chengyun: ${what} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time of the files below `dir` whose names match `pattern`. */
function newest(dir, pattern) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path, pattern));
    else if (pattern.test(entry.name)) latest = Math.max(latest, mtime(path));
  }
  return latest;
}

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker) || mtime(join(root, 'package-lock.json')) > mtime(marker)) {
    run('npm', ['ci', '--no-audit', '--no-fund'], 'installing dependencies');
  }
}

/** `npm run build` when dist is missing or older than any source or config file. */
export function ensureBuilt() {
  const stamp = join(root, 'dist', '.build-stamp');
  const sources = Math.max(
    newest(join(root, 'apps'), /\.(ts|json|html|css|js)$/),
    newest(join(root, 'libs'), /\.(ts|json)$/),
    mtime(join(root, 'package.json')),
    mtime(join(root, 'tsconfig.json')),
  );
  if (!existsSync(stamp) || sources > mtime(stamp)) {
    run('npm', ['run', 'build', '--silent'], 'building');
    writeFileSync(stamp, `${new Date().toISOString()}\n`);
  }
}
