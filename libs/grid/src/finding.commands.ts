import type { Command } from '#core';
import type { CategoryRef } from './category-catalogue.js';
import type { GridStage } from './deadline-policy.js';

/** 信息采集 channel: an inspector on patrol, a citizen, a video camera, a hotline ticket. */
export type FindingSource = 'patrol' | 'public' | 'video' | 'hotline';

/** The sources, in the order of api.md. */
export const FINDING_SOURCES: readonly FindingSource[] = ['patrol', 'public', 'video', 'hotline'];

/** A point on the map (WGS-84 as the client sends it). */
export interface GeoPoint {
  readonly lat: number;
  readonly lng: number;
}

/** A report as received (api.md POST /findings). Photos are ids or URLs of stored files. */
export interface FindingReport {
  readonly findingId: string;
  readonly source: FindingSource;
  readonly gridId: string;
  readonly category: CategoryRef;
  readonly description: string;
  readonly location: GeoPoint;
  readonly address?: string;
  /** Before-photos (the problem as found). */
  readonly photos: readonly string[];
  /** The shop the finding is against (跨门营业 红黄牌). */
  readonly shopId?: string;
  /** The reporter's claim of when the problem was found. */
  readonly foundAt: string;
  /** 自行处置: the inspector fixed it on the spot; needs `afterPhotos`. */
  readonly selfHandled?: boolean;
  readonly afterPhotos?: readonly string[];
}

/** 信息采集. A patrol report awaits filing at once; the other sources are verified first. */
export type ReportFinding = Command<'ReportFinding', FindingReport>;
/** 核实: an inspector checked a public/video/hotline report on site. `reason` is required when invalid. */
export type VerifyFinding = Command<
  'VerifyFinding',
  { readonly valid: boolean; readonly reason?: string; readonly note?: string }
>;
/** 立案 by a dispatcher; `category` corrects the reported sub-class. */
export type FileFinding = Command<'FileFinding', { readonly note?: string; readonly category?: CategoryRef }>;
/** 作废 before filing. */
export type CancelFinding = Command<'CancelFinding', { readonly reason: string }>;
/** 派遣 to a unit: the handling clock starts with the category's limit. */
export type DispatchFinding = Command<'DispatchFinding', { readonly unitId: string; readonly note?: string }>;
/** 回退: the unit gives the finding back to the center. `unitId`, when given, must be the assigned unit. */
export type ReturnFinding = Command<'ReturnFinding', { readonly unitId?: string; readonly reason: string }>;
/** 延期 request, before the handling due time. */
export type RequestExtension = Command<
  'RequestExtension',
  { readonly unitId?: string; readonly workingDays: number; readonly reason: string }
>;
/** The center decides a pending extension request. */
export type DecideExtension = Command<
  'DecideExtension',
  { readonly approved: boolean; readonly note?: string }
>;
/** 处置反馈 with after-photos (required). */
export type MarkHandled = Command<
  'MarkHandled',
  { readonly unitId?: string; readonly note: string; readonly photos: readonly string[] }
>;
/**
 * 核查 on site by an inspector of the finding's grid: `inspectorGridIds` are the grids of the acting inspector.
 * Passed closes (结案); failed starts rework (返工) and needs a note.
 */
export type CheckFinding = Command<
  'CheckFinding',
  {
    readonly passed: boolean;
    readonly note?: string;
    readonly photos: readonly string[];
    readonly inspectorGridIds: readonly string[];
  }
>;
/** 挂账: the problem cannot be handled now (long-term, needs a project). */
export type ParkFinding = Command<'ParkFinding', { readonly reason: string }>;

/**
 * After the working calendar changed (an official year imported): revise the provisional deadlines of the stages
 * still open. `calendarVersion` is the calendar that prompted it; deadlines already recorded on it are left alone.
 * Sent by the system, never by a person.
 */
export type ReviseProvisionalDeadlines = Command<
  'ReviseProvisionalDeadlines',
  { readonly calendarVersion: string }
>;

/**
 * Sent by a deadline timer or the reconciliation sweep, never by a person: the named stage's warning point, due time
 * or 督办 point has passed. Records the alert when the stage is still open and not yet flagged; otherwise nothing.
 */
export type RaiseDeadlineWarning = Command<
  'RaiseDeadlineWarning',
  { readonly stage: GridStage; readonly startedAt: string }
>;
export type MarkOverdue = Command<'MarkOverdue', { readonly stage: GridStage; readonly startedAt: string }>;
export type EscalateOverdue = Command<
  'EscalateOverdue',
  { readonly stage: GridStage; readonly startedAt: string }
>;

/** Every command of a grid finding. */
export type FindingCommand =
  | ReportFinding
  | VerifyFinding
  | FileFinding
  | CancelFinding
  | DispatchFinding
  | ReturnFinding
  | RequestExtension
  | DecideExtension
  | MarkHandled
  | CheckFinding
  | ParkFinding
  | RaiseDeadlineWarning
  | MarkOverdue
  | EscalateOverdue
  | ReviseProvisionalDeadlines;
