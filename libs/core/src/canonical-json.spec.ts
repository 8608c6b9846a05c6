import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('ignores key order and undefined members, but not array order', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, 1] } })).toBe(
      canonicalJson({ a: { c: [2, 1] }, b: 1 }),
    );
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
