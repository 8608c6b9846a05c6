import { formatShanghai } from './civil-date.js';
import { reviseProvisionalDeadlines } from './deadline-revision.js';
import { addDuration } from './deadlines.js';
import { WorkingCalendar, importOfficialYear, overrideDays } from './working-calendar.js';

const before = WorkingCalendar.builtIn();
// A hypothetical 2027 schedule (the real one was not published on 2026-11-27): 春节 runs to 2-12, not 2-8.
const after = importOfficialYear(before, {
  year: 2027,
  sources: [{ title: 'hypothetical 2027 notice', documentNumber: 'test-2027', issued: '2026-12-01' }],
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-05', to: '2027-02-12' },
  ],
  makeUpWorkdays: [{ date: '2027-02-20', for: '春节' }],
});

/** An open deadline as recorded when its stage started on the old calendar. */
const recorded = (id: string, start: string, limit: string) => {
  const deadline = addDuration(new Date(start), limit, before);
  return { id, start: new Date(start), limit, dueAt: deadline.dueAt, provisional: deadline.provisional };
};

describe('reviseProvisionalDeadlines after importing an official year', () => {
  const acrossSpringFestival = recorded('ticket-1/handle', '2027-02-03T10:00:00+08:00', '5wd');
  const acrossNewYear = recorded('ticket-2/handle', '2026-12-30T10:00:00+08:00', '5wd');
  const official = recorded('ticket-3/handle', '2026-06-01T10:00:00+08:00', '5wd');

  it('starts from provisional deadlines on the old calendar', () => {
    expect(formatShanghai(acrossSpringFestival.dueAt)).toBe('2027-02-12T17:30:00+08:00');
    expect(acrossSpringFestival.provisional).toBe(true);
    expect(acrossNewYear.provisional).toBe(true);
    expect(official.provisional).toBe(false);
  });

  it('returns old and new due time for the provisional deadlines that move, and only those', () => {
    const revisions = reviseProvisionalDeadlines(
      [acrossSpringFestival, acrossNewYear, official],
      before,
      after,
    );
    expect(
      revisions.map((r) => ({
        ...r,
        oldDueAt: formatShanghai(r.oldDueAt),
        newDueAt: formatShanghai(r.newDueAt),
      })),
    ).toEqual([
      {
        id: 'ticket-1/handle',
        // 2-4 (1), [2-5..2-12 official 春节, weekend], 2-15, 2-16, 2-17, 2-18 (5)
        oldDueAt: '2027-02-12T17:30:00+08:00',
        newDueAt: '2027-02-18T17:30:00+08:00',
        provisional: false,
        calendarVersion: after.version,
      },
    ]);
  });

  it('works out whether a deadline was provisional when that was not recorded', () => {
    const { provisional: _dropped, ...unflagged } = recorded(
      'ticket-4/first-contact',
      '2027-02-04T17:50:00+08:00',
      '1wd',
    );
    const [revision] = reviseProvisionalDeadlines([unflagged], before, after);
    expect(revision && formatShanghai(revision.oldDueAt)).toBe('2027-02-10T17:30:00+08:00');
    expect(revision && formatShanghai(revision.newDueAt)).toBe('2027-02-16T17:30:00+08:00');
  });

  it('keeps the recorded old due time rather than recomputing it', () => {
    // Even if an admin override changed the old calendar since, the event history holds what was recorded.
    const changed = overrideDays(before, [{ date: '2027-02-09', status: 'holiday', reason: 'test' }]);
    const [revision] = reviseProvisionalDeadlines([acrossSpringFestival], changed, after);
    expect(revision?.oldDueAt).toBe(acrossSpringFestival.dueAt);
  });

  it('flags a revised deadline that still reaches an unpublished year as provisional', () => {
    const december = recorded('ticket-5/handle', '2027-12-28T10:00:00+08:00', '5wd');
    const withNewYearOff = overrideDays(after, [{ date: '2027-12-31', status: 'holiday', reason: 'test' }]);
    const [revision] = reviseProvisionalDeadlines(
      [{ ...december, provisional: true }],
      after,
      withNewYearOff,
    );
    expect(revision?.provisional).toBe(true);
    expect(revision && formatShanghai(revision.newDueAt)).toBe('2028-01-05T17:30:00+08:00');
  });
});
