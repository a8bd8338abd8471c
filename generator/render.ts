// Turns a person into one legacy record as a given source would have stored it, mess included.
import { compactDate, DAY, EPOCH_END, isoDate, utcOffsetMinutes, usDate, type YearMonthDay } from './dates';
import { DOMAIN_TYPOS } from './emails';
import { foldAccents, magicQuotes, mixCase, mojibake, pad, recase, typo } from './mess';
import { SURNAME_SUFFIXES } from './names';
import type { Person, PersonVersion } from './people';
import { formatPhone, INVALID_PHONES, withExtension } from './phones';
import { STATES, STREET_TYPES } from './places';
import type { Prng } from './prng';
import { type DobStyle, type PhoneKind, SOURCE_PROFILES, type SourceName, type SourceProfile } from './source-profiles';

/** One row as the source holds it: text already in the source's spelling, `null` for SQL NULL. */
export interface LegacyRow {
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  dob: string | null;
  /** Last modification, unix epoch seconds. */
  modified: number;
  /** UTC offset (minutes) the source wrote `modified` in; null means UTC ('Z'). Only the CSV drop uses it. */
  modifiedOffset: number | null;
}

const GARBAGE_DOBS = ['unknown', 'N/A', '0000-00-00', '00/00/0000', '?', 'see notes'];
const UNIT_LABELS = ['Apt ', 'Apt. ', '#', 'Unit ', 'Apt #'];

function empty(rng: Prng, profile: SourceProfile): string | null {
  return profile.emptyString > 0 && rng.chance(profile.emptyString) ? '' : null;
}

function names(rng: Prng, p: Person, v: PersonVersion, profile: SourceProfile): [string | null, string | null] {
  const rates = profile.name;
  let first = p.given.native;
  let last: string | null = v.surname.native;
  // At most one identity-changing slip per record, so the given name always stays recognisable.
  const roll = rng.float();
  const nick = p.nicknames.length > 0 ? rng.pick(p.nicknames) : null;
  if (nick && roll < rates.nickname) first = nick;
  else if (roll < rates.nickname + rates.typo) {
    if (rng.chance(0.5)) first = typo(rng, first);
    else last = typo(rng, last);
  } else if (nick && roll < rates.nickname + rates.typo + rates.quotedNickname) first = `${first} "${nick}"`;
  if (p.stock === 'common' && rng.chance(rates.suffix)) last += rng.pick(SURNAME_SUFFIXES);
  if (rng.chance(rates.foldAccents)) {
    first = foldAccents(first);
    last = foldAccents(last);
  }
  const caseRoll = rng.float();
  if (caseRoll < rates.upper) [first, last] = [first.toUpperCase(), last.toUpperCase()];
  else if (caseRoll < rates.upper + rates.lower) [first, last] = [first.toLowerCase(), last.toLowerCase()];
  if (last.includes("'") && rng.chance(rates.magicQuotes)) last = magicQuotes(last);
  if (rng.chance(rates.padded)) first = pad(rng, first);
  if (rng.chance(profile.missing.surname)) last = null;
  else if (rng.chance(rates.swapped)) [first, last] = [last, first];
  return [first, last];
}

function phone(rng: Prng, p: Person, v: PersonVersion, profile: SourceProfile): string | null {
  const numbers: Record<PhoneKind, string | null> = { mobile: v.mobile, landline: v.landline, work: p.office?.mainLine ?? null };
  let kind = profile.phoneKinds.pick(rng);
  if (!numbers[kind]) kind = numbers.mobile ? 'mobile' : numbers.landline ? 'landline' : 'work';
  const digits = numbers[kind];
  if (!digits || rng.chance(profile.missing.phone)) return empty(rng, profile);
  if (rng.chance(profile.invalidPhone)) return rng.pick(INVALID_PHONES);
  const written = formatPhone(digits, profile.phoneStyles.pick(rng));
  if (kind === 'work' && p.workExt && rng.chance(0.75)) return withExtension(rng, written, p.workExt);
  return written;
}

function email(rng: Prng, v: PersonVersion, profile: SourceProfile): string | null {
  if (!v.email || rng.chance(profile.missing.email)) return empty(rng, profile);
  let value = v.email;
  const at = value.indexOf('@');
  const typoDomain = DOMAIN_TYPOS[value.slice(at + 1)];
  if (typoDomain && rng.chance(profile.email.domainTypo)) value = `${value.slice(0, at)}@${typoDomain}`;
  if (rng.chance(profile.email.mixedCase)) value = mixCase(rng, value);
  if (rng.chance(profile.email.padded)) value = pad(rng, value);
  return value;
}

function street(rng: Prng, v: PersonVersion, profile: SourceProfile): string {
  const a = v.address;
  const [full, abbr] = STREET_TYPES[a.streetType]!;
  const type = rng.chance(profile.street.abbreviated) ? abbr + (abbr !== full && rng.chance(0.3) ? '.' : '') : full;
  let line = `${a.number} ${a.street} ${type}`;
  if (a.unit) {
    const label = a.unit.length >= 3 && rng.chance(0.5) ? 'Suite ' : rng.pick(UNIT_LABELS);
    line += (rng.chance(profile.street.multilineUnit) ? '\n' : rng.chance(0.7) ? ', ' : ' ') + label + a.unit;
  }
  return recase(rng, line, profile.street.upper, profile.street.lower);
}

function city(rng: Prng, v: PersonVersion, profile: SourceProfile): string {
  const c = v.address.city;
  let name = c.aliases.length > 0 && rng.chance(profile.city.alias) ? rng.pick(c.aliases) : c.name;
  if (rng.chance(profile.city.typo)) name = typo(rng, name);
  return recase(rng, name, profile.city.upper, profile.city.lower);
}

function zip(rng: Prng, v: PersonVersion, profile: SourceProfile): string {
  let value = v.address.zip;
  if (rng.chance(profile.zip.plus4)) value += `-${String(rng.int(10_000)).padStart(4, '0')}`;
  if (value.startsWith('0') && rng.chance(profile.zip.lostLeadingZero)) value = value.replace(/^0+/, '');
  return value;
}

function dob(rng: Prng, birth: YearMonthDay, source: SourceName, style: DobStyle): string {
  const usual = (b: YearMonthDay) => (source === 'csv' ? usDate(b, false) : isoDate(b));
  switch (style) {
    case 'iso':
      return isoDate(birth);
    case 'us':
      return usDate(birth);
    case 'us-unpadded':
      return usDate(birth, false);
    case 'compact':
      return compactDate(birth);
    case 'day-month-swapped':
      return usual(birth.d <= 12 ? { y: birth.y, m: birth.d, d: birth.m } : birth);
    case 'placeholder':
      return usual({ y: 1900, m: 1, d: 1 });
    case 'garbage':
      return rng.chance(0.4) ? `${rng.between(29, 31)}/02/${birth.y}` : rng.pick(GARBAGE_DOBS);
  }
}

/** Renders `person` as `source` stored it: a random version of the person, that source's formats and slips. */
export function renderRecord(rng: Prng, person: Person, source: SourceName): LegacyRow {
  const profile = SOURCE_PROFILES[source];
  const index = rng.int(person.versions.length);
  const v = person.versions[index]!;
  const until = Math.min(person.versions[index + 1]?.since ?? EPOCH_END, v.since + 45 * DAY);
  const modified = v.since + rng.int(Math.max(1, until - v.since));
  const [firstName, lastName] = names(rng, person, v, profile);
  const row: LegacyRow = {
    email: email(rng, v, profile),
    phone: phone(rng, person, v, profile),
    firstName,
    lastName,
    street: rng.chance(profile.missing.street) ? empty(rng, profile) : street(rng, v, profile),
    city: rng.chance(profile.missing.city) ? empty(rng, profile) : city(rng, v, profile),
    state: null,
    zip: rng.chance(profile.missing.zip) ? empty(rng, profile) : zip(rng, v, profile),
    dob: rng.chance(profile.missing.dob) ? empty(rng, profile) : dob(rng, person.birth, source, profile.dobStyles.pick(rng)),
    modified,
    modifiedOffset: null,
  };
  const code = v.address.city.state;
  if (!rng.chance(profile.missing.state)) {
    const style = profile.state.pick(rng);
    row.state = style === 'code' ? code : style === 'lower' ? code.toLowerCase() : STATES[code]!.name;
  } else row.state = empty(rng, profile);
  if (source === 'csv' && !rng.chance(profile.utcTimestamps)) row.modifiedOffset = utcOffsetMinutes(modified, STATES[code]!);
  if (source === 'mysql' && rng.chance(profile.name.mojibake)) {
    row.firstName = row.firstName && mojibake(row.firstName);
    row.lastName = row.lastName && mojibake(row.lastName);
    row.city = row.city && mojibake(row.city);
  }
  return row;
}
