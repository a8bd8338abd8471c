// The suppression log is append-only: the database refuses UPDATE and DELETE (triggers), a re-opt-in needs evidence
// (a CHECK), and no code in the project issues a statement that changes or removes its rows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2';
import { createTestDatabase, type TestDatabase } from '../support/services';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase('suplog');
});
after(async () => db.drop());

const INSERT = `INSERT INTO suppression_log (kind, phone_e164, channel, scope, method, received_at, source, evidence, actor, request_key)
  VALUES (?, '+12122345678', 'ALL', 'global', 'SMS_STOP', '2026-03-03 15:00:00', 'test', ?, 'tester', ?)`;

test('UPDATE and DELETE on suppression_log fail in the database; the row stays as written', async () => {
  await db.pool.query(INSERT, ['opt-out', 'sms-1', 'a'.repeat(64)]);
  await assert.rejects(db.pool.query("UPDATE suppression_log SET channel = 'SMS'"), /append-only/);
  await assert.rejects(db.pool.query('DELETE FROM suppression_log'), /append-only/);
  const [rows] = await db.pool.query<RowDataPacket[]>('SELECT channel FROM suppression_log');
  assert.deepEqual(rows.map((r) => r.channel), ['ALL']);
});

test('a re-opt-in without evidence is refused; with evidence it is recorded', async () => {
  await assert.rejects(db.pool.query(INSERT, ['re-opt-in', null, 'b'.repeat(64)]), /ck_suppression_reoptin_evidence|CONSTRAINT/i);
  await assert.rejects(db.pool.query(INSERT, ['re-opt-in', '', 'c'.repeat(64)]), /ck_suppression_reoptin_evidence|CONSTRAINT/i);
  await db.pool.query(INSERT, ['re-opt-in', 'signed form 42', 'd'.repeat(64)]);
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (f === 'node_modules' || f.startsWith('.')) return [];
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|sql)$/.test(f) ? [p] : [];
  });
}

test('no code changes or removes suppression_log rows (UPDATE, DELETE, REPLACE, TRUNCATE, DROP)', () => {
  const root = path.resolve(__dirname, '../..');
  const offenders: string[] = [];
  const changing = /\b(UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE(\s+TABLE)?|DROP\s+TABLE(\s+IF\s+EXISTS)?|LOAD\s+DATA[^;]*REPLACE[^;]*INTO\s+TABLE)\s+`?suppression_log\b/i;
  for (const file of ['activities', 'domain', 'workflows', 'starters', 'db', 'bench', 'dashboard'].flatMap((d) => {
    try {
      return sources(path.join(root, d));
    } catch {
      return [];
    }
  })) {
    const text = readFileSync(file, 'utf8');
    if (changing.test(text)) offenders.push(path.relative(root, file));
  }
  assert.deepEqual(offenders, []);
  assert.ok(changing.test('UPDATE suppression_log SET x = 1') && changing.test('delete from suppression_log'), 'the scan recognises the statements');
});
