import { hashOf } from './random.js';

/** Seeds are whole numbers 0 … 999,999: six digits of every 工单编号 the run makes (see {@link idsFor}). */
export const MAX_SEED = 999_999;
/** At most this many cases of one kind per run (six digits of the 工单编号). */
export const MAX_CASES = 999_999;

/** The ids of one run; `n` counts cases of a kind from 1, in order of intake. */
export interface SimulationIds {
  readonly seed: number;
  /** `sim-<seed>-t<n>`. */
  readonly ticketId: (n: number) => string;
  /**
   * 工单编号: 13 digits, `9` + the seed (6 digits) + n (6 digits). Real 12345 numbers start with the year, so a
   * simulated one never collides with a real one, nor with another seed's.
   */
  readonly ticketNo: (n: number) => string;
  /** The number of a repeat call merged into ticket n (并单): `8` + seed + n, so never a ticket's number. */
  readonly mergedCallNo: (n: number) => string;
  /** `sim-<seed>-f<n>`. */
  readonly findingId: (n: number) => string;
  /** `sim-<seed>-b<n>`. */
  readonly bikeId: (n: number) => string;
  /** `sim-<seed>-s<k>`: a shop on the street (跨门营业 red/yellow cards). */
  readonly shopId: (k: number) => string;
  /** The vault subject of the caller of ticket k: `sim-<seed>-p<k>` (personal data stays out of events). */
  readonly callerSubjectId: (k: number) => string;
  /** The vault subject of another citizen whose call was merged into ticket n. */
  readonly mergedCallerSubjectId: (n: number) => string;
  /** The vault reference of the owner who claims bike n. */
  readonly bikeClaimantRef: (n: number) => string;
  /** A masked mobile number (*******1234) for a subject, the same every time; the full number exists nowhere. */
  readonly maskedPhone: (subjectId: string) => string;
}

const MOBILE_PREFIXES = [
  '133', '135', '136', '137', '138', '139', '150', '151', '152', '153',
  '158', '159', '177', '180', '181', '186', '187', '188', '189', '199',
] as const; // prettier-ignore

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`The simulation seed must be a whole number from 0 to ${MAX_SEED}, not ${seed}`);
  }
}

function checkCase(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CASES) {
    throw new RangeError(`A simulated case number runs from 1 to ${MAX_CASES}, not ${n}`);
  }
  return String(n).padStart(6, '0');
}

/** The deterministic ids of a run with this seed: two seeds never share an id or a 工单编号. */
export function idsFor(seed: number): SimulationIds {
  checkSeed(seed);
  const prefix = `sim-${seed}`;
  const seedDigits = String(seed).padStart(6, '0');
  return {
    seed,
    ticketId: (n) => `${prefix}-t${n}`,
    ticketNo: (n) => `9${seedDigits}${checkCase(n)}`,
    mergedCallNo: (n) => `8${seedDigits}${checkCase(n)}`,
    findingId: (n) => `${prefix}-f${n}`,
    bikeId: (n) => `${prefix}-b${n}`,
    shopId: (k) => `${prefix}-s${k}`,
    callerSubjectId: (k) => `${prefix}-p${k}`,
    mergedCallerSubjectId: (n) => `${prefix}-pm${n}`,
    bikeClaimantRef: (n) => `${prefix}-pb${n}`,
    maskedPhone: (subjectId) => {
      const h = hashOf(seed, 'phone', subjectId);
      // As the API masks: the last four digits of an 11-digit mobile number only (issue 24).
      const last4 = String(Math.floor(h / MOBILE_PREFIXES.length) % 10_000).padStart(4, '0');
      return `*******${last4}`;
    },
  };
}
