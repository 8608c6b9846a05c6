import {
  type DirectoryState,
  directoryDecider,
  demoStreetCommands,
  type Grid,
  type Unit,
  type UnitKind,
} from '#directory';
import { type CategoryCatalogue, type CategoryKind, findCategory, GB_T_30428_2_2013 } from '#grid';
import type { TicketCategory } from '#hotline';
import type { Rng } from './random.js';

/**
 * Which unit a matter goes to: the first active unit whose directory categories name one of `handledBy` exactly,
 * else the first whose category is a prefix of one of them (`04` takes `04-10`), else the first active unit of
 * `fallbackKind`, else the first department. `neighbourhood` means the 居委 of the case's grid.
 */
export interface Routing {
  readonly handledBy: readonly string[];
  readonly fallbackKind?: UnitKind;
}

/** A 12345 category (三级归口: code and Chinese path), how often it comes (relative weight) and who handles it. */
export interface SimTicketCategory extends TicketCategory, Routing {
  readonly weight: number;
}

/** A grid sub-class of the catalogue, how often inspectors report it, who handles it, whether it is simple. */
export interface SimFindingCategory extends Routing {
  readonly standard: string;
  readonly code: string;
  readonly kind: CategoryKind;
  readonly weight: number;
  /** Simple enough for an inspector to fix on the spot (自行处置). */
  readonly simple: boolean;
}

const ticketCategory = (
  code: string,
  path: readonly [string, string, string],
  weight: number,
  handledBy: readonly string[],
  fallbackKind?: UnitKind,
): SimTicketCategory => ({ code, path, weight, handledBy, ...(fallbackKind ? { fallbackKind } : {}) });

/**
 * Realistic 12345 categories of a central street, skewed the way a street sees them: housing repairs, property
 * management and noise take about half of all tickets. Codes are illustrative (三级 codes differ between districts).
 */
export const SIM_TICKET_CATEGORIES: readonly SimTicketCategory[] = [
  ticketCategory('03.01.02', ['住房保障', '房屋修缮', '房屋渗漏水'], 18, ['housing-repair']),
  ticketCategory('03.02.01', ['住房保障', '物业管理', '物业服务质量'], 14, ['property-service']),
  ticketCategory('01.03.02', ['城市管理', '噪声污染', '夜间施工噪声'], 12, ['03']),
  ticketCategory('01.03.05', ['城市管理', '噪声污染', '社会生活噪声'], 9, ['noise-night']),
  ticketCategory('01.02.06', ['城市管理', '街面秩序', '占道经营'], 8, ['04-06']),
  ticketCategory('05.02.03', ['市场监管', '消费者权益', '消费纠纷'], 6, ['consumer']),
  ticketCategory('01.02.10', ['城市管理', '街面秩序', '非机动车乱停放'], 5, ['04-10']),
  ticketCategory('07.01.01', ['社区治理', '邻里关系', '邻里纠纷'], 5, ['neighbourhood']),
  ticketCategory('05.01.01', ['市场监管', '食品安全', '餐饮服务食品安全'], 4, ['food-safety']),
  ticketCategory('01.01.10', ['城市管理', '市容环境', '暴露垃圾'], 4, ['01-10']),
  ticketCategory('07.02.01', ['社区治理', '社区事务', '政策咨询'], 3, ['community-affairs']),
  ticketCategory('01.02.05', ['城市管理', '街面秩序', '跨门营业'], 3, ['04-05']),
  ticketCategory('03.03.04', ['住房保障', '房屋租赁', '群租整治'], 3, ['property-dispute']),
  ticketCategory('06.01.02', ['民政服务', '养老服务', '居家养老'], 2, ['elderly-care']),
  ticketCategory('01.04.01', ['城市管理', '违法建筑', '违法搭建'], 2, [], 'enforcement'),
  ticketCategory('08.01.02', ['公共安全', '消防安全', '消防通道堵塞'], 2, ['fire-safety']),
  ticketCategory('08.02.01', ['公共安全', '治安管理', '治安隐患'], 1, ['public-order']),
  ticketCategory('06.02.01', ['民政服务', '社会救助', '低保救助'], 1, ['welfare']),
  ticketCategory('01.01.21', ['城市管理', '市容环境', '非法小广告'], 1, ['02-01']),
  ticketCategory('99.00.00', ['其他', '其他', '其他诉求'], 1, ['community-affairs']),
];

const findingCategory = (
  kind: CategoryKind,
  code: string,
  weight: number,
  handledBy: readonly string[],
  simple = false,
  fallbackKind?: UnitKind,
): SimFindingCategory => ({
  standard: GB_T_30428_2_2013,
  kind,
  code,
  weight,
  handledBy,
  simple,
  ...(fallbackKind ? { fallbackKind } : {}),
});

/**
 * The sub-classes inspectors report most, from the built-in catalogue of #grid, with a skew: exposed rubbish,
 * small ads and badly parked bikes lead.
 */
export const SIM_FINDING_CATEGORIES: readonly SimFindingCategory[] = [
  findingCategory('event', '01-10', 14, ['01-10'], true),
  findingCategory('event', '02-01', 12, ['02-01'], true),
  findingCategory('event', '04-10', 12, ['04-10'], true),
  findingCategory('event', '04-06', 9, ['04-06']),
  findingCategory('event', '04-05', 6, ['04-05']),
  findingCategory('event', '01-36', 7, ['01-36'], true),
  findingCategory('event', '01-12', 6, ['01-12'], true),
  findingCategory('event', '01-11', 5, ['01-10'], true),
  findingCategory('event', '04-01', 4, ['04-06']),
  findingCategory('event', '04-02', 3, ['public-order']),
  findingCategory('event', '04-07', 3, ['04'], true),
  findingCategory('event', '02-02', 2, ['02-01'], true),
  findingCategory('event', '03-02', 2, ['03']),
  findingCategory('component', '01-02', 2, [], false, 'housing'),
  findingCategory('component', '03-03', 2, ['01-10']),
  findingCategory('event', '01-01', 1, [], false, 'enforcement'),
  findingCategory('event', '02-06', 1, ['02-01']),
  findingCategory('event', '03-03', 1, ['03']),
  findingCategory('event', '05-02', 1, ['05']),
  findingCategory('component', '02-09', 1, ['05']),
  findingCategory('component', '04-03', 1, ['04']),
  findingCategory('component', '05-99', 1, ['community-affairs']),
];

/** The demo street of #directory (units and grids), folded from its registration commands. */
export function demoStreetDirectory(): { units: Unit[]; grids: Grid[] } {
  let state: DirectoryState = directoryDecider.initialState();
  const now = new Date(0);
  for (const command of demoStreetCommands()) {
    for (const event of directoryDecider.decide(command, state, { now })) {
      state = directoryDecider.evolve(state, event);
    }
  }
  return { units: [...state.units.values()], grids: [...state.grids.values()] };
}

/** Roads of the demo street's comprehensive grids, for addresses. */
const ROADS: Readonly<Record<string, readonly string[]>> = {
  g1: ['南京西路', '陕西北路', '茂名北路', '吴江路'],
  g2: ['威海路', '石门二路', '泰兴路', '江宁路'],
  g3: ['大田路', '新闸路', '成都北路', '北京西路'],
};
const OTHER_ROADS = ['南京西路', '威海路', '大田路', '石门一路', '延安中路', '凤阳路'];
/** Roughly the middle of 南京西路街道 (WGS-84). */
const CENTRE = { lat: 31.2305, lng: 121.459 };

const matches = (unitCategory: string, key: string): boolean =>
  key.startsWith(`${unitCategory}-`) || key.startsWith(`${unitCategory}.`);

/** The street as the simulator sees it: units, unit grids, inspectors, shops, and where a matter goes. */
export class Street {
  readonly activeUnits: readonly Unit[];
  /** The 单元网格 where cases happen. */
  readonly unitGrids: readonly Grid[];
  private readonly comprehensive: readonly string[];
  private readonly gridsByInspector = new Map<string, string[]>();
  private readonly shopsByGrid = new Map<string, number[]>();

  constructor(units: readonly Unit[], grids: readonly Grid[], shops: number) {
    this.activeUnits = units.filter((unit) => unit.active);
    if (this.activeUnits.length === 0)
      throw new RangeError('The simulated street needs at least one active unit');
    const unitGrids = grids.filter((grid) => grid.level === 'unit');
    this.unitGrids = unitGrids.length > 0 ? unitGrids : grids;
    if (this.unitGrids.length === 0) throw new RangeError('The simulated street needs at least one grid');
    this.comprehensive = [...new Set(this.unitGrids.map((grid) => grid.parentGridId ?? grid.gridId))];
    for (const grid of this.unitGrids) {
      for (const inspector of this.inspectorsOf(grid)) {
        const list = this.gridsByInspector.get(inspector) ?? [];
        list.push(grid.gridId);
        this.gridsByInspector.set(inspector, list);
      }
    }
    for (let k = 1; k <= shops; k += 1) {
      const grid = this.unitGrids[(k - 1) % this.unitGrids.length];
      if (grid === undefined) continue;
      const list = this.shopsByGrid.get(grid.gridId) ?? [];
      list.push(k);
      this.shopsByGrid.set(grid.gridId, list);
    }
  }

  /** The inspectors of a grid (`inspector-<gridId>` when the directory names none). */
  inspectorsOf(grid: Grid): readonly string[] {
    return grid.inspectorIds.length > 0 ? grid.inspectorIds : [`inspector-${grid.gridId}`];
  }

  /** The grids an inspector patrols (what CheckFinding's `inspectorGridIds` carries). */
  gridsOfInspector(inspectorId: string): readonly string[] {
    return this.gridsByInspector.get(inspectorId) ?? [];
  }

  /** The unit a matter goes to (see {@link Routing}). */
  unitFor(routing: Routing, grid: Grid): string {
    for (const key of routing.handledBy) {
      if (key === 'neighbourhood') {
        const committee = this.committeeOf(grid);
        if (committee !== undefined) return committee;
      }
      const exact = this.activeUnits.find((unit) => unit.categories.includes(key));
      if (exact) return exact.unitId;
    }
    for (const key of routing.handledBy) {
      const prefix = this.activeUnits.find((unit) => unit.categories.some((c) => matches(c, key)));
      if (prefix) return prefix.unitId;
    }
    const byKind = routing.fallbackKind
      ? this.activeUnits.find((unit) => unit.kind === routing.fallbackKind)
      : undefined;
    const fallback =
      byKind ?? this.activeUnits.find((unit) => unit.kind === 'department') ?? this.activeUnits[0];
    return (fallback as Unit).unitId;
  }

  /** Another active unit than this one (a wrong dispatch), or undefined on a one-unit street. */
  otherUnit(unitId: string, rng: Rng): string | undefined {
    const others = this.activeUnits.filter(
      (unit) => unit.unitId !== unitId && unit.kind !== 'residents-committee',
    );
    return others.length > 0 ? rng.pick(others).unitId : undefined;
  }

  /** The active 居委 of the grid's area, if any. */
  committeeOf(grid: Grid): string | undefined {
    const id = grid.committeeUnitId;
    return id !== undefined && this.activeUnits.some((unit) => unit.unitId === id) ? id : undefined;
  }

  /** A shop of the grid that trades outside its door, the first ones more often (repeat offenders). */
  shopIn(grid: Grid, rng: Rng): number | undefined {
    const shops = this.shopsByGrid.get(grid.gridId);
    if (shops === undefined || shops.length === 0) return undefined;
    return rng.weightedBy(shops, (k) => 1 / (shops.indexOf(k) + 1));
  }

  /** A street address in the grid (road and number: no person in it). */
  address(grid: Grid, rng: Rng): string {
    const roads = ROADS[grid.parentGridId ?? ''] ?? OTHER_ROADS;
    return `${rng.pick(roads)}${rng.int(1, 1200)}号`;
  }

  /** A point in the grid: the grid's own spot near the street's centre, with a few metres of jitter. */
  location(grid: Grid, rng: Rng): { lat: number; lng: number } {
    const block = Math.max(0, this.comprehensive.indexOf(grid.parentGridId ?? grid.gridId));
    const cell = Math.max(0, this.unitGrids.indexOf(grid));
    const lat = CENTRE.lat + (block - 1) * 0.004 + ((cell % 5) - 2) * 0.0008 + rng.between(-0.0004, 0.0004);
    const lng = CENTRE.lng + ((cell % 7) - 3) * 0.0012 + rng.between(-0.0004, 0.0004);
    return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
  }
}

/** Checks that every finding category is in the catalogue the decider will use (a typo is a setup error). */
export function checkFindingCategories(
  categories: readonly SimFindingCategory[],
  catalogue: CategoryCatalogue,
): void {
  if (categories.length === 0) throw new RangeError('The simulation needs at least one finding category');
  for (const category of categories) findCategory(catalogue, category);
}
