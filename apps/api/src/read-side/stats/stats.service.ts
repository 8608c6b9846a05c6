import { Inject, Injectable } from '@nestjs/common';
import { categoryOf, comparePositions, EventStore, type RecordedEvent } from '#event-store';
import { AppConfig } from '#platform';
import {
  bucketGroupingOf,
  cellReads,
  countedCases,
  daysBetween,
  describeRates,
  EXCLUDED_SET,
  GRID_COUNTS,
  gridAveragesFromCounts,
  gridRatesProjection,
  groupDeltas,
  HOTLINE_COUNTS,
  HOTLINE_RATE_COUNTS,
  hotlineAveragesFromCounts,
  type HotlineRatesDoc,
  hotlineRatesProjection,
  type LogMoment,
  monthCases,
  parseLogMoment,
  partitionOf,
  PeriodError,
  type Projection,
  type ProjectionRef,
  ratesFromCounts,
  ratesFromGridCounts,
  readsFor,
  replayCase,
  type ReplayedCase,
  standsAt,
  type TracedDelta,
} from '#read-models';
import { DomainError } from '#core';
import { RequestValidationError } from '../../http/validation.js';
import { ReadModelsService } from '../read-models.service.js';

/** Which statistics: the hotline tickets' or the grid findings'. */
export type StatsKind = 'hotline' | 'grid';

/** A statistics query: a period of Asia/Shanghai days, a grouping, and the moment of the log it is answered at. */
export interface StatsQuery {
  readonly from: string;
  readonly to: string;
  /** none, unit, grid, category, type, channel (hotline), source, inspector (grid), day, week, month. */
  readonly groupBy?: string;
  /** A log position as commands return it, or an ISO time: the figures as the log stood then. */
  readonly asOf?: string;
  readonly minPosition?: string;
}

/** One row of a statistics answer. */
export interface StatsRow {
  readonly group: string;
  /** Every count, as it happened (exclusions do not change the counts, only the rates). */
  readonly counts: Readonly<Record<string, number>>;
  /** Each rate in [0, 1], null when nothing was due; computed without the excluded cases of that rate. */
  readonly rates: Readonly<Record<string, number | null>>;
  /** Averages that are not rates (handling hours), null when nothing was counted. */
  readonly averages: Readonly<Record<string, number | null>>;
  /** Distinct cases of this row taken out of at least one rate by an approved exclusion (考核剔除). */
  readonly excluded: number;
  /** Per rate, the distinct cases of this row taken out of it. */
  readonly excludedByRate: Readonly<Record<string, number>>;
}

export interface StatsAnswer {
  readonly from: string;
  readonly to: string;
  readonly groupBy: string;
  /** The moment answered (as asked): null for now, the read model as it is. */
  readonly asOf: string | null;
  readonly fresh: boolean;
  /** Each rate's name, formula and weight (w of 基本满意 as configured). */
  readonly definitions: Readonly<Record<string, unknown>>;
  readonly rows: readonly StatsRow[];
}

/** GET /stats/:kind/cases: one cell of a statistics answer. */
export interface StatsCasesQuery {
  readonly count: string;
  readonly groupBy?: string;
  readonly group?: string;
  readonly from: string;
  readonly to: string;
  readonly asOf?: string;
  readonly minPosition?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** One unit of a count: the case and the event that made it. */
export interface StatsCaseItem {
  readonly caseId: string;
  /** The ticket's 12345 number, or the finding's id. */
  readonly ref: string;
  readonly count: string;
  readonly group: string;
  /** The day (Asia/Shanghai) the count belongs to. */
  readonly day: string;
  /** The log position and time of the event that made the count. */
  readonly position: string;
  readonly at: string;
  /** The case is taken out of some rates by an approved exclusion (it still counts here). */
  readonly excluded: boolean;
}

export interface StatsCasesAnswer {
  readonly count: string;
  readonly groupBy: string;
  readonly group: string;
  readonly from: string;
  readonly to: string;
  readonly asOf: string | null;
  readonly fresh: boolean;
  /** The number of items in all pages: the cell's count. */
  readonly total: number;
  readonly items: readonly StatsCaseItem[];
  readonly nextCursor: string | null;
}

/** What differs between the two kinds of statistics. */
interface KindSpec {
  readonly projection: Projection<unknown>;
  readonly category: string;
  readonly countNames: readonly string[];
  /** Counts that are sums (minutes), not cases: no drill-down. */
  readonly sums: readonly string[];
  readonly rates: (counts: Record<string, number>) => Record<string, number | null>;
  readonly averages: (counts: Record<string, number>) => Record<string, number | null>;
  /** The counts each rate reads: what an exclusion takes out. */
  readonly rateCounts: Readonly<Record<string, readonly string[]>>;
  /** The rates an approved exclusion takes the case out of (none for findings). */
  readonly exclusionOf: (doc: unknown) => readonly string[] | undefined;
  /** How a user names the case (the 12345 number of a ticket). */
  readonly refOf: (stream: string, events: readonly RecordedEvent[]) => string;
}

/** How many streams are read from the event store at once while replaying. */
const READ_CONCURRENCY = 32;
const MAX_CASES_PAGE = 100;

function periodDays(from: string, to: string): string[] {
  try {
    return daysBetween(from, to);
  } catch (error) {
    if (error instanceof PeriodError)
      throw new RequestValidationError([{ field: 'to', message: error.message }]);
    throw error;
  }
}

/**
 * The statistics of both kinds, live or as of a moment, with the exclusions applied: the one service behind
 * /stats/hotline, /stats/grid, their /cases drill-downs, the scorecard and the frozen months.
 *
 * - Live figures are the worker's bucket sums in Redis. Exclusions are few: the excluded cases (an index of the
 *   hotline projection) are folded from their streams up to their partition's checkpoint, so their counts are
 *   exactly the ones inside the sums, and taken out of the rates they are excluded from.
 * - Figures `asOf` a moment, and the cases behind a count, fold the cases of the period's months (the month index
 *   `cases:<YYYY-MM>`) through the same projection, keeping the events that stood at that moment.
 */
@Injectable()
export class StatsService {
  constructor(
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private get satisfactionWeight(): number {
    return this.config.rules.rates?.satisfactionWeight ?? 0.8;
  }

  private spec(kind: StatsKind): KindSpec {
    if (kind === 'hotline') {
      const satisfactionWeight = this.satisfactionWeight;
      return {
        projection: hotlineRatesProjection,
        category: 'ticket',
        countNames: HOTLINE_COUNTS,
        sums: ['handlingMinutes'],
        rates: (counts) => ({ ...ratesFromCounts(counts, { satisfactionWeight }) }),
        averages: (counts) => ({ ...hotlineAveragesFromCounts(counts) }),
        rateCounts: HOTLINE_RATE_COUNTS,
        exclusionOf: (doc) => (doc as HotlineRatesDoc | undefined)?.exclusion?.rates,
        refOf: (stream, events) => {
          const received = events.find((event) => event.type === 'TicketReceived');
          const ticketNo = (received?.data as { ticketNo?: unknown } | undefined)?.ticketNo;
          return typeof ticketNo === 'string' ? ticketNo : caseIdOf(stream);
        },
      };
    }
    return {
      projection: gridRatesProjection,
      category: 'finding',
      countNames: GRID_COUNTS,
      sums: GRID_COUNTS.filter((name) => name.endsWith('Minutes')),
      rates: (counts) => ({ ...ratesFromGridCounts(counts) }),
      averages: (counts) => ({ ...gridAveragesFromCounts(counts) }),
      rateCounts: {},
      exclusionOf: () => undefined,
      refOf: caseIdOf,
    };
  }

  /** The rates' names, formulas and weights as this deployment computes them. */
  definitions(kind: StatsKind) {
    return describeRates(kind, { satisfactionWeight: this.satisfactionWeight });
  }

  async answer(kind: StatsKind, query: StatsQuery): Promise<StatsAnswer> {
    const [answer] = await this.answers(kind, query, [query.groupBy ?? 'none']);
    return answer as StatsAnswer;
  }

  /**
   * The answers of one period and moment grouped several ways. As of a moment, the month's cases are read and
   * folded once for all the groupings (a frozen month asks for every dimension): one replay, not one per grouping.
   */
  async answers(kind: StatsKind, query: StatsQuery, groupBys: readonly string[]): Promise<StatsAnswer[]> {
    const spec = this.spec(kind);
    const days = periodDays(query.from, query.to);
    const plans = groupBys.map((groupBy) => {
      const grouping = bucketGroupingOf(groupBy);
      return { groupBy, grouping, reads: readsFor(days, grouping) };
    });
    const ref = await this.readModels.serving(spec.projection);
    const moment = await this.momentOf(query.asOf);
    let fresh: boolean;
    let totals: (plan: (typeof plans)[number]) => Promise<Map<string, Record<string, number>>>;
    let excluded: ReplayedCase<unknown>[];
    if (moment) {
      fresh = await this.caughtUp(ref);
      const keep = new Set(plans.flatMap((plan) => plan.reads.map((read) => read.hash)));
      const cases = await this.replayMonths(spec, ref, days, standsAt(moment), (hash) => keep.has(hash));
      totals = (plan) => Promise.resolve(groupDeltas(plan.reads, allDeltas(cases), plan.grouping));
      excluded = cases.filter((replayed) => spec.exclusionOf(replayed.doc) !== undefined);
    } else {
      fresh = await this.readModels.waitFor(ref, query.minPosition);
      totals = (plan) => this.readModels.store.sumBuckets(ref, days, plan.grouping);
      excluded = await this.replayExcluded(spec, ref);
    }
    const answers: StatsAnswer[] = [];
    for (const plan of plans) {
      const rows = [...(await totals(plan)).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const exclusions = excluded.map((replayed) => ({
        rates: spec.exclusionOf(replayed.doc) ?? [],
        groups: groupDeltas(plan.reads, replayed.deltas, plan.grouping),
      }));
      answers.push({
        from: query.from,
        to: query.to,
        groupBy: plan.groupBy,
        asOf: query.asOf ?? null,
        fresh,
        definitions: this.definitions(kind),
        rows: rows.map(([group, raw]) => this.row(spec, group, raw, exclusions)),
      });
    }
    return answers;
  }

  /** A row's counts, and its rates each without the cases excluded from it. */
  private row(
    spec: KindSpec,
    group: string,
    raw: Record<string, number>,
    exclusions: readonly { rates: readonly string[]; groups: Map<string, Record<string, number>> }[],
  ): StatsRow {
    const counts = Object.fromEntries(spec.countNames.map((name) => [name, raw[name] ?? 0]));
    const rates = spec.rates(counts);
    const excludedByRate: Record<string, number> = {};
    let excludedCases = 0;
    for (const exclusion of exclusions) {
      const own = exclusion.groups.get(group);
      if (!own) continue;
      let counted = false;
      for (const rate of exclusion.rates) {
        const names = spec.rateCounts[rate] ?? [];
        if (!names.some((name) => (own[name] ?? 0) !== 0)) continue;
        counted = true;
        excludedByRate[rate] = (excludedByRate[rate] ?? 0) + 1;
      }
      if (counted) excludedCases += 1;
    }
    for (const rate of Object.keys(excludedByRate)) {
      const adjusted = { ...counts };
      for (const exclusion of exclusions) {
        if (!exclusion.rates.includes(rate)) continue;
        const own = exclusion.groups.get(group);
        for (const name of spec.rateCounts[rate] ?? [])
          adjusted[name] = (adjusted[name] ?? 0) - (own?.[name] ?? 0);
      }
      rates[rate] = spec.rates(adjusted)[rate] ?? null;
    }
    return {
      group,
      counts,
      rates,
      averages: spec.averages(counts),
      excluded: excludedCases,
      excludedByRate,
    };
  }

  /** The cases behind one cell of an answer: one item per unit of the count, paged; `total` is the count. */
  async cases(kind: StatsKind, query: StatsCasesQuery): Promise<StatsCasesAnswer> {
    const spec = this.spec(kind);
    if (!spec.countNames.includes(query.count) || spec.sums.includes(query.count)) {
      throw new RequestValidationError([
        {
          field: 'count',
          message: `count must be one of ${spec.countNames.filter((name) => !spec.sums.includes(name)).join(', ')}`,
        },
      ]);
    }
    const groupBy = query.groupBy ?? 'none';
    const grouping = bucketGroupingOf(groupBy);
    const days = periodDays(query.from, query.to);
    const group = query.group ?? (groupBy === 'none' ? 'all' : undefined);
    if (group === undefined) {
      throw new RequestValidationError([
        { field: 'group', message: `group is required with groupBy=${groupBy}` },
      ]);
    }
    const { dayOfHash, field } = cellReads(days, grouping, group, query.count);
    const ref = await this.readModels.serving(spec.projection);
    const moment = await this.momentOf(query.asOf);
    const fresh = moment ? await this.caughtUp(ref) : await this.readModels.waitFor(ref, query.minPosition);
    const stands = moment ? () => standsAt(moment) : await this.atCheckpoints(ref);
    const replayed = await this.replayMonths(spec, ref, days, stands, (hash) => dayOfHash.has(hash), true);
    const units = countedCases(allDeltas(replayed), dayOfHash, field);
    const byStream = new Map(replayed.map((one) => [one.stream, one]));
    const offset = decodeOffset(query.cursor);
    const limit = Math.min(query.limit ?? 50, MAX_CASES_PAGE);
    const page = units.slice(offset, offset + limit);
    return {
      count: query.count,
      groupBy,
      group,
      from: query.from,
      to: query.to,
      asOf: query.asOf ?? null,
      fresh,
      total: units.length,
      items: page.map((unit) => {
        const one = byStream.get(unit.stream);
        return {
          caseId: caseIdOf(unit.stream),
          ref: one?.ref ?? unit.stream,
          count: query.count,
          group,
          day: unit.day,
          position: unit.position,
          at: unit.at,
          excluded: spec.exclusionOf(one?.doc) !== undefined,
        };
      }),
      nextCursor: offset + limit < units.length ? encodeOffset(offset + limit) : null,
    };
  }

  /** `asOf` as a moment of the log (400 when it is neither a position nor a time, 422 past the head). */
  private async momentOf(asOf: string | undefined): Promise<LogMoment | undefined> {
    if (asOf === undefined) return undefined;
    const moment = parseLogMoment(asOf);
    if (!moment) {
      throw new RequestValidationError([
        {
          field: 'asOf',
          message: 'asOf must be a log position (as commands answer it) or an ISO time with an offset',
        },
      ]);
    }
    if ('position' in moment && comparePositions(moment.position, await this.store.headPosition()) > 0) {
      throw new DomainError(
        'STATS.AS_OF_AHEAD',
        'rule',
        `asOf ${moment.position} is past the end of the log: no such moment has been`,
      );
    }
    return moment;
  }

  /** Waits (bounded) until the read model has applied the log as it is now, so its month index lists every case. */
  private async caughtUp(ref: ProjectionRef): Promise<boolean> {
    return this.readModels.waitFor(ref, await this.store.headPosition());
  }

  /** Per stream, the events its partition's checkpoint has applied: the live figures' moment, case by case. */
  private async atCheckpoints(
    ref: ProjectionRef,
  ): Promise<(stream: string) => (event: RecordedEvent) => boolean> {
    const checkpoints = await Promise.all(
      Array.from({ length: ref.partitions }, (_, p) => this.readModels.store.checkpoint(ref, p)),
    );
    return (stream) => {
      const checkpoint = checkpoints[partitionOf(stream, ref.partitions)] as string;
      return standsAt({ position: checkpoint });
    };
  }

  /** The excluded cases (hotline), each folded up to its partition's checkpoint. */
  private async replayExcluded(spec: KindSpec, ref: ProjectionRef): Promise<ReplayedCase<unknown>[]> {
    if (spec.category !== 'ticket') return [];
    const members = await this.readModels.store.readIndex(ref, EXCLUDED_SET, { limit: 100_000 });
    const stands = await this.atCheckpoints(ref);
    const replayed = await this.replayStreams(
      spec,
      members.map((entry) => entry.member),
      stands,
      () => true,
    );
    return replayed.filter((one) => spec.exclusionOf(one.doc) !== undefined);
  }

  /** Every case the month index lists for the months of `days`, folded up to the moment. */
  private async replayMonths(
    spec: KindSpec,
    ref: ProjectionRef,
    days: readonly string[],
    stands: ((event: RecordedEvent) => boolean) | ((stream: string) => (event: RecordedEvent) => boolean),
    keep: (hash: string) => boolean,
    perStream = false,
  ): Promise<(ReplayedCase<unknown> & { ref: string })[]> {
    const months = [...new Set(days.map((day) => day.slice(0, 7)))];
    const hashes = await this.readModels.store.sumCounterHashes(ref, months.map(monthCases));
    const streams = [...new Set(hashes.flatMap((fields) => Object.keys(fields)))].sort();
    const standsOf = perStream
      ? (stands as (stream: string) => (event: RecordedEvent) => boolean)
      : () => stands as (event: RecordedEvent) => boolean;
    return this.replayStreams(spec, streams, standsOf, keep);
  }

  private async replayStreams(
    spec: KindSpec,
    streams: readonly string[],
    standsOf: (stream: string) => (event: RecordedEvent) => boolean,
    keep: (hash: string) => boolean,
  ): Promise<(ReplayedCase<unknown> & { ref: string })[]> {
    const out: (ReplayedCase<unknown> & { ref: string })[] = [];
    for (let i = 0; i < streams.length; i += READ_CONCURRENCY) {
      const chunk = streams.slice(i, i + READ_CONCURRENCY);
      const read = await Promise.all(chunk.map((stream) => this.store.readStream(stream)));
      // The SQLite adapter reads synchronously and the fold is CPU: let other requests in between chunks.
      await new Promise((resolve) => setImmediate(resolve));
      chunk.forEach((stream, j) => {
        const events = read[j] ?? [];
        out.push({
          ...replayCase(spec.projection, stream, events, standsOf(stream), keep),
          ref: spec.refOf(stream, events),
        });
      });
    }
    return out;
  }
}

/** The case id of a stream (`ticket-<id>` → `<id>`). */
const caseIdOf = (stream: string): string => stream.slice(categoryOf(stream).length + 1);

function* allDeltas(cases: readonly ReplayedCase<unknown>[]): Iterable<TracedDelta> {
  for (const one of cases) yield* one.deltas;
}

const encodeOffset = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');

function decodeOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the validation error
  }
  throw new RequestValidationError([
    { field: 'cursor', message: 'cursor must be one a previous page returned' },
  ]);
}
