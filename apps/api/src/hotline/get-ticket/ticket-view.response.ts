import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type ContactProgress,
  type HotlineStage,
  TICKET_STATUSES,
  TICKET_TYPES,
  type Ticket,
  type TicketCall,
  type TicketCompliance,
  type TicketDeadlines,
  type TicketExclusion,
  type TicketIntake,
  type TicketStageView,
  type TicketStatus,
  type TicketType,
  type TicketView,
  type Urgency,
} from '#hotline';
import { ActionLinkResponse, HistoryEntryResponse, StageTimesResponse } from '../../http/view.response.js';

/*
 * The OpenAPI shape of `GET /tickets/:id` (docs/api.md, "Views"): the classes implement the library's view types,
 * so the document and the answer cannot drift apart.
 */

/** Every stage a ticket's clocks run (the district's, the street's steps, a 督办's). */
const TICKET_STAGES: readonly HotlineStage[] = [
  'upstream',
  'sign',
  'dispatch',
  'accept',
  'firstContact',
  'handle',
  'review',
  'rework',
  'reopen',
  'callback',
  'supervision',
];

export class TicketStageResponse extends StageTimesResponse implements TicketStageView {
  @ApiProperty({ enum: TICKET_STAGES })
  stage!: HotlineStage;
}

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class TicketViewResponse implements TicketView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, example: 'HL2026030200001', description: '工单编号 (the 12345 number)' })
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

  @ApiProperty({ type: String, description: 'When the street recorded the intake (server time)' })
  recordedAt!: string;

  @ApiProperty({ type: [Object], description: 'The first call and every merged call, each with its caller' })
  calls!: readonly TicketCall[];

  @ApiPropertyOptional({ type: String, example: 'enforcement', description: 'The unit the ticket is with' })
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

  @ApiPropertyOptional({
    ...OBJECT,
    description:
      'The latest 12345 callback since the last reply upstream: {outcome, satisfaction, resolved, ratings?: {efficiency, attitude, result}, at}',
  })
  hotlineCallback?: Ticket['hotlineCallback'];

  @ApiProperty({ ...OBJECT, description: '{pending?: {reason, workingDays, requestedAt}, approved}' })
  extension!: Ticket['extension'];

  @ApiPropertyOptional({ ...OBJECT, description: '{result, summary, factsConfirmed, at}' })
  reply?: Ticket['reply'];

  @ApiProperty({ type: Boolean, description: '预警工单 (a street callback found a dissatisfied tendency)' })
  warning!: boolean;

  @ApiProperty({ ...OBJECT, description: '{returns, reworks, reopens, urges, supervisions}' })
  counts!: Ticket['counts'];

  @ApiPropertyOptional({ enum: TICKET_STATUSES })
  parkedFrom?: TicketStatus;

  @ApiPropertyOptional({ type: String, description: 'When the ticket ended (closed or returned upstream)' })
  endedAt?: string;

  @ApiPropertyOptional({ type: String, description: "When the callers' personal data was erased" })
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
    ...OBJECT,
    nullable: true,
    description:
      '考核剔除: {status (requested, approved, rejected), kind (unreasonable, outside-powers, duplicate, other), reason, rates[], requestedAt, decidedAt?, note?}, or null',
  })
  exclusion!: TicketExclusion | null;

  @ApiProperty({
    type: [TicketStageResponse],
    description: 'Every stage instance, in the order they started',
  })
  stages!: TicketStageResponse[];

  @ApiProperty({ type: [ActionLinkResponse], description: 'What the caller may do now' })
  actions!: ActionLinkResponse[];

  @ApiProperty({ type: Number, description: 'The stream revision (also the ETag)' })
  revision!: number;

  @ApiProperty({ type: [HistoryEntryResponse] })
  history!: HistoryEntryResponse[];
}
