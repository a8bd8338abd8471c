// Loads the CSV inputs from the raw zone: the internal suppression list, EBR evidence (transactions, inquiries),
// written consents and contact attempts. Each row is validated (phone to E.164, e-mail, times, enums); a bad row is
// stored with its line number and the load goes on. Rows carry (copy, line) keys, so a retried load adds nothing.
import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'fast-csv';
import type { Readable } from 'node:stream';
import type { ResultSetHeader } from 'mysql2';
import type { ActivityDeps } from '../deps';
import { normalizeEmail } from '../../domain/normalize/email';
import { normalizePhone } from '../../domain/normalize/phone';
import { SCOPES, SUPPRESSION_CHANNELS } from '../../domain/compliance/tags';
import { heartbeatDetails } from '../keep-alive';
import { ErrorRecorder, RegistryChecksumError, type CopyRecord } from './copy-records';
import { sqlOfMs } from './sql-time';

type Row = Record<string, string | undefined>;
/** One CSV row that cannot be loaded; caught per row and stored with its line number. */
class CsvRowError extends Error {
  override name = 'CsvRowError';
}

const BATCH = 2000;

function field(row: Row, name: string): string | null {
  const v = row[name]?.trim();
  return v ? v : null;
}

function phoneOf(row: Row, region: string): string | null {
  const raw = field(row, 'phone');
  if (raw === null) return null;
  const r = normalizePhone(raw, region);
  if (!r.ok || !r.value) throw new CsvRowError('phone: not a valid number');
  return r.value.e164;
}

function emailOf(row: Row): string | null {
  const raw = field(row, 'email');
  if (raw === null) return null;
  const r = normalizeEmail(raw);
  if (!r.ok || !r.value) throw new CsvRowError('email: not a valid address');
  return r.value;
}

function timeOf(row: Row, name: string, required: boolean): string | null {
  const raw = field(row, name);
  if (raw === null) {
    if (required) throw new CsvRowError(`${name}: required`);
    return null;
  }
  const t = Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(raw) || /^\d{4}-\d\d-\d\d$/.test(raw) ? raw : `${raw}Z`);
  if (Number.isNaN(t)) throw new CsvRowError(`${name}: not a time`);
  return sqlOfMs(t);
}

function oneOf<T extends string>(row: Row, name: string, allowed: readonly T[], fallback: T | null): T {
  const raw = field(row, name);
  if (raw === null) {
    if (fallback === null) throw new CsvRowError(`${name}: required`);
    return fallback;
  }
  const hit = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
  if (!hit) throw new CsvRowError(`${name}: must be one of ${allowed.join(', ')}`);
  return hit;
}

function required(row: Row, name: string): string {
  const v = field(row, name);
  if (v === null) throw new CsvRowError(`${name}: required`);
  return v;
}

interface Target {
  table: string;
  columns: string[];
  values(row: Row, lineNo: number): unknown[];
}

function targetOf(copy: CopyRecord, region: string): Target {
  const ident = (row: Row) => {
    const phone = phoneOf(row, region);
    const email = emailOf(row);
    if (phone === null && email === null) throw new CsvRowError('phone or email: one is required');
    return [phone, email];
  };
  switch (copy.kind) {
    case 'suppression':
      return {
        table: 'suppression_log',
        columns: ['phone_e164', 'email', 'kind', 'channel', 'scope', 'scope_value', 'method', 'received_at', 'source', 'evidence', 'actor', 'request_key'],
        values: (row, lineNo) => {
          const kind = oneOf(row, 'kind', ['opt-out', 're-opt-in'] as const, 'opt-out');
          const scope = oneOf(row, 'scope', SCOPES, 'global');
          const evidence = field(row, 'evidence');
          if (kind === 're-opt-in' && !evidence) throw new CsvRowError('evidence: a re-opt-in needs evidence');
          const scopeValue = field(row, 'scope_value');
          if (scope !== 'global' && !scopeValue) throw new CsvRowError(`scope_value: a ${scope}-scoped row names its ${scope}`);
          return [...ident(row), kind, oneOf(row, 'channel', SUPPRESSION_CHANNELS, 'ALL'), scope, scopeValue, required(row, 'method').toUpperCase().slice(0, 32),
            timeOf(row, 'received_at', true), (field(row, 'source') ?? `file:${copy.sha256.slice(0, 12)}`).slice(0, 128), evidence, copy.actor,
            createHash('sha256').update(`copy:${copy.id}:${lineNo}`).digest('hex')];
        },
      };
    case 'transactions':
    case 'inquiries':
      return {
        table: 'ebr_evidence', columns: ['phone_e164', 'email', 'kind', 'brand', 'occurred_at', 'reference', 'load_id', 'line_no'],
        values: (row, lineNo) => [...ident(row), copy.kind === 'transactions' ? 'transaction' : 'inquiry', field(row, 'brand'), timeOf(row, 'occurred_at', true), required(row, 'reference').slice(0, 128), copy.id, lineNo],
      };
    case 'consents':
      return {
        table: 'written_consents', columns: ['phone_e164', 'email', 'brand', 'granted_at', 'revoked_at', 'evidence', 'load_id', 'line_no'],
        values: (row, lineNo) => [...ident(row), required(row, 'brand'), timeOf(row, 'granted_at', true), timeOf(row, 'revoked_at', false), required(row, 'evidence').slice(0, 512), copy.id, lineNo],
      };
    case 'attempts':
      return {
        table: 'contact_attempts', columns: ['phone_e164', 'attempted_at', 'channel', 'campaign', 'brand', 'outcome', 'actor', 'source'],
        values: (row) => {
          const phone = phoneOf(row, region);
          if (phone === null) throw new CsvRowError('phone: required');
          return [phone, timeOf(row, 'attempted_at', true), oneOf(row, 'channel', ['VOICE', 'SMS'] as const, 'VOICE'), field(row, 'campaign'), field(row, 'brand'), field(row, 'outcome'), copy.actor, `file:${copy.sha256.slice(0, 12)}`];
        },
      };
    default:
      throw new Error(`not a CSV kind: ${copy.kind}`);
  }
}

export async function loadCsvFile(deps: Pick<ActivityDeps, 'pool' | 's3' | 'buckets' | 'defaultPhoneRegion'>, copy: CopyRecord): Promise<{ linesRead: number; numbers: number; malformed: number }> {
  const target = targetOf(copy, deps.defaultPhoneRegion);
  const errors = new ErrorRecorder(deps.pool, copy.id);
  const hash = createHash('sha256');
  const out = await deps.s3.send(new GetObjectCommand({ Bucket: deps.buckets.raw, Key: copy.rawKey }));
  const body = out.Body as Readable;
  body.on('data', (chunk: Buffer) => hash.update(chunk));
  // Records as arrays: record 1 is the header; a record's number is its line number when no field spans lines.
  const csv = body.pipe(parse<string[], string[]>({ headers: false, ignoreEmpty: true }));
  let header: string[] | null = null;
  let rows: unknown[][] = [];
  let inserted = 0;
  let lineNo = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    const [res] = await deps.pool.query<ResultSetHeader>(`INSERT IGNORE INTO ${target.table} (${target.columns.join(', ')}) VALUES ?`, [rows]);
    inserted += res.affectedRows;
    rows = [];
    heartbeatDetails({ copyId: copy.id, lineNo });
  };
  for await (const record of csv as AsyncIterable<string[]>) {
    lineNo += 1;
    if (header === null) {
      header = record.map((h) => h.trim().toLowerCase());
      continue;
    }
    if (record.length !== header.length) {
      errors.add(lineNo, `${record.length} fields, the header has ${header.length}`, '');
      continue;
    }
    const row: Row = {};
    header.forEach((h, i) => (row[h] = record[i]));
    try {
      rows.push(target.values(row, lineNo));
    } catch (err) {
      if (!(err instanceof CsvRowError)) throw err;
      errors.add(lineNo, err.message, '');
    }
    if (rows.length >= BATCH) await flush();
  }
  await flush();
  await errors.flush();
  const sha = hash.digest('hex');
  if (sha !== copy.sha256) throw new RegistryChecksumError(copy.rawKey, copy.sha256, sha);
  return { linesRead: lineNo, numbers: inserted, malformed: errors.count };
}
