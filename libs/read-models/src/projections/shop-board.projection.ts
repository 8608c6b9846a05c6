import type { RecordedEvent } from '#event-store';
import { type CardLevel, evolveShopCard, type ShopCardEvent, type ShopCardState } from '#grid';
import type { IndexEntry, Projection } from '../projection.js';

/** A shop on the card board (红黄牌): its level, violation and referral counts, and its latest incident. */
export interface ShopBoardDoc {
  readonly shopId: string;
  readonly level: CardLevel;
  readonly violations: number;
  readonly referrals: number;
  readonly lastIncidentAt: string;
  readonly updatedAt: string;
  readonly position: string;
}

type Card = Extract<ShopCardState, { status: 'recorded' }>;

/**
 * The shop card board: each shop's card as the shop stream folds it (the decider's own `evolveShopCard`, so the
 * board and `GET /shops/:id` cannot disagree), without the history. Indexed by level, latest incident first.
 */
export const shopBoardProjection: Projection<ShopBoardDoc> = {
  name: 'shop-board',
  version: 1,
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
    return {
      shopId: after.shopId,
      level: after.level,
      violations: (doc?.violations ?? 0) + (event.type === 'ViolationRecorded' ? 1 : 0),
      referrals: after.referrals,
      lastIncidentAt: after.lastIncidentAt,
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
