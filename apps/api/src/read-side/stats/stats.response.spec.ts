import { Controller, Get } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, ApiOkResponse } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { GridStatsResponse, HotlineStatsResponse, StatsCasesResponse } from './stats.response.js';

@Controller('stats')
class StatsDocumented {
  @Get('hotline')
  @ApiOkResponse({ type: HotlineStatsResponse })
  hotline() {
    return {};
  }

  @Get('grid')
  @ApiOkResponse({ type: GridStatsResponse })
  grid() {
    return {};
  }

  @Get('hotline/cases')
  @ApiOkResponse({ type: StatsCasesResponse })
  cases() {
    return {};
  }
}

interface Schema {
  readonly properties: Record<string, { description?: string; nullable?: boolean; type?: string }>;
}

describe('the OpenAPI document of the statistics', () => {
  let schemas: Record<string, Schema>;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [StatsDocumented] }).compile();
    const app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    schemas = document.components!.schemas as unknown as Record<string, Schema>;
    await app.close();
  });

  it('says the formula and the weight of every rate', () => {
    const rates = schemas.HotlineRatesResponse!.properties;
    expect(rates.satisfaction).toMatchObject({ type: 'number', nullable: true });
    expect(rates.satisfaction!.description).toContain(
      '市民满意率 = (满意 + 基本满意 × w) ÷ 有评价的12345回访',
    );
    expect(rates.satisfaction!.description).toContain('rates.satisfactionWeight (default 0.8)');
    expect(rates.resolution!.description).toContain('实际解决率 = 市民认定已解决 ÷ 回答是否解决的12345回访');
    expect(rates.resolutionClaimed!.description).toContain(
      '承办认定解决率 = 实际解决 ÷ (实际解决 + 解释说明 + 未解决)',
    );
    expect(schemas.GridRatesResponse!.properties.closure!.description).toContain(
      '结案率 = 结案 ÷ (应结案 − 缓办)',
    );
    expect(schemas.HotlineAveragesResponse!.properties.handlingHours!.description).toContain(
      '办理时长（分钟） ÷ 60 ÷ 办结',
    );
  });

  it('describes the answers: rows, definitions, and the cases behind a count', () => {
    expect(Object.keys(schemas.HotlineStatsResponse!.properties)).toEqual(
      expect.arrayContaining(['from', 'to', 'groupBy', 'asOf', 'fresh', 'rows', 'definitions']),
    );
    expect(Object.keys(schemas.HotlineStatsRowResponse!.properties)).toEqual(
      expect.arrayContaining(['group', 'counts', 'rates', 'averages', 'excluded', 'excludedByRate']),
    );
    expect(Object.keys(schemas.RateDescriptionResponse!.properties)).toEqual(
      expect.arrayContaining(['name', 'formula', 'weight']),
    );
    expect(schemas.HotlineCountsResponse!.properties.basicallySatisfied!.description).toBe('基本满意');
    expect(Object.keys(schemas.StatsCaseResponse!.properties)).toEqual(
      expect.arrayContaining(['caseId', 'ref', 'count', 'group', 'day', 'position', 'at', 'excluded']),
    );
    expect(Object.keys(schemas.StatsCasesResponse!.properties)).toEqual(
      expect.arrayContaining(['count', 'group', 'total', 'items', 'nextCursor']),
    );
  });
});
