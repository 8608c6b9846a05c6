import { Inject, Injectable } from '@nestjs/common';
import { type AlertTarget, WriteSide } from '#commands';

export type { AlertTarget } from '#commands';

/**
 * The deadline reactor's way into the write side: timers and the sweep fire alert points, which the case's decider
 * records only when they apply (the stage still open, the point passed, nothing recorded yet) — the same write side,
 * policies and rules as the API's.
 */
@Injectable()
export class DeadlineCommandsService {
  constructor(@Inject(WriteSide) private readonly writeSide: WriteSide) {}

  /** Fires one alert point; answers how many events it recorded (none when it did not apply). */
  fire(target: AlertTarget): Promise<number> {
    return this.writeSide.fireDeadlineAlert(target);
  }
}
