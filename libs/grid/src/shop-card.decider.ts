import { type ActorScope, assertNever, type Decider, type DecisionContext, DomainError } from '#core';
import type { RecordRefusal, RecordViolation, ShopCardCommand } from './shop-card.commands.js';
import { shopErrors } from './shop-card.errors.js';
import {
  type CardLevel,
  evolveShopCard,
  initialShopCardState,
  type ShopCard,
  type ShopCardEvent,
  type ShopCardState,
} from './shop-card.events.js';

/** The 红黄牌 thresholds (domain.md §2), all configurable. */
export interface ShopCardRules {
  /** This many violations inside the window give a yellow card (default 2). */
  readonly yellowAfterViolations?: number;
  /** The window, in natural days, counted back from a violation (default 30). */
  readonly windowDays?: number;
  /** A card clears after this many natural days without a violation or refusal (default 90). */
  readonly clearAfterDays?: number;
}

/** First violation a warning, 2 within 30 days a yellow card, a card clears after 90 clean days. */
export const DEFAULT_SHOP_CARD_RULES: Required<ShopCardRules> = {
  yellowAfterViolations: 2,
  windowDays: 30,
  clearAfterDays: 90,
};

/** What the shop card decider decides with. */
export interface ShopCardContext extends DecisionContext {
  readonly rules?: ShopCardRules;
  /** Who sends the command, with their scope; absent for the system and AUTH_MODE=off. */
  readonly actor?: ActorScope;
  /** The finding a refusal names, as the write side read it (its shop and grid); absent when it names none or none exists. */
  readonly finding?: { readonly shopId?: string; readonly gridId: string };
}

/** The sub-class whose closed findings feed the card (跨门营业), under the built-in standard. */
export const SHOP_CARD_CATEGORY = { standard: 'GB/T 30428.2-2013', kind: 'event', code: '04-05' } as const;

const DAY = 86_400_000;

function rulesOf(context: ShopCardContext): Required<ShopCardRules> {
  const rules = { ...DEFAULT_SHOP_CARD_RULES };
  for (const key of Object.keys(DEFAULT_SHOP_CARD_RULES) as (keyof ShopCardRules)[]) {
    const value = context.rules?.[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) throw shopErrors.invalidRules(key, value);
    rules[key] = value;
  }
  return rules;
}

/** The CardCleared event due at `when`, if the card has seen `clearAfterDays` clean days by then. */
function clearingAt(card: ShopCard, when: Date, at: string, rules: Required<ShopCardRules>): ShopCardEvent[] {
  if (card.level === 'none') return [];
  const clean = (when.getTime() - Date.parse(card.lastIncidentAt)) / DAY;
  if (clean < rules.clearAfterDays) return [];
  return [
    {
      type: 'CardCleared',
      data: { from: card.level, lastIncidentAt: card.lastIncidentAt, cleanDays: Math.floor(clean), at },
    },
  ];
}

/**
 * The most violations one window of `windowMs` that holds the violation found at `found` holds (it included):
 * windows end at a violation no earlier than it, as a violation found earlier may be confirmed later.
 */
function violationsInWindow(counted: readonly string[], found: number, windowMs: number): number {
  const times = [...counted.map((t) => Date.parse(t)), found];
  let most = 1;
  for (const end of times) {
    if (end < found || end - found >= windowMs) continue;
    most = Math.max(most, times.filter((t) => t > end - windowMs && t <= end).length);
  }
  return most;
}

/** When the shop's current yellow or red card was issued (the shop was told): a repeat is a violation after it. */
function cardIssuedAt(card: ShopCard): number {
  const issued = card.history.findLast((h) => h.type === 'YellowCardIssued' || h.type === 'RedCardIssued');
  return issued ? Date.parse(issued.at) : Number.NEGATIVE_INFINITY;
}

/**
 * A violation, dated when it was found (the command's `at`), not when the finding closed. The same finding twice
 * changes nothing (the app may resend). A card that lapsed before this violation is cleared first; then: a yellow
 * card when a window holds enough violations, else a warning; a repeat found after a yellow card was issued is a
 * red card and a referral; one found after a red card another referral. A violation found before the shop's current
 * card was issued (confirmed late) is recorded and counted, but is no repeat.
 */
function recordViolation(
  command: RecordViolation,
  state: ShopCardState,
  at: string,
  rules: Required<ShopCardRules>,
): ShopCardEvent[] {
  const { shopId, findingId } = command.data;
  if (typeof shopId !== 'string' || shopId.trim() === '')
    throw shopErrors.fieldRequired('RecordViolation', 'shopId');
  if (typeof findingId !== 'string' || findingId.trim() === '') {
    throw shopErrors.fieldRequired('RecordViolation', 'findingId');
  }
  const occurred = Date.parse(command.data.at);
  if (Number.isNaN(occurred)) throw shopErrors.invalidTime('at', command.data.at);
  const occurredAt = new Date(occurred).toISOString();
  if (state.status !== 'none' && state.violations.some((v) => v.findingId === findingId)) return [];

  const events: ShopCardEvent[] = [];
  let level: CardLevel = 'none';
  let counted: readonly string[] = [];
  if (state.status !== 'none') {
    const cleared = clearingAt(state, new Date(occurred), at, rules);
    events.push(...cleared);
    level = cleared.length > 0 ? 'none' : state.level;
    counted = cleared.length > 0 ? [] : state.countedSince;
  }
  const inWindow = violationsInWindow(counted, occurred, rules.windowDays * DAY);
  events.push({
    type: 'ViolationRecorded',
    data: { shopId, findingId, occurredAt, at, violationsInWindow: inWindow },
  });
  const repeat = state.status !== 'none' && level !== 'none' && occurred > cardIssuedAt(state);
  if ((level === 'yellow' || level === 'red') && !repeat) return events;
  switch (level) {
    case 'none':
    case 'warning':
      events.push(
        inWindow >= rules.yellowAfterViolations
          ? { type: 'YellowCardIssued', data: { findingId, violationsInWindow: inWindow, at } }
          : { type: 'WarningIssued', data: { findingId, at } },
      );
      break;
    case 'yellow':
      events.push(
        { type: 'RedCardIssued', data: { because: 'repeat-after-yellow', findingId, at } },
        { type: 'ReferredToEnforcement', data: { because: 'repeat-after-yellow', findingId, at } },
      );
      break;
    case 'red':
      events.push({ type: 'ReferredToEnforcement', data: { because: 'repeat-after-red', findingId, at } });
      break;
    default:
      assertNever(level, 'card level');
  }
  return events;
}

/** 拒不整改: a red card (unless the shop has one) and a referral. */
function recordRefusal(command: RecordRefusal, card: ShopCard, at: string): ShopCardEvent[] {
  const { reason, findingId } = command.data;
  if (typeof reason !== 'string' || reason.trim() === '')
    throw shopErrors.fieldRequired('RecordRefusal', 'reason');
  return [
    { type: 'RefusalRecorded', data: { reason, findingId, at } },
    ...(card.level === 'red'
      ? []
      : [{ type: 'RedCardIssued', data: { because: 'refusal', findingId, at } } as const]),
    { type: 'ReferredToEnforcement', data: { because: 'refusal', findingId, at } },
  ];
}

/**
 * A refusal turns a card red and refers the shop to enforcement: an inspector records one only on a finding of that
 * shop in its own grids (the center's dispatcher needs none). Without an actor nothing is narrowed.
 */
function authorizeRefusal(command: RecordRefusal, state: ShopCardState, context: ShopCardContext): void {
  const { actor, finding } = context;
  if (actor?.role !== 'inspector') return;
  const shopId = state.status === 'none' ? undefined : state.shopId;
  if (command.data.findingId === undefined) {
    throw new DomainError(
      'SHOP.FINDING_REQUIRED',
      'rule',
      "An inspector records a refusal on a finding of the shop in the inspector's grids: name it (findingId)",
      { field: 'findingId' },
    );
  }
  if (
    finding === undefined ||
    (shopId !== undefined && finding.shopId !== shopId) ||
    finding.shopId === undefined
  ) {
    throw new DomainError('SHOP.FINDING_NOT_OF_SHOP', 'rule', 'The finding named is not one of this shop', {
      findingId: command.data.findingId,
    });
  }
  if (!actor.gridIds.includes(finding.gridId)) {
    throw new DomainError('SHOP.NOT_YOUR_GRID', 'forbidden', "The shop's finding lies outside your grids", {
      gridId: finding.gridId,
    });
  }
}

/** Answers a shop card command with its events, or throws a DomainError (see shop-card.errors.ts). */
export function decideShopCard(
  command: ShopCardCommand,
  state: ShopCardState,
  context: ShopCardContext,
): ShopCardEvent[] {
  const rules = rulesOf(context);
  const at = context.now.toISOString();
  switch (command.type) {
    case 'RecordViolation':
      return recordViolation(command, state, at, rules);
    case 'RecordRefusal':
      authorizeRefusal(command, state, context);
      if (state.status === 'none') throw shopErrors.notFound(command.type);
      return recordRefusal(command, state, at);
    case 'ClearExpiredCard':
      // A sweep over every shop: a shop without a record or a card has nothing to clear.
      return state.status === 'none' ? [] : clearingAt(state, context.now, at, rules);
    default:
      return assertNever(command, 'shop card command');
  }
}

/** Whether a closed finding feeds a shop's card: a 04-05 (跨门营业) finding against a shop. */
export function isShopCardFinding(finding: {
  readonly shopId?: string;
  readonly category: { readonly standard: string; readonly kind: string; readonly code: string };
}): boolean {
  const { standard, kind, code } = finding.category;
  return (
    finding.shopId !== undefined &&
    standard === SHOP_CARD_CATEGORY.standard &&
    kind === SHOP_CARD_CATEGORY.kind &&
    code === SHOP_CARD_CATEGORY.code
  );
}

/**
 * When a 跨门营业 finding's violation happened: when it was found (the report's `foundAt`), never later than the
 * report reached the system (a claim from the future is the report time), and the report time when `foundAt` is
 * not a time. Not the closing time: the 30-day window and the 90 clean days count from it.
 */
export function violationFoundAt(finding: {
  readonly report: { readonly foundAt: string };
  readonly reportedAt: string;
}): string {
  const found = Date.parse(finding.report.foundAt);
  const reported = Date.parse(finding.reportedAt);
  return Number.isNaN(found) || found > reported ? finding.reportedAt : new Date(found).toISOString();
}

/** A shop's 红黄牌 record: warning, yellow, red and referral from confirmed violations, cleared after clean days. */
export const shopCardDecider: Decider<ShopCardCommand, ShopCardEvent, ShopCardState, ShopCardContext> = {
  initialState: initialShopCardState,
  evolve: evolveShopCard,
  decide: decideShopCard,
};

/** The stream of one shop's card record: `shop-<id>`. */
export const shopStream = (id: string): string => `shop-${id}`;
