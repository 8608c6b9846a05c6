import { DEFAULT_OFFICE_HOURS, DEFAULT_SLA_RULES } from '#calendar';
import { type ActorScope, ManualClock } from '#core';
import {
  type AppendOptions,
  type AppendResult,
  type EventToAppend,
  InMemoryEventStore,
  type ReadStreamOptions,
  type RecordedEvent,
} from '#event-store';
import type { FindingCommand, FindingState } from '#grid';
import { DEFAULT_HOTLINE_RULES, type TicketCommand, type TicketState } from '#hotline';
import type { CommandCall } from './command-call.js';
import { WriteSide } from './write-side.js';

/** The store, counting what each command does to it. */
class CountingStore extends InMemoryEventStore {
  reads: string[] = [];
  appends: string[] = [];

  override readStream(stream: string, options?: ReadStreamOptions): Promise<readonly RecordedEvent[]> {
    this.reads.push(stream);
    return super.readStream(stream, options);
  }

  override append(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.appends.push(stream);
    return super.append(stream, events, options);
  }

  reset(): void {
    this.reads = [];
    this.appends = [];
  }
}

const UNIT = 'unit-a';
const GRID = 'grid-a';
const dispatcher: ActorScope = { role: 'dispatcher', gridIds: [] };
const supervisor: ActorScope = { role: 'supervisor', gridIds: [] };
const integration: ActorScope = { role: 'integration', gridIds: [] };
const handler: ActorScope = { role: 'handler', unitId: UNIT, gridIds: [] };
const inspector: ActorScope = { role: 'inspector', gridIds: [GRID] };
const admin: ActorScope = { role: 'admin', gridIds: [] };

const callAs = (scope: ActorScope): CommandCall => ({
  actor: { id: `${scope.role}-1`, role: scope.role, ...(scope.unitId ? { unitId: scope.unitId } : {}) },
  scope,
  correlationId: 'test',
});

/** The write side's settings: the built-in SLA rules and office hours, and the hotline rules given. */
const settings = (hotline = DEFAULT_HOTLINE_RULES) => ({
  slaRules: DEFAULT_SLA_RULES,
  officeHours: DEFAULT_OFFICE_HOURS,
  rules: { hotline },
});

/** A 12345 intake of the test street. */
const intake = (ticketNo: string): TicketCommand => ({
  type: 'ReceiveTicket',
  data: {
    ticketId: ticketNo,
    ticketNo,
    receivedAt: '2026-03-02T08:55:00+08:00',
    type: 'complaint',
    urgency: 'normal',
    category: { code: '01.03.02', path: [] },
    title: '夜间施工噪声扰民',
    content: '工地夜间施工',
    address: '南京西路 1 号',
    channel: 'phone',
    gridId: GRID,
    caller: { subjectId: 'subject-1', confidential: false, phoneMasked: '138****1234' },
    repeatCount: 0,
  },
});

async function street(): Promise<{ store: CountingStore; clock: ManualClock; writeSide: WriteSide }> {
  const store = new CountingStore();
  // Monday 2 March 2026, 09:00 in Shanghai: a working day.
  const clock = new ManualClock('2026-03-02T09:00:00+08:00');
  const writeSide = new WriteSide(store, clock, {
    slaRules: DEFAULT_SLA_RULES,
    officeHours: DEFAULT_OFFICE_HOURS,
    rules: { hotline: DEFAULT_HOTLINE_RULES },
  });
  await writeSide.start();
  const call = callAs(admin);
  await writeSide.directory.run(
    { type: 'RegisterUnit', data: { unitId: UNIT, name: '城管中队', kind: 'enforcement' } },
    call,
  );
  await writeSide.directory.run(
    { type: 'RegisterGrid', data: { gridId: GRID, name: '一网格', level: 'unit' } },
    call,
  );
  // What the write side reads when the store announces appends (batched, in the background) is not any command's
  // read: stop following so the counts are the commands' own.
  writeSide.stop();
  return { store, clock, writeSide };
}

/** Runs each step, and asserts that each read exactly one stream once and appended at most once. */
async function expectOneReadEach<S>(
  store: CountingStore,
  steps: readonly (readonly [string, () => Promise<{ events: readonly unknown[]; state: S }>])[],
): Promise<void> {
  const counted: { step: string; reads: string[]; appends: string[]; events: number }[] = [];
  for (const [step, run] of steps) {
    store.reset();
    const result = await run();
    counted.push({ step, reads: store.reads, appends: store.appends, events: result.events.length });
  }
  for (const { step, reads, appends, events } of counted) {
    expect({ step, reads: reads.length }).toEqual({ step, reads: 1 });
    expect({ step, appends: appends.length }).toEqual({ step, appends: events > 0 ? 1 : 0 });
  }
}

describe('one stream read per command', () => {
  it('holds for every kind of ticket command, the scope check included', async () => {
    const { store, clock, writeSide } = await street();
    const t = writeSide.tickets;
    const later = (minutes: number) => () => clock.advance(minutes * 60_000);
    const run = (
      id: string,
      command: TicketCommand | ((state: TicketState) => TicketCommand),
      scope: ActorScope,
    ) => t.run(id, command, callAs(scope));
    const contact = (phase: 'first' | 'before-reply'): TicketCommand => ({
      type: 'RecordContact',
      data: { phase, channel: 'phone', outcome: 'reached', at: clock.now().toISOString() },
    });
    const by = { id: 'x', role: 'dispatcher' };
    const steps: [string, () => Promise<{ events: readonly unknown[]; state: TicketState }>][] = [
      ['ReceiveTicket', () => run('t1', intake('t1'), integration)],
      ['ReceiveTicket (made from the state read)', () => run('t1', () => intake('t1'), integration)],
      ['SignTicket', () => run('t1', { type: 'SignTicket', data: {} }, dispatcher)],
      [
        'DispatchTicket',
        () => run('t1', { type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: [] } }, dispatcher),
      ],
      ['AcceptTicket', () => run('t1', { type: 'AcceptTicket', data: { unitId: '' } }, handler)],
      ['RecordContact', () => run('t1', contact('first'), handler)],
      [
        'RevealCallerContact',
        () => run('t1', { type: 'RevealCallerContact', data: { reason: '先行联系', by } }, dispatcher),
      ],
      [
        'RequestExtension',
        () => run('t1', { type: 'RequestExtension', data: { reason: '需协调', workingDays: 10 } }, handler),
      ],
      ['DecideExtension', () => run('t1', { type: 'DecideExtension', data: { approved: true } }, supervisor)],
      ['RecordContact (before reply)', () => run('t1', contact('before-reply'), handler)],
      [
        'SubmitReply',
        () => run('t1', { type: 'SubmitReply', data: { result: 'resolved', summary: '已整改' } }, handler),
      ],
      ['ReviewReply', () => run('t1', { type: 'ReviewReply', data: { approved: true } }, dispatcher)],
      [
        'RecordCallback (street)',
        () =>
          run(
            't1',
            { type: 'RecordCallback', data: { by: 'street', outcome: 'reached', satisfaction: 'satisfied' } },
            dispatcher,
          ),
      ],
      ['ReplyUpstream', () => run('t1', { type: 'ReplyUpstream', data: { note: '已办结' } }, dispatcher)],
      [
        'RecordCallback (hotline)',
        () =>
          run(
            't1',
            {
              type: 'RecordCallback',
              data: { by: 'hotline', outcome: 'reached', satisfaction: 'dissatisfied' },
            },
            integration,
          ),
      ],
      [
        'ReopenTicket',
        () => run('t1', { type: 'ReopenTicket', data: { kind: 'redo', reason: '市民不满意' } }, integration),
      ],
      ['UrgeTicket', () => run('t1', { type: 'UrgeTicket', data: { note: '请尽快' } }, supervisor)],
      ['SuperviseTicket', () => run('t1', { type: 'SuperviseTicket', data: { note: '督办' } }, supervisor)],
      [
        'MergeCall',
        () =>
          run(
            't1',
            { type: 'MergeCall', data: { callTicketNo: 't1-b', receivedAt: '2026-03-02T10:00:00+08:00' } },
            dispatcher,
          ),
      ],
      [
        'RaiseDeadlineWarning',
        () =>
          run(
            't1',
            { type: 'RaiseDeadlineWarning', data: { stage: 'reopen', startedAt: clock.now().toISOString() } },
            admin,
          ),
      ],
      [
        'MarkOverdue',
        () =>
          run(
            't1',
            { type: 'MarkOverdue', data: { stage: 'reopen', startedAt: clock.now().toISOString() } },
            admin,
          ),
      ],
      [
        'EscalateOverdue',
        () =>
          run(
            't1',
            { type: 'EscalateOverdue', data: { stage: 'reopen', startedAt: clock.now().toISOString() } },
            admin,
          ),
      ],
      [
        'ReviseProvisionalDeadlines',
        () => run('t1', { type: 'ReviseProvisionalDeadlines', data: { calendarVersion: 'v' } }, admin),
      ],
      ['ParkTicket', () => run('t1', { type: 'ParkTicket', data: { reason: '长期问题' } }, supervisor)],
      ['CloseTicket', () => run('t1', { type: 'CloseTicket', data: { reason: '挂账结案' } }, supervisor)],
      [
        'EraseCallerData',
        () => run('t1', { type: 'EraseCallerData', data: { reason: '到期', retentionDays: 0, by } }, admin),
      ],
      ['ReceiveTicket (another)', () => run('t2', intake('t2'), integration)],
      [
        'ReturnTicket (upstream)',
        () => run('t2', { type: 'ReturnTicket', data: { reason: '非本街道', upstream: true } }, dispatcher),
      ],
      ['ReceiveTicket (a third)', () => run('t3', intake('t3'), integration)],
      ['SignTicket (t3)', () => run('t3', { type: 'SignTicket', data: {} }, dispatcher)],
      [
        'DispatchTicket (t3)',
        () => run('t3', { type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: [] } }, dispatcher),
      ],
      [
        'ReturnTicket (to center)',
        () =>
          run(
            't3',
            { type: 'ReturnTicket', data: { reason: '非本单位职责', upstream: false, unitId: UNIT } },
            handler,
          ),
      ],
    ];
    // Time passes between the steps so that every rule sees a plausible clock (contacts after acceptance …).
    await expectOneReadEach(
      store,
      steps.map(([name, step]) => [name, async () => (later(5)(), step())] as const),
    );
    const kinds = new Set(steps.map(([name]) => name.split(' ')[0]));
    expect(kinds.size).toBe(24);
  });

  it('holds for every kind of finding command, the scope check included', async () => {
    const { store, writeSide, clock } = await street();
    const g = writeSide.grid;
    const report = (findingId: string, source: 'patrol' | 'public'): FindingCommand => ({
      type: 'ReportFinding',
      data: {
        findingId,
        source,
        gridId: GRID,
        category: { standard: 'GB/T 30428.2-2013', code: '04-06' },
        description: '人行道有流动摊贩设摊',
        location: { lat: 31.2304, lng: 121.4581 },
        photos: ['before'],
        foundAt: '2026-03-02T08:58:00+08:00',
      },
    });
    const run = (id: string, command: FindingCommand, scope: ActorScope) =>
      g.runFinding(id, command, callAs(scope));
    const at = () => clock.now().toISOString();
    const steps: [string, () => Promise<{ events: readonly unknown[]; state: FindingState }>][] = [
      ['ReportFinding', () => run('f1', report('f1', 'patrol'), inspector)],
      ['FileFinding', () => run('f1', { type: 'FileFinding', data: {} }, dispatcher)],
      ['DispatchFinding', () => run('f1', { type: 'DispatchFinding', data: { unitId: UNIT } }, dispatcher)],
      [
        'RequestExtension',
        () => run('f1', { type: 'RequestExtension', data: { workingDays: 2, reason: '需协调' } }, handler),
      ],
      [
        'DecideExtension',
        () => run('f1', { type: 'DecideExtension', data: { approved: false } }, supervisor),
      ],
      ['ReturnFinding', () => run('f1', { type: 'ReturnFinding', data: { reason: '非本单位' } }, handler)],
      [
        'DispatchFinding (again)',
        () => run('f1', { type: 'DispatchFinding', data: { unitId: UNIT } }, dispatcher),
      ],
      [
        'RaiseDeadlineWarning',
        () => run('f1', { type: 'RaiseDeadlineWarning', data: { stage: 'handle', startedAt: at() } }, admin),
      ],
      [
        'MarkOverdue',
        () => run('f1', { type: 'MarkOverdue', data: { stage: 'handle', startedAt: at() } }, admin),
      ],
      [
        'EscalateOverdue',
        () => run('f1', { type: 'EscalateOverdue', data: { stage: 'handle', startedAt: at() } }, admin),
      ],
      [
        'MarkHandled',
        () => run('f1', { type: 'MarkHandled', data: { note: '已劝离', photos: ['after'] } }, handler),
      ],
      [
        'CheckFinding',
        () =>
          run(
            'f1',
            { type: 'CheckFinding', data: { passed: true, photos: ['check'], inspectorGridIds: [GRID] } },
            inspector,
          ),
      ],
      ['ReportFinding (public)', () => run('f2', report('f2', 'public'), dispatcher)],
      ['VerifyFinding', () => run('f2', { type: 'VerifyFinding', data: { valid: true } }, inspector)],
      [
        'ParkFinding',
        () =>
          run('f2', { type: 'FileFinding', data: {} }, dispatcher).then(() => {
            store.reset();
            return run('f2', { type: 'ParkFinding', data: { reason: '需立项' } }, supervisor);
          }),
      ],
      ['ReportFinding (a third)', () => run('f3', report('f3', 'patrol'), inspector)],
      ['CancelFinding', () => run('f3', { type: 'CancelFinding', data: { reason: '重复上报' } }, dispatcher)],
    ];
    await expectOneReadEach(
      store,
      steps.map(([name, step]) => [name, async () => (clock.advance(60_000), step())] as const),
    );
    const kinds = new Set(steps.map(([name]) => name.split(' ')[0]));
    expect(kinds.size).toBe(14);
  });

  it('a dispatch to a unit the snapshot does not know looks it up once before it is refused', async () => {
    const { store, writeSide } = await street();
    const call = callAs(dispatcher);
    const t = writeSide.tickets;
    await t.run('t9', intake('t9'), call);
    await t.run('t9', { type: 'SignTicket', data: {} }, call);
    store.reset();
    await expect(
      t.run('t9', { type: 'DispatchTicket', data: { unitId: 'unit-unknown', coUnitIds: [] } }, call),
    ).rejects.toMatchObject({ code: 'TICKET.UNKNOWN_UNIT' });
    expect(store.reads).toEqual(['directory-street', 'ticket-t9']);
    expect(store.appends).toEqual([]);
  });
});

describe('the reference data follows the store', () => {
  it('sees a unit another process registered, after the store announced the append', async () => {
    const store = new InMemoryEventStore();
    const clock = new ManualClock('2026-03-02T09:00:00+08:00');
    const here = new WriteSide(store, clock, settings());
    const elsewhere = new WriteSide(store, clock, settings());
    await here.start();
    await elsewhere.directory.run(
      { type: 'RegisterUnit', data: { unitId: 'unit-new', name: '新单位', kind: 'residents-committee' } },
      callAs(admin),
    );
    for (
      let waited = 0;
      !here.reference.directoryView.isActiveUnit('unit-new') && waited < 5000;
      waited += 10
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(here.reference.directoryView.isActiveUnit('unit-new')).toBe(true);
    here.stop();
  });
});

describe('the rules of RULES_FILE reach the decisions', () => {
  it('with the before-reply contact gate off, a reply without it goes through and records what was missing', async () => {
    const store = new InMemoryEventStore();
    const clock = new ManualClock('2026-03-02T09:00:00+08:00');
    const writeSide = new WriteSide(
      store,
      clock,
      settings({ ...DEFAULT_HOTLINE_RULES, requireBeforeReplyContact: false }),
    );
    const call = callAs(admin);
    await writeSide.directory.run(
      { type: 'RegisterUnit', data: { unitId: UNIT, name: '城管中队', kind: 'enforcement' } },
      call,
    );
    const t = (command: TicketCommand) => writeSide.tickets.run('t1', command, call);
    await t(intake('t1'));
    await t({ type: 'SignTicket', data: {} });
    await t({ type: 'DispatchTicket', data: { unitId: UNIT, coUnitIds: [] } });
    await t({ type: 'AcceptTicket', data: { unitId: UNIT } });
    await t({
      type: 'RecordContact',
      data: { phase: 'first', channel: 'phone', outcome: 'reached', at: clock.now().toISOString() },
    });
    const reply = await t({ type: 'SubmitReply', data: { result: 'resolved', summary: '已整改' } });
    expect(reply.events.at(-1)).toMatchObject({
      type: 'ReplySubmitted',
      data: { missingContacts: ['before-reply-contact'] },
    });
    writeSide.stop();
  });
});
