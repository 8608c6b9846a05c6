import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { WriteSide } from '#commands';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { DomainError } from '#core';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { CommandAnswer } from '../../http/command-context.js';
import { historyOf } from '../../http/history.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { runGridCommand } from '../grid-http.js';
import { Roles } from '../../auth/roles.decorator.js';

const SHOP_ID = /^[\w-]{1,64}$/;

export class RecordRefusalRequest {
  @ApiProperty({ example: '拒不整改，继续店外经营' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'The finding during which the shop refused' })
  @IsOptional()
  @IsUUID()
  findingId?: string;
}

function ensureShopId(shopId: string): void {
  if (!SHOP_ID.test(shopId))
    throw new DomainError('SHOP.NOT_FOUND', 'not-found', `No shop ${shopId}`, { shopId });
}

/**
 * A shop's 跨门营业 card (红黄牌): its level, violations and history, derived from its events. A shop with no
 * confirmed violation answers level `none`: shops exist whether or not they ever broke the rule.
 */
@ApiTags('shops')
@Controller('shops/:id')
export class ShopCardController {
  constructor(
    @Inject(WriteSide) private readonly writeSide: WriteSide,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  @Roles('admin', 'dispatcher', 'supervisor', 'inspector')
  @Get()
  @ApiOperation({ summary: 'Card level (none, warning, yellow, red), violations, referrals and history' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: HttpReply) {
    ensureShopId(id);
    const { events, state } = await this.writeSide.grid.readShop(id);
    reply.header('etag', `"${events.length - 1}"`);
    if (state.status === 'none') {
      return { shopId: id, level: 'none', violations: [], referrals: 0, revision: -1, history: [] };
    }
    return { ...state, revision: events.length - 1, events: historyOf(events) };
  }

  @Roles('inspector', 'dispatcher')
  @Post('refusals')
  @HttpCode(200)
  @ApiOperation({ summary: '拒不整改: a red card and a referral to enforcement (dispatcher, inspector)' })
  refuse(
    @Param('id') id: string,
    @Body() body: RecordRefusalRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    ensureShopId(id);
    return runGridCommand(
      this.commands,
      { kind: 'shop', id, command: { type: 'RecordRefusal', data: body } },
      req,
      reply,
    );
  }
}
