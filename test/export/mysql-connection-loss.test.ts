// A legacy MySQL connection lost in the middle of a streamed read (server restart, killed session) or aborted
// by a cancelled activity must fail the read, never leave it waiting: mysql2 does not hand a fatal connection
// error to a streamed query, which once hung the export and the worker's shutdown after a database restart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import { openMysqlSource, type MysqlSourceConnection } from '../../activities/export/mysql-connection';
import { holdConnection } from '../../activities/ingest/connection';
import { createDbPool, poolOptionsFromUrl } from '../../workers/clients';
import { baseConfig, uniqueName } from '../support/services';

// Far more than loopback socket buffers hold (tens of MB): the server cannot have sent everything before the kill.
const ROWS = 300_000;

describe('connection loss and cancellation end MySQL reads', { timeout: 60_000 }, () => {
  const dbName = uniqueName('connloss').replace(/-/g, '_');
  const url = new URL(baseConfig.DATABASE_URL);
  url.pathname = `/${dbName}`;
  let admin: mysql.Connection;

  before(async () => {
    admin = await mysql.createConnection({ ...poolOptionsFromUrl(baseConfig.DATABASE_URL), database: undefined });
    await admin.query(`CREATE DATABASE ${mysql.escapeId(dbName)}`);
    await admin.query(`CREATE TABLE ${mysql.escapeId(dbName)}.t (id INT PRIMARY KEY, filler VARCHAR(200))`);
    await admin.query(`INSERT INTO ${mysql.escapeId(dbName)}.t SELECT seq, REPEAT('x', 200) FROM ${mysql.escapeId(dbName)}.seq_1_to_${ROWS}`);
  });
  after(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${mysql.escapeId(dbName)}`);
    await admin.end();
  });

  /** Starts a streamed read, takes its first row and stops consuming (the stream pauses the connection). */
  async function pausedStream(conn: MysqlSourceConnection) {
    const rows = conn.stream(`SELECT id, filler FROM ${mysql.escapeId(dbName)}.t ORDER BY id`)[Symbol.asyncIterator]();
    const first = await rows.next();
    assert.equal(first.done, false);
    return rows;
  }

  test('a killed session fails the streamed read in flight, and every later statement at once', async () => {
    const conn = await openMysqlSource(url.toString());
    const [{ id }] = (await conn.query('SELECT CONNECTION_ID() AS id')) as [{ id: number }];
    const rows = await pausedStream(conn);
    await admin.query(`KILL CONNECTION ${Number(id)}`);
    // Drain what was buffered before the kill: the iterator must then reject, not wait.
    await assert.rejects(async () => {
      for (;;) if ((await rows.next()).done) throw new Error(`the stream ended as if complete after a killed connection`);
    }, (err: Error & { fatal?: boolean }) => err.fatal === true);
    await assert.rejects(conn.query('SELECT 1'), (err: Error & { fatal?: boolean }) => err.fatal === true);
    assert.throws(() => conn.stream('SELECT 1'), (err: Error & { fatal?: boolean }) => err.fatal === true);
    await conn.close();
  });

  test('abort() (a cancelled activity) fails the streamed read with its reason and close() returns', async () => {
    const conn = await openMysqlSource(url.toString());
    const rows = await pausedStream(conn);
    const reason = new Error('activity cancelled: heartbeat timeout');
    conn.abort(reason);
    await assert.rejects(async () => {
      for (;;) if ((await rows.next()).done) throw new Error('the stream ended as if complete after abort');
    }, (err: Error) => err.message === reason.message);
    await conn.close();
  });

  test('an aborted signal fails the statement running on a held pool connection; the pool goes on working', async () => {
    const pool = createDbPool({ DATABASE_URL: url.toString() }, { connectionLimit: 1 });
    try {
      const controller = new AbortController();
      const held = await holdConnection(pool, controller.signal);
      const sleeping = held.conn.query('SELECT SLEEP(30) AS s');
      setTimeout(() => controller.abort(new Error('worker shutting down')), 200);
      await assert.rejects(sleeping, (err: Error) => err.message === 'worker shutting down');
      held.release();
      // The aborted connection left the pool: the only slot serves a new connection.
      const again = await holdConnection(pool);
      const [r] = await again.conn.query<mysql.RowDataPacket[]>('SELECT 1 AS one');
      assert.equal(r[0]!.one, 1);
      again.release();
    } finally {
      await pool.end();
    }
  });

  test('an aborted signal ends a wait for a free pool connection', async () => {
    const pool = createDbPool({ DATABASE_URL: url.toString() }, { connectionLimit: 1 });
    try {
      const busy = await holdConnection(pool);
      const controller = new AbortController();
      const waiting = holdConnection(pool, controller.signal);
      controller.abort(new Error('cancelled while waiting'));
      await assert.rejects(waiting, (err: Error) => err.message === 'cancelled while waiting');
      busy.release();
      const next = await holdConnection(pool);
      next.release();
    } finally {
      await pool.end();
    }
  });
});
