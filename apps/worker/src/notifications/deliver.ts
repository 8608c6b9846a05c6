import { signatureOf } from './signature.js';

/** How long a receiver may take to answer one delivery. */
export const DELIVERY_TIMEOUT_MS = 5000;

/** One POST of one alert to one webhook. */
export interface Delivery {
  readonly url: string;
  readonly secret: string;
  readonly eventId: string;
  /** The JSON body, exactly as signed and sent. */
  readonly body: string;
}

/** A delivery the receiver did not acknowledge with a 2xx (an answer, a network error or no answer in time). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The message of a failed fetch with its cause (`fetch failed: ECONNREFUSED`). Duck-typed: fetch's errors (a
 * DOMException for the timeout) may come from another realm than this module's Error.
 */
function describe(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  if (typeof message !== 'string') return String(error);
  const { code, message: causeMessage } = (cause ?? {}) as { code?: unknown; message?: unknown };
  const detail =
    typeof code === 'string' ? code : typeof causeMessage === 'string' ? causeMessage : undefined;
  return detail ? `${message}: ${detail}` : message;
}

/**
 * POSTs the signed body; answers the status of a 2xx and throws a DeliveryError otherwise, so that the queue
 * retries it. Redirects are not followed (a 3xx is a failure): the signature was made for this URL.
 */
export async function deliver(delivery: Delivery, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<number> {
  let response: Response;
  try {
    response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-chengyun-event-id': delivery.eventId,
        'x-chengyun-signature': signatureOf(delivery.body, delivery.secret),
      },
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new DeliveryError(describe(error, timeoutMs));
  }
  // The answer's body is of no interest: drop it, so the connection can be reused.
  await response.body?.cancel().catch(() => undefined);
  if (response.status < 200 || response.status > 299)
    throw new DeliveryError(`answered ${response.status}`, response.status);
  return response.status;
}
