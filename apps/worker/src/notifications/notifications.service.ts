import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { Clock } from '#core';
import { EventStore, type RecordedEvent } from '#event-store';
import { AppConfig, JsonLogger, type NotifyWebhook, QUEUES } from '#platform';
import { DelayedError, type Job, type Queue, UnrecoverableError } from 'bullmq';
import { type AlertNotification, alertOf, caseUnitOf, deliveryJobId, webhooksFor } from './alerts.js';
import { LanesService } from '../lanes/lanes.service.js';
import { JOBS } from '../queues/jobs.js';
import { QueueRuntime } from '../queues/queue-runtime.js';
import { deliver } from './deliver.js';
import { deliveryDelayMs } from './quiet-hours.js';

/** The case categories whose events raise alerts. */
const CASE_CATEGORIES = ['ticket', 'finding'];
/** Deliveries in flight per worker process: a slow receiver holds one of them, never the lane. */
const DELIVERY_CONCURRENCY = 4;
/**
 * Deliveries in flight per webhook and worker process. Without this cap a receiver that hangs, with many alerts
 * queued for it, takes every slot (each for the whole delivery timeout) and starves the other webhooks.
 */
const DELIVERIES_PER_WEBHOOK = 1;
/** A delivery whose webhook already has its share in flight waits this long (no attempt used) before it tries again. */
const WEBHOOK_BUSY_DELAY_MS = 1000;
/** Tries of one delivery: with the default 2 s base, retries over about 17 minutes (2 s, 4 s, … 512 s). */
export const DELIVERY_ATTEMPTS = 10;
/**
 * An alert older than this when the lane reads it is not sent: a first start on a long log, or a Redis that lost
 * the checkpoint, must not flood the receivers with the past.
 */
const STALE_AFTER_MS = 24 * 3_600_000;
/** Delivered jobs are kept this long (seconds), so that a re-read of the log finds their ids and adds nothing. */
const KEEP_COMPLETED_S = 7 * 24 * 3600;
/** Deliveries that gave up stay in the failed set this long (seconds), for an operator to look at or retry. */
const KEEP_FAILED_S = 30 * 24 * 3600;

/** A delivery job: which webhook, which event, and the body exactly as it is signed and sent. */
export interface DeliveryJob {
  readonly webhookId: string;
  readonly eventId: string;
  readonly body: string;
}

/**
 * The notifications reactor (docs/operations.md, "Notifications (webhooks)"):
 * - the lane follows the log (tickets and findings) from its own checkpoint (lanes.service.ts); for every alert event and every matching webhook it queues a delivery whose id is `<webhook>|<event>`, then moves
 *   the checkpoint — at least once, and a re-read queues nothing twice;
 * - deliveries run on their own queue and worker (a few at a time), POST the signed payload with a timeout and are
 *   retried with exponential backoff; after the last attempt the job stays in the failed set.
 * The lane only queues: a slow or failing receiver never holds up the log, the projections or the deadline timers.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly webhooks: ReadonlyMap<string, NotifyWebhook>;
  /** Whether some webhook receives the alerts of units (not only a supervisor's). */
  private readonly unitWebhooks: boolean;
  /** Deliveries in flight in this process, per webhook id. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(QueueRuntime) private readonly queues: QueueRuntime,
    @Inject(LanesService) private readonly lanes: LanesService,
  ) {
    this.webhooks = new Map(config.notifyWebhooks.map((webhook) => [webhook.id, webhook]));
    this.unitWebhooks = config.notifyWebhooks.some((webhook) => webhook.units.length > 0);
  }

  /** Whether this process delivers notifications (not turned off, some webhook configured). */
  private get enabled(): boolean {
    return this.config.workerNotifications && this.webhooks.size > 0;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    const deliveries = QUEUES.notifications;
    this.queues.work(deliveries, {
      jobs: JOBS[deliveries],
      concurrency: DELIVERY_CONCURRENCY,
      context: 'Notifications',
      onFailed: (job, error) => this.failed(job as Job<DeliveryJob> | undefined, error),
    });
    this.queues.handle<DeliveryJob>(deliveries, 'deliver', (job, token) => this.deliver(job, token));
    this.lanes.addReactor({
      name: 'notifications',
      queue: QUEUES.notificationsScheduler,
      context: 'Notifications',
      categories: CASE_CATEGORIES,
      handle: (events) => this.enqueue(this.queues.queue(deliveries), events),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.workerNotifications) {
      this.logger.event(
        'info',
        'notifications off in this worker (WORKER_NOTIFICATIONS=false)',
        {},
        'Notifications',
      );
      return;
    }
    if (this.webhooks.size === 0) {
      this.logger.event('info', 'notifications off: no webhooks (NOTIFY_WEBHOOKS_FILE)', {}, 'Notifications');
      return;
    }
    this.logger.event(
      'info',
      'notifications running',
      {
        webhooks: [...this.webhooks.keys()],
        quietHours: this.config.notifyQuietHours ?? null,
        retryBaseMs: this.config.notifyRetryBaseMs,
      },
      'Notifications',
    );
  }

  /** Queues the deliveries of the alerts in a batch of the log (at least once: the job ids dedupe). */
  private async enqueue(deliveries: Queue, events: readonly RecordedEvent[]): Promise<void> {
    const webhooks = [...this.webhooks.values()];
    const now = this.clock.now();
    const jobs: { name: string; data: DeliveryJob; opts: { jobId: string; delay: number } }[] = [];
    let stale = 0;
    for (const event of events) {
      const alert = await this.alertOf(event);
      if (!alert) continue;
      const targets = webhooksFor(alert, webhooks);
      if (targets.length === 0) continue;
      if (Date.parse(alert.at) < now.getTime() - STALE_AFTER_MS) {
        stale += 1;
        continue;
      }
      const body = JSON.stringify(alert);
      const delay = deliveryDelayMs(alert.kind, now, this.config.notifyQuietHours);
      for (const webhook of targets) {
        jobs.push({
          name: 'deliver',
          data: { webhookId: webhook.id, eventId: event.id, body },
          opts: { jobId: deliveryJobId(webhook.id, event.id), delay },
        });
      }
    }
    if (jobs.length > 0) {
      await deliveries.addBulk(
        jobs.map((job) => ({
          ...job,
          opts: {
            ...job.opts,
            attempts: DELIVERY_ATTEMPTS,
            backoff: { type: 'exponential', delay: this.config.notifyRetryBaseMs },
            removeOnComplete: { age: KEEP_COMPLETED_S },
            removeOnFail: { age: KEEP_FAILED_S },
          },
        })),
      );
    }
    if (stale > 0) {
      this.logger.event(
        'info',
        'old alerts not notified',
        { alerts: stale, olderThanHours: STALE_AFTER_MS / 3_600_000 },
        'Notifications',
      );
    }
  }

  /**
   * The notification of an event, if it is an alert. One that names no unit (a 12345 ticket's 'repeated' escalation,
   * say) is the unit's the case is with, as GET /alerts has it: its stream is read up to the event, which only
   * matters when some webhook is a unit's.
   */
  private async alertOf(event: RecordedEvent): Promise<AlertNotification | undefined> {
    const alert = alertOf(event);
    if (!alert || alert.unitId !== null || !this.unitWebhooks) return alert;
    const history = await this.store.readStream(event.stream, { maxCount: event.revision + 1 });
    return alertOf(event, caseUnitOf(alert.caseType, history));
  }

  private async deliver(job: Job<DeliveryJob>, token?: string): Promise<void> {
    const { webhookId, eventId, body } = job.data;
    const webhook = this.webhooks.get(webhookId);
    if (!webhook) throw new UnrecoverableError(`webhook ${webhookId} is no longer configured`);
    const busy = this.inFlight.get(webhookId) ?? 0;
    if (busy >= DELIVERIES_PER_WEBHOOK && token !== undefined) {
      // This webhook's receiver already has its share of the slots: leave the others to the other webhooks.
      await job.moveToDelayed(Date.now() + WEBHOOK_BUSY_DELAY_MS, token);
      throw new DelayedError();
    }
    this.inFlight.set(webhookId, busy + 1);
    let status: number;
    try {
      status = await deliver({ url: webhook.url, secret: webhook.secret, eventId, body });
    } finally {
      this.inFlight.set(webhookId, (this.inFlight.get(webhookId) ?? 1) - 1);
    }
    this.logger.event(
      'info',
      'notification delivered',
      { webhook: webhookId, event: eventId, status, attempt: job.attemptsMade + 1 },
      'Notifications',
    );
  }

  private failed(job: Job<DeliveryJob> | undefined, error: Error): void {
    const attempts = job?.opts.attempts ?? 1;
    const gaveUp = !job || error instanceof UnrecoverableError || job.attemptsMade >= attempts;
    const fields = {
      webhook: job?.data.webhookId,
      event: job?.data.eventId,
      attempt: job?.attemptsMade,
      of: attempts,
      error: error.message,
    };
    if (gaveUp) {
      this.logger.event(
        'warn',
        'notification not delivered: gave up, the job stays in the failed set',
        fields,
        'Notifications',
      );
    } else {
      this.logger.event('info', 'notification delivery failed, will retry', fields, 'Notifications');
    }
  }
}
