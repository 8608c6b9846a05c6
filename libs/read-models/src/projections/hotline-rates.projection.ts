import { dailyCounterDeltas, shanghaiDay } from './daily-counters.js';
import { asTicketEvent } from './known-events.js';
import {
  concludes,
  type HandlingStage,
  type ReplyResult,
  type StageDeadline,
  type TicketEvent,
  type TicketType,
} from '#hotline';
import type { Projection } from '../projection.js';

/**
 * The hotline `counts` of docs/api.md (all but `overdue`, which belongs to the alerts: it needs a clock, not an
 * event). Each is an integer in a daily bucket; "the day" is the Asia/Shanghai calendar day (YYYY-MM-DD).
 * Event counts belong to the day of the event that makes them (its server time `at`); due counts belong to the
 * day their deadline falls, and move with it (ExtensionApproved, DeadlineRevised): −1 on the old day, +1 on the
 * new, and the matching on-time count moves with its due count. The unit of a count is the lead unit at the time
 * of the event (co-units are not counted); a due count and its on-time count keep the unit of the stage start.
 *
 * - received: +1 on the day of TicketReceived (no unit yet).
 * - signed: +1 on the day of TicketSigned. signedOnTime: +1 on that day when the event says `onTime`.
 * - dispatched: +1 on the day of each TicketDispatched (unit: the unit dispatched to).
 * - returned: +1 on the day of each TicketReturnedToCenter (回退; unit: the unit that gave it back).
 * - firstContactDue: +1 on the day the first-contact deadline falls, counted when the stage starts (each
 *   TicketAccepted). firstContactOnTime: +1 on that same due day for the first contact of the stage that reached
 *   the citizen no later than the deadline (phase `first`, outcome `reached`, `onTime`). A return to the center
 *   keeps the stage's count against the unit that returned it; the next acceptance starts a new one.
 * - replyDue: +1 on the day the handling deadline falls, counted when the stage starts (TicketAccepted with a
 *   handle deadline, ReworkStarted, TicketReopened); an approved extension moves it. A return to the center keeps
 *   it, against the unit that returned the ticket: handing a ticket back before its deadline does not take the
 *   stage out of that unit's count. repliedOnTime: +1 on that same due day when a reply of the stage is submitted
 *   no later than its dueAt (once per stage, however often a reply is rejected and submitted again).
 * - upstreamDue: +1 on the day the district's deadline falls (counted at TicketReceived, from its `upstream`
 *   deadline, or the stored `upstreamDueAt` of an older log); a grant of the district moves it; returns and
 *   re-dispatches leave it alone (no unit: the street's count). upstreamOnTime: +1 on that day when the reply
 *   first goes upstream no later than it (按时办结率 on the district's deadline).
 * - replied: +1 on the day of TicketRepliedUpstream (办结).
 * - resolved / explained / unresolved: +1 on the day of TicketRepliedUpstream, by the result of the last reply
 *   submitted before it (实际解决 / 解释说明 / 未解决).
 * - callbacksDue: +1 on the day the street callback deadline falls, counted when the stage starts (ReplyApproved).
 *   callbacksDone: +1 on that same due day for the first concluded street callback of the stage (reached or
 *   refused, as the ReplyUpstream gate), whenever it happens.
 * - rated: +1 on the day of the first official 12345 callback (by `hotline`) with a satisfaction after each
 *   办结; satisfied / basicallySatisfied / dissatisfied: +1 on that day by its satisfaction. Later ratings of the
 *   same reply are not counted.
 * - reopened: +1 on the day of each TicketReopened (重办 / 督办 / 回访复核).
 * - extended: +1 on the day of each ExtensionApproved.
 * - overdue: +1 on the day a handling stage (handle, rework, reopen) fell due, when its TicketOverdue is recorded
 *   (unit: the unit of the stage). 超期率 = overdue ÷ replyDue. First-contact, sign and callback stages raise
 *   alerts but are measured by their own on-time rates.
 */
export const HOTLINE_COUNTS = [
  'received',
  'signed',
  'signedOnTime',
  'dispatched',
  'returned',
  'firstContactDue',
  'firstContactOnTime',
  'replyDue',
  'repliedOnTime',
  'upstreamDue',
  'upstreamOnTime',
  'replied',
  'resolved',
  'explained',
  'unresolved',
  'callbacksDue',
  'callbacksDone',
  'rated',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'reopened',
  'extended',
  'overdue',
] as const;
export type HotlineCount = (typeof HOTLINE_COUNTS)[number];
export type HotlineCounts = Readonly<Record<HotlineCount, number>>;

/** The dimensions of the daily buckets; `none` has the single value `all`. */
export type HotlineDimension = 'none' | 'unit' | 'grid' | 'category' | 'type' | 'channel';

/** A due count as it was counted: the day (and unit) it went to, and whether its on-time count was made. */
export interface DueCount {
  /** The position of the event that started the stage: a new id is a new stage (a new count). */
  readonly id: string;
  readonly dueAt: string;
  readonly day: string;
  readonly unitId: string | null;
  /** The on-time count of the stage was made (on `day`). */
  readonly onTime: boolean;
  /** The stage ended (the district's: the first reply upstream); its counts no longer move. */
  readonly ended?: boolean;
}

/** Per ticket, only what the counters need. */
export interface HotlineRatesDoc {
  readonly type: TicketType;
  readonly channel: string | null;
  readonly categoryCode: string;
  readonly gridId: string | null;
  /** The lead unit now (null before dispatch and after a return to the center). */
  readonly unitId: string | null;
  readonly firstContact: DueCount | null;
  readonly reply: (DueCount & { readonly stage: HandlingStage }) | null;
  readonly callback: DueCount | null;
  /** The district's deadline until the reply first goes upstream (then it stays, with its on-time mark). */
  readonly upstream?: DueCount | null;
  /** The result of the last reply submitted. */
  readonly result: ReplyResult | null;
  /** A 12345 rating was counted since the last 办结. */
  readonly rated: boolean;
}

const dueCount = (id: string, deadline: StageDeadline, unitId: string | null): DueCount => ({
  id,
  dueAt: deadline.dueAt,
  day: shanghaiDay(deadline.dueAt),
  unitId,
  onTime: false,
});

/** The district's due time of an intake: as recorded, or the stored `upstreamDueAt` of an older log. */
function districtDeadline(data: { readonly upstream?: StageDeadline; readonly upstreamDueAt?: string }) {
  const dueAt = data.upstream?.dueAt ?? data.upstreamDueAt;
  return dueAt === undefined || Number.isNaN(Date.parse(dueAt)) ? undefined : new Date(dueAt).toISOString();
}

const moved = <D extends DueCount>(count: D, deadline: StageDeadline): D => ({
  ...count,
  dueAt: deadline.dueAt,
  day: shanghaiDay(deadline.dueAt),
});

const notAfter = (at: string, dueAt: string) => Date.parse(at) <= Date.parse(dueAt);

/** The doc's change caused by one event. */
function change(doc: HotlineRatesDoc, event: TicketEvent, id: string): Partial<HotlineRatesDoc> {
  switch (event.type) {
    case 'TicketDispatched':
      return { unitId: event.data.unitId };
    case 'TicketAccepted': {
      const { unitId, firstContact, handle } = event.data;
      return {
        unitId,
        firstContact: dueCount(id, firstContact, unitId),
        ...(handle ? { reply: { ...dueCount(id, handle, unitId), stage: 'handle' as const } } : {}),
      };
    }
    case 'TicketReturnedToCenter':
      // The open stages' due counts stay with the unit that returned the ticket (their slots are left as they are).
      return { unitId: null };
    case 'ContactRecorded': {
      const { phase, outcome, onTime } = event.data;
      const open = doc.firstContact;
      if (phase !== 'first' || !open || open.onTime || outcome !== 'reached' || onTime !== true) return {};
      return { firstContact: { ...open, onTime: true } };
    }
    case 'ExtensionApproved':
      return doc.reply ? { reply: { ...moved(doc.reply, event.data.handle), stage: 'handle' } } : {};
    case 'UpstreamExtensionDecided': {
      // The district's grant moves its deadline and lifts the cap on the extended handling deadline.
      const { handle, upstream } = event.data;
      return {
        ...(doc.reply && handle ? { reply: { ...moved(doc.reply, handle), stage: 'handle' as const } } : {}),
        ...(doc.upstream && upstream && !doc.upstream.onTime
          ? { upstream: moved(doc.upstream, upstream) }
          : {}),
      };
    }
    case 'ReplySubmitted': {
      const { result, at } = event.data;
      const open = doc.reply;
      const onTime = open !== null && !open.onTime && notAfter(at, open.dueAt);
      return { result, ...(onTime ? { reply: { ...open, onTime: true } } : {}) };
    }
    case 'ReplyApproved':
      return { callback: dueCount(id, event.data.callback, doc.unitId) };
    case 'CallbackRecorded': {
      const { by, outcome, satisfaction } = event.data;
      if (by === 'hotline') return satisfaction && !doc.rated ? { rated: true } : {};
      const open = doc.callback;
      return open && !open.onTime && concludes(outcome) ? { callback: { ...open, onTime: true } } : {};
    }
    case 'ReworkStarted':
      return { reply: { ...dueCount(id, event.data.rework, doc.unitId), stage: 'rework' } };
    case 'TicketReopened':
      return { reply: { ...dueCount(id, event.data.reopen, doc.unitId), stage: 'reopen' } };
    case 'TicketRepliedUpstream': {
      const open = doc.upstream;
      // The first reply upstream ends the district's stage; a reply after a reopen is another matter.
      const first = open && !open.ended;
      return {
        rated: false,
        ...(first ? { upstream: { ...open, ended: true, onTime: notAfter(event.data.at, open.dueAt) } } : {}),
      };
    }
    case 'DeadlineRevised': {
      const { stage, new: revised } = event.data;
      if (stage === 'firstContact' && doc.firstContact)
        return { firstContact: moved(doc.firstContact, revised) };
      if (stage === 'callback' && doc.callback) return { callback: moved(doc.callback, revised) };
      if (stage === 'upstream' && doc.upstream && !doc.upstream.ended)
        return { upstream: moved(doc.upstream, revised) };
      if (doc.reply?.stage === stage) return { reply: moved(doc.reply, revised) };
      return {};
    }
    case 'TicketReceived':
    case 'TicketSigned':
    case 'TicketReturnedUpstream':
    case 'ExtensionRequested':
    case 'ExtensionRejected':
    case 'ExtensionWithdrawn':
    case 'ExtensionForwardedUpstream':
    case 'ReplyRejected':
    case 'TicketMarkedAsWarning':
    case 'TicketUrged':
    case 'TicketDeadlineWarning':
    case 'TicketOverdue':
    case 'TicketEscalated':
    case 'TicketSupervised':
    case 'CallMerged':
    case 'TicketParked':
    case 'TicketClosed':
    case 'CallerContactRevealed':
    case 'CallerDataErased':
      return {};
  }
}

/** The [dimension, value] pairs a count of this ticket (with this unit) goes to. */
function dimensions(doc: HotlineRatesDoc, unitId: string | null): [string, string][] {
  const values: [HotlineDimension, string | null][] = [
    ['none', 'all'],
    ['unit', unitId],
    ['grid', doc.gridId],
    ['category', doc.categoryCode],
    ['type', doc.type],
    ['channel', doc.channel],
  ];
  return values.filter((entry): entry is [HotlineDimension, string] => entry[1] !== null);
}

type Slot = 'firstContact' | 'reply' | 'callback' | 'upstream';
const SLOT_FIELDS: Readonly<Record<Slot, readonly [HotlineCount, HotlineCount]>> = {
  firstContact: ['firstContactDue', 'firstContactOnTime'],
  reply: ['replyDue', 'repliedOnTime'],
  callback: ['callbacksDue', 'callbacksDone'],
  upstream: ['upstreamDue', 'upstreamOnTime'],
};

/** The event counts (not due counts) of one event: [field, unit]. */
function eventCounts(
  before: HotlineRatesDoc | undefined,
  after: HotlineRatesDoc,
  event: TicketEvent,
): [HotlineCount, string | null, string?][] {
  switch (event.type) {
    case 'TicketOverdue': {
      const { stage, dueAt, unitId } = event.data;
      const handling = stage === 'handle' || stage === 'rework' || stage === 'reopen';
      return handling ? [['overdue', unitId ?? after.unitId, shanghaiDay(dueAt)]] : [];
    }
    case 'TicketDeadlineWarning':
    case 'TicketEscalated':
      return [];
    case 'TicketReceived':
      return before ? [] : [['received', null]];
    case 'TicketSigned':
      return [
        ['signed', null],
        ...(event.data.onTime ? [['signedOnTime', null] as [HotlineCount, null]] : []),
      ];
    case 'TicketDispatched':
      return [['dispatched', event.data.unitId]];
    case 'TicketReturnedToCenter':
      return [['returned', event.data.unitId]];
    case 'ExtensionApproved':
      return [['extended', after.unitId]];
    case 'TicketReopened':
      return [['reopened', after.unitId]];
    case 'TicketRepliedUpstream': {
      const out: [HotlineCount, string | null][] = [['replied', after.unitId]];
      if (after.result) out.push([after.result, after.unitId]);
      return out;
    }
    case 'CallbackRecorded': {
      const { satisfaction } = event.data;
      if (!satisfaction || !before || before.rated || !after.rated) return [];
      const field: HotlineCount =
        satisfaction === 'satisfied'
          ? 'satisfied'
          : satisfaction === 'basically-satisfied'
            ? 'basicallySatisfied'
            : 'dissatisfied';
      return [
        ['rated', after.unitId],
        [field, after.unitId],
      ];
    }
    case 'TicketAccepted':
    case 'TicketReturnedUpstream':
    case 'ContactRecorded':
    case 'ExtensionRequested':
    case 'ExtensionRejected':
    case 'ExtensionWithdrawn':
    case 'ExtensionForwardedUpstream':
    case 'UpstreamExtensionDecided':
    case 'ReplySubmitted':
    case 'ReplyApproved':
    case 'ReplyRejected':
    case 'TicketMarkedAsWarning':
    case 'ReworkStarted':
    case 'TicketUrged':
    case 'TicketSupervised':
    case 'CallMerged':
    case 'TicketParked':
    case 'TicketClosed':
    case 'DeadlineRevised':
    case 'CallerContactRevealed':
    case 'CallerDataErased':
      // Due counts only (see the slots).
      return [];
  }
}

/**
 * Daily hotline counts (see HOTLINE_COUNTS for each count's definition) into the buckets
 * `day:<YYYY-MM-DD>:<dimension>` and `month:<YYYY-MM>:<dimension>` (fields `<value>|<count>`, see bucketHashes)
 * for the dimensions none (`all`), unit, grid, category, type and channel;
 * a dimension whose value is unknown (no unit yet, no grid, no channel) is skipped. No indexes.
 */
export const hotlineRatesProjection: Projection<HotlineRatesDoc> = {
  name: 'hotline-rates',
  // 3: the district's deadline (upstreamDue, upstreamOnTime); a return keeps the returning unit's due counts.
  version: 3,
  categories: ['ticket'],
  evolve(doc, recorded) {
    const event = asTicketEvent(recorded);
    if (!event) return doc;
    if (event.type === 'TicketReceived') {
      if (doc) return doc;
      const { type, channel, category, gridId } = event.data;
      const upstream = districtDeadline(event.data);
      return {
        type,
        channel: channel ?? null,
        categoryCode: category.code,
        gridId: gridId ?? null,
        unitId: null,
        firstContact: null,
        reply: null,
        callback: null,
        upstream: upstream
          ? {
              id: recorded.position,
              dueAt: upstream,
              day: shanghaiDay(upstream),
              unitId: null,
              onTime: false,
            }
          : null,
        result: null,
        rated: false,
      };
    }
    if (!doc) return undefined;
    const delta = change(doc, event, recorded.position);
    return Object.keys(delta).length === 0 ? doc : { ...doc, ...delta };
  },
  indexes() {
    return [];
  },
  counters(before, after, recorded) {
    const event = asTicketEvent(recorded);
    if (!event || !after) return [];
    return dailyCounterDeltas({
      before,
      after,
      day: shanghaiDay((event.data as { at?: string }).at ?? recorded.recordedAt),
      eventCounts: eventCounts(before, after, event),
      slots: SLOT_FIELDS,
      dueOf: (doc, slot) => doc[slot] ?? null,
      dimensions,
    });
  },
};

/** The hotline `rates` of docs/api.md. */
export interface HotlineRates {
  readonly signOnTime: number | null;
  readonly firstContact: number | null;
  /** 按时办结率 on the district's deadline: replied upstream by it ÷ district deadlines in the period. */
  readonly onTimeCompletion: number | null;
  /** 按时办结率 (internal): replied by the unit's own (extended) due time ÷ handling stages due in the period. */
  readonly onTimeCompletionInternal: number | null;
  readonly resolution: number | null;
  readonly satisfaction: number | null;
  readonly callback: number | null;
  readonly reopen: number | null;
  readonly return: number | null;
  readonly extension: number | null;
  readonly overdue: number | null;
}

/** part ÷ whole in [0, 1] (a period's numerator can outrun its denominator, e.g. a reopen of an older reply). */
const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.min(1, Math.max(0, part / whole));

/**
 * The rates of docs/domain.md §1 "Metrics" from summed counts (a missing count is 0); null when the denominator
 * is 0. `satisfactionWeight` is the weight w of 基本满意 (default 0.8).
 */
export function ratesFromCounts(
  counts: Partial<HotlineCounts>,
  { satisfactionWeight = 0.8 }: { readonly satisfactionWeight?: number } = {},
): HotlineRates {
  const c = (name: HotlineCount) => counts[name] ?? 0;
  return {
    signOnTime: ratio(c('signedOnTime'), c('received')),
    firstContact: ratio(c('firstContactOnTime'), c('firstContactDue')),
    onTimeCompletion: ratio(c('upstreamOnTime'), c('upstreamDue')),
    onTimeCompletionInternal: ratio(c('repliedOnTime'), c('replyDue')),
    resolution: ratio(c('resolved'), c('resolved') + c('explained') + c('unresolved')),
    satisfaction: ratio(c('satisfied') + c('basicallySatisfied') * satisfactionWeight, c('rated')),
    callback: ratio(c('callbacksDone'), c('callbacksDue')),
    reopen: ratio(c('reopened'), c('replied')),
    return: ratio(c('returned'), c('dispatched')),
    extension: ratio(c('extended'), c('received')),
    overdue: ratio(c('overdue'), c('replyDue')),
  };
}
