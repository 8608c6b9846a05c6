import { type OpenStage, openStageOf } from '#core';
import type { HotlineStage, StageDeadline } from './deadline-policy.js';
import type { Ticket } from './ticket.events.js';

/**
 * The stages of a ticket whose clock is running, with their alert flags:
 * - `upstream`, the district's deadline, from receipt until the reply first goes upstream; a 回退, a re-dispatch or
 *   parking do not stop it (the unit holding the ticket is named, so its overdue urges that unit);
 * - `sign` while the ticket is received and not signed, `dispatch` while it is signed and not dispatched (both the
 *   center's), `accept` while it is dispatched and the unit has not accepted (the unit's);
 * - `firstContact` while the unit has accepted and the first contact of that acceptance has not concluded;
 * - the handling stage (`handle`, `rework` or `reopen`, extended or revised as recorded) while the unit works on it
 *   (accepted or in progress; a submitted reply stops it, a rejected one resumes it under the same deadline);
 * - `review` while a submitted reply waits for the center, `callback` while the street callback after an approved
 *   reply has not concluded (the center's).
 * A 督办's own deadline (`supervision`) is shown on the ticket but raises no alerts of its own: the handling stage
 * it presses on does. Tickets recorded before a step clock existed simply have none for that step.
 */
export function openTicketStages(t: Ticket): OpenStage<HotlineStage>[] {
  const open: [StageDeadline, string | undefined][] = [];
  const upstream = openUpstream(t);
  const withUnit = ['dispatched', 'accepted', 'in-progress'].includes(t.status) ? t.unitId : undefined;
  if (upstream) open.push([upstream, withUnit]);
  if (t.status === 'received') open.push([t.deadlines.sign, undefined]);
  if (t.status === 'signed' && t.deadlines.dispatch) open.push([t.deadlines.dispatch, undefined]);
  if (t.status === 'dispatched' && t.deadlines.accept) open.push([t.deadlines.accept, t.unitId]);
  if (t.status === 'accepted' || t.status === 'in-progress') {
    if (!t.firstContact.concluded && t.deadlines.firstContact) {
      open.push([t.deadlines.firstContact, t.unitId]);
    }
    if (t.handling) open.push([t.handling.deadline, t.unitId]);
  }
  if (t.status === 'reply-submitted' && t.deadlines.review) open.push([t.deadlines.review, undefined]);
  if (t.status === 'street-callback' && !t.streetCallback.concluded && t.deadlines.callback) {
    open.push([t.deadlines.callback, undefined]);
  }
  return open.map(([deadline, unitId]) => openStageOf(deadline, t.alerts, { unitId }));
}

/**
 * The district stage while it runs: from receipt until the reply first goes upstream (a 回退, a re-dispatch or
 * parking do not pause it; a 退单 or closing ends the ticket).
 */
export function openUpstream(t: Ticket): StageDeadline | undefined {
  if (t.repliedUpstreamAt !== undefined || t.status === 'returned-upstream' || t.status === 'closed')
    return undefined;
  return t.deadlines.upstream;
}
