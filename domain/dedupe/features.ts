// What dedupe reads of a contact (DedupeRecord, a projection of the stored row) and the comparison features it
// derives from it once per pass, so scoring a pair is only comparisons.
import { cityForm, postalForm, stateForm, streetForm, type StreetForm } from './address-forms';
import { canonicalInitial, givenName, nameForm, type NameForm } from './name-forms';
import { phoneticCode } from './phonetic';

/** The stored values of a contact that dedupe compares (ingestion's columns, read only). */
export interface DedupeRecord {
  id: number;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  addressLine: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  /** YYYY-MM-DD. */
  dob: string | null;
}

export interface DateParts {
  y: number;
  m: number;
  d: number;
}

export interface Features {
  id: number;
  email: string;
  /** The part before '@' ('' without an email). */
  emailLocal: string;
  phone: string;
  name: NameForm;
  given: string;
  /** Initial of the given name's formal form (Bob → r). */
  givenInitial: string;
  givenCode: string;
  lastCode: string;
  dob: DateParts | null;
  street: StreetForm | null;
  postal: string;
  city: string;
  state: string;
}

/** Placeholder birth dates that legacy forms filled in for "unknown": carry no evidence. */
const PLACEHOLDER_DOBS = new Set(['1900-01-01', '1901-01-01', '1899-12-31']);

function dateParts(dob: string | null): DateParts | null {
  if (dob === null || PLACEHOLDER_DOBS.has(dob)) return null;
  const y = Number(dob.slice(0, 4));
  const m = Number(dob.slice(5, 7));
  const d = Number(dob.slice(8, 10));
  return Number.isInteger(y) && m >= 1 && d >= 1 ? { y, m, d } : null;
}

export function featuresOf(r: DedupeRecord): Features {
  const name = nameForm(r.firstName, r.lastName);
  const given = givenName(name);
  const email = r.email ?? '';
  const at = email.lastIndexOf('@');
  return {
    id: r.id,
    email,
    emailLocal: at > 0 ? email.slice(0, at) : '',
    phone: r.phone ?? '',
    name,
    given,
    givenInitial: canonicalInitial(given),
    givenCode: phoneticCode(given),
    lastCode: phoneticCode(name.last),
    dob: dateParts(r.dob),
    street: streetForm(r.addressLine),
    postal: postalForm(r.postalCode),
    city: cityForm(r.city),
    state: stateForm(r.state),
  };
}
