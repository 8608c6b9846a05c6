import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ActionLink } from '#core';
import {
  type CategoryEntry,
  type Finding,
  type FindingDeadlines,
  type FindingReport,
  type FindingSource,
  type FindingStageState,
  type FindingStageView,
  type FindingStatus,
  type FindingView,
  FINDING_SOURCES,
  FINDING_STATUSES,
  type GeoPoint,
  type GridStage,
} from '#grid';
import type { HistoryEntry } from '../../http/history.js';

/*
 * The OpenAPI shape of `GET /findings/:id` (docs/api.md, "Views"): the classes implement the library's view types,
 * so the document and the answer cannot drift apart.
 */

const FINDING_STAGES: readonly GridStage[] = ['file', 'handle', 'rework', 'check'];
const STAGE_STATES: readonly FindingStageState[] = [
  'open',
  'warning',
  'overdue',
  'done-on-time',
  'done-late',
];
const OBJECT = { type: 'object', additionalProperties: true } as const;

export class FindingActionResponse implements ActionLink {
  @ApiProperty({ example: 'check', description: "The route's last segment: what the caller may do now" })
  name!: string;

  @ApiProperty({ enum: ['POST'] })
  method!: 'POST';

  @ApiProperty({
    example: '/findings/0b7c2f4e-8a1d-4c3e-9f6a-2d5b7e9c1a3f/check',
    description: 'The path under /api/v1',
  })
  href!: string;
}

export class FindingStageResponse implements FindingStageView {
  @ApiProperty({ enum: FINDING_STAGES })
  stage!: GridStage;

  @ApiProperty({ example: '2026-03-02T01:20:00.000Z' })
  startedAt!: string;

  @ApiProperty({ description: 'The due time in force (after an extension)' })
  dueAt!: string;

  @ApiProperty({ description: 'The warning point (预警)' })
  warnAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the stage stopped running (completed, or the finding left it); null while it runs',
  })
  endedAt!: string | null;

  @ApiProperty({
    enum: STAGE_STATES,
    description:
      'open; warning (its warning point passed); overdue; done-on-time / done-late (ended by its due time or after)',
  })
  state!: FindingStageState;

  @ApiProperty({ description: 'Computed on a calendar year whose official schedule was not yet published' })
  provisional!: boolean;
}

export class FindingHistoryEntryResponse implements HistoryEntry {
  @ApiProperty()
  revision!: number;

  @ApiProperty({ example: 'FindingHandled' })
  type!: string;

  @ApiProperty()
  recordedAt!: string;

  @ApiProperty({ ...OBJECT, description: '{id, role, unitId?}' })
  actor!: unknown;

  @ApiProperty({ ...OBJECT, description: "The event's data" })
  data!: unknown;
}

export class FindingViewResponse implements FindingView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: FINDING_STATUSES })
  status!: FindingStatus;

  @ApiProperty({ enum: FINDING_SOURCES })
  source!: FindingSource;

  @ApiProperty({ example: 'g2-03' })
  gridId!: string;

  @ApiProperty({
    ...OBJECT,
    description: 'The sub-class in force: {standard, kind, code, name, criteria, limit}',
  })
  category!: CategoryEntry;

  @ApiProperty()
  description!: string;

  @ApiProperty({ ...OBJECT, description: '{lat, lng}' })
  location!: GeoPoint;

  @ApiPropertyOptional({ description: 'The shop (跨门营业 红黄牌)' })
  shopId?: string;

  @ApiProperty({
    ...OBJECT,
    description: 'The report as received: address, photos, foundAt, selfHandled, afterPhotos …',
  })
  report!: FindingReport;

  @ApiProperty()
  reportedAt!: string;

  @ApiProperty({ description: '自行处置' })
  selfHandled!: boolean;

  @ApiProperty({
    ...OBJECT,
    description:
      'The latest recorded deadline of each stage that started, by stage: {stage, startedAt, dueAt, warnAt, limit, calendarVersion, provisional}',
  })
  deadlines!: FindingDeadlines;

  @ApiPropertyOptional({ example: 'enforcement', description: 'The unit the finding is dispatched to' })
  unitId?: string;

  @ApiPropertyOptional({ ...OBJECT, description: '{unitId, workingDays, reason, requestedAt}' })
  pendingExtension?: Finding['pendingExtension'];

  @ApiPropertyOptional({ ...OBJECT, description: 'The latest 处置反馈: {note, photos, at, onTime}' })
  feedback?: Finding['feedback'];

  @ApiProperty({ ...OBJECT, description: '{returns, reworks, extensions}' })
  counts!: Finding['counts'];

  @ApiPropertyOptional()
  closedAt?: string;

  @ApiPropertyOptional({ enum: FINDING_STATUSES })
  parkedFrom?: FindingStatus;

  @ApiProperty({
    type: [FindingStageResponse],
    description: 'Every stage instance, in the order they started',
  })
  stages!: FindingStageResponse[];

  @ApiProperty({ type: [FindingActionResponse], description: 'What the caller may do now' })
  actions!: FindingActionResponse[];

  @ApiProperty({ description: 'The stream revision (also the ETag)' })
  revision!: number;

  @ApiProperty({ type: [FindingHistoryEntryResponse] })
  history!: FindingHistoryEntryResponse[];
}
