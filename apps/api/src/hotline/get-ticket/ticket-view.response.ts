import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ActionLink } from '#core';
import {
  type ContactProgress,
  type HotlineStage,
  TICKET_STATUSES,
  TICKET_TYPES,
  type Ticket,
  type TicketCall,
  type TicketCompliance,
  type TicketDeadlines,
  type TicketIntake,
  type TicketStageState,
  type TicketStageView,
  type TicketStatus,
  type TicketType,
  type TicketView,
  type Urgency,
} from '#hotline';
import type { HistoryEntry } from '../../http/history.js';

/*
 * The OpenAPI shape of `GET /tickets/:id` (docs/api.md, "Views"): the classes implement the library's view types,
 * so the document and the answer cannot drift apart.
 */

const HOTLINE_STAGES: readonly HotlineStage[] = [
  'sign',
  'firstContact',
  'handle',
  'rework',
  'reopen',
  'callback',
  'supervision',
];
const STAGE_STATES: readonly TicketStageState[] = ['open', 'warning', 'overdue', 'done-on-time', 'done-late'];

export class TicketActionResponse implements ActionLink {
  @ApiProperty({ example: 'accept', description: "The route's last segment: what the caller may do now" })
  name!: string;

  @ApiProperty({ enum: ['POST'] })
  method!: 'POST';

  @ApiProperty({
    example: '/tickets/5f0c3c1e-6f7a-5b1d-9a55-1f0e8a4b2c3d/accept',
    description: 'The path under /api/v1',
  })
  href!: string;
}

export class TicketStageResponse implements TicketStageView {
  @ApiProperty({ enum: HOTLINE_STAGES })
  stage!: HotlineStage;

  @ApiProperty({ example: '2026-03-02T01:20:00.000Z' })
  startedAt!: string;

  @ApiProperty({ description: 'The due time in force (after an extension or a calendar revision)' })
  dueAt!: string;

  @ApiProperty({ description: 'The warning point (预警)' })
  warnAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the stage stopped running (completed, or the ticket left it); null while it runs',
  })
  endedAt!: string | null;

  @ApiProperty({
    enum: STAGE_STATES,
    description:
      'open; warning (its warning point passed); overdue; done-on-time / done-late (ended by its due time or after)',
  })
  state!: TicketStageState;

  @ApiProperty({ description: 'Computed on a calendar year whose official schedule was not yet published' })
  provisional!: boolean;
}

export class HistoryEntryResponse implements HistoryEntry {
  @ApiProperty()
  revision!: number;

  @ApiProperty({ example: 'TicketAccepted' })
  type!: string;

  @ApiProperty()
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

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class TicketViewResponse implements TicketView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'HL2026030200001', description: '工单编号 (the 12345 number)' })
  ticketNo!: string;

  @ApiProperty({ enum: TICKET_STATUSES })
  status!: TicketStatus;

  @ApiProperty({ enum: TICKET_TYPES })
  type!: TicketType;

  @ApiProperty({ enum: ['normal', 'urgent'] })
  urgency!: Urgency;

  @ApiProperty({
    ...OBJECT,
    description:
      'The intake as received: title, content, address, category, gridId, receivedAt, upstreamDueAt …; its ' +
      'caller {subjectId, confidential, phoneMasked} (left out for a unit when confidential; {erased: true} after erasure)',
  })
  intake!: TicketIntake;

  @ApiProperty({ description: 'When the street recorded the intake (server time)' })
  recordedAt!: string;

  @ApiProperty({ type: [Object], description: 'The first call and every merged call, each with its caller' })
  calls!: readonly TicketCall[];

  @ApiPropertyOptional({ example: 'enforcement', description: 'The unit the ticket is with' })
  unitId?: string;

  @ApiProperty({ type: [String] })
  coUnitIds!: readonly string[];

  @ApiProperty({
    ...OBJECT,
    description:
      'The latest recorded deadline of each stage that started, by stage: {stage, startedAt, dueAt, warnAt, limit, calendarVersion, provisional}',
  })
  deadlines!: TicketDeadlines;

  @ApiProperty({
    ...OBJECT,
    description: '先行联系 of the current acceptance: {attempts, reached, concluded}',
  })
  firstContact!: ContactProgress;

  @ApiProperty({ ...OBJECT, description: 'The contact before the reply, of the current handling stage' })
  beforeReplyContact!: ContactProgress;

  @ApiProperty({
    ...OBJECT,
    description: 'The street callback of the current callback stage, with satisfaction',
  })
  streetCallback!: Ticket['streetCallback'];

  @ApiPropertyOptional({ ...OBJECT, description: 'The latest 12345 callback since the last reply upstream' })
  hotlineCallback?: Ticket['hotlineCallback'];

  @ApiProperty({ ...OBJECT, description: '{pending?: {reason, workingDays, requestedAt}, approved}' })
  extension!: Ticket['extension'];

  @ApiPropertyOptional({ ...OBJECT, description: '{result, summary, factsConfirmed, at}' })
  reply?: Ticket['reply'];

  @ApiProperty({ description: '预警工单 (a street callback found a dissatisfied tendency)' })
  warning!: boolean;

  @ApiProperty({ ...OBJECT, description: '{returns, reworks, reopens, urges, supervisions}' })
  counts!: Ticket['counts'];

  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  parkedFrom?: TicketStatus;

  @ApiPropertyOptional({ description: 'When the ticket ended (closed or returned upstream)' })
  endedAt?: string;

  @ApiPropertyOptional({ description: "When the callers' personal data was erased" })
  callerErasedAt?: string;

  @ApiPropertyOptional({ enum: [true], description: 'A confidential caller, hidden from a unit' })
  callerHidden?: true;

  @ApiProperty({
    ...OBJECT,
    description:
      '双先联、双回访: firstContact, beforeReplyContact, streetCallback, hotlineCallback ({required, done, onTime}), compliant',
  })
  compliance!: TicketCompliance;

  @ApiProperty({
    type: [TicketStageResponse],
    description: 'Every stage instance, in the order they started',
  })
  stages!: TicketStageResponse[];

  @ApiProperty({ type: [TicketActionResponse], description: 'What the caller may do now' })
  actions!: TicketActionResponse[];

  @ApiProperty({ description: 'The stream revision (also the ETag)' })
  revision!: number;

  @ApiProperty({ type: [HistoryEntryResponse] })
  history!: HistoryEntryResponse[];
}
