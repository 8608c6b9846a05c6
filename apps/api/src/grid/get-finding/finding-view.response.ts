import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CategoryEntry,
  type Finding,
  type FindingDeadlines,
  type FindingReport,
  type FindingSource,
  type FindingStageView,
  type FindingStatus,
  type FindingView,
  FINDING_SOURCES,
  FINDING_STATUSES,
  type GeoPoint,
  type GridStage,
} from '#grid';
import { ActionLinkResponse, HistoryEntryResponse, StageTimesResponse } from '../../http/view.response.js';

/*
 * The OpenAPI shape of `GET /findings/:id` (docs/api.md, "Views"): the classes implement the library's view types,
 * so the document and the answer cannot drift apart.
 */

const OBJECT = { type: 'object', additionalProperties: true } as const;
/** Every stage a finding's clocks run. */
const FINDING_STAGES: readonly GridStage[] = ['verify', 'file', 'dispatch', 'handle', 'rework', 'check'];

export class FindingStageResponse extends StageTimesResponse implements FindingStageView {
  @ApiProperty({ enum: FINDING_STAGES })
  stage!: GridStage;
}

export class FindingViewResponse implements FindingView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: FINDING_STATUSES })
  status!: FindingStatus;

  @ApiProperty({ enum: FINDING_SOURCES })
  source!: FindingSource;

  @ApiProperty({ type: String, example: 'g2-03' })
  gridId!: string;

  @ApiProperty({
    ...OBJECT,
    description: 'The sub-class in force: {standard, kind, code, name, criteria, limit}',
  })
  category!: CategoryEntry;

  @ApiProperty({ type: String })
  description!: string;

  @ApiProperty({ ...OBJECT, description: '{lat, lng}' })
  location!: GeoPoint;

  @ApiPropertyOptional({ type: String, description: 'The shop (跨门营业 红黄牌)' })
  shopId?: string;

  @ApiProperty({
    ...OBJECT,
    description: 'The report as received: address, photos, foundAt, selfHandled, afterPhotos …',
  })
  report!: FindingReport;

  @ApiProperty({ type: String })
  reportedAt!: string;

  @ApiProperty({ type: Boolean, description: '自行处置' })
  selfHandled!: boolean;

  @ApiProperty({
    ...OBJECT,
    description:
      'The latest recorded deadline of each stage that started, by stage: {stage, startedAt, dueAt, warnAt, limit, calendarVersion, provisional}',
  })
  deadlines!: FindingDeadlines;

  @ApiPropertyOptional({
    type: String,
    example: 'enforcement',
    description: 'The unit the finding is dispatched to',
  })
  unitId?: string;

  @ApiPropertyOptional({ ...OBJECT, description: '{unitId, workingDays, reason, requestedAt}' })
  pendingExtension?: Finding['pendingExtension'];

  @ApiPropertyOptional({ ...OBJECT, description: 'The latest 处置反馈: {note, photos, at, onTime}' })
  feedback?: Finding['feedback'];

  @ApiProperty({ ...OBJECT, description: '{returns, reworks, extensions}' })
  counts!: Finding['counts'];

  @ApiPropertyOptional({ type: String })
  closedAt?: string;

  @ApiPropertyOptional({ enum: FINDING_STATUSES })
  parkedFrom?: FindingStatus;

  @ApiProperty({
    type: [FindingStageResponse],
    description: 'Every stage instance, in the order they started',
  })
  stages!: FindingStageResponse[];

  @ApiProperty({ type: [ActionLinkResponse], description: 'What the caller may do now' })
  actions!: ActionLinkResponse[];

  @ApiProperty({ type: Number, description: 'The stream revision (also the ETag)' })
  revision!: number;

  @ApiProperty({ type: [HistoryEntryResponse] })
  history!: HistoryEntryResponse[];
}
