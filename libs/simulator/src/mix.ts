import type { ReopenKind, ReplyResult, Satisfaction, TicketType } from '#hotline';
import type { FindingSource } from '#grid';

/**
 * The proportions of the simulated street. Every share is a probability in [0, 1] drawn once per case (or per
 * attempt, where it says so); the comment names what it is a share of, which is also how the tests measure it.
 * The values are plausible for a central Shanghai street (domain.md), not measured data: tune them per run with
 * `SimulationOptions.mix`.
 */
export interface SimulationMix {
  // --- 12345 intake ----------------------------------------------------------------------------------------------
  /** 是否紧急: urgent tickets, of tickets. */
  readonly urgentShare: number;
  /** 是否保密: confidential callers, of tickets. */
  readonly confidentialShare: number;
  /** The caller called about something before (a known subject, 累计拨打 ≥ 1), of tickets. */
  readonly repeatCallerShare: number;
  /** 诉求类型, of tickets. */
  readonly ticketTypes: Readonly<Record<TicketType, number>>;
  /** 来源渠道, of tickets. */
  readonly channels: Readonly<Record<string, number>>;

  // --- the center ------------------------------------------------------------------------------------------------
  /** 退单: sent back to the district as not the street's matter, of tickets. */
  readonly returnUpstreamShare: number;
  /** 签收 after the sign deadline, of signed tickets. */
  readonly signLateShare: number;
  /** Dispatched with a 协办 co-handling unit (the grid's 居委), of dispatched tickets. */
  readonly coHandlingShare: number;
  /** First dispatched to a unit whose matter it is not; that unit returns it (回退) and the center re-dispatches it
   *  to the right one, of dispatched tickets ("dispatched to another unit"). */
  readonly misdispatchShare: number;
  /** Returned to the center by the right unit (needs coordination) and re-dispatched to it, of dispatched tickets. */
  readonly returnForCoordinationShare: number;

  // --- the unit: 双先联 and handling ------------------------------------------------------------------------------
  /** 先行联系 concluded after the first-contact deadline, of acceptances. */
  readonly firstContactLateShare: number;
  /** The first attempt of the first contact is unreachable (a later one reaches the citizen), of acceptances. */
  readonly firstContactUnreachableShare: number;
  /** The citizen refuses every contact and callback (concludes the contacts without a rating), of tickets. */
  readonly refusesContactShare: number;
  /** The first contact ends on a wrong number (conclusive; the district corrects it later), of acceptances. */
  readonly wrongNumberShare: number;
  /** The 答复前联系 needs a second attempt (first unreachable), of handling stages. */
  readonly beforeReplyUnreachableShare: number;
  /** 延期申请, of tickets whose first handling limit is a multi-day one (about 5 % of all tickets). */
  readonly extensionRequestShare: number;
  /** Approved, of extension requests. */
  readonly extensionApprovedShare: number;
  /**
   * The reply comes after the handling deadline (超期), of handling stages (handle, rework, reopen). A late first
   * contact on a 1-working-day ticket, a rejected extension or a rejected review add to it: about 10 % in all.
   */
  readonly handlingLateShare: number;
  /** 实际解决 / 解释说明 / 未解决, of replies. */
  readonly replyResults: Readonly<Record<ReplyResult, number>>;
  /** 审核驳回: the center rejects the reply, of reviews (at most two rejections per stage). */
  readonly reviewRejectedShare: number;
  /** 挂账: parked as a long-term problem (closed 20–60 days later, or still parked at the horizon), of tickets. */
  readonly parkShare: number;
  /** 并单: a repeat or duplicate call is merged into the ticket, of tickets. */
  readonly mergeShare: number;
  /** 催办 by a supervisor while the unit handles it (the citizen called again), of tickets. */
  readonly urgeShare: number;
  /** 催办 of a stage that is going to be late, near its warning time, of late stages. */
  readonly urgeIfLateShare: number;
  /** 督办 (SuperviseTicket) of a stage that has become late, of late stages. */
  readonly superviseIfLateShare: number;

  // --- 双回访 -------------------------------------------------------------------------------------------------------
  /** The street callback's first attempt is unreachable, of street callbacks. */
  readonly streetCallbackUnreachableShare: number;
  /** The street callback concludes after its deadline, of street callbacks. */
  readonly streetCallbackLateShare: number;
  /** The street callback's rating, of reached street callbacks; dissatisfied → 预警工单 and rework (at most twice). */
  readonly streetSatisfaction: Readonly<Record<Satisfaction, number>>;
  /** The 12345 callback's first attempt is unreachable (a second follows a day later), of hotline callbacks. */
  readonly hotlineCallbackUnreachableShare: number;
  /** The district never calls back; the center closes the ticket a week after replying, of replied tickets. */
  readonly hotlineCallbackMissingShare: number;
  /** 满意 / 基本满意 / 不满意 of the 12345 callback, of rated hotline callbacks. */
  readonly hotlineSatisfaction: Readonly<Record<Satisfaction, number>>;
  /** A dissatisfied 12345 callback is reopened (重办/督办/回访复核; once per ticket), else closed: of dissatisfied
   *  first callbacks. With the mix above about 4 % of replied tickets are reopened. */
  readonly reopenIfDissatisfiedShare: number;
  /** The kind of a reopen, of reopens. */
  readonly reopenKinds: Readonly<Record<ReopenKind, number>>;

  // --- grid findings ---------------------------------------------------------------------------------------------
  /** 信息采集 channel, of findings. */
  readonly findingSources: Readonly<Record<FindingSource, number>>;
  /** 自行处置: the inspector fixes it on the spot, of patrol findings of a simple category. */
  readonly selfHandledShare: number;
  /** 核实无效, of verified (non-patrol) reports. */
  readonly verifyInvalidShare: number;
  /** 作废 as a duplicate report, of patrol findings not self-handled. */
  readonly cancelShare: number;
  /** 立案 after the filing deadline, of filings. */
  readonly fileLateShare: number;
  /** 回退 by the unit and re-dispatched to another unit, of dispatched findings. */
  readonly findingReturnShare: number;
  /** 挂账 (re-dispatched 10–30 days later), of dispatched findings with a multi-day limit. */
  readonly findingParkShare: number;
  /** 延期 requested, of dispatched findings with a multi-day limit. */
  readonly findingExtensionShare: number;
  /** Approved, of finding extension requests. */
  readonly findingExtensionApprovedShare: number;
  /** 处置反馈 after the handling deadline, of handling stages (handle, rework). */
  readonly findingHandleLateShare: number;
  /** 核查 after the check deadline, of checks. */
  readonly checkLateShare: number;
  /** 核查 fails → 返工, of checks (a third check always passes). */
  readonly checkFailShare: number;
  /** 拒不整改 recorded on the shop's card when a 跨门营业 check fails, of such failed checks. */
  readonly shopRefusalShare: number;

  // --- bikes awaiting removal ------------------------------------------------------------------------------------
  /** Tagged as abandoned (僵尸车) rather than badly parked, of tagged bikes. */
  readonly bikeAbandonedShare: number;
  /** The owner moves it during the notice period, of tagged bikes. */
  readonly bikeResolvedShare: number;
  /** Claimed by its owner from the storage point, of removed bikes (the rest are disposed of). */
  readonly bikeClaimedShare: number;
}

/** The default mix (see the README's table). */
export const DEFAULT_MIX: SimulationMix = {
  urgentShare: 0.05,
  confidentialShare: 0.1,
  repeatCallerShare: 0.08,
  ticketTypes: {
    complaint: 0.38,
    help: 0.24,
    consultation: 0.18,
    report: 0.08,
    suggestion: 0.07,
    other: 0.05,
  },
  channels: { phone: 0.6, suishenban: 0.15, wechat: 0.12, web: 0.1, other: 0.03 },

  returnUpstreamShare: 0.02,
  signLateShare: 0.05,
  coHandlingShare: 0.06,
  misdispatchShare: 0.03,
  returnForCoordinationShare: 0.02,

  firstContactLateShare: 0.08,
  firstContactUnreachableShare: 0.12,
  refusesContactShare: 0.01,
  wrongNumberShare: 0.01,
  beforeReplyUnreachableShare: 0.06,
  extensionRequestShare: 0.065,
  extensionApprovedShare: 0.85,
  handlingLateShare: 0.07,
  replyResults: { resolved: 0.7, explained: 0.25, unresolved: 0.05 },
  reviewRejectedShare: 0.07,
  parkShare: 0.005,
  mergeShare: 0.01,
  urgeShare: 0.03,
  urgeIfLateShare: 0.5,
  superviseIfLateShare: 0.15,

  streetCallbackUnreachableShare: 0.08,
  streetCallbackLateShare: 0.04,
  streetSatisfaction: { satisfied: 0.84, 'basically-satisfied': 0.12, dissatisfied: 0.04 },
  hotlineCallbackUnreachableShare: 0.05,
  hotlineCallbackMissingShare: 0.02,
  hotlineSatisfaction: { satisfied: 0.8, 'basically-satisfied': 0.12, dissatisfied: 0.08 },
  reopenIfDissatisfiedShare: 0.5,
  reopenKinds: { redo: 0.6, recheck: 0.25, supervision: 0.15 },

  findingSources: { patrol: 0.85, public: 0.07, video: 0.05, hotline: 0.03 },
  selfHandledShare: 0.3,
  verifyInvalidShare: 0.1,
  cancelShare: 0.02,
  fileLateShare: 0.04,
  findingReturnShare: 0.03,
  findingParkShare: 0.03,
  findingExtensionShare: 0.1,
  findingExtensionApprovedShare: 0.85,
  findingHandleLateShare: 0.07,
  checkLateShare: 0.05,
  checkFailShare: 0.1,
  shopRefusalShare: 0.3,

  bikeAbandonedShare: 0.3,
  bikeResolvedShare: 0.35,
  bikeClaimedShare: 0.3,
};

/**
 * Intake per hour of the Shanghai day (0–23), relative weights: a 12345 street sees most calls 9:00–18:00, a
 * dip at lunch, an evening tail and few at night.
 */
export const TICKET_HOURLY_INTAKE: readonly number[] = [
  0.6, 0.4, 0.3, 0.25, 0.25, 0.4, 0.9, 2.0, 3.8, 6.2, 7.0, 6.6, 4.8, 5.6, 6.6, 6.6, 6.3, 5.8, 4.6, 3.6, 3.2,
  2.7, 1.9, 1.1,
];

/** Grid reports per hour (0–23): patrol shifts 7:00–11:30 and 13:00–17:30, an evening round, little at night. */
export const FINDING_HOURLY_INTAKE: readonly number[] = [
  0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.5, 3.0, 7.0, 8.0, 8.0, 5.0, 1.5, 5.0, 7.5, 7.5, 7.0, 4.0, 2.5, 3.0, 2.5,
  1.5, 0.6, 0.3,
];

/** Bikes are tagged on daytime rounds (0–23). */
export const BIKE_HOURLY_INTAKE: readonly number[] = [
  0, 0, 0, 0, 0, 0, 0, 1, 3, 5, 5, 3, 1, 3, 5, 5, 4, 2, 0, 0, 0, 0, 0, 0,
];

/**
 * A working day gets this multiple of the average daily intake and a day off (weekend, public holiday) the other:
 * (5 × 1.13 + 2 × 0.68) / 7 ≈ 1, so `ticketsPerDay` stays the average over an ordinary week.
 */
export const WORKDAY_INTAKE_FACTOR = 1.13;
/** See {@link WORKDAY_INTAKE_FACTOR}; grid patrols also thin out on days off. */
export const OFFDAY_INTAKE_FACTOR = 0.68;

/** Default intake: a street sees roughly 40–100 tickets a day (domain.md §3). */
export const DEFAULT_TICKETS_PER_DAY = 80;
/** Default grid reports per day for the demo street's 28 unit grids. */
export const DEFAULT_FINDINGS_PER_DAY = 50;
/** Default bikes tagged per day (a low rate). */
export const DEFAULT_BIKES_PER_DAY = 1;
/** Default shops on the street that trade outside their door now and then (the 跨门营业 card pool). */
export const DEFAULT_SHOPS = 150;
/** Default days the run continues after the intake window (so most cases opened in the window end). */
export const DEFAULT_TAIL_DAYS = 30;
