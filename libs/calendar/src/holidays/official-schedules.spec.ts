import { weekday } from '../civil-date.js';
import { validateYearSchedule } from '../holiday-schedule.js';
import { OFFICIAL_SCHEDULES } from './index.js';

describe('built-in official schedules 2020–2026', () => {
  it('covers every year from 2020 to 2026 once, in order', () => {
    expect(OFFICIAL_SCHEDULES.map((schedule) => schedule.year)).toEqual([
      2020, 2021, 2022, 2023, 2024, 2025, 2026,
    ]);
  });

  it.each(OFFICIAL_SCHEDULES.map((schedule) => [schedule.year, schedule] as const))(
    '%i passes the same validation as an imported year and names its State Council notice',
    (year, schedule) => {
      expect(validateYearSchedule(schedule)).toEqual(schedule);
      const [notice] = schedule.sources;
      expect(notice?.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
      expect(notice?.documentNumber).toMatch(new RegExp(`^国办发明电〔${year - 1}〕\\d+号$`));
      for (const makeUp of schedule.makeUpWorkdays) expect([0, 6]).toContain(weekday(makeUp.date));
    },
  );

  it('records the notice numbers', () => {
    expect(
      OFFICIAL_SCHEDULES.map((schedule) => schedule.sources.map((source) => source.documentNumber)),
    ).toEqual([
      ['国办发明电〔2019〕16号', '国办发明电〔2020〕1号'],
      ['国办发明电〔2020〕27号'],
      ['国办发明电〔2021〕11号'],
      ['国办发明电〔2022〕16号'],
      ['国办发明电〔2023〕7号'],
      ['国办发明电〔2024〕12号'],
      ['国办发明电〔2025〕7号'],
    ]);
  });

  it('has the holidays of 2025 and 2026 as announced', () => {
    const byYear = new Map(OFFICIAL_SCHEDULES.map((schedule) => [schedule.year, schedule]));
    expect(byYear.get(2025)?.holidays.map(({ name, from, to }) => `${name} ${from}..${to}`)).toEqual([
      '元旦 2025-01-01..2025-01-01',
      '春节 2025-01-28..2025-02-04',
      '清明节 2025-04-04..2025-04-06',
      '劳动节 2025-05-01..2025-05-05',
      '端午节 2025-05-31..2025-06-02',
      '国庆节、中秋节 2025-10-01..2025-10-08',
    ]);
    expect(byYear.get(2025)?.makeUpWorkdays.map((day) => day.date)).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
    expect(byYear.get(2026)?.holidays.map(({ name, from, to }) => `${name} ${from}..${to}`)).toEqual([
      '元旦 2026-01-01..2026-01-03',
      '春节 2026-02-15..2026-02-23',
      '清明节 2026-04-04..2026-04-06',
      '劳动节 2026-05-01..2026-05-05',
      '端午节 2026-06-19..2026-06-21',
      '中秋节 2026-09-25..2026-09-27',
      '国庆节 2026-10-01..2026-10-07',
    ]);
    expect(byYear.get(2026)?.makeUpWorkdays.map((day) => day.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });
});
