import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  AVERAGE_DEFINITIONS,
  COUNT_LABELS,
  GRID_COUNTS,
  HOTLINE_COUNTS,
  RATE_DEFINITIONS,
  type RateDefinition,
  type RateKind,
} from '#read-models';

/*
 * The OpenAPI shape of GET /stats/hotline, /stats/grid and their /cases drill-downs (docs/api.md, "Statistics").
 * Every rate, average and count property is written from RATE_DEFINITIONS (libs/read-models/src/rate-definitions.ts),
 * so the document says each rate's formula and weight exactly as the answers' `definitions` and the console do.
 */

type Constructor = abstract new () => object;

/** Declares one property of a response class from a loop (tsx gives decorators no design types: say the type). */
const declare = (target: Constructor, key: string, options: Parameters<typeof ApiProperty>[0]) =>
  ApiProperty(options)(target.prototype as object, key);

const WEIGHT_NOTE =
  'w is the weight of 基本满意, RULES_FILE rates.satisfactionWeight (default 0.8); `definitions` gives the formula with the weight in force';

/** "市民满意率 = (满意 + 基本满意 × w) ÷ 有评价的12345回访: <what the district counts>" */
export function rateDescription(definition: RateDefinition): string {
  const weight = definition.weighted ? ` (${WEIGHT_NOTE})` : '';
  return `${definition.name} = ${definition.formula}${weight}. ${definition.description} In [0, 1]; null when the denominator is 0.`;
}

function declareRates(target: Constructor, kind: RateKind) {
  for (const [key, definition] of Object.entries<RateDefinition>(RATE_DEFINITIONS[kind])) {
    declare(target, key, { type: Number, nullable: true, description: rateDescription(definition) });
  }
}

function declareAverages(target: Constructor, kind: RateKind) {
  for (const [key, definition] of Object.entries(AVERAGE_DEFINITIONS[kind])) {
    declare(target, key, {
      type: Number,
      nullable: true,
      description: `${definition.name} (${definition.unit}) = ${definition.formula}. ${definition.description} Null when nothing was counted.`,
    });
  }
}

function declareCounts(target: Constructor, kind: RateKind, counts: readonly string[]) {
  for (const key of counts) {
    declare(target, key, { type: Number, description: COUNT_LABELS[kind][key] ?? key });
  }
}

/** A rate as an answer's `definitions` describes it. */
export class RateDescriptionResponse {
  @ApiProperty({ type: String, example: '市民满意率' })
  name!: string;

  @ApiProperty({
    type: String,
    example: '(满意 + 基本满意 × 0.8) ÷ 有评价的12345回访',
    description: 'The formula over the counts of the answer, with the weight in force filled in',
  })
  formula!: string;

  @ApiPropertyOptional({
    type: Number,
    example: 0.8,
    description:
      'The weight w of 基本满意 used (RULES_FILE rates.satisfactionWeight); only on weighted rates',
  })
  weight?: number;

  @ApiProperty({
    type: [String],
    example: ['satisfied', 'basicallySatisfied'],
    description: 'The counts added above the line (on a weighted rate the second counts w times)',
  })
  numerator!: string[];

  @ApiPropertyOptional({ type: [String], description: 'Counts subtracted above the line' })
  numeratorMinus?: string[];

  @ApiProperty({ type: [String], example: ['rated'], description: 'The counts added below the line' })
  denominator!: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['deferred'],
    description: 'Counts subtracted below the line',
  })
  minus?: string[];

  @ApiPropertyOptional({ type: Boolean, description: 'w applies' })
  weighted?: boolean;

  @ApiProperty({ type: String, description: 'What the district counts' })
  description!: string;
}

const DEFINITIONS = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(RateDescriptionResponse) },
  description: 'Per rate (the keys of `rates`): its name, formula with the weight filled in, and weight',
} as const;

/** The hotline rates, each described with its formula. */
export class HotlineRatesResponse {
  [rate: string]: number | null;
}
declareRates(HotlineRatesResponse, 'hotline');

export class HotlineAveragesResponse {
  [average: string]: number | null;
}
declareAverages(HotlineAveragesResponse, 'hotline');

export class HotlineCountsResponse {
  [count: string]: number;
}
declareCounts(HotlineCountsResponse, 'hotline', HOTLINE_COUNTS);

export class GridRatesResponse {
  [rate: string]: number | null;
}
declareRates(GridRatesResponse, 'grid');

export class GridAveragesResponse {
  [average: string]: number | null;
}
declareAverages(GridAveragesResponse, 'grid');

export class GridCountsResponse {
  [count: string]: number;
}
declareCounts(GridCountsResponse, 'grid', GRID_COUNTS);

/** What a row of both kinds has besides its counts, rates and averages. */
abstract class StatsRowBase {
  @ApiProperty({
    type: String,
    example: 'enforcement',
    description: 'The group: a unit, grid, category … id, a day, week or month, or `all` (groupBy none)',
  })
  group!: string;

  @ApiProperty({
    type: Number,
    description:
      'Distinct cases of this row taken out of at least one rate by an approved exclusion (考核剔除)',
  })
  excluded!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Per rate, the distinct cases of this row taken out of it',
  })
  excludedByRate!: Record<string, number>;
}

export class HotlineStatsRowResponse extends StatsRowBase {
  @ApiProperty({ type: () => HotlineCountsResponse })
  counts!: HotlineCountsResponse;

  @ApiProperty({
    type: () => HotlineRatesResponse,
    description: 'Each rate computed without the excluded cases of that rate',
  })
  rates!: HotlineRatesResponse;

  @ApiProperty({ type: () => HotlineAveragesResponse })
  averages!: HotlineAveragesResponse;
}

export class GridStatsRowResponse extends StatsRowBase {
  @ApiProperty({ type: () => GridCountsResponse })
  counts!: GridCountsResponse;

  @ApiProperty({
    type: () => GridRatesResponse,
    description: 'Each rate computed without the excluded cases of that rate',
  })
  rates!: GridRatesResponse;

  @ApiProperty({ type: () => GridAveragesResponse })
  averages!: GridAveragesResponse;
}

/** What an answer of both kinds has besides its rows and definitions. */
abstract class StatsAnswerBase {
  @ApiProperty({ type: String, example: '2026-03-01' })
  from!: string;

  @ApiProperty({ type: String, example: '2026-03-31' })
  to!: string;

  @ApiProperty({ type: String, example: 'unit' })
  groupBy!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The moment of the log answered (a position or an ISO time); null for now',
  })
  asOf!: string | null;

  @ApiProperty({ type: Boolean, description: 'The read model had reached `minPosition`' })
  fresh!: boolean;

  @ApiProperty({ ...DEFINITIONS })
  definitions!: Record<string, RateDescriptionResponse>;
}

/** GET /stats/hotline */
@ApiExtraModels(RateDescriptionResponse)
export class HotlineStatsResponse extends StatsAnswerBase {
  @ApiProperty({ type: () => [HotlineStatsRowResponse] })
  rows!: HotlineStatsRowResponse[];
}

/** GET /stats/grid */
@ApiExtraModels(RateDescriptionResponse)
export class GridStatsResponse extends StatsAnswerBase {
  @ApiProperty({ type: () => [GridStatsRowResponse] })
  rows!: GridStatsRowResponse[];
}

/** One occurrence of a count: the case that made it, and when. */
export class StatsCaseResponse {
  @ApiProperty({
    type: String,
    description: 'The ticket or finding id (its page: /tickets/:id, /findings/:id)',
  })
  caseId!: string;

  @ApiProperty({
    type: String,
    example: 'HL2026030200001',
    description: 'What people call the case: the ticketNo of a ticket, the id of a finding',
  })
  ref!: string;

  @ApiProperty({ type: String, example: 'satisfied', description: 'The count it belongs to' })
  count!: string;

  @ApiProperty({ type: String, example: 'enforcement', description: 'The group of the row it belongs to' })
  group!: string;

  @ApiProperty({
    type: String,
    example: '2026-03-02',
    description: 'The Asia/Shanghai day the count belongs to (a due count: the day it fell due)',
  })
  day!: string;

  @ApiProperty({ type: String, description: 'The log position of the event that made the count' })
  position!: string;

  @ApiProperty({ type: String, description: 'The time of that event' })
  at!: string;

  @ApiProperty({
    type: Boolean,
    description:
      'The case is taken out of some rates by an approved exclusion (考核剔除); it still counts here',
  })
  excluded!: boolean;
}

/** GET /stats/hotline/cases, GET /stats/grid/cases: exactly the cases behind one count of one row. */
export class StatsCasesResponse {
  @ApiProperty({ type: String, example: 'satisfied', description: 'The count asked for' })
  count!: string;

  @ApiProperty({ type: String, example: 'unit' })
  groupBy!: string;

  @ApiProperty({ type: String, example: 'enforcement', description: '`all` with groupBy none' })
  group!: string;

  @ApiProperty({ type: String, example: '2026-03-01' })
  from!: string;

  @ApiProperty({ type: String, example: '2026-03-31' })
  to!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The moment of the log answered; null for now' })
  asOf!: string | null;

  @ApiProperty({
    type: Boolean,
    description: 'The read model had reached minPosition (or, with asOf, the log head)',
  })
  fresh!: boolean;

  @ApiProperty({
    type: Number,
    description: 'How many: equal to the count in GET /stats/hotline (or /stats/grid) for the same query',
  })
  total!: number;

  @ApiProperty({ type: () => [StatsCaseResponse] })
  items!: StatsCaseResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'The cursor of the next page; null on the last' })
  nextCursor!: string | null;
}
