import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HOTLINE_COUNTS, type HotlineCount, hotlineRatesProjection, ratesFromCounts } from '#read-models';
import { Redis } from 'ioredis';
import { RequestValidationError } from '../../http/validation.js';
import { ReadModelsService } from '../read-models.service.js';
import { type HotlineGroupBy, HotlineStatsQuery } from './hotline-stats.request.dto.js';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;

/** Every day from `from` to `to`, inclusive. */
function daysBetween(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    throw new RequestValidationError([{ field: 'to', message: 'to must be a day on or after from' }]);
  }
  const count = Math.round((end - start) / DAY_MS) + 1;
  if (count > MAX_DAYS)
    throw new RequestValidationError([{ field: 'to', message: `at most ${MAX_DAYS} days` }]);
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/** The ISO week (YYYY-Www) of a day. */
function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const firstThursday = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
  const week =
    1 +
    Math.round(
      (date.getTime() - firstThursday.getTime()) / (7 * DAY_MS) -
        (((firstThursday.getUTCDay() + 6) % 7) - 3) / 7,
    );
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * The hotline rates: sums of the daily buckets the worker keeps (never a scan of the tickets), grouped by a
 * dimension or by period, with every count behind each rate.
 */
@ApiTags('statistics')
@Controller('stats/hotline')
export class HotlineStatsController {
  constructor(
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(Redis) private readonly redis: Redis,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Counts and rates per unit, grid, category, type, channel, day, week, month or none',
  })
  async stats(@Query() query: HotlineStatsQuery) {
    const groupBy: HotlineGroupBy = query.groupBy ?? 'none';
    const days = daysBetween(query.from, query.to);
    const ref = this.readModels.ref(hotlineRatesProjection);
    const fresh = await this.readModels.waitFor(ref, query.minPosition);
    const byPeriod = groupBy === 'day' || groupBy === 'week' || groupBy === 'month' || groupBy === 'none';
    const dimension = byPeriod ? 'none' : groupBy;
    const groups = new Map<string, Record<string, number>>();
    const pipeline = this.redis.pipeline();
    const groupOf: string[] = [];
    for (let p = 0; p < ref.partitions; p += 1) {
      const base = `${this.readModels.store.base(ref, p)}ctr:`;
      for (const day of days) {
        if (byPeriod) {
          pipeline.hgetall(`${base}day:${day}:none:all`);
          groupOf.push(
            groupBy === 'day'
              ? day
              : groupBy === 'week'
                ? isoWeek(day)
                : groupBy === 'month'
                  ? day.slice(0, 7)
                  : 'all',
          );
        } else {
          // The values of a dimension on a day: the bucket keys of that day (a handful per day, never the tickets).
          const keys = await this.scanKeys(`${base}day:${day}:${dimension}:*`);
          for (const key of keys) {
            pipeline.hgetall(key);
            const value = key.slice(`${base}day:${day}:${dimension}:`.length);
            groupOf.push(value);
          }
        }
      }
    }
    const results = (await pipeline.exec()) ?? [];
    results.forEach(([error, value], i) => {
      if (error) throw error;
      const group = groupOf[i] ?? 'all';
      const counts = groups.get(group) ?? {};
      for (const [field, raw] of Object.entries(value as Record<string, string>))
        counts[field] = (counts[field] ?? 0) + Number(raw);
      groups.set(group, counts);
    });
    const rows = [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([group, raw]) => {
        const counts = Object.fromEntries(HOTLINE_COUNTS.map((name: HotlineCount) => [name, raw[name] ?? 0]));
        return { group, counts, rates: ratesFromCounts(counts) };
      });
    return { from: query.from, to: query.to, groupBy, fresh, rows };
  }

  private async scanKeys(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  }
}
