// The dedupe engine's pure parts: edit distance, phonetic codes, nicknames, field levels, the model's vetoes, blocking
// keys, oversized blocks, the anti-chaining guard, stable golden ids and survivorship.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { osaDistance, osaTable, editSimilarity } from '../../domain/dedupe/string-distance';
import { phoneticCode } from '../../domain/dedupe/phonetic';
import { nicknameEquivalent, canonicalInitial, nameForm, repairMojibake } from '../../domain/dedupe/name-forms';
import { featuresOf, type DedupeRecord } from '../../domain/dedupe/features';
import { scorePair, cannotLink, evidenceText } from '../../domain/dedupe/score';
import { SHIPPED_MODEL as model, parseDedupeModel, DedupeModelError } from '../../domain/dedupe/model';
import { blockingKeyTexts, blockKey, ruleOfKey, MAX_BLOCK_KEY } from '../../domain/dedupe/blocking';
import { forEachBlockPair } from '../../domain/dedupe/block-pairs';
import { clusterComponent } from '../../domain/dedupe/cluster';
import { assignGoldenIds, survivorship, type MemberRecord } from '../../domain/dedupe/golden';
import { streetForm, postalForm } from '../../domain/dedupe/address-forms';
import { nameWeight, phoneWeight } from '../../domain/dedupe/term-frequency';

let nextId = 1;
function person(p: Partial<DedupeRecord>): DedupeRecord {
  return { id: nextId++, email: null, phone: null, firstName: null, lastName: null, addressLine: null, city: null, state: null, postalCode: null, dob: null, ...p };
}
const score = (a: Partial<DedupeRecord>, b: Partial<DedupeRecord>) => scorePair(model, featuresOf(person(a)), featuresOf(person(b)));

test('OSA distance: the bit-parallel path agrees with the table on random strings, and a transposition is one edit', () => {
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 20_000; i++) {
    const a = Array.from({ length: Math.floor(rnd() * 12) }, () => 'abcd'[Math.floor(rnd() * 4)]).join('');
    const b = Array.from({ length: Math.floor(rnd() * 12) }, () => 'abcd'[Math.floor(rnd() * 4)]).join('');
    assert.equal(osaDistance(a, b), osaTable(a, b), `${a} / ${b}`);
  }
  assert.equal(osaDistance('john', 'jonh'), 1);
  assert.equal(osaDistance('josé', 'jsoé'), 1, 'non-ASCII takes the table path');
  assert.equal(osaDistance('kitten', 'sitting', 1), 2, 'over the limit returns limit + 1');
  assert.equal(editSimilarity('', ''), 0);
  assert.equal(editSimilarity('smith', 'smith'), 1);
});

test('phonetic codes: sound-alikes share a code, and a non-Latin key keeps a readable code', () => {
  assert.equal(phoneticCode('smith'), phoneticCode('smyth'));
  assert.equal(phoneticCode('catherine'), phoneticCode('kathryn'));
  assert.notEqual(phoneticCode('smith'), phoneticCode('jones'));
  assert.equal(phoneticCode('王'), '王');
  assert.equal(phoneticCode(''), '');
});

test('nicknames from the shipped table, with the formal initial for blocking', () => {
  assert.ok(nicknameEquivalent('bob', 'robert'));
  assert.ok(nicknameEquivalent('peggy', 'margaret'));
  assert.ok(!nicknameEquivalent('bob', 'william'));
  assert.equal(canonicalInitial('bob'), 'r');
  assert.equal(canonicalInitial('zed'), 'z');
});

test('legacy damage is undone before comparing: mojibake, magic quotes, suffixes, quoted nicknames, street spelling', () => {
  assert.equal(repairMojibake('JosÃ©'), 'José');
  assert.deepEqual(nameForm("Robert \"Bob\"", "O\\'Brien, Jr.").first, ['robert', 'bob']);
  assert.equal(nameForm('Robert', "O\\'Brien, Jr.").last, 'obrien');
  assert.deepEqual(streetForm('590 Lakeview St., Apt 3'), { number: '590', name: 'lakeviewstreet' });
  assert.deepEqual(streetForm('590 LAKEVIEW STREET'), { number: '590', name: 'lakeviewstreet' });
  assert.equal(postalForm('2134'), '02134');
  assert.equal(postalForm('02134-1234'), '02134');
});

test('the same person across a nickname, a typo, a move with the same phone, swapped names: a match, explained', () => {
  const bob = score({ firstName: 'Robert', lastName: 'Smith', email: 'rs@example.com' }, { firstName: 'Bob', lastName: 'Smith', email: 'rs@example.com' });
  assert.equal(bob.band, 'match');
  assert.equal(bob.levels.firstName, 'nickname');
  assert.match(evidenceText(model, bob), /email:exact\(\+\d+\) firstName:nickname/);
  const moved = score(
    { firstName: 'Maria', lastName: 'Garcia', phone: '+12125550101', addressLine: '1 Oak St', postalCode: '10001', dob: '1980-02-03' },
    { firstName: 'Maria', lastName: 'Garcia', phone: '+12125550101', addressLine: '9 Pine Rd', postalCode: '94110', dob: '1980-02-03' },
  );
  assert.equal(moved.band, 'match');
  const swapped = score({ firstName: 'Hall', lastName: 'Isla', dob: '1985-02-07' }, { firstName: 'Isla', lastName: 'Hall', dob: '1985-02-07' });
  assert.ok(swapped.swapped);
  assert.equal(swapped.levels.firstName, 'exact');
  const dayMonth = score({ firstName: 'Ann', lastName: 'Lee', dob: '1980-02-03' }, { firstName: 'Ann', lastName: 'Lee', dob: '1980-03-02' });
  assert.equal(dayMonth.levels.dob, 'swapped');
});

test('twins at one address with one birth date and their own phones do not link; a household does not either', () => {
  const home = { lastName: 'Nguyen', addressLine: '12 Elm Street', city: 'Austin', state: 'TX', postalCode: '78701', dob: '2001-05-05' };
  const twins = score({ ...home, firstName: 'Anna', phone: '+15125550111' }, { ...home, firstName: 'Linh', phone: '+15125550122' });
  assert.equal(twins.band, 'none');
  assert.equal(twins.veto, 'different given names with contact details');
  assert.ok(cannotLink(model, twins), 'and they may not be chained together through a third record');
  const household = score({ ...home, firstName: 'Anna', phone: '+15125550100', dob: '1970-01-09' }, { ...home, firstName: 'Minh', phone: '+15125550100', dob: '1968-11-30' });
  assert.equal(household.band, 'none');
  const strangers = score({ firstName: 'James', lastName: 'Smith', postalCode: '78701', city: 'Austin' }, { firstName: 'James', lastName: 'Smith', postalCode: '78701', city: 'Austin' });
  assert.notEqual(strangers.band, 'match', 'a common name in one postal code is not enough on its own');
});

test('the model file is validated: a veto naming an unknown level is refused with the field named', () => {
  const bad = structuredClone(model) as unknown as { vetoes: Array<{ when: Record<string, string[]> }> };
  bad.vetoes[0]!.when = { firstName: ['sort-of'] };
  assert.throws(() => parseDedupeModel(bad, 'test model'), (err: unknown) => err instanceof DedupeModelError && /firstName has no level sort-of/.test(err.message));
  assert.throws(() => parseDedupeModel({ ...model, thresholds: { match: 1, review: 5, cannotLink: 0 } }), DedupeModelError);
});

test('blocking keys: several per contact, stable numbers within the rule range, swapped names meeting on birth date', () => {
  const a = featuresOf(person({ firstName: 'Isla', lastName: 'Hall', dob: '1985-02-07', email: 'isla.hall@example.com', postalCode: '10001', addressLine: '4 Main St', city: 'NYC', state: 'NY' }));
  const b = featuresOf(person({ firstName: 'Hall', lastName: 'Isla', dob: '1985-02-07' }));
  const rules = blockingKeyTexts(a).map(([r]) => r);
  for (const r of ['email', 'emailLocal', 'nameZip', 'dobName', 'street', 'nameState', 'dobZip', 'streetCity']) assert.ok(rules.includes(r as never), r);
  const keysA = new Set(blockingKeyTexts(a).map(([r, t]) => blockKey(r, t)));
  assert.ok(blockingKeyTexts(b).some(([r, t]) => keysA.has(blockKey(r, t))), 'the swapped record shares a key');
  for (const k of keysA) {
    assert.ok(Number.isSafeInteger(k) && k <= MAX_BLOCK_KEY);
    assert.ok(rules.includes(ruleOfKey(k)));
  }
});

test('an oversized block (10,000 people on one office phone) is compared by sorted neighbourhood, never all pairs', () => {
  const limits = model.blocking;
  const members = Array.from({ length: 10_000 }, (_, i) => featuresOf(person({ firstName: `Name${i % 500}`, lastName: `Family${i}`, phone: '+12125550000' })));
  let pairs = 0;
  const treatment = forEachBlockPair(members, limits, () => pairs++);
  assert.equal(treatment, 'neighbourhood');
  assert.ok(pairs <= 10_000 * limits.window, `${pairs} pairs`);
  let small = 0;
  assert.equal(forEachBlockPair(members.slice(0, 10), limits, () => small++), 'all-pairs');
  assert.equal(small, 45);
});

test('clustering is guarded against chaining and obeys keep-apart decisions', () => {
  // 1~2 and 2~3 match, but 1 and 3 clearly differ: 3 stays apart from 1.
  const out = clusterComponent({
    members: [1, 2, 3], links: [{ a: 1, b: 2, score: 30, kind: 'match' }, { a: 2, b: 3, score: 20, kind: 'match' }], keepApart: [],
    compatible: (x, y) => !((x === 1 && y === 3) || (x === 3 && y === 1)),
  });
  assert.deepEqual(out.clusters, [[1, 2], [3]]);
  assert.equal(out.refused[0]!.reason, 'clearly-different');
  const apart = clusterComponent({ members: [1, 2], links: [{ a: 1, b: 2, score: 30, kind: 'match' }], keepApart: [[2, 1]], compatible: () => true });
  assert.deepEqual(apart.clusters, [[1], [2]]);
  const must = clusterComponent({ members: [1, 2], links: [{ a: 1, b: 2, score: 0, kind: 'must' }], keepApart: [], compatible: () => false });
  assert.deepEqual(must.clusters, [[1, 2]], 'a person\'s merge is not second-guessed by the guard');
});

function member(id: number, goldenId: number | null, over: Partial<MemberRecord> = {}): MemberRecord {
  return {
    id, goldenId, email: null, phoneE164: null, phoneExt: null, firstName: null, lastName: null, nameKey: null, addressLine: null, city: null, state: null,
    postalCode: null, country: null, dob: null, sourceUpdatedAt: '2020-01-01 00:00:00.000', nameUpdatedAt: null, addressUpdatedAt: null, dobUpdatedAt: null,
    sourceRank: 0, ...over,
  };
}

test('golden ids are stable: the older id survives a merge, the representative keeps its id after a split, new contacts found their own', () => {
  const reps = new Map([[10, 10], [20, 20]]);
  const merged = assignGoldenIds([member(10, 10), member(11, 10), member(20, 20)], reps);
  assert.deepEqual(merged, { goldenId: 10, representativeId: 10, retired: [20] });
  const splitOff = assignGoldenIds([member(11, 10)], reps);
  assert.equal(splitOff.goldenId, null, 'a part without the representative needs a fresh id');
  const fresh = assignGoldenIds([member(30, null), member(31, null)], reps);
  assert.equal(fresh.goldenId, 30);
  const joined = assignGoldenIds([member(10, 10), member(40, null)], reps);
  assert.equal(joined.goldenId, 10, 'a new contact joins the existing cluster');
});

test('survivorship takes each field group from the most trusted, then most recent member', () => {
  const old = member(1, 1, { firstName: 'Bob', lastName: 'Smith', nameUpdatedAt: '2019-01-01 00:00:00.000', email: 'a@x.com', sourceUpdatedAt: '2019-01-01 00:00:00.000' });
  const recent = member(2, 1, { firstName: 'Robert', lastName: 'Smith', nameUpdatedAt: '2022-01-01 00:00:00.000', sourceUpdatedAt: '2022-01-01 00:00:00.000', dob: '1970-01-02' });
  const v = survivorship([old, recent]);
  assert.equal(v.firstName, 'Robert');
  assert.equal(v.email, 'a@x.com', 'a group only one member has comes from that member');
  assert.equal(v.dob, '1970-01-02');
  const trusted = survivorship([{ ...old, sourceRank: 0 }, { ...recent, sourceRank: 1 }]);
  assert.equal(trusted.firstName, 'Bob');
});

test('term frequency: a phone shared by an office and a common surname weigh less than a household line or a rare name', () => {
  const freq = { total: 100_000, floor: 2, phone: new Map([['+12125550000', 2000], ['+12125550001', 3]]), last: new Map([['smith', 1500]]), first: new Map<string, number>() };
  const tf = model.termFrequency;
  assert.equal(phoneWeight(9, '+12125550001', freq, tf.phone), 9, 'a line shared by a household keeps its weight');
  assert.ok(phoneWeight(9, '+12125550000', freq, tf.phone) <= 1.5, 'an office switchboard says little');
  assert.ok(nameWeight(6, 'smith', freq.last, freq, tf.lastName) < nameWeight(6, 'brzezinski', freq.last, freq, tf.lastName));
  const colleagues = scorePair(model, featuresOf(person({ firstName: 'Robert', lastName: 'Hill', phone: '+12125550000' })),
    featuresOf(person({ firstName: 'Robert', lastName: 'Hall', phone: '+12125550000' })), freq);
  assert.equal(colleagues.band, 'none');
});

test('the evidence shows the weights the score used: term-frequency adjusted, adding up to the score', () => {
  const freq = { total: 100_000, floor: 2, phone: new Map([['+12125550000', 2000]]), last: new Map([['smith', 1500]]), first: new Map<string, number>() };
  const s = scorePair(model, featuresOf(person({ firstName: 'Robert', lastName: 'Smith', phone: '+12125550000', dob: '1980-02-03' })),
    featuresOf(person({ firstName: 'Robert', lastName: 'Smith', phone: '+12125550000', dob: '1980-02-03' })), freq);
  const shown = new Map([...evidenceText(model, s).matchAll(/(\w+):\w+\(([+-][\d.]+)\)/g)].map((m) => [m[1]!, Number(m[2])]));
  const base = model.weights;
  assert.equal(shown.get('phone'), Math.round(phoneWeight(base.phone.exact, '+12125550000', freq, model.termFrequency.phone) * 100) / 100);
  assert.notEqual(shown.get('phone'), base.phone.exact, 'an office switchboard is shown with its reduced weight, not the base weight');
  assert.equal(shown.get('lastName'), Math.round(nameWeight(base.lastName.exact, 'smith', freq.last, freq, model.termFrequency.lastName) * 100) / 100);
  const sum = [...shown.values()].reduce((t, w) => t + w, 0);
  assert.ok(Math.abs(sum - s.score) < 0.05, `evidence parts add up to ${sum}, the score is ${s.score}`);
});

test('a household of bare legacy rows (no email, no phone) is capped at review: one surname and address, other given names, no agreeing birth date', () => {
  const home = { lastName: 'Kimmonth', addressLine: '25 Grace Place', city: 'Barwon Heads', state: 'VIC', postalCode: '3022' };
  for (const [x, y] of [['1970-01-09', '1971-02-11'], ['1970-01-09', null], ['1970-01-09', '1979-08-30']] as const) {
    const s = score({ ...home, firstName: 'Amelia', dob: x }, { ...home, firstName: 'Mitchell', dob: y });
    assert.notEqual(s.band, 'match', `${x} / ${y}: ${s.score}`);
  }
  // The same bare rows with one birth date: one person whose given name was replaced (a legacy data-entry error).
  const replaced = score({ ...home, firstName: 'Amelia', dob: '1970-01-09' }, { ...home, firstName: 'Mitchell', dob: '1970-01-09' });
  assert.equal(replaced.band, 'match');
});

test('birth dates: within a year is "near", further is "different"; missing is neither for nor against', () => {
  assert.equal(score({ dob: '1977-09-13' }, { dob: '1976-09-15' }).levels.dob, 'near');
  assert.equal(score({ dob: '1977-09-13' }, { dob: '1966-02-15' }).levels.dob, 'different');
  const missing = score({ firstName: 'Ann', lastName: 'Lee', dob: '1980-02-03' }, { firstName: 'Ann', lastName: 'Lee' });
  assert.equal(missing.levels.dob, 'missing');
  assert.doesNotMatch(evidenceText(model, missing), /dob/);
});

test('names: a given name without a surname meets the other record\'s names swapped; a typo of a nickname\'s formal name is a typo', () => {
  const half = score({ firstName: 'Logan', dob: '2013-10-15', email: 'l.ferguson46@shah.com' }, { firstName: 'Ferguson', lastName: 'Logan', dob: '2013-10-15' });
  assert.ok(half.swapped);
  assert.equal(half.levels.firstName, 'exact');
  assert.equal(half.veto, null, 'not "different given names"');
  assert.equal(score({ firstName: 'Ptricia', lastName: 'Cooper' }, { firstName: 'Trish', lastName: 'Cooper' }).levels.firstName, 'fuzzy');
  assert.equal(score({ firstName: 'Kathelen', lastName: 'Wallace' }, { firstName: 'Kate', lastName: 'Wallace' }).levels.firstName, 'fuzzy');
  assert.equal(score({ firstName: 'Hugo', lastName: 'Kaur' }, { firstName: 'Hogu', lastName: 'Kaur' }).levels.firstName, 'weak', 'scrambled letters');
  // Two real names one letter apart are two people: twins Mark and Mary with their own phones stay apart.
  const home = { lastName: 'Nguyen', addressLine: '12 Elm Street', city: 'Austin', state: 'TX', postalCode: '78701', dob: '2001-05-05' };
  const twins = score({ ...home, firstName: 'Mark', phone: '+15125550111' }, { ...home, firstName: 'Mary', phone: '+15125550122' });
  assert.equal(twins.levels.firstName, 'different');
  assert.equal(twins.band, 'none');
});

test('the same street in another town is another street', () => {
  const a = { firstName: 'Lisa', lastName: 'Ross', addressLine: '73 Meadow Rd', city: 'Jacksonville', postalCode: '32207', state: 'FL' };
  assert.equal(score(a, { ...a, addressLine: '13 Meadow Road', city: 'Boston', postalCode: '02113', state: 'MA' }).levels.street, 'different');
  assert.equal(score(a, { ...a, addressLine: '150 Meadow Road' }).levels.street, 'nameOnly');
});

test('emails: a typo is "fuzzy"; name-based addresses that differ in digits or separators, or one local part at two providers, are weak', () => {
  assert.equal(score({ email: 'gabriel.t54@nichols.info' }, { email: 'gabriel.t54@nnichls.info' }).levels.email, 'fuzzy');
  assert.equal(score({ email: 'hmay32@richardson-rhodes.com' }, { email: 'hmay3@richarsson-rhooded.com' }).levels.email, 'fuzzy');
  assert.equal(score({ email: 'joe.jones@gmail.com' }, { email: 'joe.jones90@gmail.com' }).levels.email, 'local');
  assert.equal(score({ email: 'ken.tanaka@aol.com' }, { email: 'ken.tanaka@yahoo.com' }).levels.email, 'local');
  assert.equal(score({ email: 'jihoonlee@icloud.com' }, { email: 'jihoonlee@yahoo.com' }).levels.email, 'local');
});

test('blocking: a record without a given name, a lost house number or typos in postal code and city still share a key', () => {
  const keys = (p: Partial<DedupeRecord>) => new Set(blockingKeyTexts(featuresOf(person(p))).map(([r, t]) => blockKey(r, t)));
  const shares = (a: Partial<DedupeRecord>, b: Partial<DedupeRecord>) => [...keys(a)].some((k) => keys(b).has(k));
  assert.ok(shares({ lastName: 'Wilde', city: 'Melville', postalCode: '3929', dob: '1927-04-28' }, { firstName: 'Sebastian', lastName: 'Wilde', city: 'Melville', postalCode: '3929', dob: '1927-07-28' }));
  assert.ok(shares({ firstName: 'Joe', lastName: 'Clarke', dob: '1992-04-20', addressLine: '172 Crowder Circuit', city: 'Blackburn North', postalCode: '4021' },
    { firstName: 'Joeb', lastName: 'Cachia', dob: '1992-04-20', addressLine: 'Crowder Circuit', city: 'Blackburn North', postalCode: '0421' }), 'birth date + city');
  // A common surname in one city is no block by itself (it would hold thousands in a big city).
  assert.ok(!shares({ firstName: 'Ann', lastName: 'Smith', city: 'New York' }, { firstName: 'Bob', lastName: 'Smith', city: 'New York' }));
  assert.ok(shares({ firstName: 'Kiara', lastName: 'Everett', addressLine: '8 Eddy Crescent', city: 'Noble Park', postalCode: '6076' },
    { firstName: 'Kieran', lastName: 'Everet', addressLine: 'Eddy Crescent', city: 'Noble Park', postalCode: '0676' }));
  assert.ok(shares({ firstName: 'Eliza', lastName: 'Keany', dob: '1928-08-02', addressLine: '6 Nicklin Crescent', city: 'Longreach', postalCode: '2760' },
    { firstName: 'Eriaz', lastName: 'Keacny', dob: '1928-08-02', addressLine: '6 Nicklin Cre Scent', city: 'Longeach', postalCode: '2706' }));
  // The street name + surname sound key holds the region: a Main Street Smith in Texas and one in Ohio are no block
  // (at 1M that key alone made 3.9M pairs across the store), one who lost the house number in the same state is.
  const streetName = (p: Partial<DedupeRecord>) => blockingKeyTexts(featuresOf(person(p))).filter(([r]) => r === 'streetName').map(([, t]) => t);
  assert.notDeepEqual(streetName({ firstName: 'Ann', lastName: 'Smith', addressLine: '12 Main Street', state: 'TX' }),
    streetName({ firstName: 'Bob', lastName: 'Smith', addressLine: '40 Main Street', state: 'OH' }));
  assert.deepEqual(streetName({ firstName: 'Ann', lastName: 'Smith', addressLine: '12 Main Street', state: 'TX', city: 'Austin' }),
    streetName({ firstName: 'Ann', lastName: 'Smyth', addressLine: 'Main St', state: 'Texas', city: 'Dallas' }));
});

test('namesakes with contact details that agree on nothing but the name and the town go to review, not a merge', () => {
  const a = { firstName: 'Jihoon', lastName: 'Lee', city: 'New York', state: 'NY', email: 'jihoonlee@icloud.com', addressLine: '11 Center Rd', postalCode: '10025' };
  const b = { firstName: 'Jihoon', lastName: 'Lee', city: 'New York', state: 'NY', email: 'jihoonlee@yahoo.com', addressLine: '71 Chestnut Ter', postalCode: '10011' };
  const s = score(a, b);
  assert.equal(s.veto, 'namesakes: only name and town agree');
  assert.notEqual(s.band, 'match');
  // The same two with one birth date, or one street, are one person who moved or changed provider.
  assert.equal(score({ ...a, dob: '1951-08-27' }, { ...b, dob: '1951-08-27' }).veto, null);
});
