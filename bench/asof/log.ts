/**
 * The log of the asOf benchmark: a street's 12345 tickets only (no grid findings, bikes or shops), played by the
 * simulator through the real ticket decider, written to a SQLite event store file in big transactions.
 *
 * The file is created by the adapter (SqliteEventStore: its schema), then filled with raw inserts of exactly the
 * rows an append would write (`stepEventsToAppend`: ids, data, metadata, revisions), 20,000 steps per transaction at
 * synchronous OFF: an append at a time would take minutes longer and measure nothing this benchmark is about. One
 * difference from a live append, on purpose: `recorded_at` is the simulated instant of the step (the decider's
 * `now`), not the wall clock of the load, so the log spans the simulated two years and `asOf` as an ISO time means
 * what it means in production. Steps come in time order, so recorded times grow with the position.
 */
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '#event-store';
import { simulateStreet, stepEventsToAppend } from '#simulator';
import Database from 'better-sqlite3';
import { builtInPolicies } from '../../test/support/simulated-log.js';

export interface LogFacts {
  readonly events: number;
  readonly steps: number;
  readonly tickets: number;
  readonly seconds: number;
  /** Recorded time (ISO, UTC) of the first and the last event. */
  readonly firstAt: string;
  readonly lastAt: string;
  /** The database file's size after the load (bytes, with its WAL checkpointed). */
  readonly fileBytes: number;
}

/** Steps per transaction. */
const STEPS_PER_TRANSACTION = 20_000;

/** Plays the street until `events` ticket events (whole steps) and writes them to a new file at `path`. */
export async function writeTicketLog(
  path: string,
  events: number,
  log: (message: string) => void,
): Promise<LogFacts> {
  const started = performance.now();
  // The adapter creates the file and its schema (and would refuse a file of another schema version).
  await new SqliteEventStore({ path, synchronous: 'NORMAL' }).close();
  const db = new Database(path);
  let [count, steps, tickets] = [0, 0, 0];
  let [firstAt, lastAt] = ['', ''];
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const insert = db.prepare<[string, string, string, number, string, string, string, string]>(
      `INSERT INTO events (event_id, stream, category, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    type Row = [string, string, string, number, string, string, string, string];
    const writeRows = db.transaction((rows: readonly Row[]) => {
      for (const row of rows) insert.run(...row);
    });
    let rows: Row[] = [];
    let stepsInBatch = 0;
    let nextReport = 100_000;
    for (const step of simulateStreet({
      seed: 17,
      start: '2026-03-02T00:00:00+08:00',
      days: 800,
      ticketsPerDay: 120,
      findingsPerDay: 0,
      bikesPerDay: 0,
      ...builtInPolicies(),
    })) {
      if (!step.stream.startsWith('ticket-')) continue;
      if (step.expectedRevision === 'no-stream') tickets += 1;
      const first = step.expectedRevision === 'no-stream' ? 0 : step.expectedRevision + 1;
      const at = new Date(step.at).toISOString();
      firstAt ||= at;
      lastAt = at;
      stepEventsToAppend(step, 'simulator').forEach((event, i) => {
        rows.push([
          event.id,
          step.stream,
          'ticket',
          first + i,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          at,
        ]);
      });
      steps += 1;
      stepsInBatch += 1;
      count += step.events.length;
      if (stepsInBatch >= STEPS_PER_TRANSACTION) {
        writeRows(rows);
        [rows, stepsInBatch] = [[], 0];
      }
      if (count >= nextReport) {
        log(`log: ${count.toLocaleString('en')} events, ${tickets.toLocaleString('en')} tickets (${at})`);
        nextReport += 100_000;
      }
      if (count >= events) break;
    }
    writeRows(rows);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    return {
      events: count,
      steps,
      tickets,
      seconds: (performance.now() - started) / 1000,
      firstAt,
      lastAt,
      fileBytes: pages * pageSize,
    };
  } finally {
    db.close();
  }
}
