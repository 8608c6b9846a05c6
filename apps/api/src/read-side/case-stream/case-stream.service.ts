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

type Listener = (change: CaseChange) => void;

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
        if (change) for (const listener of this.listeners) listener(change);
      }
      this.position = batch.next;
      if (batch.atEnd) return;
    }
  }
}
