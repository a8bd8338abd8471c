// Same arguments and seed must give byte-identical sources and truth (the MySQL table by checksum); another seed must not.
import { readFile } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Manifest } from '../../generator/manifest';
import { mysqlRows, openTestServer, removeDir, runGenerator, sha256, sqliteRows, tempDir, type TestServer } from './generated-data';

const server = openTestServer('determinism');
const dirs: string[] = [];

after(async () => {
  await server.close();
  await Promise.all(dirs.map(removeDir));
});

async function fingerprint(s: TestServer, m: Manifest): Promise<Record<string, string>> {
  return {
    csv: sha256(await readFile(m.csv.path)),
    truth: sha256(await readFile(m.truth.path)),
    sqliteDump: sha256(JSON.stringify(sqliteRows(m.sqlite.path))),
    mysqlChecksum: m.mysql.checksum,
    mysqlSelect: sha256(JSON.stringify(await mysqlRows(s))),
  };
}

async function run(seed: number): Promise<Record<string, string>> {
  const dir = await tempDir();
  dirs.push(dir);
  return fingerprint(server, await runGenerator(server, dir, { seed }));
}

test('two runs with the same seed produce identical outputs, including the MySQL table', async () => {
  const first = await run(11);
  const second = await run(11);
  assert.deepEqual(second, first);
});

test('a different seed produces different outputs in every source', async () => {
  const base = await run(11);
  const other = await run(12);
  for (const key of Object.keys(base)) assert.notEqual(other[key], base[key], `${key} should differ between seeds`);
});
