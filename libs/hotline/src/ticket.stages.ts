import { type OpenStage, openStageOf } from '#core';
import type { HotlineStage, StageDeadline } from './deadline-policy.js';
import type { Ticket } from './ticket.events.js';

/**
 * The stages of a ticket whose clock is running, with their alert flags:
 * - `sign` while the ticket is received and not signed (the center's);
 * - `firstContact` while the unit has accepted and the first contact of that acceptance has not concluded;
 * - the handling stage (`handle`, `rework` or `reopen`, extended or revised as recorded) while the unit works on it
 *   (accepted or in progress; a submitted reply stops it, a rejected one resumes it under the same deadline);
 * - `callback` while the street callback after an approved reply has not concluded (the center's).
 * A returned, parked, replied or closed ticket has none. A 督办's own deadline (`supervision`) is shown on the
 * ticket but raises no alerts of its own: the handling stage it presses on does.
 */
export function openTicketStages(t: Ticket): OpenStage<HotlineStage>[] {
  const open: [StageDeadline, string | undefined][] = [];
  if (t.status === 'received') open.push([t.deadlines.sign, undefined]);
  if (t.status === 'accepted' || t.status === 'in-progress') {
    if (!t.firstContact.concluded && t.deadlines.firstContact) {
      open.push([t.deadlines.firstContact, t.unitId]);
    }
    if (t.handling) open.push([t.handling.deadline, t.unitId]);
  }
  if (t.status === 'street-callback' && !t.streetCallback.concluded && t.deadlines.callback) {
    open.push([t.deadlines.callback, undefined]);
  }
  return open.map(([deadline, unitId]) => openStageOf(deadline, t.alerts, { unitId }));
}
