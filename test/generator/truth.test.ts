// truth.csv must label every generated row exactly once, and its labels must make sense on the data itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Manifest } from '../../generator/manifest';
import { openTestServer, readAllSources, readTruth, removeDir, runGenerator, type SourceRecord, tempDir, type TruthRow } from './generated-data';
import { namesMatch, nameTokens, nicknameEquivalent, normalizedEmail, normalizedPhone, normalizedSurname, tokensMatch } from './similarity';

const server = openTestServer('truth');
let dir = '';
let manifest: Manifest;
let records: SourceRecord[];
let truth: TruthRow[];
const personOf = new Map<string, string>();
const key = (source: string, id: string) => `${source}:${id}`;

before(async () => {
  dir = await tempDir();
  manifest = await runGenerator(server, dir, { seed: 5, rows: 3_000, dupRate: 0.3 });
  records = await readAllSources(server, manifest);
  truth = await readTruth(manifest.truth.path);
  for (const t of truth) personOf.set(key(t.source, t.id), t.personId);
});

after(async () => {
  await server.close();
  await removeDir(dir);
});

test('every row of all three sources appears exactly once in truth.csv, and nothing else does', () => {
  assert.equal(truth.length, manifest.rows);
  assert.equal(personOf.size, truth.length, 'no (source, source_record_id) is labelled twice');
  assert.equal(records.length, manifest.rows);
  for (const r of records) assert.ok(personOf.has(key(r.source, r.id)), `${r.source} row ${r.id} is missing from truth.csv`);
});

test('the number of distinct person ids matches the manifest and the dup rate', () => {
  const persons = new Set(truth.map((t) => t.personId));
  assert.equal(persons.size, manifest.persons.total);
  assert.equal(persons.size, manifest.rows - manifest.duplicateRows);
  assert.equal(manifest.duplicateRows, Math.round(3_000 * 0.3));
});

test('records labelled the same person share a name (allowing nicknames, typos, swaps) or an email', () => {
  const firstRecord = new Map<string, SourceRecord>();
  const bySourceKey = new Map(records.map((r) => [key(r.source, r.id), r]));
  let pairs = 0;
  let nicknamePairs = 0;
  let crossSource = 0;
  for (const t of truth) {
    const record = bySourceKey.get(key(t.source, t.id))!;
    const original = firstRecord.get(t.personId);
    if (!original) {
      firstRecord.set(t.personId, record);
      continue;
    }
    pairs++;
    if (original.source !== record.source) crossSource++;
    const similar = namesMatch(original, record) || (normalizedEmail(original) !== '' && normalizedEmail(original) === normalizedEmail(record));
    assert.ok(similar, `person ${t.personId}: ${JSON.stringify(original)} vs ${JSON.stringify(record)} share neither a name nor an email`);
    const a = nameTokens(original);
    const b = nameTokens(record);
    if (a.some((x) => b.some((y) => x !== y && tokensMatch(x, y) && Math.abs(x.length - y.length) > 2))) nicknamePairs++;
  }
  assert.equal(pairs, manifest.duplicateRows);
  assert.ok(crossSource > pairs / 4, `duplicates should span sources (${crossSource} of ${pairs})`);
  assert.ok(nicknamePairs > 0, 'some duplicates use a nickname');
});

test('an email address never belongs to two different persons', () => {
  const owner = new Map<string, string>();
  for (const r of records) {
    const email = normalizedEmail(r);
    if (!email) continue;
    const person = personOf.get(key(r.source, r.id))!;
    assert.equal(owner.get(email) ?? person, person, `${email} is labelled with two persons`);
    owner.set(email, person);
  }
  assert.ok(owner.size > records.length / 4, `many records have an email to check (${owner.size} distinct of ${records.length} records)`);
});

test('shared phones: household members (same surname) and colleagues (different surnames) are different persons', () => {
  const byPhone = new Map<string, SourceRecord[]>();
  for (const r of records) {
    const phone = normalizedPhone(r);
    if (phone) byPhone.set(phone, [...(byPhone.get(phone) ?? []), r]);
  }
  let household = 0;
  let office = 0;
  for (const group of byPhone.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (personOf.get(key(a.source, a.id)) === personOf.get(key(b.source, b.id))) continue;
        const surnameA = normalizedSurname(a);
        if (surnameA && surnameA === normalizedSurname(b)) {
          household++;
          const givenA = nameTokens({ first: a.first, last: '' })[0] ?? '';
          const givenB = nameTokens({ first: b.first, last: '' })[0] ?? '';
          assert.ok(!nicknameEquivalent(givenA, givenB), `household members need distinguishable given names: ${a.first} / ${b.first}`);
        } else office++;
      }
    }
  }
  assert.ok(household > 0, 'some different persons share a household landline');
  assert.ok(office > 0, 'some different persons with different surnames share an office phone');
});
