import { DomainError } from '#core';
import { parseDuration } from '#calendar';

/**
 * The category catalogue of grid findings (数字化城管 部件/事件 分类), as data.
 *
 * REPRESENTATIVE DATA: the sub-class codes, names, filing criteria and handling limits below follow the
 * GB/T 30428.2-2013 lineage as a street meets it every day, but they are NOT a verified copy of the standard.
 * Before going live they must be checked against the office's own catalogue (区城运中心 / 网格中心 立案结案标准);
 * an admin adds or corrects entries with {@link extendCatalogue}. Codes differ between standards (CJ/T 214 swaps
 * 04 and 05; GB/T 47678.5-2026 renumbers), which is why every code is stored with its standard's name.
 */

/** The standard the built-in entries are coded under. */
export const GB_T_30428_2_2013 = 'GB/T 30428.2-2013';

/** 部件 (component: a piece of street furniture) or 事件 (event: something that happens on the street). */
export type CategoryKind = 'component' | 'event';

/** The kinds, in the order of domain.md. */
export const CATEGORY_KINDS: readonly CategoryKind[] = ['component', 'event'];

/** A reference to a sub-class, as a report carries it. `kind` is needed only where 部件 and 事件 share a code. */
export interface CategoryRef {
  readonly standard: string;
  readonly code: string;
  readonly kind?: CategoryKind;
}

/** A major class (大类), e.g. 事件 04 街面秩序. */
export interface MajorClass {
  readonly standard: string;
  readonly kind: CategoryKind;
  /** Two digits. */
  readonly code: string;
  readonly name: string;
}

/** A sub-class (小类) with everything a finding needs from it. */
export interface CategoryEntry {
  readonly standard: string;
  readonly kind: CategoryKind;
  /** `major-minor`, two digits each: `01-10`. */
  readonly code: string;
  readonly name: string;
  /** 立案标准: when a report of this sub-class is filed (short Chinese). */
  readonly criteria: string;
  /**
   * 处置时限 with its clock, as a duration text of #calendar: `2wh` working hours, `20wd` working days, `2h`
   * natural hours (street-order events run through nights and holidays).
   */
  readonly limit: string;
}

/** The whole catalogue: major classes and sub-classes, over any number of standards. */
export interface CategoryCatalogue {
  readonly majors: readonly MajorClass[];
  readonly entries: readonly CategoryEntry[];
}

const S = GB_T_30428_2_2013;
const major = (kind: CategoryKind, code: string, name: string): MajorClass => ({
  standard: S,
  kind,
  code,
  name,
});
const event = (code: string, name: string, limit: string, criteria: string): CategoryEntry => ({
  standard: S,
  kind: 'event',
  code,
  name,
  criteria,
  limit,
});
const component = (code: string, name: string, limit: string, criteria: string): CategoryEntry => ({
  standard: S,
  kind: 'component',
  code,
  name,
  criteria,
  limit,
});

/** The built-in catalogue (REPRESENTATIVE: check codes and limits against the office's own catalogue). */
export const DEFAULT_CATEGORY_CATALOGUE: CategoryCatalogue = {
  majors: [
    major('component', '01', '公用设施'),
    major('component', '02', '交通设施'),
    major('component', '03', '市容环境设施'),
    major('component', '04', '园林绿化设施'),
    major('component', '05', '其他'),
    major('event', '01', '市容环境'),
    major('event', '02', '宣传广告'),
    major('event', '03', '施工管理'),
    major('event', '04', '街面秩序'),
    major('event', '05', '突发事件'),
    major('event', '06', '其他'),
  ],
  entries: [
    // 部件 (components): damaged, missing or dirty street furniture.
    component('01-01', '上水井盖', '3wd', '井盖破损、缺失、移位或不平整'),
    component('01-02', '污水井盖', '3wd', '井盖破损、缺失、移位或不平整'),
    component('01-09', '消防栓', '3wd', '消防栓破损、漏水或被圈占'),
    component('02-06', '交通标志牌', '5wd', '标志牌破损、倾斜、缺失或被遮挡'),
    component('02-09', '道路护栏', '3wd', '护栏破损、倾倒或缺失'),
    component('03-01', '公共厕所', '3wd', '公厕设施损坏或无法正常使用'),
    component('03-03', '垃圾箱', '1wd', '垃圾箱破损、缺失或脏污'),
    component('04-03', '行道树', '3wd', '行道树死亡、缺株或倾斜影响通行'),
    component('05-99', '其他部件', '5wd', '其他公共设施损坏影响使用或安全'),
    // 事件 01 市容环境.
    event('01-01', '私搭乱建', '20wd', '未经批准搭建建筑物、构筑物或其他设施'),
    event('01-03', '积存垃圾渣土', '1wd', '道路、绿地等处积存垃圾渣土超过1立方米'),
    event('01-08', '绿地脏乱', '1wd', '绿地内有垃圾、杂物或明显脏乱'),
    event('01-10', '暴露垃圾', '4wh', '垃圾未入箱入桶、裸露堆放在公共区域'),
    event('01-11', '垃圾满溢', '4wh', '垃圾箱桶满溢、周边散落垃圾'),
    event('01-12', '道路不洁', '2wh', '道路有明显垃圾、污渍、积水或油污'),
    event('01-13', '水域不洁', '1wd', '河道、水面有漂浮垃圾或油污'),
    event('01-15', '废弃车辆', '5wd', '长期停放、无牌无人管理的机动车或非机动车'),
    event('01-22', '油烟污染', '5wd', '餐饮单位油烟直排或未正常使用净化设施'),
    event('01-36', '乱堆物堆料', '1wd', '公共区域擅自堆放物品、建材或杂物'),
    // 事件 02 宣传广告.
    event('02-01', '非法小广告', '1wd', '张贴、涂写、刻画的非法小广告'),
    event('02-02', '违规张贴悬挂', '1wd', '擅自张贴、悬挂宣传品、条幅或横幅'),
    event('02-03', '占道广告牌', '2wd', '擅自在道路上设置广告牌、灯箱或展板'),
    event('02-05', '乱涂写', '1wd', '在建筑物、设施上乱涂乱画'),
    event('02-06', '店招店牌破损', '3wd', '店招店牌破损、缺字或存在坠落隐患'),
    // 事件 03 施工管理.
    event('03-01', '施工扰民', '2h', '夜间或禁止时段施工产生噪声扰民'),
    event('03-02', '施工占道', '1wd', '施工超范围占用道路或未设置围挡'),
    event('03-03', '道路遗撒', '2h', '运输车辆遗撒泥土、渣土或污水'),
    event('03-04', '工地扬尘', '4h', '工地未采取覆盖、洒水等防尘措施'),
    event('03-05', '无证掘路', '1wd', '未经许可挖掘道路'),
    // 事件 04 街面秩序 (natural hours: the street sees them in the evening and at weekends too).
    event('04-01', '无照经营游商', '2h', '街面流动设摊、无照经营'),
    event('04-02', '机动车乱停放', '2h', '机动车违规停放占用人行道或消防通道'),
    event('04-03', '占道废品收购', '2h', '占用道路收购、堆放废品'),
    event('04-04', '露天烧烤', '2h', '在室外公共场所露天烧烤'),
    event('04-05', '店外经营（跨门营业）', '2h', '沿街商铺超出门窗、外墙摆卖或作业'),
    event('04-06', '占道经营', '2h', '占用道路、广场设摊经营'),
    event('04-07', '沿街晾挂', '2h', '沿街、临街晾晒衣物或悬挂物品影响市容'),
    event('04-08', '街头散发广告', '2h', '在街头散发商业广告、传单'),
    event('04-09', '乞讨卖艺', '2h', '强行乞讨、卖艺影响通行'),
    event('04-10', '非机动车乱停放', '2h', '非机动车（含共享单车）未在规定区域停放、堆积影响通行'),
    // 事件 05 突发事件.
    event('05-01', '路面塌陷', '2h', '道路路面塌陷、开裂存在安全隐患'),
    event('05-02', '道路积水', '2h', '降雨后道路积水影响通行'),
    event('05-04', '树木倒伏', '2h', '树木倒伏、断枝影响通行或安全'),
    // 事件 06 其他.
    event('06-99', '其他事件', '5wd', '其他影响城市运行、需要处置的问题'),
  ],
};

/** The codes of catalogue rejections. */
export const CATEGORY_ERRORS = {
  /** 400: no sub-class with this standard, code (and kind). */
  UNKNOWN: 'GRID.UNKNOWN_CATEGORY',
  /** 400: the code exists both as 部件 and as 事件 in this standard: the reference must name the kind. */
  AMBIGUOUS: 'GRID.AMBIGUOUS_CATEGORY',
  /** 400: an entry given to extendCatalogue is malformed (the details name the entry and the field). */
  INVALID_ENTRY: 'GRID.INVALID_CATEGORY_ENTRY',
} as const;

/**
 * Looks a sub-class up by (standard, code), and kind when given. Throws 400 `GRID.UNKNOWN_CATEGORY`, or
 * `GRID.AMBIGUOUS_CATEGORY` when the code is both a 部件 and an 事件 of that standard and no kind was given.
 */
export function findCategory(catalogue: CategoryCatalogue, ref: CategoryRef): CategoryEntry {
  const matches = catalogue.entries.filter(
    (entry) =>
      entry.standard === ref.standard &&
      entry.code === ref.code &&
      (ref.kind === undefined || entry.kind === ref.kind),
  );
  const [only, ...others] = matches;
  if (only === undefined) {
    throw new DomainError(
      CATEGORY_ERRORS.UNKNOWN,
      'invalid-input',
      `No category ${ref.kind ? `${ref.kind} ` : ''}${ref.code} in ${ref.standard}`,
      { field: 'category', ...ref },
    );
  }
  if (others.length > 0) {
    throw new DomainError(
      CATEGORY_ERRORS.AMBIGUOUS,
      'invalid-input',
      `${ref.code} in ${ref.standard} is both ${matches.map((m) => `${m.kind} ${m.name}`).join(' and ')}: name the kind`,
      { field: 'category.kind', ...ref, kinds: matches.map((m) => m.kind) },
    );
  }
  return only;
}

/** The major class of a sub-class, when the catalogue has it. */
export function majorOf(catalogue: CategoryCatalogue, entry: CategoryEntry): MajorClass | undefined {
  const code = entry.code.slice(0, 2);
  return catalogue.majors.find(
    (m) => m.standard === entry.standard && m.kind === entry.kind && m.code === code,
  );
}

/** An entry an admin adds; `majorName` creates its major class when the catalogue does not have it yet. */
export interface CategoryEntryInput extends CategoryEntry {
  readonly majorName?: string;
}

const CODE = /^\d{2}-\d{2}$/;
const keyOf = (e: { standard: string; kind: CategoryKind; code: string }) =>
  `${e.standard}|${e.kind}|${e.code}`;

/**
 * A new catalogue with the entries added; an entry with the key (standard, kind, code) of an existing one replaces
 * it (an office tunes a limit or a criterion). Validates every entry: non-empty standard, name and criteria, a kind,
 * a `NN-NN` code whose major class exists (or is created by `majorName`), a limit #calendar can parse; the same key
 * twice in one batch is refused. Throws 400 `GRID.INVALID_CATEGORY_ENTRY` naming the entry index and field.
 */
export function extendCatalogue(
  catalogue: CategoryCatalogue,
  entries: readonly CategoryEntryInput[],
): CategoryCatalogue {
  const majors = [...catalogue.majors];
  const byKey = new Map(catalogue.entries.map((entry) => [keyOf(entry), entry] as const));
  const seen = new Set<string>();
  entries.forEach((input, index) => {
    const bad = (field: string, problem: string): DomainError =>
      new DomainError(
        CATEGORY_ERRORS.INVALID_ENTRY,
        'invalid-input',
        `entries[${index}].${field}: ${problem}`,
        { index, field },
      );
    for (const field of ['standard', 'name', 'criteria'] as const) {
      const value: unknown = input[field];
      if (typeof value !== 'string' || value.trim() === '') throw bad(field, 'must be a non-empty text');
    }
    if (!CATEGORY_KINDS.includes(input.kind))
      throw bad('kind', `must be one of ${CATEGORY_KINDS.join(', ')}`);
    if (typeof input.code !== 'string' || !CODE.test(input.code)) {
      throw bad('code', `${JSON.stringify(input.code)} is not a major-minor code such as "04-05"`);
    }
    try {
      parseDuration(input.limit);
    } catch (error) {
      throw bad('limit', error instanceof Error ? error.message : String(error));
    }
    const key = keyOf(input);
    if (seen.has(key)) throw bad('code', `${input.kind} ${input.code} of ${input.standard} is given twice`);
    seen.add(key);
    const { majorName, ...entry } = input;
    const majorCode = entry.code.slice(0, 2);
    const hasMajor = majors.some(
      (m) => m.standard === entry.standard && m.kind === entry.kind && m.code === majorCode,
    );
    if (!hasMajor) {
      if (majorName === undefined || majorName.trim() === '') {
        throw bad(
          'majorName',
          `no major class ${entry.kind} ${majorCode} in ${entry.standard}: give its name`,
        );
      }
      majors.push({ standard: entry.standard, kind: entry.kind, code: majorCode, name: majorName });
    }
    byKey.set(key, entry);
  });
  return { majors, entries: [...byKey.values()] };
}
