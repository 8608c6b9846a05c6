/**
 * What every benchmark of bench/ shares for its output: progress on stderr, a table on stdout and, as the last
 * stdout line, one flat JSON object whose keys are dotted (`intake.p99Ms`), so a figure is one grep away.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';
import Database from 'better-sqlite3';

export const QUICK = process.argv.includes('--quick');
export const MODE: 'quick' | 'full' = QUICK ? 'quick' : 'full';

/** One figure of the flat result: a number, a flag or a short text. */
export type Figure = number | boolean | string | null;
export type FlatResult = Record<string, Figure>;

export function logger(scope: string): (message: string) => void {
  return (message) => process.stderr.write(`[bench:${scope}] ${message}\n`);
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** value ÷ base, two decimals (0 when the base is 0). */
export function ratio(value: number, base: number): number {
  return base === 0 ? 0 : round(value / base, 2);
}

/** The p-th percentile (0 … 100) of ascending samples, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Percentiles of a set of durations in ms (rounded to 0.01 ms). */
export function latencies(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50), 2),
    p90: round(percentile(sorted, 90), 2),
    p99: round(percentile(sorted, 99), 2),
    max: round(sorted.at(-1) ?? Number.NaN, 2),
    mean: round(sorted.length === 0 ? Number.NaN : sum / sorted.length, 2),
  };
}

function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v ?? 'unknown';
  } finally {
    db.close();
  }
}

function command(file: string, args: readonly string[]): string {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** The machine, as `machine.*` figures. */
export function machine(): FlatResult {
  return {
    'machine.node': process.version,
    'machine.sqlite': sqliteVersion(),
    'machine.platform': `${platform()} ${release()}`,
    'machine.cpus': availableParallelism(),
    'machine.cpuModel': cpus()[0]?.model ?? 'unknown',
    'machine.memoryGiB': round(totalmem() / 2 ** 30, 1),
    'machine.redis': command('redis-server', ['--version']).replace(/^.*\bv=(\S+).*$/s, '$1'),
  };
}

/** A fixed-width text table: the first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A number for a table cell: thousands separated, at most `digits` decimals. */
export function cell(value: Figure | undefined, digits = 0): string {
  if (value === undefined || value === null) return '-';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Prints the text lines, then the result as one JSON line: the last line of stdout. */
export function emit(lines: readonly string[], result: FlatResult): void {
  process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(result)}\n`);
}

/** A target line: `met` / `MISSED`. */
export function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}
