import {
  type CallerRef,
  type ContactOutcome,
  type ReceiveTicket,
  type RecordContact,
  type ReplyResult,
  type Satisfaction,
  type StageDeadline,
  type Ticket,
  type TicketCommand,
  type TicketState,
  type TicketType,
  type Urgency,
  ticketStream,
} from '#hotline';
import { parseDuration } from '#calendar';
import { Rng } from './random.js';
import {
  type Action,
  type CaseEnv,
  decideOn,
  dispatcher,
  handler,
  INTEGRATION,
  iso,
  type Script,
  type SimActor,
  SUPERVISOR,
} from './step.js';
import { type Basis, DAY, MINUTE } from './street-time.js';

const RETURN_UPSTREAM_REASONS = [
  '诉求事项不属于本街道管辖范围，请区级部门处理',
  '诉求地址不在本街道辖区',
  '涉及司法程序，不属于行政受理范围',
] as const;
const EXTENSION_REASONS = [
  '涉及多个部门，需协调后处理',
  '需等待维修资金审批',
  '需第三方机构现场检测',
] as const;
const REPLY_SUMMARIES: Readonly<Record<ReplyResult, string>> = {
  resolved: '经现场核实，问题已处理完毕，已告知市民处理结果。',
  explained: '已向市民解释相关政策规定及处理情况，市民表示理解。',
  unresolved: '因客观条件限制暂无法解决，已向市民说明原因并持续跟进。',
};
const REOPEN_REASONS = {
  redo: '市民对处理结果不满意，要求重新办理',
  recheck: '回访复核：办理情况与市民反映不符',
  supervision: '领导督办：请重新核实并办理',
} as const;

/** The text of a ticket: about the matter and the place (a road), never about a person. */
function textOf(type: TicketType, leaf: string, road: string): { title: string; content: string } {
  switch (type) {
    case 'complaint':
      return {
        title: `${road}${leaf}`,
        content: `市民反映${road}附近存在${leaf}问题，影响日常生活，要求尽快处理。`,
      };
    case 'help':
      return { title: `${road}${leaf}求助`, content: `市民求助：${road}附近${leaf}，希望相关部门协助解决。` };
    case 'consultation':
      return { title: `咨询${leaf}`, content: `市民咨询${leaf}相关政策及办理流程。` };
    case 'report':
      return { title: `举报${road}${leaf}`, content: `市民举报${road}附近${leaf}，请核查处理。` };
    case 'suggestion':
      return { title: `关于${leaf}的建议`, content: `市民建议加强${road}周边${leaf}方面的管理。` };
    case 'other':
      return { title: leaf, content: `市民来电反映${leaf}相关事宜。` };
  }
}

/** Whether a handling limit leaves room for an extension (multi-day): 2wd and more, or 48 natural hours. */
function multiDay(deadline: StageDeadline): boolean {
  return Date.parse(deadline.dueAt) - Date.parse(deadline.startedAt) >= 2 * DAY;
}

/**
 * The district's due time (办理时限 of the 12345 platform): the street's handling limit counted from receipt and three
 * more working days for review, callback and reply (three natural days when the limit runs on natural time).
 */
function districtDueAt(
  env: CaseEnv,
  ticket: { type: TicketType; urgency: Urgency },
  receivedAt: number,
): number {
  const handle = env.hotlineDeadlines.deadline('handle', ticket, new Date(receivedAt));
  try {
    const { amount, unit } = parseDuration(handle.limit);
    if (unit === 'wd') {
      const extended = env.hotlineDeadlines.deadline('handle', ticket, new Date(receivedAt), {
        workingDays: amount + 3,
      });
      return Date.parse(extended.dueAt);
    }
  } catch {
    // A policy with its own limit texts: fall through to natural days.
  }
  return Date.parse(handle.dueAt) + 3 * DAY;
}

/**
 * A 12345 ticket from intake to close (or 退单 / 挂账, or wherever the horizon cuts it): the center signs and
 * dispatches, the unit accepts, makes the first contact (双先联 1), handles and contacts again before replying
 * (双先联 2), the center reviews and calls back (双回访 1), replies upstream, the district calls back (双回访 2) and
 * the ticket closes, or is reopened and runs again.
 */
export function* ticketScript(env: CaseEnv, n: number, arrival: number): Script {
  const { ids, mix, time, street } = env;
  const rng = new Rng(ids.seed, 'ticket', n);
  const ticketId = ids.ticketId(n);
  const stream = ticketStream(ticketId);
  let now = arrival;

  function* act(at: number, actor: SimActor, command: TicketCommand): Generator<Action, Ticket, unknown> {
    now = Math.max(now, at);
    const state = yield* decideOn<TicketState>('ticket', stream, now, actor, command);
    if (state.status === 'none') throw new Error(`${command.type} left ticket ${ticketId} without a state`);
    return state;
  }
  const basisOf = (deadline: StageDeadline): Basis => time.basisOf(deadline.limit);
  /** The next office moment from `ms` on (for the center's decisions days later). */
  const inOffice = (ms: number): number => time.intoOffice(rng, ms);
  /** When a stage ends: before its due time at a fraction [lo, hi) of the time left, or a while after it. */
  const stageEnd = (deadline: StageDeadline, late: boolean, lo: number, hi: number): number => {
    const due = Date.parse(deadline.dueAt);
    return late
      ? time.after(rng, due, basisOf(deadline))
      : time.within(rng, now, due, basisOf(deadline), lo, hi);
  };

  // --- intake ----------------------------------------------------------------------------------------------------
  const urgency: Urgency = rng.chance(mix.urgentShare) ? 'urgent' : 'normal';
  /** People act on an urgent ticket at any hour; on a normal one in office hours. */
  const office: Basis = urgency === 'urgent' ? 'natural' : 'working';
  const type = rng.weighted(mix.ticketTypes);
  const category = rng.weightedBy(env.ticketCategories, (c) => c.weight);
  const grid = rng.pick(street.unitGrids);
  const repeat = n > 1 && rng.chance(mix.repeatCallerShare);
  const subjectId = ids.callerSubjectId(repeat ? rng.int(Math.max(1, n - 300), n - 1) : n);
  const caller: CallerRef = {
    subjectId,
    confidential: rng.chance(mix.confidentialShare),
    phoneMasked: ids.maskedPhone(subjectId),
  };
  const address = street.address(grid, rng);
  const road = address.replace(/\d+号$/, '');
  const leaf = category.path[category.path.length - 1] ?? category.code;
  const receivedAt = arrival - rng.int(1, 20) * MINUTE;
  const upstreamDue = districtDueAt(env, { type, urgency }, receivedAt);
  const intake: ReceiveTicket['data'] = {
    ticketId,
    ticketNo: ids.ticketNo(n),
    receivedAt: iso(receivedAt),
    type,
    urgency,
    category: { code: category.code, path: [...category.path] },
    ...textOf(type, leaf, road),
    address,
    channel: rng.weighted(mix.channels),
    gridId: grid.gridId,
    location: street.location(grid, rng),
    caller,
    upstreamDueAt: iso(upstreamDue),
    ...(repeat ? { repeatCount: rng.int(1, 3) } : {}),
  };
  let s = yield* act(arrival, INTEGRATION, { type: 'ReceiveTicket', data: intake });

  // --- 退单: not the street's matter -----------------------------------------------------------------------------
  if (rng.chance(mix.returnUpstreamShare)) {
    if (rng.chance(0.6)) {
      s = yield* act(stageEnd(s.deadlines.sign, false, 0.05, 0.8), dispatcher(rng), {
        type: 'SignTicket',
        data: {},
      });
    }
    yield* act(time.reaction(rng, now, 10, 120, office), dispatcher(rng), {
      type: 'ReturnTicket',
      data: { upstream: true, reason: rng.pick(RETURN_UPSTREAM_REASONS) },
    });
    return;
  }

  // --- 签收 and 派遣 -----------------------------------------------------------------------------------------------
  s = yield* act(stageEnd(s.deadlines.sign, rng.chance(mix.signLateShare), 0.05, 0.7), dispatcher(rng), {
    type: 'SignTicket',
    data: {},
  });
  const unitId = street.unitFor(category, grid);
  const committee = street.committeeOf(grid);
  const coHandled = committee !== undefined && rng.chance(mix.coHandlingShare);
  const dispatchTo = (target: string, note?: string): Generator<Action, Ticket, unknown> =>
    act(time.reaction(rng, now, 5, 45, office), dispatcher(rng), {
      type: 'DispatchTicket',
      data: {
        unitId: target,
        coUnitIds: coHandled && committee !== target ? [committee] : [],
        ...(note ? { note } : {}),
      },
    });
  const accept = (target: string): Generator<Action, Ticket, unknown> =>
    act(time.reaction(rng, now, 10, 150, office), handler(target), {
      type: 'AcceptTicket',
      data: { unitId: target },
    });

  const wrongUnit = rng.chance(mix.misdispatchShare) ? street.otherUnit(unitId, rng) : undefined;
  const coordination = wrongUnit === undefined && rng.chance(mix.returnForCoordinationShare);
  const first = wrongUnit ?? unitId;
  s = yield* dispatchTo(first);
  if (wrongUnit !== undefined || coordination) {
    if (rng.chance(0.3)) s = yield* accept(first);
    s = yield* act(time.reaction(rng, now, 15, 240, office), handler(first), {
      type: 'ReturnTicket',
      data: {
        upstream: false,
        unitId: first,
        reason: wrongUnit !== undefined ? '非本单位职责，请重新派遣' : '需街道协调相关部门后办理',
      },
    });
    s = yield* dispatchTo(unitId, coordination ? '已协调相关部门，请继续办理' : undefined);
  }
  s = yield* accept(unitId);

  // --- 先行联系 (双先联 1) -----------------------------------------------------------------------------------------
  const refuses = rng.chance(mix.refusesContactShare);
  const contact = (
    phase: RecordContact['data']['phase'],
    outcome: ContactOutcome,
    channel: RecordContact['data']['channel'] = 'phone',
  ): TicketCommand => ({ type: 'RecordContact', data: { phase, channel, outcome } });
  {
    const deadline = s.deadlines.firstContact;
    if (deadline === undefined)
      throw new Error(`Ticket ${ticketId} was accepted without a first-contact deadline`);
    const due = Date.parse(deadline.dueAt);
    const late = rng.chance(mix.firstContactLateShare);
    const retry = !refuses && rng.chance(mix.firstContactUnreachableShare);
    if (retry)
      s = yield* act(
        time.within(rng, now, due, basisOf(deadline), 0.02, 0.4),
        handler(unitId),
        contact('first', 'unreachable'),
      );
    const outcome: ContactOutcome = refuses
      ? 'refused'
      : rng.chance(mix.wrongNumberShare)
        ? 'wrong-number'
        : 'reached';
    s = yield* act(
      stageEnd(deadline, late, 0.05, 0.6),
      handler(unitId),
      contact('first', outcome, retry ? 'visit' : 'phone'),
    );
  }

  // --- 挂账: a long-term problem -----------------------------------------------------------------------------------
  if (rng.chance(mix.parkShare)) {
    s = yield* act(time.reaction(rng, now, 60, 3 * 450, 'working'), dispatcher(rng), {
      type: 'ParkTicket',
      data: { reason: '涉及历史遗留问题，需长期协调解决（挂账）' },
    });
    yield* act(inOffice(time.reaction(rng, now, 20 * 24 * 60, 60 * 24 * 60, 'natural')), dispatcher(rng), {
      type: 'CloseTicket',
      data: { reason: '挂账事项已按规定办结' },
    });
    return;
  }

  // --- handling, review and the street callback ------------------------------------------------------------------
  let result: ReplyResult = 'resolved';

  /** One handling stage (handle, rework or reopen): [extension], side actions, 答复前联系, reply, review. */
  function* handleStage(): Generator<Action, void, unknown> {
    const unit = s.unitId ?? unitId;
    let handling = s.handling;
    if (handling === undefined) throw new Error(`Ticket ${ticketId} is ${s.status} without a handling stage`);
    let lateShare = mix.handlingLateShare;
    if (
      handling.stage === 'handle' &&
      !s.extension.approved &&
      multiDay(handling.deadline) &&
      rng.chance(mix.extensionRequestShare)
    ) {
      const due = Date.parse(handling.deadline.dueAt);
      const at = time.within(rng, now, due, basisOf(handling.deadline), 0.3, 0.8);
      const max = env.extensionTotalWorkingDays;
      if (at < due - MINUTE && max >= 1) {
        s = yield* act(at, handler(unit), {
          type: 'RequestExtension',
          data: {
            reason: rng.pick(EXTENSION_REASONS),
            workingDays: rng.int(Math.min(5, max), Math.min(10, max)),
          },
        });
        const approved = rng.chance(mix.extensionApprovedShare);
        s = yield* act(time.reaction(rng, now, 30, 480, office), dispatcher(rng), {
          type: 'DecideExtension',
          data: approved ? { approved, note: '同意延期' } : { approved, note: '不符合延期条件，请按期办结' },
        });
        handling = s.handling ?? handling;
        lateShare = approved ? mix.handlingLateShare / 3 : Math.min(1, mix.handlingLateShare * 3);
      }
    }
    const { deadline } = handling;
    const due = Date.parse(deadline.dueAt);
    const basis = basisOf(deadline);
    const late = rng.chance(lateShare);
    const replyAt = stageEnd(deadline, late, 0.15, 0.95);
    /** The handler calls in office time on a working-clock stage of a normal ticket. */
    const people: Basis = basis === 'working' ? office : 'natural';
    const contactAt = time.within(rng, now, replyAt, people, 0.75, 0.98);

    // Side actions while the unit works on it, in time order.
    const sides: { at: number; actor: SimActor; command: TicketCommand }[] = [];
    if (late && rng.chance(mix.urgeIfLateShare)) {
      const from = Math.max(now, Date.parse(deadline.warnAt));
      const to = Math.min(due, contactAt);
      if (to > from) {
        sides.push({
          at: time.within(rng, from, to, 'natural', 0.1, 0.9),
          actor: SUPERVISOR,
          command: { type: 'UrgeTicket', data: { note: '工单即将超期，请抓紧办理' } },
        });
      }
    }
    if (late && contactAt > due && rng.chance(mix.superviseIfLateShare)) {
      sides.push({
        at: time.within(rng, Math.max(now, due), contactAt, 'natural', 0.1, 0.6),
        actor: SUPERVISOR,
        command: { type: 'SuperviseTicket', data: { note: '工单已超期，请限期办结' } },
      });
    }
    if (handling.stage === 'handle' && rng.chance(mix.urgeShare)) {
      sides.push({
        at: time.within(rng, now, contactAt, 'natural', 0.2, 0.9),
        actor: SUPERVISOR,
        command: { type: 'UrgeTicket', data: { note: '市民再次来电催促' } },
      });
    }
    if (handling.stage === 'handle' && rng.chance(mix.mergeShare)) {
      const at = time.within(rng, now, contactAt, 'natural', 0.1, 0.8);
      const sameCaller = rng.chance(0.6);
      const other = ids.mergedCallerSubjectId(n);
      sides.push({
        at,
        actor: dispatcher(rng),
        command: {
          type: 'MergeCall',
          data: {
            callTicketNo: ids.mergedCallNo(n),
            receivedAt: iso(Math.max(arrival, at - rng.int(5, 120) * MINUTE)),
            caller: sameCaller
              ? caller
              : { subjectId: other, confidential: false, phoneMasked: ids.maskedPhone(other) },
            note: sameCaller ? '同一市民重复来电' : '其他市民反映同一问题',
          },
        },
      });
    }
    sides.sort((a, b) => a.at - b.at);
    for (const side of sides) s = yield* act(side.at, side.actor, side.command);

    // 答复前联系 (双先联 2), then the reply.
    if (!refuses && rng.chance(mix.beforeReplyUnreachableShare)) {
      s = yield* act(
        time.within(rng, now, contactAt, people, 0.2, 0.8),
        handler(unit),
        contact('before-reply', 'unreachable'),
      );
    }
    s = yield* act(contactAt, handler(unit), contact('before-reply', refuses ? 'refused' : 'reached'));
    result = rng.weighted(mix.replyResults);
    const reply = (): TicketCommand => ({
      type: 'SubmitReply',
      data: {
        result,
        summary: REPLY_SUMMARIES[result],
        ...(result === 'resolved' ? { factsConfirmed: true } : {}),
      },
    });
    s = yield* act(replyAt, handler(unit), reply());

    // 审核: at most two rejections; the unit answers a rejection under the same deadline.
    for (let rejections = 0; ; rejections += 1) {
      const rejected = rejections < 2 && rng.chance(mix.reviewRejectedShare);
      s = yield* act(time.reaction(rng, now, 20, 240, office), dispatcher(rng), {
        type: 'ReviewReply',
        data: rejected ? { approved: false, note: '答复内容不完整，请补充办理情况' } : { approved: true },
      });
      if (!rejected) return;
      s = yield* act(
        time.reaction(rng, now, 30, 240, basis === 'working' ? office : 'natural'),
        handler(unit),
        reply(),
      );
    }
  }

  /** 街道回访 (双回访 1); answers the rating (undefined when the citizen refused). */
  function* streetCallback(): Generator<Action, Satisfaction | undefined, unknown> {
    const deadline = s.deadlines.callback;
    if (deadline === undefined)
      throw new Error(`Ticket ${ticketId} is in review without a callback deadline`);
    const late = rng.chance(mix.streetCallbackLateShare);
    if (!refuses && rng.chance(mix.streetCallbackUnreachableShare)) {
      s = yield* act(
        time.within(rng, now, Date.parse(deadline.dueAt), basisOf(deadline), 0.02, 0.4),
        dispatcher(rng),
        {
          type: 'RecordCallback',
          data: { by: 'street', outcome: 'unreachable' },
        },
      );
    }
    const at = stageEnd(deadline, late, 0.05, 0.8);
    if (refuses) {
      s = yield* act(at, dispatcher(rng), {
        type: 'RecordCallback',
        data: { by: 'street', outcome: 'refused' },
      });
      return undefined;
    }
    const satisfaction =
      s.counts.reworks >= 2
        ? rng.weighted<Satisfaction>({ satisfied: 0.85, 'basically-satisfied': 0.15, dissatisfied: 0 })
        : rng.weighted(mix.streetSatisfaction);
    s = yield* act(at, dispatcher(rng), {
      type: 'RecordCallback',
      data: { by: 'street', outcome: 'reached', satisfaction, resolved: result === 'resolved' },
    });
    return satisfaction;
  }

  /** Handling stages until the street callback is not dissatisfied, then 办结 (reply upstream). */
  function* handleUntilReplied(): Generator<Action, void, unknown> {
    for (;;) {
      yield* handleStage();
      // A dissatisfied street callback makes it a 预警工单 and starts rework (the decider's ReworkStarted).
      if ((yield* streetCallback()) !== 'dissatisfied') break;
    }
    s = yield* act(time.reaction(rng, now, 10, 240, office), dispatcher(rng), {
      type: 'ReplyUpstream',
      data: {},
    });
  }

  yield* handleUntilReplied();

  // --- 12345 回访 (双回访 2), reopen or close ------------------------------------------------------------------------
  const closeAfter = (
    minMinutes: number,
    maxMinutes: number,
    reason: string,
  ): Generator<Action, Ticket, unknown> =>
    act(time.reaction(rng, now, minMinutes, maxMinutes, 'working'), dispatcher(rng), {
      type: 'CloseTicket',
      data: { reason },
    });
  for (;;) {
    if (rng.chance(mix.hotlineCallbackMissingShare)) {
      yield* act(inOffice(time.reaction(rng, now, 7 * 24 * 60, 8 * 24 * 60, 'natural')), dispatcher(rng), {
        type: 'CloseTicket',
        data: { reason: '12345未在规定时间内回访，按期结案' },
      });
      return;
    }
    let at = time.daytime(rng, time.reaction(rng, now, 20 * 60, 72 * 60, 'natural'), 8, 20);
    if (refuses) {
      s = yield* act(at, INTEGRATION, {
        type: 'RecordCallback',
        data: { by: 'hotline', outcome: 'refused' },
      });
      yield* closeAfter(60, 3 * 450, '市民拒绝回访，按规定结案');
      return;
    }
    if (rng.chance(mix.hotlineCallbackUnreachableShare)) {
      s = yield* act(at, INTEGRATION, {
        type: 'RecordCallback',
        data: { by: 'hotline', outcome: 'unreachable' },
      });
      at = time.daytime(rng, time.reaction(rng, now, 20 * 60, 30 * 60, 'natural'), 8, 20);
    }
    const satisfaction = rng.weighted(mix.hotlineSatisfaction);
    const resolved = satisfaction !== 'dissatisfied' && (result === 'resolved' || rng.chance(0.5));
    s = yield* act(at, INTEGRATION, {
      type: 'RecordCallback',
      data: { by: 'hotline', outcome: 'reached', satisfaction, resolved },
    });
    if (s.status === 'closed') return;
    if (s.counts.reopens === 0 && rng.chance(mix.reopenIfDissatisfiedShare)) {
      const kind = rng.weighted(mix.reopenKinds);
      s = yield* act(
        time.daytime(rng, time.reaction(rng, now, 2 * 60, 48 * 60, 'natural'), 8, 20),
        kind === 'supervision' ? SUPERVISOR : INTEGRATION,
        { type: 'ReopenTicket', data: { kind, reason: REOPEN_REASONS[kind] } },
      );
      yield* handleUntilReplied();
      continue;
    }
    yield* closeAfter(60, 3 * 450, '不满意原因已向市民解释说明，按规定结案');
    return;
  }
}
