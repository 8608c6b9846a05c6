import { dailyCounterDeltas, shanghaiDay, withCaseIndex } from './daily-counters.js';
import { asTicketEvent } from './known-events.js';
import {
  type CallbackOutcome,
  concludes,
  type Satisfaction,
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
 * - handlingMinutes: on the day of TicketRepliedUpstream, the whole minutes (natural time) from the start of the
 *   round to that reply: from `receivedAt` for the first reply, from the TicketReopened for a reply after 重办.
 *   Average handling hours = handlingMinutes ÷ 60 ÷ replied.
 * - returnedUpstream: +1 on the day of each TicketReturnedUpstream (the street's 退单 upstream; no unit).
 * - resolved / explained / unresolved: +1 on the day of TicketRepliedUpstream, by the result of the last reply
 *   submitted before it (实际解决 / 解释说明 / 未解决: the unit's claim, 承办认定解决率).
 * - callbacksDue: +1 on the day the street callback deadline falls, counted when the stage starts (ReplyApproved).
 *   callbacksDone: +1 on that same due day for the first concluded street callback of the stage, whenever it
 *   happens. Concluded is what the decider recorded on the callback (`concluded`, from the rules in force: the
 *   same definition as the ReplyUpstream gate and the ticket's 双回访 checklist); an older event without it
 *   concludes when reached or refused.
 * - rated: +1 on the day of the first official 12345 callback (by `hotline`) with a satisfaction after each
 *   办结; satisfied / basicallySatisfied / dissatisfied: +1 on that day by its satisfaction. Later ratings of the
 *   same reply are not counted. The same callback's per-dimension ratings, when it has them, count the same way:
 *   efficiencyRated and efficiencySatisfied / efficiencyBasicallySatisfied / efficiencyDissatisfied, and likewise
 *   for attitude and result.
 * - resolutionAnswered: +1 on the day of the first official 12345 callback with a `resolved` answer after each
 *   办结; resolvedByCitizen: +1 on that day when the answer is 已解决 (实际解决率: the caller decides).
 * - reopened: +1 on the day of each TicketReopened (重办 / 督办 / 回访复核).
 * - extended: +1 on the day of each ExtensionApproved.
 * - overdue: +1 on the day a handling stage (handle, rework, reopen) fell due, when its TicketOverdue is recorded
 *   (unit: the unit of the stage). 超期率 = overdue ÷ replyDue. First-contact, sign and callback stages raise
 *   alerts but are measured by their own on-time rates.
 */
/** The dimensions of Shanghai's 12345 callback besides the overall satisfaction. */
export const RATING_DIMENSIONS = ['efficiency', 'attitude', 'result'] as const;
export type RatingDimension = (typeof RATING_DIMENSIONS)[number];
const RATING_COUNTS = [
  'efficiencyRated',
  'efficiencySatisfied',
  'efficiencyBasicallySatisfied',
  'efficiencyDissatisfied',
  'attitudeRated',
  'attitudeSatisfied',
  'attitudeBasicallySatisfied',
  'attitudeDissatisfied',
  'resultRated',
  'resultSatisfied',
  'resultBasicallySatisfied',
  'resultDissatisfied',
] as const;

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
  'handlingMinutes',
  'returnedUpstream',
  'resolved',
  'explained',
  'unresolved',
  'callbacksDue',
  'callbacksDone',
  'rated',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  ...RATING_COUNTS,
  'resolutionAnswered',
  'resolvedByCitizen',
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
  /** A 12345 resolved answer was counted since the last 办结. */
  readonly answered?: boolean;
  /** When the current round started: receipt, or the last 重办 (for handlingMinutes). */
  readonly roundFrom?: string;
  /** An approved exclusion (考核剔除): the ticket's stream and the rates it is taken out of. */
  readonly exclusion?: { readonly stream: string; readonly rates: readonly string[] };
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

/** One definition of a concluded callback: what the decider recorded from the rules, else reached or refused. */
function callbackConcluded(data: {
  readonly outcome: CallbackOutcome;
  readonly concluded?: boolean;
}): boolean {
  return data.concluded ?? concludes(data.outcome);
}

/** Whole minutes from one instant to another, never negative. */
const minutesBetween = (from: string, to: string): number =>
  Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));

/** The count of one satisfaction answer, with a prefix for a rating dimension (`efficiencySatisfied`). */
function satisfactionCount(satisfaction: Satisfaction, prefix = ''): HotlineCount {
  const name =
    satisfaction === 'satisfied'
      ? 'satisfied'
      : satisfaction === 'basically-satisfied'
        ? 'basicallySatisfied'
        : 'dissatisfied';
  return (prefix ? `${prefix}${name[0]?.toUpperCase()}${name.slice(1)}` : name) as HotlineCount;
}

/** The doc's change caused by one event. */
function change(
  doc: HotlineRatesDoc,
  event: TicketEvent,
  id: string,
  stream: string,
): Partial<HotlineRatesDoc> {
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
      const { by, satisfaction, resolved } = event.data;
      if (by === 'hotline') {
        return {
          ...(satisfaction && !doc.rated ? { rated: true } : {}),
          ...(resolved !== undefined && !doc.answered ? { answered: true } : {}),
        };
      }
      const open = doc.callback;
      return open && !open.onTime && callbackConcluded(event.data)
        ? { callback: { ...open, onTime: true } }
        : {};
    }
    case 'ReworkStarted':
      return { reply: { ...dueCount(id, event.data.rework, doc.unitId), stage: 'rework' } };
    case 'TicketReopened':
      return {
        reply: { ...dueCount(id, event.data.reopen, doc.unitId), stage: 'reopen' },
        roundFrom: event.data.at,
      };
    case 'TicketRepliedUpstream': {
      const open = doc.upstream;
      // The first reply upstream ends the district's stage; a reply after a reopen is another matter.
      const first = open && !open.ended;
      return {
        rated: false,
        answered: false,
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
    case 'ExclusionDecided':
      return event.data.approved ? { exclusion: { stream, rates: [...event.data.rates] } } : {};
    case 'TicketReceived':
    case 'TicketSigned':
    case 'TicketReturnedUpstream':
    case 'ExclusionRequested':
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
): [HotlineCount, string | null, string?, number?][] {
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
      const out: [HotlineCount, string | null, string?, number?][] = [['replied', after.unitId]];
      if (after.result) out.push([after.result, after.unitId]);
      if (after.roundFrom) {
        out.push([
          'handlingMinutes',
          after.unitId,
          undefined,
          minutesBetween(after.roundFrom, event.data.at),
        ]);
      }
      return out;
    }
    case 'TicketReturnedUpstream':
      return [['returnedUpstream', null]];
    case 'CallbackRecorded': {
      if (!before || event.data.by !== 'hotline') return [];
      const { satisfaction, resolved } = event.data;
      const ratings = (event.data as { readonly ratings?: Partial<Record<RatingDimension, Satisfaction>> })
        .ratings;
      const out: [HotlineCount, string | null][] = [];
      if (satisfaction && !before.rated && after.rated) {
        out.push(['rated', after.unitId], [satisfactionCount(satisfaction), after.unitId]);
        for (const dimension of RATING_DIMENSIONS) {
          const rating = ratings?.[dimension];
          if (rating === undefined) continue;
          out.push(
            [`${dimension}Rated` as HotlineCount, after.unitId],
            [satisfactionCount(rating, dimension), after.unitId],
          );
        }
      }
      if (resolved !== undefined && !before.answered && after.answered) {
        out.push(['resolutionAnswered', after.unitId]);
        if (resolved) out.push(['resolvedByCitizen', after.unitId]);
      }
      return out;
    }
    case 'TicketAccepted':
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
    case 'ExclusionRequested':
    case 'ExclusionDecided':
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
/** The index of the tickets an approved exclusion takes out of some rates (members: their streams). */
export const EXCLUDED_SET = 'excluded';

export const hotlineRatesProjection: Projection<HotlineRatesDoc> = {
  name: 'hotline-rates',
  // 3: the district's deadline (upstreamDue, upstreamOnTime); a return keeps the returning unit's due counts.
  // 4: the citizen's resolution and ratings, 退单 upstream, handling minutes, exclusions, the months' case index.
  version: 4,
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
        answered: false,
        roundFrom: event.data.receivedAt,
      };
    }
    if (!doc) return undefined;
    const delta = change(doc, event, recorded.position, recorded.stream);
    return Object.keys(delta).length === 0 ? doc : { ...doc, ...delta };
  },
  indexes(doc) {
    return doc.exclusion ? [{ set: EXCLUDED_SET, member: doc.exclusion.stream, score: 0 }] : [];
  },
  counters(before, after, recorded, keep) {
    const event = asTicketEvent(recorded);
    if (!event || !after) return [];
    const deltas = dailyCounterDeltas({
      before,
      after,
      day: shanghaiDay((event.data as { at?: string }).at ?? recorded.recordedAt),
      eventCounts: eventCounts(before, after, event),
      slots: SLOT_FIELDS,
      dueOf: (doc, slot) => doc[slot] ?? null,
      dimensions,
      ...(keep ? { keep } : {}),
    });
    return withCaseIndex(deltas, recorded.stream);
  },
};

/** The hotline `rates` of docs/api.md (formulas: docs/domain.md §1 "Metrics", and `HOTLINE_RATE_COUNTS`). */
export interface HotlineRates {
  readonly signOnTime: number | null;
  readonly firstContact: number | null;
  /** 按时办结率 on the district's deadline: replied upstream by it ÷ district deadlines in the period. */
  readonly onTimeCompletion: number | null;
  /** 按时办结率 (internal): replied by the unit's own (extended) due time ÷ handling stages due in the period. */
  readonly onTimeCompletionInternal: number | null;
  /** 实际解决率: 12345 callbacks answered 已解决 ÷ 12345 callbacks with a resolved answer (the caller decides). */
  readonly resolution: number | null;
  /** 承办认定解决率: replies 实际解决 ÷ replies (the unit's claim). */
  readonly resolutionClaimed: number | null;
  readonly satisfaction: number | null;
  readonly satisfactionEfficiency: number | null;
  readonly satisfactionAttitude: number | null;
  readonly satisfactionResult: number | null;
  readonly callback: number | null;
  readonly reopen: number | null;
  readonly return: number | null;
  /** 退单率: the street's 退单 upstream ÷ received. */
  readonly returnUpstream: number | null;
  readonly extension: number | null;
  readonly overdue: number | null;
}
export type HotlineRateName = keyof HotlineRates;

/** The counts each rate is computed from: what an exclusion of the rate takes a ticket's counts out of. */
export const HOTLINE_RATE_COUNTS: Readonly<Record<HotlineRateName, readonly HotlineCount[]>> = {
  signOnTime: ['signedOnTime', 'received'],
  firstContact: ['firstContactOnTime', 'firstContactDue'],
  onTimeCompletion: ['upstreamOnTime', 'upstreamDue'],
  onTimeCompletionInternal: ['repliedOnTime', 'replyDue'],
  resolution: ['resolvedByCitizen', 'resolutionAnswered'],
  resolutionClaimed: ['resolved', 'explained', 'unresolved'],
  satisfaction: ['satisfied', 'basicallySatisfied', 'rated'],
  satisfactionEfficiency: ['efficiencySatisfied', 'efficiencyBasicallySatisfied', 'efficiencyRated'],
  satisfactionAttitude: ['attitudeSatisfied', 'attitudeBasicallySatisfied', 'attitudeRated'],
  satisfactionResult: ['resultSatisfied', 'resultBasicallySatisfied', 'resultRated'],
  callback: ['callbacksDone', 'callbacksDue'],
  reopen: ['reopened', 'replied'],
  return: ['returned', 'dispatched'],
  returnUpstream: ['returnedUpstream', 'received'],
  extension: ['extended', 'received'],
  overdue: ['overdue', 'replyDue'],
};

/** part ÷ whole in [0, 1] (a period's numerator can outrun its denominator, e.g. a reopen of an older reply). */
export const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.min(1, Math.max(0, part / whole));

/** The options of the rates that are configuration (RULES_FILE `rates`). */
export interface RateOptions {
  /** The weight w of 基本满意 in 市民满意率 (0.8 and 0.6 are both in use); default 0.8. */
  readonly satisfactionWeight?: number;
}

/**
 * The rates of docs/domain.md §1 "Metrics" from summed counts (a missing count is 0); null when the denominator
 * is 0.
 */
export function ratesFromCounts(
  counts: Partial<Record<string, number>>,
  { satisfactionWeight = 0.8 }: RateOptions = {},
): HotlineRates {
  const c = (name: HotlineCount) => counts[name] ?? 0;
  const weighted = (prefix: '' | RatingDimension) => {
    const name = (count: string) => (prefix ? `${prefix}${count[0]?.toUpperCase()}${count.slice(1)}` : count);
    const n = (count: string) => counts[name(count)] ?? 0;
    return ratio(n('satisfied') + n('basicallySatisfied') * satisfactionWeight, n('rated'));
  };
  return {
    signOnTime: ratio(c('signedOnTime'), c('received')),
    firstContact: ratio(c('firstContactOnTime'), c('firstContactDue')),
    onTimeCompletion: ratio(c('upstreamOnTime'), c('upstreamDue')),
    onTimeCompletionInternal: ratio(c('repliedOnTime'), c('replyDue')),
    resolution: ratio(c('resolvedByCitizen'), c('resolutionAnswered')),
    resolutionClaimed: ratio(c('resolved'), c('resolved') + c('explained') + c('unresolved')),
    satisfaction: weighted(''),
    satisfactionEfficiency: weighted('efficiency'),
    satisfactionAttitude: weighted('attitude'),
    satisfactionResult: weighted('result'),
    callback: ratio(c('callbacksDone'), c('callbacksDue')),
    reopen: ratio(c('reopened'), c('replied')),
    return: ratio(c('returned'), c('dispatched')),
    returnUpstream: ratio(c('returnedUpstream'), c('received')),
    extension: ratio(c('extended'), c('received')),
    overdue: ratio(c('overdue'), c('replyDue')),
  };
}

/** The hotline averages that are not rates: hours from receipt (or 重办) to the reply upstream. */
export function hotlineAveragesFromCounts(counts: Partial<Record<string, number>>): {
  readonly handlingHours: number | null;
} {
  const replied = counts.replied ?? 0;
  return {
    handlingHours:
      replied === 0 ? null : Math.round(((counts.handlingMinutes ?? 0) / 60 / replied) * 100) / 100,
  };
}
