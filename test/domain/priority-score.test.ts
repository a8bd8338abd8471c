// The priority score: the TypeScript definition and the SQL the refresh runs agree, and the config is validated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { parseListConfig, ListConfigError } from '../../domain/list-config';
import { scoreOf, scoreSql } from '../../domain/priority-score';
import { baseConfig } from '../support/services';
import { poolOptionsFromUrl } from '../../workers/clients';

const config = parseListConfig(JSON.parse(readFileSync(path.resolve(__dirname, '../../config/dashboard-lists.json'), 'utf8')));

test('a fresh, complete record from the most trusted source, never attempted, scores 1000; each input lowers it', () => {
  const cfg = config.priorityScore;
  const full = Object.fromEntries(cfg.completenessFields.map((f) => [f, true]));
  assert.equal(scoreOf(cfg, { ageDays: 0, present: full, sourceKind: 'mysql', attempts: 0 }), 1000);
  const older = scoreOf(cfg, { ageDays: cfg.recencyHalfLifeDays, present: full, sourceKind: 'mysql', attempts: 0 });
  assert.equal(older, Math.round(1000 - 500 * cfg.weights.recency / 1.0));
  assert.ok(scoreOf(cfg, { ageDays: 0, present: {}, sourceKind: 'mysql', attempts: 0 }) < 1000);
  assert.ok(scoreOf(cfg, { ageDays: 0, present: full, sourceKind: 'csv', attempts: 0 }) < 1000);
  assert.ok(scoreOf(cfg, { ageDays: 0, present: full, sourceKind: 'mysql', attempts: 3 }) < 1000);
});

test('the SQL expression gives the score scoreOf gives', async () => {
  const cfg = config.priorityScore;
  const conn = await mysql.createConnection(poolOptionsFromUrl(baseConfig.DATABASE_URL));
  try {
    const cases = [
      { ageDays: 0, sourceKind: 'mysql', attempts: 0, email: 'a@b.c', phone: '+12125550100', first: 'A', dob: '1980-01-01' },
      { ageDays: 400, sourceKind: 'csv', attempts: 2, email: null, phone: '+12125550100', first: '', dob: null },
      { ageDays: 30, sourceKind: 'other', attempts: 7, email: 'x@y.z', phone: null, first: 'B', dob: null },
    ];
    for (const c of cases) {
      const ref = '2026-12-01 00:00:00.000';
      const updated = new Date(Date.parse('2026-12-01T00:00:00Z') - c.ageDays * 86_400_000).toISOString().replace('T', ' ').replace('Z', '');
      const { sql, params } = scoreSql(cfg, 'x', ref);
      const row = `SELECT ? AS updated_at, ? AS source_kind, ? AS attempts, ? AS email, ? AS phone_e164, ? AS first_name, NULL AS last_name,
        NULL AS address_line, NULL AS city, NULL AS state, NULL AS postal_code, ? AS dob`;
      const [got] = await conn.query(`SELECT ${sql} AS s FROM (${row}) x`, [...params, updated, c.sourceKind, c.attempts, c.email, c.phone, c.first, c.dob]) as unknown as [Array<{ s: number }>];
      const present = { email: !!c.email, phone_e164: !!c.phone, first_name: !!c.first, dob: !!c.dob };
      assert.equal(Number(got[0]!.s), scoreOf(cfg, { ageDays: c.ageDays, present, sourceKind: c.sourceKind, attempts: c.attempts }), JSON.stringify(c));
    }
  } finally {
    await conn.end();
  }
});

test('a bad config names what is wrong', () => {
  assert.throws(() => parseListConfig({ ...config, priorityScore: { ...config.priorityScore, recencyHalfLifeDays: -1 } }), (e: Error) => e instanceof ListConfigError && /priorityScore\.recencyHalfLifeDays/.test(e.message));
  assert.throws(() => parseListConfig({ ...config, defaultCampaign: { ...config.defaultCampaign, channel: 'FAX' } }), /defaultCampaign\.channel/);
});
