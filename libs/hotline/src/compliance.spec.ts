import { compliance } from './compliance.js';
import { due, ev, history, iso } from './testing/ticket-fixtures.js';
import type { TicketEvent } from './ticket.events.js';

const notRequired = { required: false, done: false, onTime: false };
const ok = { required: true, done: true, onTime: true };
const missing = { required: true, done: false, onTime: false };

describe('compliance (双先联、双回访)', () => {
  it('requires nothing before the ticket is accepted', () => {
    expect(compliance(history.dispatched)).toEqual({
      firstContact: notRequired,
      beforeReplyContact: notRequired,
      streetCallback: notRequired,
      hotlineCallback: notRequired,
      compliant: true,
    });
  });

  it('is compliant when both contacts and both callbacks reached the citizen in time', () => {
    expect(compliance([...history.replied, ev.hotlineCallback('satisfied')])).toEqual({
      firstContact: ok,
      beforeReplyContact: ok,
      streetCallback: ok,
      hotlineCallback: ok,
      compliant: true,
    });
  });

  it('is not (yet) compliant while a required contact or callback has not happened', () => {
    expect(compliance(history.accepted)).toMatchObject({ firstContact: missing, compliant: false });
    expect(compliance(history['street-callback'])).toMatchObject({
      streetCallback: missing,
      compliant: false,
    });
    expect(compliance(history.replied)).toMatchObject({ hotlineCallback: missing, compliant: false });
  });

  it('flags a late first contact', () => {
    const events = [...history.accepted, ev.contact('first', 'reached', 30, false)];
    expect(compliance(events)).toMatchObject({
      firstContact: { required: true, done: true, onTime: false },
      compliant: false,
    });
  });

  it('counts only contacts that reached the citizen, though refused and wrong numbers let the work go on', () => {
    const events = [
      ...history.accepted,
      ev.contact('first', 'unreachable'),
      ev.contact('first', 'wrong-number', 4),
    ];
    expect(compliance(events).firstContact).toEqual(missing);
  });

  it('counts a street callback as the decider recorded it: concluded by the rules, as the gate and 回访率 do', () => {
    // Refused concludes under the default rules: the checklist, the gate and the callback rate agree it is done.
    const refused = [
      ...history['street-callback'],
      ev.streetCallback(undefined, 'refused'),
      ev.repliedUpstream(),
    ];
    expect(compliance(refused).streetCallback).toEqual({ required: true, done: true, onTime: true });
    // Under rules where only reached concludes, the decider records it so, and it is not done.
    const notConcluded = [
      ...history['street-callback'],
      ev.streetCallback(undefined, 'refused', 13, true, false),
      ev.repliedUpstream(),
    ];
    expect(compliance(notConcluded).streetCallback).toEqual(missing);
    const unreachable = [...history['street-callback'], ev.streetCallback(undefined, 'unreachable')];
    expect(compliance(unreachable).streetCallback.done).toBe(false);
  });

  it('judges the first contact of the latest acceptance', () => {
    const events = [
      ...history.accepted,
      ev.returnedToCenter(2.5),
      ev.dispatched(3),
      ev.accepted(4),
      ev.contact('first', 'reached', 5),
    ];
    expect(compliance(events).firstContact).toEqual(ok);
    expect(compliance(events.slice(0, -1)).firstContact).toEqual(missing);
  });

  it('requires a before-reply contact for every reply, rework included', () => {
    const flagged: TicketEvent = {
      ...ev.replySubmitted(20, 'rework', due('rework', 13).dueAt),
      data: {
        ...ev.replySubmitted(20, 'rework', due('rework', 13).dueAt).data,
        missingContacts: ['before-reply-contact'],
      },
    };
    const events = [
      ...history['street-callback'],
      ev.streetCallback('dissatisfied'),
      { type: 'TicketMarkedAsWarning', data: { reason: 'street callback: dissatisfied', at: iso(13) } },
      ev.reworkStarted(13),
      flagged,
    ] satisfies TicketEvent[];
    expect(compliance(events)).toMatchObject({
      beforeReplyContact: missing,
      streetCallback: ok,
      compliant: false,
    });
  });

  it('flags a street callback stage that went upstream without a callback, or called back late', () => {
    const skipped = [
      ...history['street-callback'],
      { ...ev.repliedUpstream(), data: { ...ev.repliedUpstream().data, streetCallbackMissing: true } },
    ];
    expect(compliance(skipped as TicketEvent[]).streetCallback).toEqual(missing);
    const late = [...history['street-callback'], ev.streetCallback('satisfied', 'reached', 40, false)];
    expect(compliance(late).streetCallback).toEqual({ required: true, done: true, onTime: false });
  });

  it('requires a 12345 callback after every reply upstream; closing without one leaves it missing', () => {
    expect(compliance(history.closed).hotlineCallback).toEqual(missing);
    const reopened = [
      ...history.replied,
      ev.hotlineCallback('dissatisfied'),
      ev.reopened(16),
      ev.contact('before-reply', 'reached', 17),
      ev.replySubmitted(18, 'reopen', due('reopen', 16).dueAt),
      ev.replyApproved(19),
      ev.streetCallback('satisfied', 'reached', 20),
      ev.repliedUpstream(21),
    ];
    expect(compliance(reopened).hotlineCallback).toEqual(missing);
    expect(compliance([...reopened, ev.hotlineCallback('satisfied', 'reached', 22)])).toMatchObject({
      hotlineCallback: ok,
      compliant: true,
    });
    expect(
      compliance([...reopened, ev.hotlineCallback(undefined, 'unreachable', 22)]).hotlineCallback,
    ).toEqual(missing);
  });
});
