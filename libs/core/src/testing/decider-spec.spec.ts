import type { Decider, DecisionContext } from '../decider.js';
import { InvalidTransitionError } from '../errors.js';
import { deciderSpec } from './decider-spec.js';

type Event = { type: 'Opened'; data: { at: string } } | { type: 'Closed'; data: { at: string } };
type Command = { type: 'Open'; data: object } | { type: 'Close'; data: object };
type State = 'none' | 'open' | 'closed';

const door: Decider<Command, Event, State, DecisionContext> = {
  initialState: () => 'none',
  evolve: (_state, event) => (event.type === 'Opened' ? 'open' : 'closed'),
  decide: (command, state, { now }) => {
    if (command.type === 'Open') {
      if (state === 'open') return [];
      return [{ type: 'Opened', data: { at: now.toISOString() } }];
    }
    if (state !== 'open')
      throw new InvalidTransitionError('DOOR.INVALID_TRANSITION', 'Close', state, ['open']);
    return [{ type: 'Closed', data: { at: now.toISOString() } }];
  },
};

const spec = deciderSpec(door, () => ({ now: new Date('2026-11-27T09:00:00+08:00') }));
const opened: Event = { type: 'Opened', data: { at: '2026-11-27T01:00:00.000Z' } };

describe('deciderSpec (Given/When/Then)', () => {
  it('compares the decided events, with time from the context', () => {
    spec.given([]).when({ type: 'Open', data: {} }).then([opened]);
  });

  it('lets a test override the context', () => {
    spec
      .given([opened])
      .when({ type: 'Close', data: {} }, { now: new Date('2026-11-28T00:00:00Z') })
      .then([{ type: 'Closed', data: { at: '2026-11-28T00:00:00.000Z' } }]);
  });

  it('checks the code and details of a rejection', () => {
    const error = spec
      .given([])
      .when({ type: 'Close', data: {} })
      .thenThrows('DOOR.INVALID_TRANSITION', { state: 'none', allowedIn: ['open'] });
    expect(error.message).toBe('Close is not allowed in state none; it is allowed in: open');
    expect(error.kind).toBe('invalid-state');
  });

  it('asserts that nothing happened', () => {
    spec.given([opened]).when({ type: 'Open', data: {} }).thenNothingHappened();
  });

  it('fails when the decider throws something else than expected', () => {
    expect(() =>
      spec.given([]).when({ type: 'Open', data: {} }).thenThrows('DOOR.INVALID_TRANSITION'),
    ).toThrow();
    expect(() => spec.given([]).when({ type: 'Open', data: {} }).thenNothingHappened()).toThrow();
  });
});
