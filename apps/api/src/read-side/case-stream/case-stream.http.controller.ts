import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { WithPrincipal } from '../../auth/principal.js';
import { STREAM_RECHECK_MS, StreamSessions } from '../../auth/stream-sessions.service.js';
import { CaseStreamService } from './case-stream.service.js';
import { AcceptsStreamTicket, Roles } from '../../auth/roles.decorator.js';

interface RawReply {
  readonly raw: {
    writeHead(status: number, headers: Record<string, string>): void;
    write(chunk: string): boolean;
    end(): void;
  };
  hijack(): void;
}

interface RawRequest extends WithPrincipal {
  readonly raw: { on(event: 'close', listener: () => void): void };
}

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events of case changes (`event: case`, data {kind, id, type, revision, position, at}) for the console:
 * enough to refetch what changed; an alert raised (预警, 超期, 督办, an escalation) is also pushed as `event: alert`
 * (data {caseType, id, kind, stage, dueAt, unitId, position, at}). A cleared alert arrives as the case change that
 * completed its stage (refetch GET /alerts). A browser authenticates with `?ticket=` (POST /auth/stream-ticket).
 * No payload and no personal data travel here; a handler hears only of its unit's cases, an inspector of its grids'
 * (CaseStreamService.listen).
 */
@ApiTags('operations')
@Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
@AcceptsStreamTicket()
@Controller('stream')
export class CaseStreamController {
  constructor(
    @Inject(CaseStreamService) private readonly cases: CaseStreamService,
    @Inject(StreamSessions) private readonly sessions: StreamSessions,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Server-sent events: case changes as they are stored' })
  async stream(@Req() request: RawRequest, @Res() reply: RawReply): Promise<void> {
    const { principal } = request;
    // At most SSE_MAX_PER_ACCOUNT streams per account (429 before anything is sent); none counted with AUTH_MODE=off.
    const place = principal ? this.sessions.acquire(principal) : () => undefined;
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    reply.raw.write(': connected\n\n');
    // The client may leave while the listener is being set up: the close is noted from the start, or the
    // listener and its heartbeat would outlive the connection (and keep the process alive).
    let closed = false;
    let release = (): void => {
      closed = true;
      place();
    };
    request.raw.on('close', () => release());
    const stop = await this.cases
      .listen((change, alert) => {
        reply.raw.write(`id: ${change.position}\nevent: case\ndata: ${JSON.stringify(change)}\n\n`);
        if (alert) reply.raw.write(`event: alert\ndata: ${JSON.stringify(alert)}\n\n`);
      }, request.principal)
      .catch((error: unknown) => {
        // Not listening after all: the place is given back and the connection ends.
        place();
        reply.raw.end();
        throw error;
      });
    if (closed) {
      stop();
      reply.raw.end();
      return;
    }
    const heartbeat = setInterval(() => reply.raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    // A heartbeat never keeps the process alive (a shutdown ends the connections).
    heartbeat.unref();
    // The stream lives only as long as its token: expired, logged out, or the account disabled or changed → ended.
    const recheck = principal
      ? setInterval(() => {
          void this.sessions.stillHolds(principal).then(
            (holds) => {
              if (!holds) {
                reply.raw.write(
                  'event: end\ndata: {"reason":"the token no longer holds; sign in again"}\n\n',
                );
                release();
              }
            },
            () => undefined,
          );
        }, STREAM_RECHECK_MS)
      : undefined;
    recheck?.unref();
    release = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearInterval(recheck);
      place();
      stop();
      reply.raw.end();
    };
  }
}
