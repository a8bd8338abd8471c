// Whether a stored E.164 number is a dialable NANP number, and its parts (area code, exchange, line).

export interface NanpNumber {
  e164: string;
  /** Area code (NPA), 3 digits. */
  npa: string;
  /** The 7 digits after the area code, as a number 0..9,999,999 (the bit offset in a per-area-code bitmap). */
  line7: number;
}

export type NanpVerdict = { ok: true; number: NanpNumber } | { ok: false; reason: string };

/** COMPLIANCE.md's INVALID_PHONE rule: area code and exchange start 2-9, neither is N11, not 555-01xx (fictional). */
export function nanpVerdict(e164: string | null | undefined): NanpVerdict {
  if (!e164) return { ok: false, reason: 'no phone number' };
  if (!/^\+1\d{10}$/.test(e164)) return { ok: false, reason: 'not a NANP number (+1 and 10 digits): outside the US registries this engine scrubs' };
  const npa = e164.slice(2, 5);
  const nxx = e164.slice(5, 8);
  if (npa[0] === '0' || npa[0] === '1') return { ok: false, reason: `area code ${npa} starts with 0 or 1` };
  if (npa[1] === '1' && npa[2] === '1') return { ok: false, reason: `area code ${npa} is an N11 service code` };
  if (nxx[0] === '0' || nxx[0] === '1') return { ok: false, reason: `exchange ${nxx} starts with 0 or 1` };
  if (nxx[1] === '1' && nxx[2] === '1') return { ok: false, reason: `exchange ${nxx} is an N11 service code` };
  if (nxx === '555' && e164.slice(8, 10) === '01') return { ok: false, reason: '555-01xx is reserved for fiction' };
  return { ok: true, number: { e164, npa, line7: Number(e164.slice(5)) } };
}

/** A 10-digit NANP number (area code + 7 digits) in E.164. */
export function e164Of(npa: string | number, line7: number): string {
  return `+1${npa}${String(line7).padStart(7, '0')}`;
}
