// Which call lists a record may be on (domain/compliance/list-classes.ts): the rule on COMPLIANCE.md's examples, the
// SQL the dashboard's refresh runs agreeing with the TypeScript on every combination of stored facts, and the tags a
// list refuses as a filter being exactly those no listable record can carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from 'mysql2/promise';
import {
  ALL_CLASSES_BLOCKED, blockedFor, blockedMask, blockedMaskSql, classOf, contactComplianceColumns, exemptionLapsesAt, LIST_CLASSES, listBlocks,
  neverListable, type StoredFacts,
} from '../../domain/compliance/list-classes';
import { shippedRules } from '../../domain/compliance/rules';
import { BLOCKING_ORDER } from '../../domain/compliance/tags';
import { STORED_TAGS, UNSCRUBBED } from '../../domain/compliance/stored-status';
import { baseConfig } from '../support/services';
import { poolOptionsFromUrl } from '../../workers/clients';

const rules = shippedRules().rules;
const AT = Date.parse('2026-12-01T00:00:00Z');
const AT_SQL = '2026-12-01 00:00:00.000';
const CLEAN: StoredFacts = {
  scrubbed: true, invalidPhone: false, optedOut: '', scopedOptOuts: false, litigator: false, dncFederal: false, dncStates: '', wireless: false, ebrUntil: null, emailCovered: true,
};
const blockedClasses = (f: Partial<StoredFacts>) => LIST_CLASSES.filter((c) => blockedFor({ ...CLEAN, ...f }, c, AT, rules));

test('the classes a record is blocked for, from its stored facts', () => {
  assert.deepEqual(blockedClasses({}), []);
  assert.deepEqual(blockedClasses({ scrubbed: false }), [...LIST_CLASSES], 'never scrubbed: blocked everywhere');
  assert.deepEqual(blockedClasses({ optedOut: 'ALL' }), [...LIST_CLASSES]);
  // An SMS STOP recorded channel-scoped blocks SMS only (an unscoped one is stored as ALL).
  assert.deepEqual(blockedClasses({ optedOut: 'SMS' }), ['SMS_MANUAL', 'SMS_AUTOMATED']);
  assert.deepEqual(blockedClasses({ scopedOptOuts: true }), [...LIST_CLASSES], 'a brand-scoped opt-out: which brand is not stored, so conservative');
  assert.deepEqual(blockedClasses({ litigator: true }), ['VOICE_MANUAL', 'VOICE_AUTOMATED', 'SMS_MANUAL', 'SMS_AUTOMATED']);
  assert.deepEqual(blockedClasses({ invalidPhone: true }), ['VOICE_MANUAL', 'VOICE_AUTOMATED', 'SMS_MANUAL', 'SMS_AUTOMATED']);
  // Wireless: automated dialling (voice or text) needs written consent; an agent dialling by hand does not.
  assert.deepEqual(blockedClasses({ wireless: true }), ['VOICE_AUTOMATED', 'SMS_AUTOMATED']);
  // DNC: blocked unless an EBR is active at the evaluation time (COMPLIANCE.md: 17 months ago yes, 19 no).
  const phones = ['VOICE_MANUAL', 'VOICE_AUTOMATED', 'SMS_MANUAL', 'SMS_AUTOMATED'];
  assert.deepEqual(blockedClasses({ dncFederal: true }), phones);
  assert.deepEqual(blockedClasses({ dncFederal: true, ebrUntil: AT + 30 * 86_400_000 }), []);
  assert.deepEqual(blockedClasses({ dncFederal: true, ebrUntil: AT }), phones, 'an EBR lapsing at the evaluation time is over');
  assert.deepEqual(blockedClasses({ dncStates: 'TX', ebrUntil: AT + 1 }), []);
  // Indiana's list accepts no EBR (rules.json): the EBR that clears the federal listing does not clear it.
  assert.deepEqual(blockedClasses({ dncFederal: true, dncStates: 'IN,TX', ebrUntil: AT + 1 }), phones);
  assert.deepEqual(blockedClasses({ dncStates: 'IN' }), phones);
  assert.deepEqual(blockedClasses({ emailCovered: false }), ['EMAIL'], 'a golden record whose status member has another e-mail');
  assert.equal(classOf({ channel: 'SMS', dialMode: 'automated' }), 'SMS_AUTOMATED');
  assert.equal(classOf({ channel: 'EMAIL', dialMode: 'automated' }), 'EMAIL');
  // The lapse the request checks: only when the EBR is what clears a block.
  assert.equal(exemptionLapsesAt({ ...CLEAN, dncFederal: true, ebrUntil: AT + 5 }, AT, rules), AT + 5);
  assert.equal(exemptionLapsesAt({ ...CLEAN, ebrUntil: AT + 5 }, AT, rules), null, 'nothing to exempt');
  assert.equal(exemptionLapsesAt({ ...CLEAN, dncStates: 'IN', ebrUntil: AT + 5 }, AT, rules), null, 'Indiana: the EBR clears nothing');
  assert.equal(exemptionLapsesAt({ ...CLEAN, dncFederal: true, litigator: true, ebrUntil: AT + 5 }, AT, rules), null, 'blocked anyway');
});

/** Every combination of the stored facts (with states that do and do not take an EBR, and one the rules do not know). */
function combinations(): StoredFacts[] {
  const out: StoredFacts[] = [];
  const bools = [false, true];
  for (const scrubbed of bools) for (const invalidPhone of bools) for (const optedOut of ['', 'ALL', 'VOICE', 'SMS', 'EMAIL', 'VOICE,SMS', 'SMS,EMAIL'])
    for (const scopedOptOuts of bools) for (const litigator of bools) for (const dncFederal of bools) for (const dncStates of ['', 'TX', 'IN', 'MD', 'FL,TX', 'FL,IN', 'ZZ'])
      for (const wireless of bools) for (const ebrUntil of [null, AT - 86_400_000, AT, AT + 86_400_000]) for (const emailCovered of bools) {
        out.push({ scrubbed, invalidPhone, optedOut, scopedOptOuts, litigator, dncFederal, dncStates, wireless, ebrUntil, emailCovered });
      }
  return out;
}

test('the refresh\'s SQL gives the mask and the lapse blockedMask and exemptionLapsesAt give, on every combination', async () => {
  const all = combinations();
  const conn = await mysql.createConnection(poolOptionsFromUrl(baseConfig.DATABASE_URL));
  try {
    await conn.query(`CREATE TEMPORARY TABLE facts (id INT NOT NULL PRIMARY KEY, contact_id BIGINT NULL, invalid_phone TINYINT(1) NOT NULL, opted_out VARCHAR(24) NOT NULL,
      scoped_opt_outs TINYINT(1) NOT NULL, litigator TINYINT(1) NOT NULL, dnc_federal TINYINT(1) NOT NULL, dnc_states VARCHAR(64) NOT NULL, wireless TINYINT(1) NOT NULL,
      ebr_until DATETIME(3) NULL, email_covered TINYINT(1) NOT NULL)`);
    const sqlTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('T', ' ').replace('Z', ''));
    for (let i = 0; i < all.length; i += 2000) {
      await conn.query('INSERT INTO facts VALUES ?', [all.slice(i, i + 2000).map((f, j) => [i + j, f.scrubbed ? 1 : null, f.invalidPhone, f.optedOut, f.scopedOptOuts, f.litigator, f.dncFederal,
        f.dncStates, f.wireless, sqlTime(f.ebrUntil), f.emailCovered])]);
    }
    const cols = contactComplianceColumns('t', '(t.email_covered <> 0)');
    const mask = blockedMaskSql(cols, rules, AT_SQL);
    const noEbr = blockedMaskSql(cols, rules, AT_SQL, { ebr: false });
    const [rows] = await conn.query(`SELECT t.id, ${mask.sql} AS m, IF(${mask.sql} <> ${noEbr.sql}, CAST(UNIX_TIMESTAMP(t.ebr_until) * 1000 AS UNSIGNED), NULL) AS lapse
      FROM facts t ORDER BY t.id`, [...mask.params, ...mask.params, ...noEbr.params]) as unknown as [Array<{ id: number; m: number; lapse: number | null }>];
    assert.equal(rows.length, all.length);
    let mismatches = 0;
    for (const r of rows) {
      const f = all[r.id]!;
      const want = { m: blockedMask(f, AT, rules), lapse: exemptionLapsesAt(f, AT, rules) };
      const got = { m: Number(r.m), lapse: r.lapse === null ? null : Number(r.lapse) };
      if (got.m !== want.m || got.lapse !== want.lapse) {
        mismatches += 1;
        if (mismatches < 5) assert.deepEqual(got, want, JSON.stringify(f));
      }
    }
    assert.equal(mismatches, 0);
    assert.ok(new Set(rows.map((r) => Number(r.m))).size > 8, 'the combinations reach many masks');
    assert.ok(rows.some((r) => Number(r.m) === ALL_CLASSES_BLOCKED) && rows.some((r) => Number(r.m) === 0));
  } finally {
    await conn.end();
  }
});

test('a tag the list refuses is one no record listable for the class carries; every other tag some listable record carries', () => {
  const all = combinations();
  // The stored status a scrub reports (VOICE, automated, no brand: scoped opt-outs do not cover it, no consent).
  const statusOf = (f: StoredFacts) => {
    if (!f.scrubbed) return UNSCRUBBED;
    const tags = listBlocks({ ...f, scopedOptOuts: false }, 'VOICE_AUTOMATED', AT, rules);
    return BLOCKING_ORDER.find((t) => (tags as string[]).includes(t)) ?? 'CALLABLE';
  };
  for (const cls of LIST_CLASSES) {
    for (const tag of [...STORED_TAGS, UNSCRUBBED]) {
      const listable = all.filter((f) => statusOf(f) === tag && !blockedFor(f, cls, AT, rules));
      assert.equal(neverListable(tag, cls), listable.length === 0, `${tag} on ${cls}: ${listable.length} listable combinations`);
    }
  }
});
