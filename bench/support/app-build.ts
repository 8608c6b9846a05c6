/**
 * The API and the worker compiled with tsc into a temp directory, for the benchmarks that run them as processes.
 *
 * Not from source with tsx: esbuild emits no decorator metadata, so under tsx Nest's ValidationPipe does not know
 * the DTO of a handler and passes the body on unvalidated (Nest warns about it at boot). Intake must be measured
 * validated, as the built service runs (`npm run build`, `node dist/apps/api/src/main.js`). The build goes to its own
 * directory so that `dist/` of the working tree is left alone: a `package.json` there maps `#core` … to the compiled
 * libraries (the `default` targets of the repository's `imports`), and `node_modules` links to the repository's.
 *
 * Set BENCH_APP_BUILD to the directory of an earlier build to reuse it (bench/run.ts builds once for all).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { onCleanup } from './cleanup.js';
import { ROOT } from './processes.js';

export interface AppBuild {
  readonly dir: string;
  readonly apiMain: string;
  readonly workerMain: string;
}

const layout = (dir: string): AppBuild => ({
  dir,
  apiMain: join(dir, 'dist/apps/api/src/main.js'),
  workerMain: join(dir, 'dist/apps/worker/src/main.js'),
});

interface PackageJson {
  readonly imports: Record<string, { readonly default: string }>;
}

/** Compiles the API and the worker into `dir` (about 15 s on two cores). */
export async function compileApps(dir: string, log: (message: string) => void): Promise<AppBuild> {
  const started = performance.now();
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: {
        outDir: join(dir, 'dist'),
        rootDir: ROOT,
        types: ['node'],
        sourceMap: false,
        // Emit only: the repository's own checks (npm run typecheck) judge the types.
        noCheck: true,
      },
      include: [join(ROOT, 'apps/api/src/**/*.ts'), join(ROOT, 'apps/worker/src/**/*.ts')],
      exclude: [join(ROOT, '**/*.spec.ts'), join(ROOT, 'node_modules')],
    }),
  );
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
  const imports = Object.fromEntries(Object.entries(pkg.imports).map(([key, value]) => [key, value.default]));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module', imports }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const child = spawn(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const build = layout(dir);
  if (code !== 0 || !existsSync(build.apiMain) || !existsSync(build.workerMain)) {
    throw new Error(`compiling the API and the worker failed (exit ${code}):\n${output}`);
  }
  log(`compiled the API and the worker in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return build;
}

/** The compiled apps: BENCH_APP_BUILD's when set, else a fresh build removed by the cleanup. */
export async function appBuild(log: (message: string) => void): Promise<AppBuild> {
  const given = process.env.BENCH_APP_BUILD;
  if (given) {
    const build = layout(given);
    if (!existsSync(build.apiMain)) throw new Error(`BENCH_APP_BUILD=${given} holds no compiled API`);
    return build;
  }
  const dir = mkdtempSync(join(tmpdir(), 'chengyun-bench-build-'));
  onCleanup('remove the app build', () => rmSync(dir, { recursive: true, force: true }));
  return compileApps(dir, log);
}
