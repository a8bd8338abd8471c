// Measures normalizeRecord throughput on one core for typical rows (run: npx tsx test/domain/bench-normalize-row.ts [rows]).
import { parseCanonicalCsv } from '../../domain/canonical-csv';
import { CANONICAL_COLUMNS, emptyRawRow, recordOf, type RawRow } from '../../domain/fields';
import { matchKey } from '../../domain/match-key';
import { nanpFastPathStatus, resetNanpFastPath } from '../../domain/normalize/nanp-fast-path';
import { normalizeRecord } from '../../domain/normalize-row';

/** Deterministic PRNG (mulberry32) so every run measures the same rows. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'José', 'María', 'Zoë', 'François', 'Søren', 'Anne-Marie', "D'Angelo", '  Li  ', 'محمد', 'Ірина'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'García', 'Miller', 'Davis', "O'Brien", 'Nguyễn', 'Müller', 'van der Berg', 'Kowalski', 'Øster'];
const DOMAINS = ['gmail.com', 'yahoo.com', 'hotmail.com', 'aol.com', 'outlook.com', 'example.org', 'comcast.net', 'company.co.uk'];
const CITIES = ['San Francisco', 'New York', 'Austin', 'Chicago', 'Seattle', 'Boston', 'Denver', 'Miami'];
const STATES = ['CA', 'ny', 'TX', 'il', 'WA', 'MA', 'CO', 'FL'];
const COUNTRIES = ['US', 'US', 'US', 'USA', 'United States', 'us', '', 'CA'];
const AREA_CODES = [201, 202, 206, 212, 213, 214, 303, 305, 310, 312, 404, 408, 415, 469, 503, 512, 602, 617, 646, 702, 713, 718, 773, 786, 818, 917, 972];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function typicalRow(r: () => number, i: number): RawRow {
  const row = emptyRawRow(i + 1);
  const first = pick(r, FIRST);
  const last = pick(r, LAST);
  const npa = pick(r, AREA_CODES);
  const nxx = 200 + Math.floor(r() * 800);
  const line = String(Math.floor(r() * 10000)).padStart(4, '0');
  const p = r();
  row.record_id = `CUST-${String(i).padStart(8, '0')}`;
  row.email = r() < 0.9 ? `${first.trim().toLowerCase().replace(/[^a-z]/g, '')}.${i}@${pick(r, DOMAINS)}` : r() < 0.5 ? '' : 'not-an-email';
  // Phone mix: 92% NANP 10/11-digit spellings, 2% with an extension, 2% 7-digit local, 2% international, 2% empty.
  row.phone =
    p < 0.42 ? `(${npa}) ${nxx}-${line}` : p < 0.62 ? `${npa}-${nxx}-${line}` : p < 0.72 ? `+1 ${npa} ${nxx} ${line}` : p < 0.84 ? `${npa}${nxx}${line}`
      : p < 0.92 ? `1-${npa}-${nxx}-${line}` : p < 0.94 ? `${npa}.${nxx}.${line} x${1 + Math.floor(r() * 999)}` : p < 0.96 ? `${nxx}-${line}`
        : p < 0.98 ? `+44 20 ${7000 + Math.floor(r() * 2999)} ${line}` : '';
  row.first_name = first;
  row.last_name = last;
  row.address_line = `${1 + Math.floor(r() * 9999)} ${pick(r, ['Main St', 'Oak Ave', 'Elm  Street', 'Broadway', '5th Ave Apt 3'])}`;
  row.city = pick(r, CITIES);
  row.state = pick(r, STATES);
  row.postal_code = String(10000 + Math.floor(r() * 89999));
  row.country = pick(r, COUNTRIES);
  const y = 1940 + Math.floor(r() * 60);
  const mo = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const q = r();
  row.dob = q < 0.5 ? `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` : q < 0.8 ? `${mo}/${d}/${y}` : q < 0.9 ? '' : `${y}${String(mo).padStart(2, '0')}${String(d).padStart(2, '0')}`;
  const ts = Date.UTC(2015, 0, 1) + Math.floor(r() * 9 * 365 * 86_400_000);
  const t = r();
  row.updated_at = t < 0.5 ? new Date(ts).toISOString().replace('T', ' ').slice(0, 19) : t < 0.8 ? new Date(ts).toISOString() : t < 0.95 ? String(Math.floor(ts / 1000)) : '';
  return row;
}

/** Rows go through the canonical batch CSV and its parser, so the strings are shaped as ingestion sees them. */
function viaCanonicalCsv(generated: RawRow[]): RawRow[] {
  const quote = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = [CANONICAL_COLUMNS.join(','), ...generated.map((r) => CANONICAL_COLUMNS.map((c) => quote(r[c])).join(','))].join('\n');
  return parseCanonicalCsv(text).slice(1).map((record) => {
    const row = {} as Record<string, string>;
    CANONICAL_COLUMNS.forEach((c, j) => (row[c] = record[j] ?? ''));
    return row as RawRow;
  });
}

const count = Number(process.argv[2] ?? 500_000);
const rows = viaCanonicalCsv(Array.from({ length: count }, (_, i) => typicalRow(prng(i + 1), i))).map(recordOf);
const options = { defaultRegion: 'US', now: Date.UTC(2025, 0, 1) };

function pass(label: string, withKey: boolean): number {
  let ok = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const row of rows) {
    const result = normalizeRecord(row, options);
    if (result.kind === 'ok') {
      ok++;
      if (withKey) matchKey(result.contact, 'bench');
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const rate = Math.round(rows.length / cpuSeconds);
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(`${label}: ${fmt(rows.length / seconds)} rows/s wall (${seconds.toFixed(2)} s), ${fmt(rate)} rows per CPU-second (${ok} ok)`);
  return rate;
}

resetNanpFastPath();
pass('cold phone memo (first pass)', false);
const warm = [1, 2, 3, 4, 5].map((n) => pass(`warm pass ${n}`, false));
pass('warm + matchKey', true);
const status = nanpFastPathStatus('US');
console.log(`NANP fast path: enabled=${status.enabled}, memoized verdicts=${status.memoized}, undetermined prefixes=${status.undeterminedPrefixes}`);
const sorted = [...warm].sort((a, b) => a - b);
console.log(`warm normalizeRow: median ${sorted[2]?.toLocaleString('en-US')}, best ${sorted[4]?.toLocaleString('en-US')} rows per CPU-second (single-threaded loop)`);
