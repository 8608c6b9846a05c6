import type { DomainEvent } from '#core';

/** 红黄牌 level: none, a warning (提醒), a yellow card, a red card (referred to 城管 enforcement). */
export type CardLevel = 'none' | 'warning' | 'yellow' | 'red';

/** The levels, lowest first. */
export const CARD_LEVELS: readonly CardLevel[] = ['none', 'warning', 'yellow', 'red'];

/** Why a shop got a red card or a referral. */
export type RedCardCause = 'repeat-after-yellow' | 'repeat-after-red' | 'refusal';

/** `violationsInWindow` counts this one and the earlier ones inside the window (since the last clearing). */
export type ViolationRecorded = DomainEvent<
  'ViolationRecorded',
  {
    readonly shopId: string;
    readonly findingId: string;
    readonly occurredAt: string;
    readonly at: string;
    readonly violationsInWindow: number;
  }
>;
export type WarningIssued = DomainEvent<'WarningIssued', { readonly findingId: string; readonly at: string }>;
export type YellowCardIssued = DomainEvent<
  'YellowCardIssued',
  { readonly findingId: string; readonly violationsInWindow: number; readonly at: string }
>;
export type RedCardIssued = DomainEvent<
  'RedCardIssued',
  { readonly because: RedCardCause; readonly findingId?: string; readonly at: string }
>;
/** 移送城管执法. */
export type ReferredToEnforcement = DomainEvent<
  'ReferredToEnforcement',
  { readonly because: RedCardCause; readonly findingId?: string; readonly at: string }
>;
export type RefusalRecorded = DomainEvent<
  'RefusalRecorded',
  { readonly reason: string; readonly findingId?: string; readonly at: string }
>;
/** The card lapsed after enough clean days; the escalation count starts again. */
export type CardCleared = DomainEvent<
  'CardCleared',
  {
    readonly from: Exclude<CardLevel, 'none'>;
    readonly lastIncidentAt: string;
    readonly cleanDays: number;
    readonly at: string;
  }
>;

/** Every event of a shop's card record; the type strings are permanent. */
export type ShopCardEvent =
  | ViolationRecorded
  | WarningIssued
  | YellowCardIssued
  | RedCardIssued
  | ReferredToEnforcement
  | RefusalRecorded
  | CardCleared;

/** One line of the public card history (to the center and the shop's 居委). */
export interface CardHistoryEntry {
  readonly type: ShopCardEvent['type'];
  readonly at: string;
  readonly level: CardLevel;
  readonly findingId?: string;
}

/** A shop with a record. */
export interface ShopCard {
  readonly status: 'recorded';
  readonly shopId: string;
  readonly level: CardLevel;
  /** Every confirmed violation, in the order recorded. */
  readonly violations: readonly { readonly findingId: string; readonly occurredAt: string }[];
  /** The violation times that count for escalation: those since the last clearing. */
  readonly countedSince: readonly string[];
  /** The latest violation or refusal: clean days are counted from it. */
  readonly lastIncidentAt: string;
  readonly referrals: number;
  readonly history: readonly CardHistoryEntry[];
}

/** A shop stream's state: nothing yet, or a record. */
export type ShopCardState = { readonly status: 'none' } | ShopCard;

/** The state of a stream with no events. */
export const initialShopCardState = (): ShopCardState => ({ status: 'none' });

const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

/** Folds one event into the state: the level and the history are derived from the events only. */
export function evolveShopCard(state: ShopCardState, event: ShopCardEvent): ShopCardState {
  if (state.status === 'none') {
    if (event.type !== 'ViolationRecorded') return state;
    const { shopId, findingId, occurredAt, at } = event.data;
    return {
      status: 'recorded',
      shopId,
      level: 'none',
      violations: [{ findingId, occurredAt }],
      countedSince: [occurredAt],
      lastIncidentAt: occurredAt,
      referrals: 0,
      history: [{ type: event.type, at, level: 'none', findingId }],
    };
  }
  const s: ShopCard = state;
  const log = (level: CardLevel, findingId?: string): readonly CardHistoryEntry[] => [
    ...s.history,
    { type: event.type, at: event.data.at, level, ...(findingId === undefined ? {} : { findingId }) },
  ];
  switch (event.type) {
    case 'ViolationRecorded': {
      const { findingId, occurredAt } = event.data;
      return {
        ...s,
        violations: [...s.violations, { findingId, occurredAt }],
        countedSince: [...s.countedSince, occurredAt],
        lastIncidentAt: later(occurredAt, s.lastIncidentAt),
        history: log(s.level, findingId),
      };
    }
    case 'WarningIssued':
      return { ...s, level: 'warning', history: log('warning', event.data.findingId) };
    case 'YellowCardIssued':
      return { ...s, level: 'yellow', history: log('yellow', event.data.findingId) };
    case 'RedCardIssued':
      return { ...s, level: 'red', history: log('red', event.data.findingId) };
    case 'ReferredToEnforcement':
      return { ...s, referrals: s.referrals + 1, history: log(s.level, event.data.findingId) };
    case 'RefusalRecorded':
      return {
        ...s,
        lastIncidentAt: later(event.data.at, s.lastIncidentAt),
        history: log(s.level, event.data.findingId),
      };
    case 'CardCleared':
      return { ...s, level: 'none', countedSince: [], history: log('none') };
  }
}
