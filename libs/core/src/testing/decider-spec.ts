import type { Command } from '../command.js';
import type { Decider, DecisionContext } from '../decider.js';
import { DomainError } from '../errors.js';
import type { DomainEvent } from '../event.js';

/**
 * Given/When/Then for deciders (jest's `expect` does the comparing):
 *
 *   spec.given([TicketReceived]).when(SignTicket).then([TicketSigned]);
 *   spec.given([TicketClosed]).when(SignTicket).thenThrows('TICKET.INVALID_TRANSITION');
 *   spec.given([TicketSigned]).when(SignTicket).thenNothingHappened();
 */
export function deciderSpec<C extends Command, E extends DomainEvent, S, Ctx extends DecisionContext>(
  decider: Decider<C, E, S, Ctx>,
  defaultContext: () => Ctx,
) {
  return {
    given(events: readonly E[]) {
      return {
        when(command: C, context: Partial<Ctx> = {}) {
          const run = (): readonly E[] => {
            const state = events.reduce(decider.evolve, decider.initialState());
            return decider.decide(command, state, { ...defaultContext(), ...context });
          };
          return {
            then(expected: readonly E[]): readonly E[] {
              const actual = run();
              expect(actual).toEqual(expected);
              return actual;
            },
            /** Asserts on the produced events with a custom check, for payloads with computed fields. */
            thenEvents(check: (events: readonly E[]) => void): readonly E[] {
              const actual = run();
              check(actual);
              return actual;
            },
            thenThrows(code: string, detail?: Readonly<Record<string, unknown>>): DomainError {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(DomainError);
              const error = thrown as DomainError;
              expect(error.code).toBe(code);
              if (detail) expect(error.details).toMatchObject(detail);
              return error;
            },
            thenNothingHappened(): void {
              expect(run()).toEqual([]);
            },
          };
        },
      };
    },
  };
}
