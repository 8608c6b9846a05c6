import { Body, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { WriteSide } from '#commands';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { inspectorGrids } from '#directory';
import { type FindingCommand, findingRouteRoles } from '#grid';
import type { CommandAnswer } from '../http/command-context.js';
import { type HttpReply, type HttpRequest } from '../http/http-types.js';
import { CancelFindingRequest } from './cancel-finding/cancel-finding.request.dto.js';
import { CheckFindingRequest } from './check-finding/check-finding.request.dto.js';
import { DecideFindingExtensionRequest } from './decide-finding-extension/decide-finding-extension.request.dto.js';
import { DispatchFindingRequest } from './dispatch-finding/dispatch-finding.request.dto.js';
import { FileFindingRequest } from './file-finding/file-finding.request.dto.js';
import { ensureUuid, runGridCommand } from './grid-http.js';
import { MarkFindingHandledRequest } from './mark-finding-handled/mark-finding-handled.request.dto.js';
import { ParkFindingRequest } from './park-finding/park-finding.request.dto.js';
import { RequestFindingExtensionRequest } from './request-finding-extension/request-finding-extension.request.dto.js';
import { ReturnFindingRequest } from './return-finding/return-finding.request.dto.js';
import { VerifyFindingRequest } from './verify-finding/verify-finding.request.dto.js';
import { actorIdOf, actorUnitOf, type WithPrincipal } from '../auth/principal.js';
import { RolesOf } from '../auth/roles.decorator.js';

/** The loop of a grid finding after its report (docs/api.md): one route per use case, DTOs in their folders. */
@ApiTags('findings')
@Controller('findings/:id')
export class FindingLifecycleController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(WriteSide) private readonly writeSide: WriteSide,
  ) {}

  @RolesOf(findingRouteRoles('verify'))
  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: '核实 of a public, video or hotline report on site (inspector)' })
  verify(
    @Param('id') id: string,
    @Body() body: VerifyFindingRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'VerifyFinding', data: body }, req, reply);
  }

  @RolesOf(findingRouteRoles('file'))
  @Post('file')
  @HttpCode(200)
  @ApiOperation({ summary: '立案, optionally correcting the sub-class (dispatcher)' })
  file(
    @Param('id') id: string,
    @Body() body: FileFindingRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'FileFinding', data: body }, req, reply);
  }

  @RolesOf(findingRouteRoles('cancel'))
  @Post('cancel')
  @HttpCode(200)
  @ApiOperation({ summary: '作废 before filing (dispatcher)' })
  cancel(
    @Param('id') id: string,
    @Body() body: CancelFindingRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'CancelFinding', data: body }, req, reply);
  }

  @RolesOf(findingRouteRoles('dispatch'))
  @Post('dispatch')
  @HttpCode(200)
  @ApiOperation({
    summary: '派遣 to a unit; the handling clock starts with the sub-class limit (dispatcher)',
  })
  dispatch(
    @Param('id') id: string,
    @Body() body: DispatchFindingRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'DispatchFinding', data: body }, req, reply);
  }

  @RolesOf(findingRouteRoles('return'))
  @Post('return')
  @HttpCode(200)
  @ApiOperation({ summary: '回退 to the center (handler)' })
  returnFinding(
    @Param('id') id: string,
    @Body() body: ReturnFindingRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'ReturnFinding', data: { ...body, ...this.unitOf(req) } }, req, reply);
  }

  @RolesOf(findingRouteRoles('extension-requests'))
  @Post('extension-requests')
  @HttpCode(200)
  @ApiOperation({ summary: '延期 request before the handling due time (handler)' })
  requestExtension(
    @Param('id') id: string,
    @Body() body: RequestFindingExtensionRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'RequestExtension', data: { ...body, ...this.unitOf(req) } }, req, reply);
  }

  @RolesOf(findingRouteRoles('extension-decision'))
  @Post('extension-decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve or reject the pending extension (dispatcher)' })
  decideExtension(
    @Param('id') id: string,
    @Body() body: DecideFindingExtensionRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'DecideExtension', data: body }, req, reply);
  }

  @RolesOf(findingRouteRoles('handled'))
  @Post('handled')
  @HttpCode(200)
  @ApiOperation({ summary: '处置反馈 with after-photos (handler)' })
  handled(
    @Param('id') id: string,
    @Body() body: MarkFindingHandledRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'MarkHandled', data: { ...body, ...this.unitOf(req) } }, req, reply);
  }

  @RolesOf(findingRouteRoles('check'))
  @Post('check')
  @HttpCode(200)
  @ApiOperation({
    summary: '核查 on site by an inspector of the grid: pass closes (结案), fail starts rework (返工)',
  })
  async check(
    @Param('id') id: string,
    @Body() body: CheckFindingRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    // An inspector's grids come from its token; without one (AUTH_MODE=off), from the directory by its id.
    const principal = (req as WithPrincipal).principal;
    const inspectorGridIds = principal
      ? [...principal.gridIds]
      : inspectorGrids(await this.writeSide.directory.state(), actorIdOf(req));
    const data = {
      passed: body.passed,
      photos: body.photos ?? [],
      inspectorGridIds,
      ...(body.note ? { note: body.note } : {}),
    };
    return this.run(id, { type: 'CheckFinding', data }, req, reply);
  }

  @RolesOf(findingRouteRoles('park'))
  @Post('park')
  @HttpCode(200)
  @ApiOperation({ summary: '挂账 with a reason (dispatcher)' })
  park(
    @Param('id') id: string,
    @Body() body: ParkFindingRequest,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) reply: HttpReply,
  ) {
    return this.run(id, { type: 'ParkFinding', data: body }, req, reply);
  }

  /** A handler's unit (X-Actor-Unit until authentication); the decider refuses another unit's finding. */
  private unitOf(req: HttpRequest): { unitId?: string } {
    const unitId = actorUnitOf(req);
    return unitId === undefined ? {} : { unitId };
  }

  private run(
    id: string,
    command: FindingCommand,
    req: HttpRequest,
    reply: HttpReply,
  ): Promise<CommandAnswer> {
    ensureUuid('finding', id);
    return runGridCommand(this.commands, { kind: 'finding', id, command }, req, reply);
  }
}
