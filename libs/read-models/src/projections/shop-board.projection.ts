import type { RecordedEvent } from '#event-store';
import { type CardLevel, evolveShopCard, type ShopCardEvent, type ShopCardState } from '#grid';
import type { IndexEntry, Projection } from '../projection.js';

/**
 * A shop on the card board (红黄牌): its level, violation and referral counts, and its latest incident. Violations
 * are dated when they were found (`occurredAt`), not when their findings closed: one found earlier but confirmed
 * later never moves the dates back.
 */
export interface ShopBoardDoc {
  readonly shopId: string;
  readonly level: CardLevel;
  readonly violations: number;
  readonly referrals: number;
  /** The latest violation (by the date it was found) or refusal: the clean days count from it. */
  readonly lastIncidentAt: string;
  /** When the latest violation was found. */
  readonly lastViolationFoundAt: string;
  readonly updatedAt: string;
  readonly position: string;
}

type Card = Extract<ShopCardState, { status: 'recorded' }>;

/**
 * The shop card board: each shop's card as the shop stream folds it (the decider's own `evolveShopCard`, so the
 * board and `GET /shops/:id` cannot disagree), without the history. Indexed by level, latest incident first (by the
 * date the violation was found).
 */
export const shopBoardProjection: Projection<ShopBoardDoc> = {
  name: 'shop-board',
  version: 2,
  categories: ['shop'],
  evolve(doc, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as ShopCardEvent;
    const before: ShopCardState =
      doc === undefined
        ? { status: 'none' }
        : ({
            status: 'recorded',
            shopId: doc.shopId,
            level: doc.level,
            violations: [],
            countedSince: [],
            lastIncidentAt: doc.lastIncidentAt,
            referrals: doc.referrals,
            history: [],
          } satisfies Card);
    const after = evolveShopCard(before, event);
    if (after.status === 'none') return doc;
    const found = event.type === 'ViolationRecorded' ? event.data.occurredAt : undefined;
    const lastFound = doc?.lastViolationFoundAt;
    return {
      shopId: after.shopId,
      level: after.level,
      violations: (doc?.violations ?? 0) + (found === undefined ? 0 : 1),
      referrals: after.referrals,
      lastIncidentAt: after.lastIncidentAt,
      lastViolationFoundAt:
        lastFound === undefined || (found !== undefined && Date.parse(found) > Date.parse(lastFound))
          ? (found ?? after.lastIncidentAt)
          : lastFound,
      updatedAt: recorded.recordedAt,
      position: recorded.position,
    };
  },
  indexes(doc): IndexEntry[] {
    const score = Date.parse(doc.lastIncidentAt);
    return [
      { set: 'all', member: doc.shopId, score },
      { set: `level:${doc.level}`, member: doc.shopId, score },
    ];
  },
};
