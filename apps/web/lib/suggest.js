// The unit a case goes to, suggested from its category: the 12345 category (三级归口 code such as 01.02.06) or the
// grid sub-class (04-06) is matched against the categories each unit declares in the directory.

/** The demo street's 12345 categories and the unit categories that handle them (libs/simulator/src/street.ts). */
const HOTLINE_TO_UNIT_CATEGORY = {
  '03.01.02': 'housing-repair',
  '03.02.01': 'property-service',
  '01.03.02': '03',
  '01.03.05': 'noise-night',
  '01.02.06': '04-06',
  '05.02.03': 'consumer',
  '01.02.10': '04-10',
  '07.01.01': 'neighbourhood',
  '05.01.01': 'food-safety',
  '01.01.10': '01-10',
  '07.02.01': 'community-affairs',
  '01.02.05': '04-05',
  '03.03.04': 'property-dispute',
  '06.01.02': 'elderly-care',
  '01.04.01': '03',
  '08.01.02': 'fire-safety',
  '08.02.01': 'public-order',
  '06.02.01': 'welfare',
  '01.01.21': '02-01',
  '99.00.00': 'community-affairs',
};

/** The id of the unit whose declared categories match best (an exact code over its major class), or undefined. */
export function suggestUnit(code, units) {
  if (!code) return undefined;
  const wanted = HOTLINE_TO_UNIT_CATEGORY[code] ?? code;
  const active = units.filter((unit) => unit.active !== false);
  const exact = active.find((unit) => unit.categories?.includes(wanted));
  if (exact) return exact.unitId;
  const major = wanted.split('-')[0];
  return active.find((unit) => unit.categories?.includes(major))?.unitId;
}
