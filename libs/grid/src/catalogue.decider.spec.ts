import { deciderSpec } from '#core/testing';
import { catalogueDecider, type CatalogueEvent } from './catalogue.decider.js';
import { findCategory } from './category-catalogue.js';

const spec = deciderSpec(catalogueDecider, () => ({ now: new Date('2026-11-27T02:00:00Z') }));
const sharedBikes = {
  standard: 'GB/T 30428.2-2013',
  kind: 'event',
  code: '04-21',
  name: '共享单车堆积',
  criteria: '共享单车堆积影响通行',
  limit: '2h',
} as const;

describe('catalogue decider', () => {
  it('adds a sub-class that later findings can use', () => {
    const [event] = spec
      .given([])
      .when({ type: 'ExtendCatalogue', data: { entries: [sharedBikes] } })
      .thenEvents((events) => expect(events.map((e) => e.type)).toEqual(['CatalogueExtended']));
    const catalogue = catalogueDecider.evolve(catalogueDecider.initialState(), event as CatalogueEvent);
    expect(
      findCategory(catalogue, { standard: 'GB/T 30428.2-2013', code: '04-21', kind: 'event' }),
    ).toMatchObject({
      name: '共享单车堆积',
      limit: '2h',
    });
  });

  it('treats the same entries again as nothing new', () => {
    const added: CatalogueEvent = {
      type: 'CatalogueExtended',
      data: { entries: [sharedBikes], at: '2026-11-27T02:00:00.000Z' },
    };
    spec
      .given([added])
      .when({ type: 'ExtendCatalogue', data: { entries: [sharedBikes] } })
      .thenNothingHappened();
  });

  it('refuses an entry whose limit does not parse, naming the field', () => {
    spec
      .given([])
      .when({ type: 'ExtendCatalogue', data: { entries: [{ ...sharedBikes, limit: 'soon' }] } })
      .thenThrows('GRID.INVALID_CATEGORY_ENTRY', { index: 0, field: 'limit' });
  });
});
