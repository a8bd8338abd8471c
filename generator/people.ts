// The synthetic people behind the records: names, birth dates, homes, phones, emails and how they change over time.
import { ACCENTED_GIVEN, ACCENTED_SURNAMES, type NameForm, NON_LATIN, toAscii } from './international-names';
import { newEmail } from './emails';
import { FEMALE_NAMES, MALE_NAMES, nicknamesOf, sameGivenName, type Sex, SURNAMES } from './names';
import { newPhoneNumber } from './phones';
import { type City, COMPANIES, pickCity, pickCityInState, STREET_NAMES, STREET_TYPES, zipFor } from './places';
import type { Prng } from './prng';
import type { SeenFilter } from './seen-filter';
import { DAY, FIRST_VERSION_FROM, FIRST_VERSION_TO, LATEST_VERSION, type YearMonthDay } from './dates';

export type BirthDate = YearMonthDay;

export interface Address {
  number: number;
  street: string;
  streetType: number;
  unit: string | null;
  city: City;
  zip: string;
}

/** An employer's office: colleagues share the main line (with their own extension) and the email domain. */
export interface Office {
  domain: string;
  mainLine: string;
}

/** What the person looked like from `since` on; later versions have moved, married or changed numbers. */
export interface PersonVersion {
  since: number;
  surname: NameForm;
  email: string | null;
  mobile: string | null;
  landline: string | null;
  address: Address;
}

/** Where the given and family names come from: common US names, accented names, or a non-Latin script (index into NON_LATIN). */
export type NameStock = 'common' | 'accented' | number;

export interface Person {
  id: number;
  kind: 'single' | 'household-member' | 'colleague';
  sex: Sex;
  stock: NameStock;
  given: NameForm;
  nicknames: readonly string[];
  birth: BirthDate;
  office: Office | null;
  workExt: string | null;
  versions: PersonVersion[];
  /** Bit per source this person has a record in (for the manifest's statistics). */
  sources: number;
  records: number;
}

export interface PeopleContext {
  rng: Prng;
  seen: SeenFilter;
}

const STREET_TYPE_INDEXES = STREET_TYPES.map((_, i) => i);
const COMMON_SURNAMES: readonly NameForm[] = SURNAMES.map((name) => ({ native: name, ascii: toAscii(name) }));
const COMMON_GIVEN: Readonly<Record<Sex, readonly NameForm[]>> = {
  M: MALE_NAMES.map((name) => ({ native: name, ascii: name })),
  F: FEMALE_NAMES.map((name) => ({ native: name, ascii: name })),
};

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function birthDate(rng: Prng): BirthDate {
  const y = rng.between(1935, 2006);
  const m = rng.between(1, 12);
  return { y, m, d: rng.between(1, daysInMonth(y, m)) };
}

function givenName(rng: Prng, stock: NameStock, sex: Sex): NameForm {
  if (stock === 'common') return rng.pickSkewed(COMMON_GIVEN[sex]);
  if (stock === 'accented') return rng.chance(0.7) ? rng.pick(ACCENTED_GIVEN[sex]) : givenName(rng, 'common', sex);
  return rng.pick(NON_LATIN[stock]!.given[sex]);
}

function surname(rng: Prng, stock: NameStock, sex: Sex): NameForm {
  if (stock === 'common' || (stock === 'accented' && rng.chance(0.35))) return rng.pickSkewed(COMMON_SURNAMES, 1.5);
  if (stock === 'accented') return rng.pick(ACCENTED_SURNAMES);
  return rng.pick(NON_LATIN[stock]!.surnames[sex]);
}

function address(rng: Prng, city: City): Address {
  const unit = rng.chance(0.18) ? (rng.chance(0.7) ? `${rng.between(1, 30)}${rng.pick(['', '', 'A', 'B', 'C'])}` : String(rng.between(101, 1240))) : null;
  return {
    number: Math.max(1, Math.floor(10 ** (rng.float() * 4))),
    street: rng.pickSkewed(STREET_NAMES, 1.3),
    streetType: rng.pickSkewed(STREET_TYPE_INDEXES, 1.5),
    unit,
    city,
    zip: zipFor(rng, city),
  };
}

function sinceAfter(rng: Prng, previous: number, minDays: number, maxDays: number): number {
  return Math.min(LATEST_VERSION, previous + rng.between(minDays, maxDays) * DAY + rng.int(DAY));
}

/** The next version of a person: moved (most often), a new email or mobile, or (for some women) a married name. */
function nextVersion(ctx: PeopleContext, p: Person, prev: PersonVersion): PersonVersion {
  const { rng, seen } = ctx;
  const next: PersonVersion = { ...prev, since: sinceAfter(rng, prev.since, 90, 1400) };
  const married = p.sex === 'F' && new Date(next.since * 1000).getUTCFullYear() - p.birth.y < 50 && rng.chance(0.15);
  if (married) next.surname = surname(rng, p.stock, 'F');
  if (rng.chance(0.3) || (married && rng.chance(0.5))) {
    next.email = newEmail(rng, p.given.ascii, next.surname.ascii, p.birth.y, seen);
  }
  if (rng.chance(0.12)) next.mobile = newPhoneNumber(rng, prev.address.city.areaCodes, seen);
  if (rng.chance(0.6) || (next.email === prev.email && next.mobile === prev.mobile && !married)) {
    const roll = rng.float();
    const city = roll < 0.45 ? prev.address.city : roll < 0.75 ? pickCityInState(rng, prev.address.city.state) : pickCity(rng);
    next.address = address(rng, city);
    if (prev.landline) next.landline = rng.chance(0.7) ? newPhoneNumber(rng, city.areaCodes, seen) : null;
  }
  return next;
}

function withHistory(ctx: PeopleContext, p: Person): Person {
  const extra = ctx.rng.chance(0.35) ? (ctx.rng.chance(0.25) ? 2 : 1) : 0;
  for (let i = 0; i < extra; i++) p.versions.push(nextVersion(ctx, p, p.versions[p.versions.length - 1]!));
  return p;
}

function pickStock(rng: Prng): NameStock {
  const roll = rng.float();
  if (roll < 0.07) return 'accented';
  if (roll < 0.11) return rng.int(NON_LATIN.length);
  return 'common';
}

/** A new, unrelated person; `office` makes them a colleague sharing that employer's main line. */
export function createPerson(ctx: PeopleContext, id: number, office: Office | null = null): Person {
  const { rng, seen } = ctx;
  const sex: Sex = rng.chance(0.5) ? 'F' : 'M';
  const stock = pickStock(rng);
  const given = givenName(rng, stock, sex);
  const family = surname(rng, stock, sex);
  const birth = birthDate(rng);
  const city = pickCity(rng);
  const employed = office ?? (rng.chance(0.12) ? { domain: rng.pick(COMPANIES), mainLine: newPhoneNumber(rng, city.areaCodes, seen) } : null);
  const workEmail = employed !== null && rng.chance(office ? 0.6 : 0.35);
  const person: Person = {
    id,
    kind: office ? 'colleague' : 'single',
    sex,
    stock,
    given,
    nicknames: nicknamesOf(given.native),
    birth,
    office: employed,
    workExt: employed ? String(rng.between(100, rng.chance(0.8) ? 899 : 9999)) : null,
    versions: [],
    sources: 0,
    records: 0,
  };
  person.versions.push({
    since: FIRST_VERSION_FROM + rng.int(FIRST_VERSION_TO - FIRST_VERSION_FROM),
    surname: family,
    email: rng.chance(0.88) ? newEmail(rng, given.ascii, family.ascii, birth.y, seen, workEmail ? employed.domain : undefined) : null,
    mobile: rng.chance(0.9) ? newPhoneNumber(rng, city.areaCodes, seen) : null,
    landline: rng.chance(0.35) ? newPhoneNumber(rng, city.areaCodes, seen) : null,
    address: address(rng, city),
  });
  return withHistory(ctx, person);
}

/**
 * Someone living with `anchor` (spouse, parent, grown child): same surname, address and landline as the anchor's
 * latest version, a different given name, their own email and mobile. Null when the anchor has no landline.
 */
export function createHouseholdMember(ctx: PeopleContext, id: number, anchor: Person): Person | null {
  const { rng, seen } = ctx;
  const home = anchor.versions[anchor.versions.length - 1]!;
  if (!home.landline) return null;
  const sex: Sex = rng.chance(0.5) ? 'F' : 'M';
  let given = givenName(rng, anchor.stock, sex);
  for (let i = 0; i < 8 && sameGivenName(given.native, anchor.given.native); i++) given = givenName(rng, anchor.stock, sex);
  if (sameGivenName(given.native, anchor.given.native)) return null;
  const birth = birthDate(rng);
  return {
    id,
    kind: 'household-member',
    sex,
    stock: anchor.stock,
    given,
    nicknames: nicknamesOf(given.native),
    birth,
    office: null,
    workExt: null,
    versions: [{
      since: sinceAfter(rng, home.since, 0, 400),
      surname: home.surname,
      email: rng.chance(0.8) ? newEmail(rng, given.ascii, home.surname.ascii, birth.y, seen) : null,
      mobile: rng.chance(0.85) ? newPhoneNumber(rng, home.address.city.areaCodes, seen) : null,
      landline: home.landline,
      address: home.address,
    }],
    sources: 0,
    records: 0,
  };
}
