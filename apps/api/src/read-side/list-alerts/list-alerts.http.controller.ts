import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CaseAlert, type CaseAlertsDoc, caseAlertsProjection } from '#read-models';
import { ticketStream } from '#hotline';
import { decodeCursor, encodeCursor, ReadModelsService } from '../read-models.service.js';
import type { WithPrincipal } from '../../auth/principal.js';
import { maySee } from '../../auth/scope.js';
import { ListAlertsQuery } from './list-alerts.request.dto.js';
import { Roles } from '../../auth/roles.decorator.js';

/** One alert as GET /alerts lists it: the alert and the case it belongs to. */
export interface AlertItem extends CaseAlert {
  readonly caseType: CaseAlertsDoc['caseType'];
  readonly caseId: string;
  readonly gridId: string | null;
  /** The case's type (for a ticket: complaint, consultation, …). */
  readonly subtype: string;
}

const SCAN_LIMIT = 5000;

/** 预警 and 超期 alerts and escalations (read model in Redis, kept by the worker), newest first, cursor paging. */
@ApiTags('alerts')
@Roles('admin', 'dispatcher', 'supervisor', 'handler', 'inspector')
@Controller('alerts')
export class ListAlertsController {
  constructor(@Inject(ReadModelsService) private readonly readModels: ReadModelsService) {}

  @Get()
  @ApiOperation({
    summary: 'Open and past warnings, overdue alerts and escalations by kind, unit, grid, case type',
  })
  async list(
    @Query() query: ListAlertsQuery,
    @Req() request: WithPrincipal,
  ): Promise<{ items: AlertItem[]; nextCursor?: string; fresh: boolean }> {
    const ref = await this.readModels.serving(caseAlertsProjection);
    const fresh = await this.readModels.waitFor(ref, query.minPosition);
    const status = query.status ?? 'open';
    const index =
      query.kind !== undefined
        ? `alerts:${status}:${query.kind}`
        : query.unitId !== undefined
          ? `alerts:${status}:unit:${query.unitId}`
          : `alerts:${status}`;
    const limit = query.limit ?? 20;
    const items: AlertItem[] = [];
    let cursor = decodeCursor(query.cursor);
    let last = cursor;
    let scanned = 0;
    while (items.length < limit && scanned < SCAN_LIMIT) {
      const page = await this.readModels.store.indexPage(ref, index, cursor, Math.max(limit * 2, 50));
      if (page.length === 0) return { items, fresh };
      scanned += page.length;
      const docs = await Promise.all(
        page.map((entry) => {
          const [caseType, id] = entry.member.split('|') as [string, string];
          return this.readModels.store.readDoc<CaseAlertsDoc>(
            ref,
            caseType === 'ticket' ? ticketStream(id) : `${caseType}-${id}`,
          );
        }),
      );
      for (let i = 0; i < page.length && items.length < limit; i += 1) {
        const entry = page[i]!;
        last = entry;
        const doc = docs[i];
        const alertId = entry.member.split('|').slice(2).join('|');
        const alert = doc?.alerts.find((candidate) => candidate.id === alertId);
        if (!doc || !alert) continue;
        if (!maySee(request.principal, { unitId: alert.unitId ?? doc.unitId, gridId: doc.gridId })) continue;
        if (status === 'open' && alert.clearedAt !== null) continue;
        if (query.kind !== undefined && alert.kind !== query.kind) continue;
        if (query.unitId !== undefined && alert.unitId !== query.unitId) continue;
        if (query.gridId !== undefined && doc.gridId !== query.gridId) continue;
        if (query.caseType !== undefined && doc.caseType !== query.caseType) continue;
        items.push({
          ...alert,
          caseType: doc.caseType,
          caseId: doc.id,
          gridId: doc.gridId,
          subtype: doc.subtype,
        });
      }
      cursor = page.at(-1);
    }
    return { items, fresh, ...(last ? { nextCursor: encodeCursor(last) } : {}) };
  }
}
