import { PageQuery } from '../page.query.js';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CARD_LEVELS, type CardLevel, shopStream } from '#grid';
import { type ShopBoardDoc, shopBoardProjection } from '#read-models';
import { IsIn, IsOptional } from 'class-validator';
import { type BoardPage, boardPage } from '../board-page.js';
import { ReadModelsService } from '../read-models.service.js';
import { Roles } from '../../auth/roles.decorator.js';

export class ListShopsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CARD_LEVELS })
  @IsOptional()
  @IsIn(CARD_LEVELS)
  level?: CardLevel;
}

/** The shop card board (红黄牌): shops with a card record, by level, latest incident first. */
@ApiTags('shops')
@Roles('admin', 'dispatcher', 'supervisor', 'inspector')
@Controller('shops')
export class ListShopsController {
  constructor(@Inject(ReadModelsService) private readonly readModels: ReadModelsService) {}

  @Get()
  @ApiOperation({
    summary: 'Shops with a card record by level (warning, yellow, red), latest incident first',
  })
  list(@Query() query: ListShopsQuery): Promise<BoardPage<ShopBoardDoc>> {
    return boardPage<ShopBoardDoc>(this.readModels, shopBoardProjection, {
      index: query.level === undefined ? 'all' : `level:${query.level}`,
      keep: (doc) => query.level === undefined || doc.level === query.level,
      streamOf: shopStream,
      limit: query.limit ?? 20,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      ...(query.minPosition === undefined ? {} : { minPosition: query.minPosition }),
    });
  }
}
