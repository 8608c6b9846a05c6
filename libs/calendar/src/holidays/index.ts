import type { OfficialYearSchedule } from '../holiday-schedule.js';
import { OFFICIAL_2020 } from './official-2020.js';
import { OFFICIAL_2021 } from './official-2021.js';
import { OFFICIAL_2022 } from './official-2022.js';
import { OFFICIAL_2023 } from './official-2023.js';
import { OFFICIAL_2024 } from './official-2024.js';
import { OFFICIAL_2025 } from './official-2025.js';
import { OFFICIAL_2026 } from './official-2026.js';

/**
 * Every official schedule built in: 2020–2026, each checked against its State Council notice and against the npm
 * package chinese-days 1.5.7. 2027 had not been published on 2026-11-27; import it when it is.
 */
export const OFFICIAL_SCHEDULES: readonly OfficialYearSchedule[] = [
  OFFICIAL_2020,
  OFFICIAL_2021,
  OFFICIAL_2022,
  OFFICIAL_2023,
  OFFICIAL_2024,
  OFFICIAL_2025,
  OFFICIAL_2026,
];

export {
  OFFICIAL_2020,
  OFFICIAL_2021,
  OFFICIAL_2022,
  OFFICIAL_2023,
  OFFICIAL_2024,
  OFFICIAL_2025,
  OFFICIAL_2026,
};
