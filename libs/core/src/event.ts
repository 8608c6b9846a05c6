/** A domain event as the deciders see it: a past-tense type and a JSON payload. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** Who caused a change. `role` is the role the actor acted in. */
export interface Actor {
  readonly id: string;
  readonly role: string;
  /** A handler's unit, when the actor acted for one. */
  readonly unitId?: string;
}

/**
 * Metadata stored beside every event. Correlation ties together everything one request caused;
 * causation names the command or event that directly caused this one.
 */
export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor;
  /** Where the change came from: `http`, `worker`, `demo-seed`, `import` … */
  readonly source: string;
  /** Payload schema version; upcasters lift older versions on read. */
  readonly schemaVersion: number;
  readonly idempotencyKey?: string;
  readonly [key: string]: unknown;
}
