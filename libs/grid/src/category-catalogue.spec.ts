import {
  DEFAULT_CATEGORY_CATALOGUE,
  extendCatalogue,
  findCategory,
  GB_T_30428_2_2013,
  majorOf,
  type CategoryEntryInput,
} from './category-catalogue.js';
import { DomainError } from '#core';
import { parseDuration } from '#calendar';

const S = GB_T_30428_2_2013;
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
};

describe('the category catalogue', () => {
  it.each([
    ['01-10', '暴露垃圾', '4wh'],
    ['01-12', '道路不洁', '2wh'],
    ['01-36', '乱堆物堆料', '1wd'],
    ['02-01', '非法小广告', '1wd'],
    ['04-05', '店外经营（跨门营业）', '2h'],
    ['04-06', '占道经营', '2h'],
    ['04-10', '非机动车乱停放', '2h'],
  ])('has 事件 %s %s with limit %s', (code, name, limit) => {
    expect(findCategory(DEFAULT_CATEGORY_CATALOGUE, { standard: S, code })).toMatchObject({
      kind: 'event',
      name,
      limit,
    });
  });

  it('has 私搭乱建 at 20 working days, and every entry valid, with its major class and criteria', () => {
    expect(
      findCategory(DEFAULT_CATEGORY_CATALOGUE, { standard: S, code: '01-01', kind: 'event' }).limit,
    ).toBe('20wd');
    const { entries } = DEFAULT_CATEGORY_CATALOGUE;
    expect(entries.length).toBeGreaterThanOrEqual(25);
    expect(entries.length).toBeLessThanOrEqual(50);
    for (const entry of entries) {
      expect(() => parseDuration(entry.limit)).not.toThrow();
      expect(majorOf(DEFAULT_CATEGORY_CATALOGUE, entry)).toBeDefined();
      expect(entry.criteria.length).toBeGreaterThan(0);
    }
    expect(DEFAULT_CATEGORY_CATALOGUE.majors).toHaveLength(11);
  });

  it('refuses an unknown code and asks for the kind where 部件 and 事件 share one', () => {
    expect(codeOf(() => findCategory(DEFAULT_CATEGORY_CATALOGUE, { standard: S, code: '09-09' }))).toBe(
      'GRID.UNKNOWN_CATEGORY',
    );
    expect(
      codeOf(() => findCategory(DEFAULT_CATEGORY_CATALOGUE, { standard: 'CJ/T 214-2007', code: '04-05' })),
    ).toBe('GRID.UNKNOWN_CATEGORY');
    expect(codeOf(() => findCategory(DEFAULT_CATEGORY_CATALOGUE, { standard: S, code: '01-01' }))).toBe(
      'GRID.AMBIGUOUS_CATEGORY',
    );
    expect(
      findCategory(DEFAULT_CATEGORY_CATALOGUE, { standard: S, code: '01-01', kind: 'component' }).name,
    ).toBe('上水井盖');
  });

  describe('extendCatalogue', () => {
    const entry: CategoryEntryInput = {
      standard: S,
      kind: 'event',
      code: '04-20',
      name: '外摆位超范围',
      criteria: '外摆位超出许可范围',
      limit: '2h',
    };

    it('adds an entry and leaves the original alone', () => {
      const extended = extendCatalogue(DEFAULT_CATEGORY_CATALOGUE, [entry]);
      expect(findCategory(extended, { standard: S, code: '04-20' }).name).toBe('外摆位超范围');
      expect(codeOf(() => findCategory(DEFAULT_CATEGORY_CATALOGUE, { standard: S, code: '04-20' }))).toBe(
        'GRID.UNKNOWN_CATEGORY',
      );
    });

    it('replaces an entry with the same key (an office tunes a limit)', () => {
      const extended = extendCatalogue(DEFAULT_CATEGORY_CATALOGUE, [
        { ...entry, code: '01-10', name: '暴露垃圾', limit: '2wh' },
      ]);
      expect(findCategory(extended, { standard: S, code: '01-10' }).limit).toBe('2wh');
      expect(extended.entries).toHaveLength(DEFAULT_CATEGORY_CATALOGUE.entries.length);
    });

    it('adds another standard with its major class', () => {
      const other = { ...entry, standard: 'CJ/T 214-2007', code: '05-05', majorName: '街面秩序' };
      const extended = extendCatalogue(DEFAULT_CATEGORY_CATALOGUE, [other]);
      expect(
        majorOf(extended, findCategory(extended, { standard: 'CJ/T 214-2007', code: '05-05' }))?.name,
      ).toBe('街面秩序');
    });

    it.each([
      ['code', { code: '4-5' }],
      ['limit', { limit: '2 hours' }],
      ['name', { name: '' }],
      ['criteria', { criteria: ' ' }],
      ['kind', { kind: 'thing' }],
      ['majorName', { standard: 'CJ/T 214-2007' }],
    ])('refuses a bad %s, naming the entry', (field, change) => {
      let thrown: unknown;
      try {
        extendCatalogue(DEFAULT_CATEGORY_CATALOGUE, [{ ...entry, ...change } as CategoryEntryInput]);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect((thrown as DomainError).code).toBe('GRID.INVALID_CATEGORY_ENTRY');
      expect((thrown as DomainError).details).toEqual({ index: 0, field });
    });

    it('refuses the same key twice in one batch', () => {
      expect(codeOf(() => extendCatalogue(DEFAULT_CATEGORY_CATALOGUE, [entry, entry]))).toBe(
        'GRID.INVALID_CATEGORY_ENTRY',
      );
    });
  });
});
