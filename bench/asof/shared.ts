/**
 * What the parent and the query children of the asOf benchmark share: the grouping asked for, and the shape of the
 * results a child writes (kept apart from query.ts, whose import would run it).
 */
import { HOTLINE_COUNTS } from '#read-models';
import type { StatsRow } from '../../apps/api/src/read-side/stats/stats.service.js';

/** The grouping of the month's answer: by unit, as the monthly scorecard shows it. */
export const GROUP_BY = 'unit';

/** Counts per group, every hotline count present: what two answers are compared on. */
export type CountRows = Record<string, Record<string, number>>;

export interface PhaseTimes {
  /** HGETALL of `cases:<month>`: the streams to fold. */
  readonly indexMs: number;
  /** The same SELECT as `readStream`, per stream, rows only (no JSON.parse). */
  readonly sqliteMs: number;
  /** JSON.parse of data and metadata and the RecordedEvent objects (what readStream adds to the SELECT). */
  readonly parseMs: number;
  /** `replayCase` of every stream: evolve, counters, the keep filter. */
  readonly foldMs: number;
  /** `groupDeltas` of the kept deltas into rows. */
  readonly groupMs: number;
  /** `EventStore.readStream` per stream (SELECT and parse together), for comparison with the two above. */
  readonly readStreamMs: number;
  /** What-if: the fold with `evolve` only, no counters. */
  readonly evolveOnlyMs: number;
}

export interface ServiceResult {
  readonly mode: 'service';
  readonly liveMs: number[];
  readonly asOfMs: number[];
  /** groupBy none instead of unit, same moment. */
  readonly asOfNoneMs: number[];
  readonly asOfTimeMs: number;
  readonly liveRows: readonly StatsRow[];
  readonly asOfRows: readonly StatsRow[];
  readonly asOfTimeRows: readonly StatsRow[];
  readonly asOfHeadRows: readonly StatsRow[];
  readonly asOfCounts: CountRows;
  readonly phases: PhaseTimes[];
  readonly facts: {
    readonly streams: number;
    /** Cases of the index with events after the moment, and all their events. */
    readonly casesChangedAfter: number;
    readonly eventsOfCasesChangedAfter: number;
    readonly eventsRead: number;
    readonly eventsFolded: number;
    readonly deltasKept: number;
    readonly deltasGenerated: number;
    readonly indexFields: number;
    readonly indexBytes: number;
    readonly receivedInMonth: number;
  };
  readonly startRssMb: number;
  /** Peak RSS after the live and asOf runs, before the phase breakdown (which holds the whole month at once). */
  readonly queriesRssMb: number;
  /** The longest the event loop was blocked during the asOf answers (the longest gap of a 5 ms timer). */
  readonly asOfLoopBlockedMaxMs: number;
  readonly maxRssMb: number;
}

export interface NaiveResult {
  readonly mode: 'naive';
  readonly ms: number[];
  /** Of each run: waiting for readAll (SELECT and JSON.parse) and folding. */
  readonly readMs: number[];
  readonly foldMs: number[];
  readonly eventsRead: number;
  readonly eventsFolded: number;
  readonly tickets: number;
  readonly counts: CountRows;
  readonly startRssMb: number;
  readonly maxRssMb: number;
}

/** Counts per group with every hotline count (0 when absent), from grouped sums. */
export function countRows(groups: Map<string, Record<string, number>>): CountRows {
  return Object.fromEntries(
    [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([group, raw]) => [
        group,
        Object.fromEntries(HOTLINE_COUNTS.map((name) => [name, raw[name] ?? 0])),
      ]),
  );
}
