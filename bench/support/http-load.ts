/**
 * The load generator: node's http with a keep-alive agent, closed loop (N clients, each waiting for its answer
 * before the next request) for throughput, open loop (requests at a constant rate whatever the answers) for latency.
 * Open-loop latency runs from when a request was due, not from when it left, so a stalled server or a busy load
 * generator shows up in the figures (no coordinated omission).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Answer {
  readonly status: number;
  readonly body: string;
}

export class HttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    maxSockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  send(
    method: string,
    path: string,
    body?: string,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers:
            body === undefined
              ? headers
              : {
                  'content-type': 'application/json',
                  'content-length': String(Buffer.byteLength(body)),
                  ...headers,
                },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** One request of a load run: resolves true for a success, false (or throws) for a failure. */
export type Shot = () => Promise<boolean>;

export interface ClosedLoopResult {
  readonly ok: number;
  readonly errors: number;
  readonly ms: number;
  readonly firstError: string | undefined;
}

/** `clients` concurrent clients, each sending its next request when the last one answered, for `ms`. */
export async function closedLoop(clients: number, ms: number, shot: Shot): Promise<ClosedLoopResult> {
  let ok = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + ms;
  const client = async () => {
    while (performance.now() < deadline) {
      try {
        if (await shot()) ok += 1;
        else errors += 1;
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { ok, errors, ms: performance.now() - start, firstError };
}

export interface OpenLoopResult {
  /** Due-to-answer times of the successful requests, ms. */
  readonly latencies: number[];
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  /** From the first due time until the last answer. */
  readonly ms: number;
  readonly maxInFlight: number;
  readonly firstError: string | undefined;
}

/** `rate` requests a second for `ms`, each at its due time whatever is still in flight. */
export async function openLoop(
  rate: number,
  ms: number,
  shot: (dueAt: number) => Promise<boolean>,
): Promise<OpenLoopResult> {
  const interval = 1000 / rate;
  const total = Math.max(1, Math.floor((rate * ms) / 1000));
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let ok = 0;
  let errors = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let firstError: string | undefined;
  const fire = (dueAt: number) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    pending.push(
      shot(dueAt)
        .then(
          (success) => {
            if (success) {
              ok += 1;
              latencies.push(performance.now() - dueAt);
            } else errors += 1;
          },
          (error: unknown) => {
            errors += 1;
            firstError ??= String(error);
          },
        )
        .finally(() => {
          inFlight -= 1;
        }),
    );
  };
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        fire(start + sent * interval);
        sent += 1;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  return { latencies, sent, ok, errors, ms: performance.now() - start, maxInFlight, firstError };
}
