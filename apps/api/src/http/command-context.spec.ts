import { requestHashOf } from './command-context.js';

describe('requestHashOf: what an Idempotency-Key is bound to', () => {
  const request = (body: unknown, url = '/api/v1/tickets/t-1/dispatch') => ({ method: 'POST', url, body });

  it('is the same for the same account, route and body, whatever the key order or the query', () => {
    expect(requestHashOf(request({ a: 1, b: { c: 2, d: 3 } }), 'dispatcher')).toBe(
      requestHashOf(request({ b: { d: 3, c: 2 }, a: 1 }, '/api/v1/tickets/t-1/dispatch?x=1'), 'dispatcher'),
    );
  });

  it('differs with the account, the route or the body', () => {
    const base = requestHashOf(request({ unitId: 'enforcement' }), 'dispatcher');
    expect(requestHashOf(request({ unitId: 'enforcement' }), 'supervisor')).not.toBe(base);
    expect(
      requestHashOf(request({ unitId: 'enforcement' }, '/api/v1/tickets/t-2/dispatch'), 'dispatcher'),
    ).not.toBe(base);
    expect(requestHashOf(request({ unitId: 'market' }), 'dispatcher')).not.toBe(base);
  });

  it('leaves passwords out, so that the stored hash is no fast hash of a password', () => {
    expect(
      requestHashOf(request({ username: 'li.na', password: 'first-password' }, '/api/v1/accounts'), 'admin'),
    ).toBe(
      requestHashOf(request({ username: 'li.na', password: 'other-password' }, '/api/v1/accounts'), 'admin'),
    );
  });
});
