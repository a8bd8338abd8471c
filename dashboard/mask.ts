// Masks what the dashboard writes to its logs: never a whole e-mail address or phone number.

/** `jane.doe@example.com` → `j***@example.com`; `+13055550123` → `+1305***23`; anything else unchanged. */
export function maskIdentifier(value: string): string {
  const at = value.indexOf('@');
  if (at > 0) return `${value[0]}***${value.slice(at)}`;
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 7) return `${value.slice(0, 5)}***${value.slice(-2)}`;
  return value;
}
