import { createHash } from 'node:crypto';
import type { SimulatedStep } from './step.js';

/** One event of a step, in the shape an event store appends (structurally the port's EventToAppend). */
export interface StepEventToAppend {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: {
    readonly correlationId: string;
    readonly causationId: string;
    readonly actor: SimulatedStep['actor'];
    readonly source: string;
    readonly schemaVersion: number;
  };
}

/** A stable UUID-shaped id for the event at `revision` of `stream`: the same step appended twice is a duplicate. */
function eventId(source: string, stream: string, revision: number): string {
  const hex = createHash('sha256').update(`${source}:${stream}#${revision}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The events of a simulated step as its actor's command would have appended them, at the revision it was decided on
 * (`source` names the writer in the metadata: the simulator in tests and benchmarks, the demo seed of `npm start`).
 */
export function stepEventsToAppend(step: SimulatedStep, source: string): StepEventToAppend[] {
  const first = step.expectedRevision === 'no-stream' ? 0 : step.expectedRevision + 1;
  return step.events.map((event, i) => ({
    id: eventId(source, step.stream, first + i),
    type: event.type,
    data: event.data,
    metadata: {
      correlationId: `${source}:${step.stream}:${first + i}`,
      causationId: `${source}:${step.command.type}`,
      actor: step.actor,
      source,
      schemaVersion: 1,
    },
  }));
}
