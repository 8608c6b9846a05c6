import { createHash } from 'node:crypto';

/**
 * The ticket id of a 12345 number: a name-based UUID, so that every delivery of the same number lands on the
 * same stream (intake is idempotent on 工单编号) whatever characters the district puts in its numbers.
 */
export function ticketIdFor(ticketNo: string): string {
  const hash = createHash('sha1').update(`chengyun-ticket\u0000${ticketNo}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * What everyone sees who need not call (domain.md §4): never more than the last four digits of any number, and
 * nothing of a number too short for four digits to leave most of it hidden. Each of two numbers is masked
 * (`*******1234`, `********5678` for 021-62585678, `****5678` for a bare landline).
 */
export function maskPhone(phone: string): string {
  return phone
    .split(/[,，/]/)
    .map((part) => part.replace(/\D/g, ''))
    .filter((digits) => digits.length > 0)
    .map((digits) =>
      digits.length < 8 ? '*'.repeat(digits.length) : `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`,
    )
    .join(',');
}
