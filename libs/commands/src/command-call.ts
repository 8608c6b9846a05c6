import type { Actor, ActorScope, EventMetadata } from '#core';

/**
 * What every command carries besides its data: who sends it (recorded), the sender's role and scope (checked by the
 * decider, never stored), which request it belongs to, and the client's concurrency and retry intent.
 */
export interface CommandCall {
  /** Recorded in every event's metadata. */
  readonly actor: Actor;
  /** The role and scope the rules check; absent for the system (timers, revisions) and AUTH_MODE=off. */
  readonly scope?: ActorScope;
  readonly correlationId: string;
  /** What directly caused the command (the correlation id when absent). */
  readonly causationId?: string;
  /** Where the change came from: `http` (default), `worker`, `demo-seed`, `import` … */
  readonly source?: string;
  /** From If-Match: the revision the client last saw. */
  readonly expectedRevision?: number;
  /** From Idempotency-Key: a retry with the same key has one effect. */
  readonly idempotencyKey?: string;
  /**
   * With an Idempotency-Key from a request: the key and a hash of the account, the method and path and the body,
   * stored beside the events so that the key answers only this same request again (422 IDEMPOTENCY_KEY_REUSED
   * otherwise). It holds for that key only: a follow-up step under a key of its own does not carry it over.
   */
  readonly requestBinding?: { readonly key: string; readonly hash: string };
}

/** The runner options of a call: the events' metadata, If-Match and Idempotency-Key. */
export function runOptionsOf(call: CommandCall): {
  metadata: Omit<EventMetadata, 'schemaVersion' | 'idempotencyKey' | 'requestHash'>;
  expectedRevision?: number;
  idempotencyKey?: string;
  requestHash?: string;
} {
  return {
    metadata: {
      correlationId: call.correlationId,
      causationId: call.causationId ?? call.correlationId,
      actor: call.actor,
      source: call.source ?? 'http',
    },
    ...(call.expectedRevision === undefined ? {} : { expectedRevision: call.expectedRevision }),
    ...(call.idempotencyKey === undefined ? {} : { idempotencyKey: call.idempotencyKey }),
    ...(call.idempotencyKey !== undefined && call.requestBinding?.key === call.idempotencyKey
      ? { requestHash: call.requestBinding.hash }
      : {}),
  };
}

/** The same call, as a step the system takes on its own (no If-Match; its own idempotency key). */
export function systemStep(call: CommandCall, idempotencyKey: string): CommandCall {
  const { expectedRevision: _ignored, requestBinding: _binding, ...rest } = call;
  return { ...rest, idempotencyKey };
}
