import type { DirectoryCommand } from './directory.decider.js';
import type { UnitKind } from './directory.events.js';

/**
 * A realistic (fictional) street for demo mode and the simulator: the center's usual level-4 units and
 * three comprehensive grids of unit grids, each unit grid with its inspector (`inspector-<gridId>`).
 */
const UNITS: readonly { unitId: string; name: string; kind: UnitKind; categories: string[] }[] = [
  {
    unitId: 'enforcement',
    name: '南京西路城管中队',
    kind: 'enforcement',
    categories: ['04-05', '04-06', '01-36', '02-01', '03'],
  },
  {
    unitId: 'market',
    name: '南京西路市场监管所',
    kind: 'market-supervision',
    categories: ['04-05', 'food-safety', 'consumer'],
  },
  {
    unitId: 'housing',
    name: '街道房管办',
    kind: 'housing',
    categories: ['housing-repair', 'property-dispute'],
  },
  { unitId: 'police', name: '南京西路派出所', kind: 'police', categories: ['noise-night', 'public-order'] },
  { unitId: 'appearance', name: '街道市容绿化所', kind: 'department', categories: ['01-10', '01-12', '04'] },
  { unitId: 'safety', name: '街道平安办', kind: 'department', categories: ['05', 'fire-safety'] },
  { unitId: 'community', name: '街道社区管理办', kind: 'department', categories: ['community-affairs'] },
  { unitId: 'services', name: '街道社区服务办', kind: 'department', categories: ['welfare', 'elderly-care'] },
  {
    unitId: 'property-jingan',
    name: '静安置业物业管理处',
    kind: 'property-management',
    categories: ['property-service'],
  },
  {
    unitId: 'committee-huaye',
    name: '华业居委会',
    kind: 'residents-committee',
    categories: ['neighbourhood'],
  },
  {
    unitId: 'committee-weihai',
    name: '威海路居委会',
    kind: 'residents-committee',
    categories: ['neighbourhood'],
  },
  {
    unitId: 'committee-datian',
    name: '大田路居委会',
    kind: 'residents-committee',
    categories: ['neighbourhood'],
  },
];

const COMPREHENSIVE: readonly { gridId: string; name: string; committeeUnitId: string; cells: number }[] = [
  { gridId: 'g1', name: '第一综合网格（华业）', committeeUnitId: 'committee-huaye', cells: 10 },
  { gridId: 'g2', name: '第二综合网格（威海路）', committeeUnitId: 'committee-weihai', cells: 9 },
  { gridId: 'g3', name: '第三综合网格（大田路）', committeeUnitId: 'committee-datian', cells: 9 },
];

/** The commands that register the demo street, in order (units first: grids name their 居委). */
export function demoStreetCommands(): DirectoryCommand[] {
  const commands: DirectoryCommand[] = UNITS.map((unit) => ({ type: 'RegisterUnit', data: unit }));
  for (const grid of COMPREHENSIVE) {
    commands.push({
      type: 'RegisterGrid',
      data: {
        gridId: grid.gridId,
        name: grid.name,
        level: 'comprehensive',
        committeeUnitId: grid.committeeUnitId,
      },
    });
    for (let cell = 1; cell <= grid.cells; cell += 1) {
      const gridId = `${grid.gridId}-${String(cell).padStart(2, '0')}`;
      commands.push({
        type: 'RegisterGrid',
        data: {
          gridId,
          name: `${grid.name.replace(/（.*）/, '')}${cell}号单元网格`,
          level: 'unit',
          parentGridId: grid.gridId,
          committeeUnitId: grid.committeeUnitId,
          inspectorIds: [`inspector-${gridId}`],
        },
      });
    }
  }
  return commands;
}

/**
 * The demo accounts, to run after {@link demoStreetCommands}: `admin`, `dispatcher`, `supervisor`, `integration`,
 * one `handler-<unitId>` per unit and one `inspector-<gridId>` per unit grid (the inspector its grid lists).
 * Passwords are not part of the directory: the caller sets them in the credential store.
 */
export function demoAccountCommands(): DirectoryCommand[] {
  const commands: DirectoryCommand[] = [
    { type: 'RegisterAccount', data: { username: 'admin', displayName: '系统管理员', role: 'admin' } },
    {
      type: 'RegisterAccount',
      data: { username: 'dispatcher', displayName: '城运中心 派单员', role: 'dispatcher' },
    },
    {
      type: 'RegisterAccount',
      data: { username: 'supervisor', displayName: '街道领导 督办', role: 'supervisor' },
    },
    {
      type: 'RegisterAccount',
      data: { username: 'integration', displayName: '区12345平台 接口', role: 'integration' },
    },
  ];
  for (const command of demoStreetCommands()) {
    if (command.type === 'RegisterUnit') {
      const { unitId, name } = command.data;
      commands.push({
        type: 'RegisterAccount',
        data: { username: `handler-${unitId}`, displayName: `${name} 处置人员`, role: 'handler', unitId },
      });
    } else if (command.type === 'RegisterGrid' && command.data.level === 'unit') {
      const { gridId, name } = command.data;
      commands.push({
        type: 'RegisterAccount',
        data: {
          username: `inspector-${gridId}`,
          displayName: `${name} 网格员`,
          role: 'inspector',
          gridIds: [gridId],
        },
      });
    }
  }
  return commands;
}
