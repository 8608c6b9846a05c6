import type { RecordedEvent } from '#event-store';
import * as grid from '#grid/testing/finding-fixtures';
import { ev, history, UNIT } from '#hotline/testing/ticket-fixtures';
import { type NotifyWebhook, parseNotifyWebhooks } from '#platform';
import { alertOf, caseUnitOf, deliveryJobId, webhooksFor } from './alerts.js';

const recorded = (stream: string, type: string, data: object): RecordedEvent => ({
  id: '6f1c0a52-3b0e-4a8e-9d1a-0c6c2d6b7e01',
  stream,
  revision: 7,
  position: '42',
  type,
  data,
  metadata: { actor: { id: 'deadline-timer', role: 'system' } },
  recordedAt: '2026-10-08T02:21:01.000Z',
});

const webhooks: readonly NotifyWebhook[] = parseNotifyWebhooks([
  { id: 'enforcement-duty', url: 'https://hooks.example/e', secret: 's1', units: ['enforcement'] },
  { id: 'supervisors', url: 'https://hooks.example/s', secret: 's2', roles: ['supervisor'] },
  {
    id: 'supervisors-urgent',
    url: 'https://hooks.example/u',
    secret: 's3',
    roles: ['supervisor'],
    kinds: ['overdue', 'supervision'],
  },
  {
    id: 'market-late',
    url: 'https://hooks.example/m',
    secret: 's4',
    units: ['market', 'housing'],
    kinds: ['overdue'],
  },
]);
const ids = (alert: Parameters<typeof webhooksFor>[0]) => webhooksFor(alert, webhooks).map((w) => w.id);

describe('alert notifications', () => {
  it('turns an overdue ticket stage into ids, kind and times only', () => {
    const alert = alertOf(
      recorded('ticket-0b3c9a5e-8d42-5f7e-9a11-2c3d4e5f6a7b', 'TicketOverdue', {
        stage: 'handle',
        startedAt: '2026-09-30T08:50:00.000Z',
        dueAt: '2026-10-13T09:30:00.000Z',
        unitId: 'enforcement',
        superviseAt: '2026-10-14T09:30:00.000Z',
        at: '2026-10-13T09:31:00.000Z',
      }),
    );
    expect(alert).toEqual({
      id: '6f1c0a52-3b0e-4a8e-9d1a-0c6c2d6b7e01',
      type: 'TicketOverdue',
      caseType: 'ticket',
      caseId: '0b3c9a5e-8d42-5f7e-9a11-2c3d4e5f6a7b',
      kind: 'overdue',
      stage: 'handle',
      dueAt: '2026-10-13T09:30:00.000Z',
      unitId: 'enforcement',
      at: '2026-10-13T09:31:00.000Z',
      position: '42',
    });
  });

  it('names warnings and escalations by kind, with null for what the event does not say', () => {
    const warning = alertOf(
      recorded('finding-f-1', 'FindingDeadlineWarning', {
        stage: 'handle',
        startedAt: 'x',
        dueAt: '2026-10-09T01:00:00.000Z',
        warnAt: 'y',
        at: '2026-10-09T00:00:00.000Z',
      }),
    );
    expect(warning).toMatchObject({ caseType: 'finding', caseId: 'f-1', kind: 'warning', unitId: null });
    const kinds = (['overdue', 'repeated', 'units'] as const).map(
      (reason) =>
        alertOf(recorded('ticket-t-1', 'TicketEscalated', { reason, count: 3, at: '2026-10-09T00:00:00Z' }))
          ?.kind,
    );
    expect(kinds).toEqual(['supervision', 'repeated', 'units']);
    expect(
      alertOf(recorded('finding-f-1', 'FindingEscalated', { reason: 'repeated', count: 2, at: 'z' })),
    ).toMatchObject({ kind: 'repeated', stage: null, dueAt: null });
  });

  it('gives an alert that names no unit the unit its case is with, as GET /alerts does', () => {
    const repeated = recorded('ticket-t-1', 'TicketEscalated', { reason: 'repeated', count: 2, at: 'x' });
    expect(alertOf(repeated)?.unitId).toBeNull();
    expect(alertOf(repeated, caseUnitOf('ticket', history['in-progress']))?.unitId).toBe(UNIT);
    expect(alertOf(repeated, caseUnitOf('ticket', [ev.received()]))?.unitId).toBeNull();
    const named = recorded('ticket-t-1', 'TicketOverdue', { stage: 'handle', unitId: 'market', at: 'x' });
    expect(alertOf(named, UNIT)?.unitId).toBe('market');
    expect(caseUnitOf('finding', grid.history.dispatched)).toBe(grid.UNIT);
    expect(caseUnitOf('finding', [])).toBeNull();
  });

  it('ignores every other event, and an alert without its kind', () => {
    expect(alertOf(recorded('ticket-t-1', 'TicketSigned', { at: 'x' }))).toBeUndefined();
    expect(alertOf(recorded('ticket-t-1', 'TicketEscalated', { reason: 'bored', at: 'x' }))).toBeUndefined();
    expect(alertOf(recorded('shop-s-1', 'TicketOverdue', { at: 'x' }))).toBeUndefined();
  });

  it('carries nothing of the event beyond the payload fields (no personal data can slip through)', () => {
    const alert = alertOf(
      recorded('ticket-t-1', 'TicketEscalated', {
        reason: 'units',
        unitId: 'market',
        at: '2026-10-09T00:00:00Z',
        caller: { name: '王先生', phone: '13812345678' },
        address: '威海路100号',
      }),
    );
    expect(Object.keys(alert ?? {}).sort()).toEqual(
      ['at', 'caseId', 'caseType', 'dueAt', 'id', 'kind', 'position', 'stage', 'type', 'unitId'].sort(),
    );
    expect(JSON.stringify(alert)).not.toMatch(/王|138|威海路/);
  });

  it('sends supervisors every alert and a unit only its own, each within its kinds', () => {
    expect(ids({ kind: 'warning', unitId: null })).toEqual(['supervisors']);
    expect(ids({ kind: 'overdue', unitId: null })).toEqual(['supervisors', 'supervisors-urgent']);
    expect(ids({ kind: 'warning', unitId: 'enforcement' })).toEqual(['enforcement-duty', 'supervisors']);
    expect(ids({ kind: 'overdue', unitId: 'housing' })).toEqual([
      'supervisors',
      'supervisors-urgent',
      'market-late',
    ]);
    expect(ids({ kind: 'supervision', unitId: 'market' })).toEqual(['supervisors', 'supervisors-urgent']);
    expect(ids({ kind: 'units', unitId: 'police' })).toEqual(['supervisors']);
    expect(webhooksFor({ kind: 'overdue', unitId: 'market' }, [])).toEqual([]);
  });

  it('makes a delivery id per webhook and event that BullMQ accepts', () => {
    expect(deliveryJobId('supervisors', 'e-1')).toBe('supervisors|e-1');
    expect(deliveryJobId('a:b', 'c:d')).toBe('a.b|c.d');
  });
});
