/** 138****1234: what everyone sees who need not call (domain.md §4); each of two numbers is masked. */
export function maskPhone(phone: string): string {
  return phone
    .split(/[,，/]/)
    .map((part) => part.replace(/\D/g, ''))
    .filter((digits) => digits.length > 0)
    .map((digits) =>
      digits.length <= 7
        ? '*'.repeat(digits.length)
        : `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`,
    )
    .join(',');
}
