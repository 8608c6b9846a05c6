import { Inject, Injectable } from '@nestjs/common';
import { WriteSide } from '#commands';
import { Clock, DomainError } from '#core';
import { ConcurrencyError, EventStore, newEventId, type RecordedEvent } from '#event-store';
import { AppConfig } from '#platform';
import { type ScorecardRow, scorecardRows } from '#read-models';
import type { CommandMeta } from '../../http/command-context.js';
import { DirectoryService } from '../../directory/directory.service.js';
import { type StatsAnswer, type StatsKind, StatsService } from '../stats/stats.service.js';
import { defaultCutoff, instantOfIso, monthDays, monthEnd, previousMonth, shanghaiTime } from './month.js';
import type { ScorecardGroupBy } from './scorecard.request.dto.js';

/** The stream category of the frozen months: read by no projection (they read ticket, finding, shop). */
export const STATS_MONTH_CATEGORY = 'statsmonth';
/** The stream of a month's 月度通报: one `MonthFrozen` event, appended once. */
export const statsMonthStream = (month: string): string => `${STATS_MONTH_CATEGORY}-${month}`;

/** The groupings frozen for each kind (every dimension of the statistics, no period grouping). */
export const FROZEN_GROUP_BY: Readonly<Record<StatsKind, readonly string[]>> = {
  hotline: ['none', 'unit', 'grid', 'category', 'type', 'channel'],
  grid: ['none', 'unit', 'grid', 'category', 'source'],
};

/** Who froze a month, when, and at which cut-off. */
export interface FrozenInfo {
  readonly cutoff: string;
  readonly frozenAt: string;
  readonly by: string;
}

/** The payload of `MonthFrozen`: everything the month is judged on, as of the cut-off, never recomputed. */
export interface MonthFrozenData extends FrozenInfo {
  readonly month: string;
  /** The rules the score was computed with. */
  readonly rules: { readonly scorecard: unknown; readonly satisfactionWeight: number };
  readonly figures: {
    readonly hotline: Readonly<Record<string, StatsAnswer>>;
    readonly grid: Readonly<Record<string, StatsAnswer>>;
    readonly scorecard: Readonly<Record<ScorecardGroupBy, readonly ScorecardRow[]>>;
  };
}

const monthFrozen = (month: string, info: FrozenInfo) =>
  new DomainError('STATS.MONTH_FROZEN', 'invalid-state', `${month} was frozen at ${info.cutoff}`, {
    month,
    cutoff: info.cutoff,
    frozenAt: info.frozenAt,
  });

/**
 * 综合得分 and 月度通报: the monthly scorecard from the statistics engine, and the frozen months stored as one event
 * each in the event store (`statsmonth-<YYYY-MM>`), so a frozen figure never changes whatever the log does after.
 */
@Injectable()
export class ScorecardService {
  constructor(
    @Inject(StatsService) private readonly stats: StatsService,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(WriteSide) private readonly writeSide: WriteSide,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** The month's ranked rows (live, or as of `asOf`), with the change against the previous month. */
  async scorecard(month: string, groupBy: ScorecardGroupBy, asOf?: string, minPosition?: string) {
    const { from, to } = monthDays(month);
    const query = {
      from,
      to,
      groupBy,
      ...(asOf === undefined ? {} : { asOf }),
      ...(minPosition === undefined ? {} : { minPosition }),
    };
    const [hotline, grid, names, frozen] = await Promise.all([
      this.stats.answer('hotline', query),
      this.stats.answer('grid', query),
      this.names(groupBy),
      this.snapshot(month),
    ]);
    const previous = await this.previousScores(month, groupBy, asOf);
    return {
      month,
      groupBy,
      from,
      to,
      asOf: asOf ?? null,
      fresh: hotline.fresh && grid.fresh,
      frozen: frozen ? { cutoff: frozen.cutoff, frozenAt: frozen.frozenAt, by: frozen.by } : null,
      previousMonth: previousMonth(month),
      scorecard: this.config.rules.scorecard,
      rows: scorecardRows(
        this.config.rules.scorecard,
        { hotline: hotline.rows, grid: grid.rows },
        { nameOf: names, previous },
      ),
    };
  }

  /**
   * Freezes a month at its cut-off (default: 00:00 of the third working day of the next month): the figures of both
   * kinds by every dimension and the scorecard by unit and by grid, as of the cut-off, in one event. The first freeze
   * wins; the answer comes after the store has the event.
   */
  async freeze(month: string, cutoffText: string | undefined, meta: CommandMeta) {
    const stream = statsMonthStream(month);
    const existing = await this.snapshot(month);
    if (existing) throw monthFrozen(month, existing);
    await this.writeSide.reference.ensureLoaded();
    const cutoff =
      cutoffText === undefined
        ? defaultCutoff(month, this.writeSide.reference.calendar.current)
        : (instantOfIso(cutoffText) as Date);
    if (cutoff.getTime() < monthEnd(month).getTime()) {
      throw new DomainError(
        'STATS.CUTOFF_BEFORE_MONTH_END',
        'rule',
        `A cut-off of ${month} is at or after the month's end (${shanghaiTime(monthEnd(month))})`,
        { month, cutoff: shanghaiTime(cutoff) },
      );
    }
    const now = this.clock.now();
    if (cutoff.getTime() > now.getTime()) {
      throw new DomainError(
        'STATS.CUTOFF_NOT_REACHED',
        'rule',
        `The cut-off ${shanghaiTime(cutoff)} is still to come: ${month} can be frozen from then on`,
        { month, cutoff: shanghaiTime(cutoff) },
      );
    }
    const asOf = shanghaiTime(cutoff);
    // The read models must have applied everything written so far, or the figures would miss the last events.
    const minPosition = await this.store.headPosition();
    const { from, to } = monthDays(month);
    // One replay of the month per kind, grouped every way (not one per dimension), one kind after the other.
    const answers = async (kind: StatsKind) => {
      const groupBys = FROZEN_GROUP_BY[kind];
      const all = await this.stats.answers(kind, { from, to, asOf, minPosition }, groupBys);
      return Object.fromEntries(groupBys.map((groupBy, i) => [groupBy, all[i] as StatsAnswer]));
    };
    const hotline = await answers('hotline');
    const grid = await answers('grid');
    if ([...Object.values(hotline), ...Object.values(grid)].some((answer) => !answer.fresh)) {
      throw new DomainError(
        'STATS.NOT_CAUGHT_UP',
        'invalid-state',
        'The statistics have not caught up with the log yet; nothing was frozen. Retry in a moment.',
        { month },
      );
    }
    const scorecard = {} as Record<ScorecardGroupBy, ScorecardRow[]>;
    for (const groupBy of ['unit', 'grid'] as const) {
      const [names, previous] = await Promise.all([
        this.names(groupBy),
        this.previousScores(month, groupBy, asOf),
      ]);
      scorecard[groupBy] = scorecardRows(
        this.config.rules.scorecard,
        { hotline: hotline[groupBy]?.rows ?? [], grid: grid[groupBy]?.rows ?? [] },
        { nameOf: names, previous },
      );
    }
    const data: MonthFrozenData = {
      month,
      cutoff: asOf,
      frozenAt: shanghaiTime(now),
      by: meta.actor.id,
      rules: {
        scorecard: this.config.rules.scorecard,
        satisfactionWeight: this.config.rules.rates.satisfactionWeight,
      },
      figures: { hotline, grid, scorecard },
    };
    try {
      const result = await this.store.append(
        stream,
        [
          {
            id: newEventId(),
            type: 'MonthFrozen',
            data,
            metadata: {
              correlationId: meta.correlationId,
              causationId: meta.correlationId,
              actor: meta.actor,
              source: 'http',
              schemaVersion: 1,
            },
          },
        ],
        { expectedRevision: 'no-stream' },
      );
      return {
        month,
        cutoff: data.cutoff,
        frozenAt: data.frozenAt,
        by: data.by,
        position: result.position,
      };
    } catch (error) {
      // Another freeze of the same month got there first: it stands.
      if (error instanceof ConcurrencyError) throw monthFrozen(month, (await this.snapshot(month)) ?? data);
      throw error;
    }
  }

  /** The stored figures of a frozen month, or undefined. */
  async snapshot(month: string): Promise<MonthFrozenData | undefined> {
    const [event] = await this.store.readStream(statsMonthStream(month), { maxCount: 1 });
    return event?.type === 'MonthFrozen' ? (event.data as MonthFrozenData) : undefined;
  }

  /** Every frozen month, newest first, without its figures. */
  async snapshots() {
    const events: RecordedEvent[] = [];
    let after: string | undefined;
    for (;;) {
      const batch = await this.store.readAll({
        limit: 500,
        categories: [STATS_MONTH_CATEGORY],
        ...(after === undefined ? {} : { after }),
      });
      events.push(...batch.events.filter((event) => event.type === 'MonthFrozen'));
      if (batch.atEnd || batch.next === after) break;
      after = batch.next;
    }
    const items = events.map((event) => {
      const data = event.data as MonthFrozenData;
      return { month: data.month, cutoff: data.cutoff, frozenAt: data.frozenAt, by: data.by };
    });
    return { items: items.sort((a, b) => b.month.localeCompare(a.month)) };
  }

  /** The names of the directory's units or grids. */
  private async names(groupBy: ScorecardGroupBy): Promise<(group: string) => string | undefined> {
    const state = await this.directory.state();
    return groupBy === 'unit'
      ? (group) => state.units.get(group)?.name
      : (group) => state.grids.get(group)?.name;
  }

  /** The scores of the month before: its frozen ones when it was frozen, otherwise as of the same moment. */
  private async previousScores(
    month: string,
    groupBy: ScorecardGroupBy,
    asOf: string | undefined,
  ): Promise<Map<string, number>> {
    const before = previousMonth(month);
    const frozen = await this.snapshot(before);
    if (frozen) return new Map(frozen.figures.scorecard[groupBy].map((row) => [row.group, row.score]));
    const { from, to } = monthDays(before);
    const query = { from, to, groupBy, ...(asOf === undefined ? {} : { asOf }) };
    const [hotline, grid] = await Promise.all([
      this.stats.answer('hotline', query),
      this.stats.answer('grid', query),
    ]);
    const rows = scorecardRows(this.config.rules.scorecard, { hotline: hotline.rows, grid: grid.rows });
    return new Map(rows.map((row) => [row.group, row.score]));
  }
}
