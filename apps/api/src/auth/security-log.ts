import type { JsonLogger } from '#platform';

/** The security events of the log (docs/security.md): names are stable, fields carry ids, never secrets or numbers. */
export type SecurityEventName =
  | 'login.failed'
  | 'login.throttled'
  | 'account.password-changed'
  | 'account.scope-changed'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.created'
  | 'session.logout'
  | 'session.refresh-reused'
  | 'caller.revealed'
  | 'caller.reveal-replayed'
  | 'idempotency.key-reused';

/**
 * One security event: a log line (level warn) with `security: <name>` that an operator's log pipeline can select. Never pass a
 * password, a token or personal data here — user names, account ids, ticket ids and addresses only.
 */
export function securityEvent(
  logger: JsonLogger,
  name: SecurityEventName,
  fields: Readonly<Record<string, string | number | boolean | undefined>>,
): void {
  // warn: kept at every LOG_LEVEL but error, so a quiet production log still has them.
  logger.event('warn', `security: ${name}`, { security: name, ...fields }, 'Security');
}
