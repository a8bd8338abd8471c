// Builds RawRow values for domain tests, and a seeded PRNG so randomized tests are reproducible.
import { emptyRawRow, type RawRow } from '../../domain/fields';

/** A typical, fully valid row; override any field. */
export function rawRow(overrides: Partial<RawRow> = {}): RawRow {
  return {
    ...emptyRawRow(7),
    record_id: 'CUST-0007',
    email: 'Jane.Doe@Example.com',
    phone: '(415) 555-0132',
    first_name: 'Jane',
    last_name: 'Doe',
    address_line: '1 Market St',
    city: 'San Francisco',
    state: 'ca',
    postal_code: '94105',
    country: 'USA',
    dob: '1985-03-07',
    updated_at: '2023-05-01 12:34:56',
    ...overrides,
  };
}

/** 2025-01-01T00:00:00Z: the injected "now" of the domain tests. */
export const NOW = Date.UTC(2025, 0, 1);

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
