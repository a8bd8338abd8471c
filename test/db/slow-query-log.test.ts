// The pool built where clients are built logs every statement over SLOW_QUERY_MS with its timing and its
// parameters masked, on pooled queries and on held connections alike, and leaves fast statements alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'mysql2/promise';
import type { SlowQuery } from '../../db/slow-query-log';
import { createDbPool } from '../../workers/clients';
import { createTestDatabase, type TestDatabase } from '../support/services';

let db: TestDatabase;
let pool: Pool;
const seen: SlowQuery[] = [];

before(async () => {
  db = await createTestDatabase('slowq');
  pool = createDbPool({ DATABASE_URL: db.url, SLOW_QUERY_MS: 200 }, { connectionLimit: 2 }, { onSlowQuery: (q) => seen.push(q) });
});
after(async () => {
  await pool.end();
  await db.drop();
});

test('a slow statement is logged with its timing and masked parameters; a fast one is not', async () => {
  await pool.query('SELECT ? AS e, ?', ['fast@example.com', 1]);
  assert.equal(seen.length, 0);
  await pool.execute('SELECT SLEEP(0.3), ? AS email, ? AS phone, ? AS name, ? AS id', ['ann.lee@example.com', '+14155550132', 'Ann Lee', 42]);
  assert.equal(seen.length, 1);
  const q = seen[0]!;
  assert.ok(q.ms >= 250, `timing ${q.ms} ms`);
  assert.equal(q.statement, 'SELECT');
  assert.deepEqual(q.params, ['a***@example.com', '+*********32', '<text, 7 chars>', 42]);
  assert.doesNotMatch(JSON.stringify(q), /ann\.lee|4155550132|Ann Lee/);
});

test('statements on a held connection are timed too, failed ones included, and wrappers never nest', async () => {
  seen.length = 0;
  for (let i = 0; i < 3; i++) {
    const conn = await pool.getConnection();
    try {
      await conn.query('SELECT SLEEP(0.25) AS s');
      await assert.rejects(conn.query('SELECT SLEEP(0.25), no_such_column'));
    } finally {
      conn.release();
    }
  }
  // SLEEP then the failing statement (which fails only after parsing: it is fast, so not logged) per round.
  assert.equal(seen.filter((q) => q.sql.startsWith('SELECT SLEEP(0.25) AS s')).length, 3, 'one line per slow statement, not one per wrapper');
});
