import { randomUUID } from 'node:crypto';
import type { CommandBus } from '@nestjs/cqrs';
import { DomainError, type DomainEvent, UUID_PATTERN } from '#core';
import type { CommandResult } from '#event-store';
import { answer, type CommandAnswer, commandMetaFrom } from '../http/command-context.js';
import type { HttpReply, HttpRequest } from '../http/http-types.js';
import { idFromKey } from '#commands';
import { type GridTarget, RunGridCommand } from './run-grid-command/run-grid-command.command.js';

/** Ids of findings and bikes are UUIDs; anything else names nothing (404, like an unknown UUID). */
export function ensureUuid(kind: 'finding' | 'bike', id: string): void {
  if (!UUID_PATTERN.test(id)) {
    throw new DomainError(`${kind.toUpperCase()}.NOT_FOUND`, 'not-found', `No ${kind} ${id}`, {
      [`${kind}Id`]: id,
    });
  }
}

/** The id of a new aggregate: from the Idempotency-Key when there is one, so a retried create is one create. */
export function newId(kind: string, request: HttpRequest): string {
  const key = request.headers['idempotency-key'];
  const value = Array.isArray(key) ? key[0] : key;
  return value === undefined ? randomUUID() : idFromKey(kind, value);
}

/** Sends a grid command over the bus and answers with id, revision (ETag) and position. */
export async function runGridCommand(
  commands: CommandBus,
  target: GridTarget,
  request: HttpRequest,
  reply: HttpReply,
): Promise<CommandAnswer> {
  const result = await commands.execute<RunGridCommand, CommandResult<DomainEvent, unknown>>(
    new RunGridCommand(target, commandMetaFrom(request)),
  );
  return answer(reply, target.id, result);
}
