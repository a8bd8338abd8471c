// The identity of a contact row as a 40-hex SHA-1: its (email, phone) pair, or its source record when it has neither.
import * as crypto from 'node:crypto';
import { KEY_COLUMNS, valueIndex } from './contact-schema';
import { type NormalizedContact } from './normalize-row';

/** What the key reads of a row. */
export type KeyedRow = Pick<NormalizedContact, 'values' | 'recordId' | 'rowNo'>;

const [KEY_A, KEY_B] = KEY_COLUMNS.map(valueIndex) as [number, number];
if (KEY_COLUMNS.length !== 2) throw new Error('the match-key encoding below is for exactly two key columns');

/*
 * Encoding (stable forever — stored keys depend on it; tests pin known values):
 * - with a contact key:   'k:' + email + NUL + phone_e164 (KEY_COLUMNS; an absent part is the empty string)
 * - without, by record:   's:' + sourceName + NUL + recordId
 * - without, no record id: 'r:' + sourceName + NUL + rowNo        (nothing better identifies such a row)
 * NUL cannot occur in a normalized email, an E.164 number or an accepted record id (control characters are
 * rejected), and the prefixes keep the three spaces apart, so no two different identities share an encoding.
 */
export function matchKeyMaterial(contact: KeyedRow, sourceName: string): string {
  const a = contact.values[KEY_A] ?? null;
  const b = contact.values[KEY_B] ?? null;
  if (a !== null || b !== null) return `k:${a ?? ''}\u0000${b ?? ''}`;
  if (contact.recordId !== '') return `s:${sourceName}\u0000${contact.recordId}`;
  return `r:${sourceName}\u0000${contact.rowNo}`;
}

/** One-shot crypto.hash (Node ≥ 20.12, ~2× faster for short inputs) with createHash as the fallback. */
const sha1Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha1', text, 'hex')
    : (text) => crypto.createHash('sha1').update(text, 'utf8').digest('hex');

/** 40-hex SHA-1 (UTF-8) of `matchKeyMaterial`. */
export function matchKey(contact: KeyedRow, sourceName: string): string {
  return sha1Hex(matchKeyMaterial(contact, sourceName));
}
