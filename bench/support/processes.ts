/**
 * Child processes of a benchmark (the API, the worker, a bare server, a rebuild): started with their output kept,
 * stopped with SIGTERM (SIGKILL after a grace period) by the cleanup whatever happens, and measured from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { onCleanup } from './cleanup.js';

/** The repository root (bench/support/ is two levels down). */
export const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

/** How to run a TypeScript file of this repository from source. */
export const TSX_ARGS = ['--conditions=chengyun-source', '--import', 'tsx'] as const;

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly pid: number;
  /** Everything it wrote to stdout and stderr so far (the last 200 kB). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited(): Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** A TCP port nothing listens on right now (the tests' own helper). */
export { freePort } from '../../test/support/processes.js';

/** Starts `node <args>` in the repository root; it is stopped by the cleanup if nobody stops it before. */
export function startNode(name: string, args: readonly string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start node ${args.join(' ')}`);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const done = await Promise.race([exit.then(() => true), sleep(graceMs).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exit;
    }
  };
  const release = onCleanup(`stop ${name}`, () => stop());
  void exit.then(() => release());
  return { name, process: child, pid: child.pid, output: () => output, exited: () => exit, stop };
}

/** Waits until GET `url` answers 200, failing early when the process exits. */
export async function waitForHttp(child: Child, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited().then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${child.name} exited before answering ${url}:\n${child.output()}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not answer ${url}:\n${child.output()}`);
    await sleep(100);
  }
}

/** CPU time (user + system, ms) a process used so far, from /proc (Linux); NaN elsewhere. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name; in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Peak resident set size (VmHWM, MiB) of a process, from /proc (Linux); NaN elsewhere. */
export function peakRssMbOf(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time (ms) of this process plus its children that have exited and were waited for (and their waited-for
 * descendants): utime, stime, cutime, cstime of /proc/self/stat. NaN where there is no /proc.
 */
export function ownTreeCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Busy CPU time (ms) of the whole machine, all cores (user, nice, system, irq, softirq of /proc/stat). */
export function machineBusyMs(): number {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = fields;
    return (user + nice + system + irq + softirq) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time (ms) of the shared services, whoever used them: every redis-server and postgres process (utime, stime),
 * plus, for the PostgreSQL postmaster, its exited backends (cutime, cstime). NaN where there is no /proc.
 */
export function serviceCpuMs(): number {
  try {
    let total = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // gone meanwhile
      }
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== 'redis-server' && name !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(fields[11]) + Number(fields[12]);
      // The postmaster (parent: init or a supervisor outside PostgreSQL) reaps the backends.
      if (name === 'postgres' && fields[1] !== undefined) {
        let parent = '';
        try {
          parent = readFileSync(`/proc/${fields[1]}/comm`, 'utf8').trim();
        } catch {
          parent = '';
        }
        if (parent !== 'postgres') total += Number(fields[13]) + Number(fields[14]);
      }
    }
    return total * 10;
  } catch {
    return Number.NaN;
  }
}

/** CPU time of this process (user + system, ms). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
