import { deciderSpec } from '#core/testing';
import { contextAt, ev, h, history, iso } from './testing/ticket-fixtures.js';
import type { CallbackRatings, TicketCommand } from './ticket.commands.js';
import { ticketDecider } from './ticket.decider.js';
import { evolveTicket, initialTicketState, type Ticket, type TicketEvent } from './ticket.events.js';
import { openTicketStages } from './ticket.stages.js';
import { ticketView } from './ticket.view.js';

/*
 * The two callbacks (双回访): the official 12345 callback rates efficiency, attitude and result; a street callback
 * records whether it concluded by the rules in force, and that record is the one definition the gate, the fold,
 * the view and the rates read.
 */

const spec = deciderSpec(ticketDecider, () => contextAt(15));
const stateOf = (events: readonly TicketEvent[]): Ticket => {
  const state = events.reduce(evolveTicket, initialTicketState());
  if (state.status === 'none') throw new Error('no ticket');
  return state;
};

const hotline = (
  ratings?: CallbackRatings,
  outcome: 'reached' | 'unreachable' | 'refused' = 'reached',
): TicketCommand => ({
  type: 'RecordCallback',
  data: {
    by: 'hotline',
    outcome,
    ...(outcome === 'reached' ? { satisfaction: 'dissatisfied' as const } : {}),
    ...(ratings ? { ratings } : {}),
  },
});
const street = (
  outcome: 'reached' | 'unreachable' | 'refused',
  extra: { readonly ratings?: CallbackRatings } = {},
): TicketCommand => ({ type: 'RecordCallback', data: { by: 'street', outcome, ...extra } });
const replyUpstream: TicketCommand = { type: 'ReplyUpstream', data: {} };
/** A rules set in which a refusal does not conclude the street callback. */
const reachedOnly = { concludedCallbackOutcomes: ['reached'] as const };

describe('the 12345 callback’s ratings', () => {
  const ratings: CallbackRatings = {
    efficiency: 'basically-satisfied',
    attitude: 'satisfied',
    result: 'dissatisfied',
  };

  it('records efficiency, attitude and result with the callback, and the state shows them', () => {
    const [recorded] = spec
      .given(history.replied)
      .when(hotline(ratings))
      .then([
        {
          type: 'CallbackRecorded',
          data: {
            by: 'hotline',
            outcome: 'reached',
            satisfaction: 'dissatisfied',
            resolved: undefined,
            ratings,
            note: undefined,
            at: iso(15),
          },
        },
      ]);
    const state = stateOf([...history.replied, recorded as TicketEvent]);
    expect(state.hotlineCallback).toMatchObject({ satisfaction: 'dissatisfied', ratings });
    const view = ticketView([...history.replied, recorded as TicketEvent], { now: h(15) });
    expect(view?.hotlineCallback?.ratings).toEqual(ratings);
  });

  it('takes some aspects only, and leaves the field out when there are none', () => {
    spec
      .given(history.replied)
      .when(hotline({ attitude: 'satisfied' }))
      .thenEvents(([event]) => {
        expect(event?.type === 'CallbackRecorded' && event.data.ratings).toEqual({ attitude: 'satisfied' });
      });
    for (const given of [undefined, {}]) {
      spec
        .given(history.replied)
        .when(hotline(given))
        .thenEvents(([event]) => {
          expect(event?.type).toBe('CallbackRecorded');
          expect(event?.data).not.toHaveProperty('ratings');
        });
    }
  });

  it('refuses ratings on a street callback (400, field ratings)', () => {
    const error = spec
      .given(history['street-callback'])
      .when(street('reached', { ratings: { attitude: 'satisfied' } }), contextAt(13))
      .thenThrows('TICKET.RATINGS_HOTLINE_ONLY', { field: 'ratings' });
    expect(error.kind).toBe('invalid-input');
  });

  it('refuses ratings from a callback that did not reach the citizen (400, field ratings)', () => {
    spec
      .given(history.replied)
      .when(hotline({ result: 'satisfied' }, 'unreachable'))
      .thenThrows('TICKET.RATING_WITHOUT_CONTACT', { field: 'ratings', outcome: 'unreachable' });
  });
});

describe('one definition of a concluded street callback', () => {
  it('records on every street callback whether it concluded by the rules in force', () => {
    const recorded = (outcome: 'reached' | 'unreachable' | 'refused', rules = {}) =>
      spec
        .given(history['street-callback'])
        .when(street(outcome), contextAt(13, rules))
        .thenEvents(() => undefined)[0];
    const concludedOf = (event: TicketEvent | undefined) =>
      event?.type === 'CallbackRecorded' ? event.data.concluded : 'not a callback';
    expect(concludedOf(recorded('reached'))).toBe(true);
    expect(concludedOf(recorded('refused'))).toBe(true);
    expect(concludedOf(recorded('unreachable'))).toBe(false);
    expect(concludedOf(recorded('reached', reachedOnly))).toBe(true);
    expect(concludedOf(recorded('refused', reachedOnly))).toBe(false);
  });

  it('with rules where a refusal does not conclude: the gate, the stage and the view all say not yet', () => {
    const [refused] = spec
      .given(history['street-callback'])
      .when(street('refused'), contextAt(13, reachedOnly))
      .then([
        {
          type: 'CallbackRecorded',
          data: {
            by: 'street',
            outcome: 'refused',
            satisfaction: undefined,
            resolved: undefined,
            note: undefined,
            at: iso(13),
            onTime: true,
            concluded: false,
          },
        },
      ]);
    const events = [...history['street-callback'], refused as TicketEvent];
    // The gate refuses the reply upstream…
    spec
      .given(events)
      .when(replyUpstream, contextAt(14, reachedOnly))
      .thenThrows('TICKET.STREET_CALLBACK_MISSING');
    // …the fold keeps the callback open, so its stage (and its alerts) still run…
    const state = stateOf(events);
    expect(state.streetCallback).toMatchObject({ attempts: 1, concluded: false });
    expect(openTicketStages(state).map((stage) => stage.stage)).toContain('callback');
    // …and the view offers another callback, not the reply upstream.
    const actions = ticketView(events, { now: h(14), rules: reachedOnly })?.actions.map((a) => a.name);
    expect(actions).toContain('callbacks');
    expect(actions).not.toContain('reply-upstream');
  });

  it('keeps what was recorded: a refusal that concluded stays concluded under stricter rules later', () => {
    const events = [...history['street-callback'], ev.streetCallback(undefined, 'refused', 13, true, true)];
    spec
      .given(events)
      .when(replyUpstream, contextAt(14, reachedOnly))
      .thenEvents(([event]) => expect(event?.type).toBe('TicketRepliedUpstream'));
  });

  it('reads an older callback without the record by the constant definition (reached and refused conclude)', () => {
    const older = (outcome: 'reached' | 'unreachable' | 'refused'): TicketEvent => ({
      type: 'CallbackRecorded',
      data: { by: 'street', outcome, at: iso(13), onTime: true },
    });
    expect(stateOf([...history['street-callback'], older('refused')]).streetCallback.concluded).toBe(true);
    expect(stateOf([...history['street-callback'], older('unreachable')]).streetCallback.concluded).toBe(
      false,
    );
    spec
      .given([...history['street-callback'], older('unreachable')])
      .when(replyUpstream, contextAt(14))
      .thenThrows('TICKET.STREET_CALLBACK_MISSING');
  });
});
