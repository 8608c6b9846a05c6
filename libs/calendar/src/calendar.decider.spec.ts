import { deciderSpec } from '#core/testing';
import { type CalendarEvent, calendarDecider } from './calendar.decider.js';
import { WorkingCalendar } from './working-calendar.js';

const now = new Date('2026-12-10T02:00:00Z');
const spec = deciderSpec(calendarDecider, () => ({ now }));

/** A made-up 2027 schedule for the tests (the real one was not published on 2026-11-27). */
const schedule2027 = {
  year: 2027,
  sources: [{ title: '测试用2027年节假日安排', documentNumber: 'TEST-2027', issued: '2026-12-01' }],
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-05', to: '2027-02-12' },
  ],
  makeUpWorkdays: [{ date: '2027-02-14', for: '春节' }],
};

function fold(events: readonly CalendarEvent[]): WorkingCalendar {
  return events.reduce(calendarDecider.evolve, calendarDecider.initialState());
}

describe('calendar decider', () => {
  it('imports an official year with the version it produces, and replay gives that version', () => {
    const [event] = spec
      .given([])
      .when({ type: 'ImportOfficialYear', data: { schedule: schedule2027 } })
      .thenEvents((events) => expect(events.map((e) => e.type)).toEqual(['OfficialYearImported']));
    const calendar = fold([event as CalendarEvent]);
    expect(event?.data.version).toBe(calendar.version);
    expect(calendar.version).not.toBe(WorkingCalendar.builtIn().version);
    expect(calendar.officialYears).toContain(2027);
    expect(calendar.isWorkingDay('2027-02-14')).toBe(true);
  });

  it('treats the same schedule again as nothing new', () => {
    const imported = calendarDecider.decide(
      { type: 'ImportOfficialYear', data: { schedule: schedule2027 } },
      WorkingCalendar.builtIn(),
      { now },
    );
    spec
      .given(imported)
      .when({ type: 'ImportOfficialYear', data: { schedule: schedule2027 } })
      .thenNothingHappened();
  });

  it('refuses a schedule whose make-up day is not a weekend, as invalid input', () => {
    const bad = { ...schedule2027, makeUpWorkdays: [{ date: '2027-02-15', for: '春节' }] };
    const error = spec
      .given([])
      .when({ type: 'ImportOfficialYear', data: { schedule: bad } })
      .thenThrows('CALENDAR.INVALID_SCHEDULE');
    expect(error.kind).toBe('invalid-input');
  });

  it('overrides a day (a typhoon closure) and removes the override again', () => {
    const typhoon = { date: '2026-09-15', status: 'holiday', reason: '台风停工' } as const;
    const [overridden] = spec
      .given([])
      .when({ type: 'OverrideCalendarDays', data: { overrides: [typhoon] } })
      .thenEvents((events) => expect(events).toHaveLength(1));
    expect(fold([overridden as CalendarEvent]).isWorkingDay('2026-09-15')).toBe(false);
    spec
      .given([overridden as CalendarEvent])
      .when({ type: 'OverrideCalendarDays', data: { overrides: [typhoon] } })
      .thenNothingHappened();
    const [removed] = spec
      .given([overridden as CalendarEvent])
      .when({ type: 'RemoveCalendarOverrides', data: { dates: ['2026-09-15'] } })
      .thenEvents((events) => expect(events).toHaveLength(1));
    expect(fold([overridden as CalendarEvent, removed as CalendarEvent]).version).toBe(
      WorkingCalendar.builtIn().version,
    );
  });
});
