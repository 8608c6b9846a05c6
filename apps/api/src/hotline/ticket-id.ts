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
