// Each legacy source's own habits (what it left empty, how it wrote phones, dates and states), as tunable rates.
import type { PhoneStyle } from './phones';
import { Weighted } from './prng';

export type SourceName = 'mysql' | 'sqlite' | 'csv';

export const SOURCE_NAMES: readonly SourceName[] = ['mysql', 'sqlite', 'csv'];

/** How a birth date is written: valid spellings, data-entry slips, and junk. */
export type DobStyle = 'iso' | 'us' | 'us-unpadded' | 'compact' | 'day-month-swapped' | 'placeholder' | 'garbage';

export type PhoneKind = 'mobile' | 'landline' | 'work';

export interface SourceProfile {
  /** Probability that a field present on the person is left empty in this source. */
  missing: { email: number; phone: number; surname: number; street: number; city: number; state: number; zip: number; dob: number };
  /** Empty fields are written as '' rather than NULL this often (SQLite/CSV only; MySQL always NULL). */
  emptyString: number;
  phoneStyles: Weighted<PhoneStyle>;
  /** Which of the person's numbers this source asked for. */
  phoneKinds: Weighted<PhoneKind>;
  invalidPhone: number;
  email: { mixedCase: number; padded: number; domainTypo: number };
  name: { upper: number; lower: number; padded: number; foldAccents: number; mojibake: number; magicQuotes: number; typo: number; nickname: number; swapped: number; quotedNickname: number; suffix: number };
  street: { abbreviated: number; upper: number; lower: number; multilineUnit: number };
  city: { alias: number; upper: number; lower: number; typo: number };
  state: Weighted<'code' | 'lower' | 'name'>;
  zip: { plus4: number; lostLeadingZero: number };
  dobStyles: Weighted<DobStyle>;
  /** CSV only: fraction of timestamps written in UTC ('Z') instead of the local offset. */
  utcTimestamps: number;
}

const sharedName = { padded: 0.02, typo: 0.04, nickname: 0.12, swapped: 0.02, quotedNickname: 0.004, suffix: 0.006 };

export const SOURCE_PROFILES: Readonly<Record<SourceName, SourceProfile>> = {
  mysql: {
    missing: { email: 0.12, phone: 0.1, surname: 0.004, street: 0.06, city: 0.04, state: 0.03, zip: 0.06, dob: 0.35 },
    emptyString: 0,
    phoneStyles: new Weighted<PhoneStyle>([['paren', 45], ['dash', 20], ['dot', 8], ['plain', 12], ['intl-spaced', 5], ['one-dash', 10]]),
    phoneKinds: new Weighted<PhoneKind>([['landline', 5], ['mobile', 4], ['work', 2]]),
    invalidPhone: 0.015,
    email: { mixedCase: 0.18, padded: 0.05, domainTypo: 0.004 },
    name: { ...sharedName, upper: 0.15, lower: 0.02, foldAccents: 0.5, mojibake: 0.05, magicQuotes: 0.3 },
    street: { abbreviated: 0.6, upper: 0.15, lower: 0.02, multilineUnit: 0.1 },
    city: { alias: 0.15, upper: 0.15, lower: 0.02, typo: 0.01 },
    state: new Weighted([['code', 97], ['lower', 3]] as const),
    zip: { plus4: 0.12, lostLeadingZero: 0.1 },
    dobStyles: new Weighted<DobStyle>([['iso', 96], ['day-month-swapped', 2], ['placeholder', 2]]),
    utcTimestamps: 0,
  },
  sqlite: {
    missing: { email: 0.25, phone: 0.15, surname: 0.006, street: 0.1, city: 0.05, state: 0.08, zip: 0.07, dob: 0.2 },
    emptyString: 0.3,
    phoneStyles: new Weighted<PhoneStyle>([['intl-spaced', 30], ['e164', 15], ['plain', 25], ['paren', 15], ['dot', 10], ['one-dash', 5]]),
    phoneKinds: new Weighted<PhoneKind>([['mobile', 8], ['landline', 2], ['work', 1]]),
    invalidPhone: 0.02,
    email: { mixedCase: 0.1, padded: 0.08, domainTypo: 0.006 },
    name: { ...sharedName, upper: 0.04, lower: 0.06, foldAccents: 0.2, mojibake: 0, magicQuotes: 0 },
    street: { abbreviated: 0.5, upper: 0.03, lower: 0.08, multilineUnit: 0.02 },
    city: { alias: 0.12, upper: 0.05, lower: 0.08, typo: 0.015 },
    state: new Weighted([['code', 75], ['name', 15], ['lower', 10]] as const),
    zip: { plus4: 0.05, lostLeadingZero: 0.2 },
    dobStyles: new Weighted<DobStyle>([['iso', 45], ['us', 25], ['compact', 15], ['us-unpadded', 5], ['day-month-swapped', 2], ['garbage', 6], ['placeholder', 2]]),
    utcTimestamps: 0,
  },
  csv: {
    missing: { email: 0.1, phone: 0.12, surname: 0.004, street: 0.08, city: 0.05, state: 0.06, zip: 0.05, dob: 0.3 },
    emptyString: 1,
    phoneStyles: new Weighted<PhoneStyle>([['dot', 25], ['paren', 20], ['dash', 25], ['plain', 15], ['intl-spaced', 10], ['one-dash', 5]]),
    phoneKinds: new Weighted<PhoneKind>([['mobile', 5], ['landline', 4], ['work', 2]]),
    invalidPhone: 0.015,
    email: { mixedCase: 0.12, padded: 0.06, domainTypo: 0.005 },
    name: { ...sharedName, upper: 0.06, lower: 0.03, foldAccents: 0.1, mojibake: 0, magicQuotes: 0 },
    street: { abbreviated: 0.55, upper: 0.08, lower: 0.04, multilineUnit: 0.01 },
    city: { alias: 0.1, upper: 0.08, lower: 0.03, typo: 0.01 },
    state: new Weighted([['code', 88], ['name', 8], ['lower', 4]] as const),
    zip: { plus4: 0.08, lostLeadingZero: 0.6 },
    dobStyles: new Weighted<DobStyle>([['iso', 55], ['us-unpadded', 38], ['day-month-swapped', 2], ['placeholder', 3], ['garbage', 2]]),
    utcTimestamps: 0.15,
  },
};
