import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, type Launched } from '../../support/processes.js';

export const root = new URL('../../..', import.meta.url).pathname;
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** How many times a fault is injected: at least 20 (the figure); FAULT_KILLS raises it for a longer run. */
export const KILLS = Math.max(20, Number(process.env.FAULT_KILLS ?? 20) || 20);

/** A data directory and a Redis prefix of a fault test's own. */
export function faultPlace(name: string): { dir: string; prefix: string } {
  return {
    dir: mkdtempSync(join(tmpdir(), `chengyun-fault-${name}-`)),
    prefix: `fault-${name}-${randomUUID().slice(0, 6)}`,
  };
}

/**
 * An API or worker as its own OS process, from the TypeScript sources (tsx), so that SIGKILL kills it for real.
 * Tests send valid requests only: under tsx there is no decorator metadata, and validation is not what is tested.
 */
export function launchApp(app: 'api' | 'worker', env: NodeJS.ProcessEnv): Launched {
  return launch(
    process.execPath,
    ['--conditions=chengyun-source', '--import', 'tsx', `apps/${app}/src/main.ts`],
    { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', ...env },
    root,
  );
}

/** Kills a process with SIGKILL (no shutdown hook runs) and waits until it is gone. */
export async function kill(process: Launched): Promise<void> {
  if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill('SIGKILL');
  await process.exited();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
