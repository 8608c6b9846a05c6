import { DEFAULT_SLA_RULES, shanghaiDayAndTime, WorkingCalendar } from '#calendar';
import { calendarGridDeadlinePolicy, type FindingReported } from '#grid';
import {
  type CallbackRecorded,
  calendarDeadlinePolicy,
  type ContactRecorded,
  type ReplySubmitted,
  type TicketAccepted,
  type TicketDispatched,
  type TicketReceived,
} from '#hotline';
import { DEFAULT_MIX, WORKDAY_INTAKE_FACTOR } from './mix.js';
import { simulateStreet } from './simulate.js';
import type { SimulatedStep } from './step.js';
import { SIM_FINDING_CATEGORIES } from './street.js';
import { type SimulationSummary, simulationSummary } from './summary.js';

const calendar = WorkingCalendar.builtIn();
const START = '2026-03-02T00:00:00+08:00';
const DAY = 86_400_000;

type Event = { readonly type: string; readonly data: unknown };
const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/** 30 days at ~100 tickets a day, on the real calendar and SLA rules: the street of domain.md at its busy end. */
describe('a 30-day run at 100 tickets a day', () => {
  let steps: SimulatedStep[];
  let summary: SimulationSummary;
  /** The events of each stream, in order. */
  const streams = new Map<string, Event[]>();
  const events = (type: string): Event[] =>
    steps.flatMap((step) => step.events.filter((e) => e.type === type));
  const ticketStreams = (): [string, Event[]][] =>
    [...streams].filter(([stream]) => stream.startsWith('ticket-'));

  beforeAll(() => {
    steps = [
      ...simulateStreet({
        seed: 2026,
        start: START,
        days: 30,
        ticketsPerDay: 100,
        hotlineDeadlines: calendarDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
        gridDeadlines: calendarGridDeadlinePolicy(DEFAULT_SLA_RULES, () => calendar),
      }),
    ];
    for (const step of steps) streams.set(step.stream, [...(streams.get(step.stream) ?? []), ...step.events]);
    summary = simulationSummary(steps);
  });

  it('takes in about 3,000 tickets, more on working days and in office hours', () => {
    const intake = events('TicketReceived') as TicketReceived[];
    expect(intake.length).toBeGreaterThan(2700);
    expect(intake.length).toBeLessThan(3300);
    const perDay = new Map<number, number>();
    let daytime = 0;
    for (const event of intake) {
      const { day, msOfDay } = shanghaiDayAndTime(new Date(event.data.at));
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
      if (msOfDay >= 9 * 3_600_000 && msOfDay < 18 * 3_600_000) daytime += 1;
    }
    const average = (working: boolean) => {
      const days = [...perDay].filter(([day]) => calendar.isWorkingDay(new Date(day * DAY)) === working);
      return days.reduce((sum, [, n]) => sum + n, 0) / days.length;
    };
    expect(average(true) / average(false)).toBeGreaterThan(1.3);
    expect(average(true)).toBeCloseTo(100 * WORKDAY_INTAKE_FACTOR, -1);
    expect(share(daytime, intake.length)).toBeGreaterThan(0.6);
  });

  it('mixes urgency, callers, types and channels as the named constants say, with skewed categories', () => {
    const intake = (events('TicketReceived') as TicketReceived[]).map((e) => e.data);
    const n = intake.length;
    expect(share(intake.filter((t) => t.urgency === 'urgent').length, n)).toBeCloseTo(
      DEFAULT_MIX.urgentShare,
      1,
    );
    expect(
      Math.abs(share(intake.filter((t) => t.urgency === 'urgent').length, n) - DEFAULT_MIX.urgentShare),
    ).toBeLessThan(0.015);
    expect(
      Math.abs(share(intake.filter((t) => t.caller?.confidential).length, n) - DEFAULT_MIX.confidentialShare),
    ).toBeLessThan(0.02);
    expect(
      Math.abs(
        share(intake.filter((t) => t.type === 'complaint').length, n) - DEFAULT_MIX.ticketTypes.complaint,
      ),
    ).toBeLessThan(0.03);
    expect(
      Math.abs(
        share(intake.filter((t) => t.channel === 'phone').length, n) - (DEFAULT_MIX.channels.phone ?? 0),
      ),
    ).toBeLessThan(0.03);
    const byCategory = new Map<string, number>();
    for (const t of intake) byCategory.set(t.category.code, (byCategory.get(t.category.code) ?? 0) + 1);
    const ranked = [...byCategory].sort((a, b) => b[1] - a[1]);
    expect(ranked[0]?.[0]).toBe('03.01.02');
    expect(
      share(
        ranked.slice(0, 3).reduce((sum, [, count]) => sum + count, 0),
        n,
      ),
    ).toBeGreaterThan(0.35);
  });

  it('returns, re-dispatches, contacts and extends in the named proportions', () => {
    const tickets = ticketStreams();
    const dispatched = tickets.filter(([, es]) => es.some((e) => e.type === 'TicketDispatched'));
    const returned = dispatched.filter(([, es]) => es.some((e) => e.type === 'TicketReturnedToCenter'));
    const expectedReturns = DEFAULT_MIX.misdispatchShare + DEFAULT_MIX.returnForCoordinationShare;
    expect(Math.abs(share(returned.length, dispatched.length) - expectedReturns)).toBeLessThan(0.015);
    const otherUnit = dispatched.filter(
      ([, es]) =>
        new Set(
          es.filter((e) => e.type === 'TicketDispatched').map((e) => (e as TicketDispatched).data.unitId),
        ).size > 1,
    );
    expect(Math.abs(share(otherUnit.length, dispatched.length) - DEFAULT_MIX.misdispatchShare)).toBeLessThan(
      0.012,
    );
    const upstream = tickets.filter(([, es]) => es.some((e) => e.type === 'TicketReturnedUpstream'));
    expect(Math.abs(share(upstream.length, tickets.length) - DEFAULT_MIX.returnUpstreamShare)).toBeLessThan(
      0.01,
    );

    // 先行联系: the concluding first contact, late in about 8 % of acceptances.
    const firstContacts = (events('ContactRecorded') as ContactRecorded[]).filter(
      (e) => e.data.phase === 'first' && e.data.outcome !== 'unreachable',
    );
    const late = firstContacts.filter((e) => e.data.onTime === false);
    expect(
      Math.abs(share(late.length, firstContacts.length) - DEFAULT_MIX.firstContactLateShare),
    ).toBeLessThan(0.02);
    expect(firstContacts.some((e) => e.data.outcome === 'refused')).toBe(true);
    expect(firstContacts.some((e) => e.data.outcome === 'wrong-number')).toBe(true);

    // 延期: of tickets on a multi-day handling limit, most approved.
    const eligible = tickets.filter(([, es]) => {
      const handle = (
        es.find((e) => e.type === 'TicketAccepted' && (e as TicketAccepted).data.handle) as
          TicketAccepted | undefined
      )?.data.handle;
      return handle !== undefined && Date.parse(handle.dueAt) - Date.parse(handle.startedAt) >= 2 * DAY;
    });
    const requested = eligible.filter(([, es]) => es.some((e) => e.type === 'ExtensionRequested'));
    expect(
      Math.abs(share(requested.length, eligible.length) - DEFAULT_MIX.extensionRequestShare),
    ).toBeLessThan(0.025);
    const approved = events('ExtensionApproved').length;
    expect(
      Math.abs(share(approved, events('ExtensionRequested').length) - DEFAULT_MIX.extensionApprovedShare),
    ).toBeLessThan(0.1);
    expect(events('ExtensionRejected').length).toBeGreaterThan(0);
  });

  it('replies, reviews and finishes about one handling stage in ten late', () => {
    const replies = (events('ReplySubmitted') as ReplySubmitted[]).map((e) => e.data);
    for (const result of ['resolved', 'explained', 'unresolved'] as const) {
      const measured = share(replies.filter((r) => r.result === result).length, replies.length);
      expect(Math.abs(measured - DEFAULT_MIX.replyResults[result])).toBeLessThan(0.03);
    }
    const reviews = events('ReplyApproved').length + events('ReplyRejected').length;
    expect(
      Math.abs(share(events('ReplyRejected').length, reviews) - DEFAULT_MIX.reviewRejectedShare),
    ).toBeLessThan(0.02);
    // A stage finishes with the reply that passes review.
    let stages = 0;
    let lateStages = 0;
    for (const [, es] of ticketStreams()) {
      let last: ReplySubmitted | undefined;
      for (const e of es) {
        if (e.type === 'ReplySubmitted') last = e as ReplySubmitted;
        if (e.type === 'ReplyApproved' && last) {
          stages += 1;
          if (!last.data.onTime) lateStages += 1;
        }
      }
    }
    expect(share(lateStages, stages)).toBeGreaterThan(0.06);
    expect(share(lateStages, stages)).toBeLessThan(0.14);
    expect(replies.some((r) => r.stage === 'rework')).toBe(true);
    expect(replies.some((r) => r.stage === 'reopen')).toBe(true);
    expect(summary.stagesLate).toBeGreaterThan(0);
    expect(summary.stages.TicketSigned?.late).toBeGreaterThan(0);
    expect(summary.eventTypes.TicketUrged).toBeGreaterThan(0);
    expect(summary.eventTypes.TicketSupervised).toBeGreaterThan(0);
    expect(summary.eventTypes.CallMerged).toBeGreaterThan(0);
    expect(summary.eventTypes.TicketParked).toBeGreaterThan(0);
    expect(summary.eventTypes.TicketMarkedAsWarning).toBeGreaterThan(0);
  });

  it('gets the 12345 ratings of the named mix and reopens about 4 % of replied tickets', () => {
    const rated = (events('CallbackRecorded') as CallbackRecorded[]).filter(
      (e) => e.data.by === 'hotline' && e.data.satisfaction !== undefined,
    );
    expect(rated.length).toBeGreaterThan(2500);
    for (const satisfaction of ['satisfied', 'basically-satisfied', 'dissatisfied'] as const) {
      const measured = share(rated.filter((e) => e.data.satisfaction === satisfaction).length, rated.length);
      expect(Math.abs(measured - DEFAULT_MIX.hotlineSatisfaction[satisfaction])).toBeLessThan(0.03);
    }
    const replied = ticketStreams().filter(([, es]) => es.some((e) => e.type === 'TicketRepliedUpstream'));
    const reopened = replied.filter(([, es]) => es.some((e) => e.type === 'TicketReopened'));
    const expected = DEFAULT_MIX.hotlineSatisfaction.dissatisfied * DEFAULT_MIX.reopenIfDissatisfiedShare;
    expect(Math.abs(share(reopened.length, replied.length) - expected)).toBeLessThan(0.015);
    const kinds = new Set(events('TicketReopened').map((e) => (e.data as { kind: string }).kind));
    expect([...kinds].sort()).toEqual(['recheck', 'redo', 'supervision']);
  });

  it('ends every ticket opened in the first ten days by the horizon, but the few parked ones', () => {
    const early = ticketStreams().filter(([, es]) => {
      const received = es[0] as TicketReceived;
      return Date.parse(received.data.at) < Date.parse(START) + 10 * DAY;
    });
    expect(early.length).toBeGreaterThan(800);
    const open = early.filter(
      ([, es]) => !['TicketClosed', 'TicketReturnedUpstream'].includes(es[es.length - 1]?.type ?? ''),
    );
    for (const [, es] of open) expect(es[es.length - 1]?.type).toBe('TicketParked');
    expect(share(open.length, early.length)).toBeLessThan(0.01);
  });

  it('self-handles, reworks and closes grid findings in the named proportions', () => {
    const simple = new Set(SIM_FINDING_CATEGORIES.filter((c) => c.simple).map((c) => `${c.kind} ${c.code}`));
    const reports = (events('FindingReported') as FindingReported[]).map((e) => e.data.report);
    expect(reports.length).toBeGreaterThan(1200);
    const candidates = reports.filter(
      (r) => r.source === 'patrol' && simple.has(`${r.category.kind} ${r.category.code}`),
    );
    const selfHandled = candidates.filter((r) => r.selfHandled === true);
    expect(
      Math.abs(share(selfHandled.length, candidates.length) - DEFAULT_MIX.selfHandledShare),
    ).toBeLessThan(0.05);
    const checks = events('FindingChecked').map((e) => e.data as { passed: boolean });
    expect(
      Math.abs(share(checks.filter((c) => !c.passed).length, checks.length) - DEFAULT_MIX.checkFailShare),
    ).toBeLessThan(0.03);
    expect(summary.stages.FindingHandled?.late).toBeGreaterThan(0);
    expect(summary.eventTypes.FindingExtensionApproved).toBeGreaterThan(0);
    expect(summary.eventTypes.FindingReturned).toBeGreaterThan(0);
    expect(summary.findingStatuses.closed ?? 0).toBeGreaterThan(0.9 * summary.findings);
  });

  it('keeps shop cards and bikes going at a low rate', () => {
    expect(summary.eventTypes.ViolationRecorded).toBeGreaterThan(20);
    expect(summary.eventTypes.WarningIssued).toBeGreaterThan(0);
    expect(summary.eventTypes.YellowCardIssued).toBeGreaterThan(0);
    expect(summary.bikes).toBeGreaterThan(10);
    expect(summary.eventTypes.BikeRemoved).toBeGreaterThan(0);
  });
});
