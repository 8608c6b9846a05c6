import { createHmac } from 'node:crypto';
import { signatureOf, verifySignature } from './signature.js';

describe('webhook signature', () => {
  const body = JSON.stringify({ id: 'e-1', kind: 'overdue', note: '超期' });

  it('is sha256= and the hex HMAC-SHA256 of the exact UTF-8 body with the secret', () => {
    const expected = createHmac('sha256', 'top-secret').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signatureOf(body, 'top-secret')).toBe(`sha256=${expected}`);
    expect(signatureOf(Buffer.from(body), 'top-secret')).toBe(`sha256=${expected}`);
  });

  it('verifies the raw body only, with the right secret', () => {
    const header = signatureOf(body, 'top-secret');
    expect(verifySignature(body, 'top-secret', header)).toBe(true);
    expect(verifySignature(`${body} `, 'top-secret', header)).toBe(false);
    expect(verifySignature(body, 'other', header)).toBe(false);
    expect(verifySignature(body, 'top-secret', undefined)).toBe(false);
    expect(verifySignature(body, 'top-secret', 'sha256=00')).toBe(false);
  });
});
