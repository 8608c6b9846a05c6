import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore, type Position, type RecordedEvent } from '#event-store';
import { JsonLogger } from '#platform';

/** A case change as the stream pushes it: which case, which event, where in the log (no payload, no personal data). */
export interface CaseChange {
  readonly kind: 'ticket' | 'finding' | 'shop' | 'bike';
  readonly id: string;
  readonly type: string;
  readonly revision: number;
  readonly position: Position;
  readonly at: string;
}

/** An alert as the stream pushes it when it is raised (`event: alert`): no personal data. */
export interface AlertRaised {
  readonly caseType: 'ticket' | 'finding';
  readonly id: string;
  readonly kind: 'warning' | 'overdue' | 'supervision' | 'repeated' | 'units';
  readonly stage?: string;
  readonly dueAt?: string;
  readonly unitId?: string;
  readonly position: Position;
  readonly at: string;
}

type Listener = (change: CaseChange, alert?: AlertRaised) => void;

const ALERT_KINDS: Readonly<Record<string, AlertRaised['kind']>> = {
  TicketDeadlineWarning: 'warning',
  FindingDeadlineWarning: 'warning',
  TicketOverdue: 'overdue',
  FindingOverdue: 'overdue',
};

/** The alert an event raises (a warning, an overdue, an escalation), if any. */
function toAlert(event: RecordedEvent, change: CaseChange): AlertRaised | undefined {
  if (change.kind !== 'ticket' && change.kind !== 'finding') return undefined;
  const data = event.data as {
    stage?: string;
    dueAt?: string;
    unitId?: string;
    reason?: string;
    at?: string;
  };
  const escalation = event.type === 'TicketEscalated' || event.type === 'FindingEscalated';
  const kind = escalation
    ? data.reason === 'overdue'
      ? 'supervision'
      : (data.reason as AlertRaised['kind'])
    : ALERT_KINDS[event.type];
  if (kind === undefined) return undefined;
  return {
    caseType: change.kind,
    id: change.id,
    kind,
    ...(data.stage === undefined ? {} : { stage: data.stage }),
    ...(data.dueAt === undefined ? {} : { dueAt: data.dueAt }),
    ...(data.unitId === undefined ? {} : { unitId: data.unitId }),
    position: event.position,
    at: data.at ?? event.recordedAt,
  };
}

const CASE_CATEGORIES = ['ticket', 'finding', 'shop', 'bike'] as const;

function toChange(event: RecordedEvent): CaseChange | undefined {
  const hyphen = event.stream.indexOf('-');
  const kind = event.stream.slice(0, hyphen) as CaseChange['kind'];
  if (hyphen < 0 || !CASE_CATEGORIES.includes(kind)) return undefined;
  return {
    kind,
    id: event.stream.slice(hyphen + 1),
    type: event.type,
    revision: event.revision,
    position: event.position,
    at: event.recordedAt,
  };
}

/**
 * One follower of the log per API process, fanning case changes out to the connected clients: woken by the
 * store's live notification, it reads what is new from where it was and tells every listener.
 */
@Injectable()
export class CaseStreamService implements OnApplicationShutdown {
  private readonly listeners = new Set<Listener>();
  private position: Position | undefined;
  private unsubscribe: (() => void) | undefined;
  private reading: Promise<void> | undefined;
  private again = false;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** Starts telling `listener` about changes after now; returns the function that stops it. */
  async listen(listener: Listener): Promise<() => void> {
    if (this.position === undefined) this.position = await this.store.headPosition();
    this.unsubscribe ??= this.store.subscribe?.(() => this.readNew());
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        this.position = undefined;
      }
    };
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    this.listeners.clear();
  }

  /** Reads everything after the last position; a notification during a read runs one more read after it. */
  private readNew(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.drain()
      .catch((error: unknown) =>
        this.logger.event(
          'warn',
          'case stream read failed',
          { error: (error as Error).message },
          'CaseStream',
        ),
      )
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          this.readNew();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.position === undefined || this.listeners.size === 0) return;
      const batch = await this.store.readAll({
        after: this.position,
        limit: 500,
        categories: [...CASE_CATEGORIES],
      });
      for (const event of batch.events) {
        const change = toChange(event);
        if (!change) continue;
        const alert = toAlert(event, change);
        for (const listener of this.listeners) listener(change, alert);
      }
      this.position = batch.next;
      if (batch.atEnd) return;
    }
  }
}
