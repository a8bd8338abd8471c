// Masks values before they reach a log line: no raw e-mail address or phone number, no free text (names,
// addresses) leaves the database through the logs; ids, numbers and machine names stay readable.

const EMAIL = /^([^@\s]{1,64})@([^@\s]+)$/;
/** Something dialable: optional +, then digits with common separators, at least 7 digits. */
const PHONE = /^\+?[\d\s().-]{7,}$/;
/** Short identifier-like text (object keys, migration and source names, codes, timestamps) is safe to show. */
const IDENTIFIER = /^[A-Za-z0-9_.:/=-]{1,80}$/;

/** `j***@example.com`: the first character of the local part and the domain. */
export function maskEmail(value: string): string {
  const m = EMAIL.exec(value);
  return m ? `${m[1]!.slice(0, 1)}***@${m[2]}` : '***';
}

/** `+*********67`: the leading + and the last two digits. */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return `${value.startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

/** One statement parameter or data value, safe to log. */
export function maskValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (typeof value === 'string') {
    if (EMAIL.test(value)) return maskEmail(value);
    const digitCount = value.replace(/\D/g, '').length;
    if (PHONE.test(value) && digitCount >= 7) return maskPhone(value);
    if (/^\d+$/.test(value)) return value;
    if (IDENTIFIER.test(value) && !/\d{7,}/.test(value)) return value;
    return `<text, ${value.length} chars>`;
  }
  if (Array.isArray(value)) return value.length > 20 ? [...value.slice(0, 20).map(maskValue), `… ${value.length - 20} more`] : value.map(maskValue);
  return '<object>';
}
