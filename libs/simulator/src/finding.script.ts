import {
  type Finding,
  type FindingCommand,
  type FindingReport,
  type FindingState,
  type GridDeadline,
  type ShopCardCommand,
  type ShopCardState,
  findCategory,
  findingStream,
  isShopCardFinding,
  shopStream,
} from '#grid';
import { parseDuration } from '#calendar';
import { Rng } from './random.js';
import {
  type Action,
  type CaseEnv,
  decideOn,
  dispatcher,
  handler,
  inspector,
  iso,
  peekAt,
  type Script,
  type SimActor,
} from './step.js';
import { type Basis, MINUTE } from './street-time.js';

/** 处置反馈 notes, true of any sub-class. */
const HANDLED_NOTES = [
  '已处置完毕',
  '已督促责任方整改到位',
  '已现场处置并拍照留证',
  '已协调相关单位完成处置',
] as const;

/** A limit of several working days (3wd and more): room for an extension, a candidate for 挂账. */
function multiDay(limit: string): boolean {
  try {
    const { amount, unit } = parseDuration(limit);
    return unit === 'wd' && amount >= 3;
  } catch {
    // A catalogue limit #calendar cannot read is the decider's business; here it is just not multi-day.
    return false;
  }
}

/**
 * A grid finding: an inspector reports it (or fixes it on the spot), the center files and dispatches it, the unit
 * handles it, the inspector re-checks on site until it passes, and it closes. A closed 跨门营业 (04-05) finding
 * against a shop is a violation on the shop's red/yellow card, recorded by the closing inspector as the API does.
 */
export function* findingScript(env: CaseEnv, n: number, arrival: number): Script {
  const { ids, mix, time, street } = env;
  const rng = new Rng(ids.seed, 'finding', n);
  const findingId = ids.findingId(n);
  const stream = findingStream(findingId);
  let now = arrival;

  function* act(at: number, actor: SimActor, command: FindingCommand): Generator<Action, Finding, unknown> {
    now = Math.max(now, at);
    const state = yield* decideOn<FindingState>('finding', stream, now, actor, command);
    if (state.status === 'none') throw new Error(`${command.type} left finding ${findingId} without a state`);
    return state;
  }
  const basisOf = (deadline: GridDeadline): Basis => time.basisOf(deadline.limit);
  const stageEnd = (deadline: GridDeadline, late: boolean, lo: number, hi: number): number => {
    const due = Date.parse(deadline.dueAt);
    return late
      ? time.after(rng, due, basisOf(deadline))
      : time.within(rng, now, due, basisOf(deadline), lo, hi);
  };
  const photo = (what: string, k = 1): string => `sim-photo/${findingId}/${what}-${k}.jpg`;

  const category = rng.weightedBy(env.findingCategories, (c) => c.weight);
  const entry = findCategory(env.catalogue, category);
  const grid = rng.pick(street.unitGrids);
  const inspectorId = rng.pick(street.inspectorsOf(grid));
  const patroller = inspector(inspectorId);
  const source = rng.weighted(mix.findingSources);
  const selfHandled = source === 'patrol' && category.simple && rng.chance(mix.selfHandledShare);
  // 跨门营业 (04-05) is reported against one of the grid's shops: its closing feeds the shop's card.
  const shopNo = isShopCardFinding({ shopId: 'any', category: entry }) ? street.shopIn(grid, rng) : undefined;
  const shopId = shopNo === undefined ? undefined : ids.shopId(shopNo);
  const address = street.address(grid, rng);
  const report: FindingReport = {
    findingId,
    source,
    gridId: grid.gridId,
    category: { standard: category.standard, code: category.code, kind: category.kind },
    description: `${source === 'patrol' ? '巡查发现' : '反映'}：${address}附近${entry.name}，${entry.criteria}。`,
    location: street.location(grid, rng),
    address,
    photos: [photo('before')],
    ...(shopId === undefined ? {} : { shopId }),
    foundAt: iso(arrival - rng.int(1, 20) * MINUTE),
    ...(selfHandled ? { selfHandled: true, afterPhotos: [photo('after')] } : {}),
  };

  /** The card record of a closed 跨门营业 finding (the API records it in the same request as the close). */
  function* recordViolation(actor: SimActor): Generator<Action, void, unknown> {
    if (shopId === undefined) return;
    // Dated when it was found, as the API records it.
    const command: ShopCardCommand = {
      type: 'RecordViolation',
      data: { shopId, findingId, at: report.foundAt },
    };
    yield* decideOn<ShopCardState>('shop', shopStream(shopId), now, actor, command);
  }

  let f = yield* act(arrival, source === 'patrol' ? patroller : dispatcher(rng), {
    type: 'ReportFinding',
    data: report,
  });
  if (f.status === 'closed') {
    yield* recordViolation(patroller);
    return;
  }

  // 核实 (public, video, hotline reports) or 作废 (a duplicate patrol report).
  if (f.status === 'reported') {
    const valid = !rng.chance(mix.verifyInvalidShare);
    f = yield* act(time.daytime(rng, time.reaction(rng, now, 20, 240, 'natural'), 7, 21), patroller, {
      type: 'VerifyFinding',
      data: valid ? { valid, note: '现场核实属实' } : { valid, reason: '现场核实无此问题' },
    });
    if (!valid) return;
  } else if (rng.chance(mix.cancelShare)) {
    yield* act(time.reaction(rng, now, 5, 50, 'natural'), dispatcher(rng), {
      type: 'CancelFinding',
      data: { reason: '重复上报' },
    });
    return;
  }

  // 立案 and 派遣.
  const fileDeadline = f.deadlines.file;
  if (fileDeadline === undefined) throw new Error(`Finding ${findingId} awaits filing without a deadline`);
  yield* act(stageEnd(fileDeadline, rng.chance(mix.fileLateShare), 0.1, 0.9), dispatcher(rng), {
    type: 'FileFinding',
    data: {},
  });
  const unitId = street.unitFor(category, grid);
  const office: Basis = time.basisOf(entry.limit);
  const dispatchTo = (target: string): Generator<Action, Finding, unknown> =>
    act(time.reaction(rng, now, 2, 20, 'natural'), dispatcher(rng), {
      type: 'DispatchFinding',
      data: { unitId: target },
    });
  const wrongUnit = rng.chance(mix.findingReturnShare) ? street.otherUnit(unitId, rng) : undefined;
  f = yield* dispatchTo(wrongUnit ?? unitId);
  if (wrongUnit !== undefined) {
    yield* act(time.reaction(rng, now, 10, 120, office), handler(wrongUnit), {
      type: 'ReturnFinding',
      data: { unitId: wrongUnit, reason: '非本单位职责，请重新派遣' },
    });
    f = yield* dispatchTo(unitId);
  }
  if (multiDay(entry.limit) && rng.chance(mix.findingParkShare)) {
    yield* act(time.reaction(rng, now, 450, 3 * 450, 'working'), dispatcher(rng), {
      type: 'ParkFinding',
      data: { reason: '需立项整治，暂时挂账' },
    });
    f = yield* act(time.reaction(rng, now, 10 * 24 * 60, 30 * 24 * 60, 'natural'), dispatcher(rng), {
      type: 'DispatchFinding',
      data: { unitId, note: '已立项，请按计划处置' },
    });
  }

  // 处置 and 核查 until the check passes (a third check always does).
  const unit = handler(unitId);
  for (let round = 1; ; round += 1) {
    let handling = f.handling;
    if (handling === undefined)
      throw new Error(`Finding ${findingId} is ${f.status} without a handling stage`);
    let lateShare = mix.findingHandleLateShare;
    if (
      handling.stage === 'handle' &&
      f.counts.extensions === 0 &&
      multiDay(entry.limit) &&
      env.maxFindingExtensionDays >= 1 &&
      rng.chance(mix.findingExtensionShare)
    ) {
      const due = Date.parse(handling.deadline.dueAt);
      const at = time.within(rng, now, due, basisOf(handling.deadline), 0.3, 0.8);
      if (at < due - MINUTE) {
        const max = env.maxFindingExtensionDays;
        yield* act(at, unit, {
          type: 'RequestExtension',
          data: {
            unitId,
            workingDays: rng.int(Math.min(2, max), Math.min(5, max)),
            reason: '需协调相关部门，申请延期',
          },
        });
        const approved = rng.chance(mix.findingExtensionApprovedShare);
        f = yield* act(time.reaction(rng, now, 30, 240, 'working'), dispatcher(rng), {
          type: 'DecideExtension',
          data: approved ? { approved, note: '同意延期' } : { approved, note: '请按期处置' },
        });
        handling = f.handling ?? handling;
        if (!approved) lateShare = Math.min(1, lateShare * 3);
      }
    }
    f = yield* act(stageEnd(handling.deadline, rng.chance(lateShare), 0.1, 0.9), unit, {
      type: 'MarkHandled',
      data: { unitId, note: rng.pick(HANDLED_NOTES), photos: [photo('handled', round)] },
    });
    const checkDeadline = f.deadlines.check;
    if (checkDeadline === undefined)
      throw new Error(`Finding ${findingId} was handled without a check deadline`);
    const passed = round >= 3 || !rng.chance(mix.checkFailShare);
    f = yield* act(stageEnd(checkDeadline, rng.chance(mix.checkLateShare), 0.05, 0.8), patroller, {
      type: 'CheckFinding',
      data: {
        passed,
        ...(passed ? {} : { note: '复查未整改到位，需返工' }),
        photos: [photo('check', round)],
        inspectorGridIds: [...street.gridsOfInspector(inspectorId)],
      },
    });
    if (passed) {
      yield* recordViolation(patroller);
      return;
    }
    if (shopId !== undefined && rng.chance(mix.shopRefusalShare)) {
      // 拒不整改 goes on the card only once the shop has a record.
      const card = yield* peekAt<ShopCardState>('shop', shopStream(shopId), now);
      if (card.status !== 'none') {
        yield* decideOn<ShopCardState>('shop', shopStream(shopId), now, patroller, {
          type: 'RecordRefusal',
          data: { reason: '商户拒不整改', findingId },
        });
      }
    }
  }
}
