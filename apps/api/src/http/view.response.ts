import { ApiProperty } from '@nestjs/swagger';
import { type ActionLink, STAGE_STATES, type StageState } from '#core';
import type { HistoryEntry } from './history.js';

/*
 * The parts every case view shares in OpenAPI (docs/api.md, "Views"): what the caller may do now, the times and
 * state of a stage instance, an entry of the history. The views of tickets and findings extend them.
 */

export class ActionLinkResponse implements ActionLink {
  @ApiProperty({
    type: String,
    example: 'accept',
    description: "The route's last segment: what the caller may do now",
  })
  name!: string;

  @ApiProperty({ enum: ['POST'] })
  method!: 'POST';

  @ApiProperty({
    type: String,
    example: '/tickets/5f0c3c1e-6f7a-5b1d-9a55-1f0e8a4b2c3d/accept',
    description: 'The path under /api/v1',
  })
  href!: string;
}

/** A stage instance without its name (each view names its own stages). */
export abstract class StageTimesResponse {
  @ApiProperty({ type: String, example: '2026-03-02T01:20:00.000Z' })
  startedAt!: string;

  @ApiProperty({
    type: String,
    description: 'The due time in force (after an extension or a calendar revision)',
  })
  dueAt!: string;

  @ApiProperty({ type: String, description: 'The warning point (预警)' })
  warnAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the stage stopped running (completed, or the case left it); null while it runs',
  })
  endedAt!: string | null;

  @ApiProperty({
    enum: STAGE_STATES,
    description:
      'open; warning (its warning point passed); overdue; done-on-time / done-late (ended by its due time or after)',
  })
  state!: StageState;

  @ApiProperty({
    type: Boolean,
    description: 'Computed on a calendar year whose official schedule was not yet published',
  })
  provisional!: boolean;
}

export class HistoryEntryResponse implements HistoryEntry {
  @ApiProperty({ type: Number })
  revision!: number;

  @ApiProperty({ type: String, example: 'TicketAccepted' })
  type!: string;

  @ApiProperty({ type: String })
  recordedAt!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: '{id, role, unitId?}' })
  actor!: unknown;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The event's data; a caller hidden from the reader is left out, an erased one shown as erased",
  })
  data!: unknown;
}
