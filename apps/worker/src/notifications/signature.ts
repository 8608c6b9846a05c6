import { createHmac, timingSafeEqual } from 'node:crypto';

/** The `x-chengyun-signature` header: `sha256=` and the hex HMAC-SHA256 of the exact body with the secret. */
export function signatureOf(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Whether a signature header matches the raw body (constant time), as a receiver checks it. */
export function verifySignature(body: string | Buffer, secret: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signatureOf(body, secret));
  const actual = Buffer.from(header);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
