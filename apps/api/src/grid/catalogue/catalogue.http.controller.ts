import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { answer, type CommandAnswer, commandMetaFrom } from '../../http/command-context.js';
import type { HttpReply, HttpRequest } from '../../http/http-types.js';
import { WriteSide } from '#commands';
import { ExtendCatalogueRequest } from './catalogue.request.dto.js';
import { ALL_ROLES, Roles } from '../../auth/roles.decorator.js';

/** The category catalogue (部件 / 事件 classes with their filing criteria and handling limits). */
@ApiTags('findings')
@Controller('catalogue')
export class CatalogueController {
  constructor(@Inject(WriteSide) private readonly writeSide: WriteSide) {}

  @Roles(...ALL_ROLES)
  @Get()
  @ApiOperation({
    summary: 'Major classes and sub-classes, each with its standard, criteria and handling limit',
  })
  get() {
    return this.writeSide.grid.catalogue();
  }

  @Roles('admin')
  @Post('entries')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add sub-classes or tune one (admin); applies to findings reported afterwards' })
  async extend(
    @Body() body: ExtendCatalogueRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<CommandAnswer> {
    const result = await this.writeSide.grid.extendCatalogue(body.entries, commandMetaFrom(req));
    return answer(reply, 'catalogue', result);
  }
}
