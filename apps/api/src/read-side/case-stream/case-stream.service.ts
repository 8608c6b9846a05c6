import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore, type Position, type RecordedEvent } from '#event-store';
import { JsonLogger } from '#platform';
import type { Principal } from '../../auth/principal.js';
import { type CaseScope, maySee } from '../../auth/scope.js';

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

/** The scope of a case after one more of its events: who it is with and where it lies. */
function evolveScope(scope: CaseScope, event: Pick<RecordedEvent, 'type' | 'data'>): CaseScope {
  const data = event.data as { unitId?: string; coUnitIds?: string[]; gridId?: string };
  switch (event.type) {
    case 'TicketReceived':
    case 'BikeTagged':
      return { ...scope, gridId: data.gridId ?? null };
    case 'FindingReported': {
      // A finding's grid is in its report (`data.report.gridId`), not at the top of the event.
      const report = (event.data as { report?: { gridId?: string } }).report;
      return { ...scope, gridId: report?.gridId ?? data.gridId ?? null };
    }
    case 'TicketDispatched':
    case 'FindingDispatched':
      return { ...scope, unitId: data.unitId ?? null, coUnitIds: data.coUnitIds ?? [] };
    case 'TicketReturnedToCenter':
    case 'FindingReturned':
      return { ...scope, unitId: null, coUnitIds: [] };
    default:
      return scope;
  }
}

const SCOPE_CACHE_LIMIT = 10_000;

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
  /** The scope of each case seen lately, with the revision it is true at (for narrowing scoped listeners). */
  private readonly scopes = new Map<string, { revision: number; scope: CaseScope }>();
  private position: Position | undefined;
  private unsubscribe: (() => void) | undefined;
  private reading: Promise<void> | undefined;
  private again = false;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /**
   * Starts telling `listener` about changes after now; returns the function that stops it. With a principal, only
   * changes of cases the caller may see arrive (a handler: its unit's; an inspector: its grids', bikes included);
   * shop cards reach the center's roles and inspectors.
   */
  async listen(listener: Listener, principal?: Principal): Promise<() => void> {
    if (this.position === undefined) this.position = await this.store.headPosition();
    this.unsubscribe ??= this.store.subscribe?.(() => this.readNew());
    const scoped: Listener =
      principal === undefined || ['admin', 'dispatcher', 'supervisor'].includes(principal.role)
        ? listener
        : (change, alert) => {
            if (change.kind === 'shop') {
              if (principal.role === 'inspector') listener(change, alert);
              return;
            }
            // Tickets and findings by unit and grid; a bike by its grid (it is dispatched to no unit).
            const scope = this.scopes.get(`${change.kind}-${change.id}`)?.scope;
            if (scope && maySee(principal, scope)) listener(change, alert);
          };
    this.listeners.add(scoped);
    return () => {
      this.listeners.delete(scoped);
      if (this.listeners.size === 0) {
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        this.position = undefined;
      }
    };
  }

  /** The case's scope after `event`: from the cache when it holds the revision before, else folded from its stream. */
  private async scopeAfter(event: RecordedEvent): Promise<void> {
    const cached = this.scopes.get(event.stream);
    let scope: CaseScope;
    if (cached && cached.revision === event.revision - 1) scope = evolveScope(cached.scope, event);
    else if (cached && cached.revision >= event.revision) return;
    else {
      scope = {};
      for (const earlier of await this.store.readStream(event.stream)) {
        if (earlier.revision > event.revision) break;
        scope = evolveScope(scope, earlier);
      }
    }
    this.scopes.delete(event.stream);
    this.scopes.set(event.stream, { revision: event.revision, scope });
    if (this.scopes.size > SCOPE_CACHE_LIMIT) this.scopes.delete(this.scopes.keys().next().value as string);
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
        if (change.kind !== 'shop') await this.scopeAfter(event);
        const alert = toAlert(event, change);
        for (const listener of this.listeners) listener(change, alert);
      }
      this.position = batch.next;
      if (batch.atEnd) return;
    }
  }
}
