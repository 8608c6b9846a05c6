import type { DomainError } from '#core';
import { findingOutOfScope } from '#grid';
import { ticketOutOfScope } from '#hotline';

/** The scope rules are the domain's (libs/core/src/scope.ts); the read side narrows lists with the same ones. */
export { type CaseScope, mayAct, maySee } from '#core';

/** 404 rather than 403 for a case outside the caller's scope: its existence is not the caller's business either. */
export function outOfScope(kind: 'ticket' | 'finding', id: string): DomainError {
  return kind === 'ticket' ? ticketOutOfScope(id) : findingOutOfScope(id);
}
