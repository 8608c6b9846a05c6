import { WriteSide } from '#commands';
import { DEFAULT_OFFICE_HOURS, DEFAULT_SLA_RULES } from '#calendar';
import { ManualClock } from '#core';
import { type AppendOptions, type AppendResult, type EventToAppend, InMemoryEventStore } from '#event-store';
import { DEFAULT_HOTLINE_RULES } from '#hotline';
import { type PersonalData, PersonalDataVault, type VaultRecord } from '#platform';
import { ReceiveTicketCommand } from './receive-ticket.command.js';
import { ReceiveTicketHandler } from './receive-ticket.handler.js';
import type { ReceiveTicketRequest } from './receive-ticket.request.dto.js';

/** A vault in memory: what the handler stores and erases, to look at afterwards. */
class MemoryVault extends PersonalDataVault {
  readonly records = new Map<string, VaultRecord>();

  store(data: PersonalData): Promise<string> {
    const subjectId = `subject-${this.records.size + 1}`;
    this.records.set(subjectId, { status: 'present', data });
    return Promise.resolve(subjectId);
  }

  read(subjectId: string): Promise<VaultRecord | undefined> {
    return Promise.resolve(this.records.get(subjectId));
  }

  erase(subjectId: string, at: Date): Promise<void> {
    this.records.set(subjectId, { status: 'erased', erasedAt: at.toISOString() });
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A store that lets another delivery of the ticket land first, just before the next append. */
class RacingStore extends InMemoryEventStore {
  race: (() => Promise<unknown>) | undefined;

  override async append(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const race = this.race;
    this.race = undefined;
    if (race) await race();
    return super.append(stream, events, options);
  }
}

const request = {
  ticketNo: 'HL2026030200042',
  receivedAt: '2026-03-02T09:15:00+08:00',
  type: 'complaint',
  urgency: 'normal',
  category: { code: '01.03.02' },
  title: '夜间施工噪声',
  content: '工地夜间施工',
  address: '威海路100号',
  caller: { name: '王先生', phone: '13812341234', confidential: false },
} as unknown as ReceiveTicketRequest;
const meta = { actor: { id: 'integration', role: 'integration' }, correlationId: 'intake' };

describe('intake and the vault', () => {
  it('erases the subject a losing first delivery stored, and keeps the winner’s', async () => {
    const store = new RacingStore();
    const clock = new ManualClock('2026-03-02T09:20:00+08:00');
    const writeSide = new WriteSide(store, clock, {
      slaRules: DEFAULT_SLA_RULES,
      officeHours: DEFAULT_OFFICE_HOURS,
      rules: { hotline: DEFAULT_HOTLINE_RULES },
    });
    const vault = new MemoryVault();
    const handler = new ReceiveTicketHandler(writeSide, vault, clock);
    // The other delivery runs to its end between this one's read and its append.
    store.race = () => handler.execute(new ReceiveTicketCommand(request, meta));
    const outcome = await handler.execute(new ReceiveTicketCommand(request, meta));
    writeSide.stop();

    expect(outcome.created).toBe(false);
    const [received] = await store.readStream(`ticket-${outcome.ticketId}`);
    const kept = (received?.data as { caller: { subjectId: string } }).caller.subjectId;
    expect([...vault.records.keys()]).toHaveLength(2);
    for (const [subjectId, record] of vault.records) {
      expect([subjectId, record.status]).toEqual([subjectId, subjectId === kept ? 'present' : 'erased']);
    }
  });
});
