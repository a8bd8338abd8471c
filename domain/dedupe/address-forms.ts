// The comparison forms of a postal address for dedupe: the street as (number, name) without the unit, abbreviations
// folded ("Street"/"St."), the postal code's first five characters, the state as a code, the city as a key.
import { nameKeyPart } from '../normalize/name';
import { repairMojibake } from './name-forms';

export interface StreetForm {
  /** House number as written ("12", "12a"); '' when the line has none. */
  number: string;
  /** Street name and type spelled out, spaces removed ("lakeviewstreet" for "Lakeview St."): a typo, a lost or a
   * shifted space ("poyntonstreet", "longmor ecrescent") stays one or two edits away. */
  name: string;
}

/** Abbreviations of street types and directions, spelled out (US and Australian usage). */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  st: 'street', str: 'street', ave: 'avenue', av: 'avenue', avn: 'avenue', rd: 'road', dr: 'drive', drv: 'drive', ct: 'court', crt: 'court',
  ln: 'lane', blvd: 'boulevard', boul: 'boulevard', pl: 'place', plc: 'place', cct: 'circuit', cir: 'circle', cres: 'crescent', cr: 'crescent',
  tce: 'terrace', terr: 'terrace', pkwy: 'parkway', pky: 'parkway', hwy: 'highway', sq: 'square', trl: 'trail', cl: 'close', gr: 'grove',
  pde: 'parade', esp: 'esplanade', mt: 'mount', pt: 'point', hts: 'heights', gdns: 'gardens', wy: 'way',
  n: 'north', s: 'south', e: 'east', w: 'west', ne: 'northeast', nw: 'northwest', se: 'southeast', sw: 'southwest',
};
/** Words that start the unit part of a line: everything from them on is dropped. */
const UNIT_WORDS = new Set(['apt', 'apartment', 'ste', 'suite', 'unit', 'flat', 'fl', 'floor', 'rm', 'room', 'bldg', 'lot', 'po', 'box']);
const NUMBER = /^\d+[a-z]?$/;

function addressTokens(text: string): string[] {
  // '#' marks a unit; other punctuation separates words.
  const key = nameKeyPart(repairMojibake(text.replace(/#/g, ' apt ')));
  return key === '' ? [] : key.split(' ');
}

/** The street of an address line: house number and street name, the unit (and anything after a comma) dropped. */
export function streetForm(line: string | null): StreetForm | null {
  if (line === null) return null;
  const beforeComma = line.split(/[,\n]/)[0]!;
  const tokens = addressTokens(beforeComma);
  const cut = tokens.findIndex((t, i) => i > 0 && UNIT_WORDS.has(t));
  const kept = cut < 0 ? tokens : tokens.slice(0, cut);
  if (kept.length === 0) return null;
  const number = NUMBER.test(kept[0]!) ? kept.shift()! : '';
  const name = kept.map((t) => SPELLED_OUT[t] ?? t).join('');
  return name === '' && number === '' ? null : { number, name };
}

/**
 * A postal code's comparison form: upper-case letters and digits only, the first five kept (US ZIP+4 → ZIP), and a
 * four-digit code padded to five ("2134" → "02134": a ZIP that lost its leading zero; Australian codes are all four
 * digits, so padding them all changes nothing between them).
 */
export function postalForm(code: string | null): string {
  if (code === null) return '';
  const clean = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (/^\d{4}$/.test(clean)) return `0${clean}`;
  if (/^\d{9}$/.test(clean)) return clean.slice(0, 5);
  return clean.slice(0, 5);
}

/** State and territory names → codes (US and Australia); anything else is compared as its key. */
const STATE_CODES: Readonly<Record<string, string>> = {
  alabama: 'al', alaska: 'ak', arizona: 'az', arkansas: 'ar', california: 'ca', colorado: 'co', connecticut: 'ct', delaware: 'de',
  'district of columbia': 'dc', florida: 'fl', georgia: 'ga', hawaii: 'hi', idaho: 'id', illinois: 'il', indiana: 'in', iowa: 'ia',
  kansas: 'ks', kentucky: 'ky', louisiana: 'la', maine: 'me', maryland: 'md', massachusetts: 'ma', michigan: 'mi', minnesota: 'mn',
  mississippi: 'ms', missouri: 'mo', montana: 'mt', nebraska: 'ne', nevada: 'nv', 'new hampshire': 'nh', 'new jersey': 'nj',
  'new mexico': 'nm', 'new york': 'ny', 'north carolina': 'nc', 'north dakota': 'nd', ohio: 'oh', oklahoma: 'ok', oregon: 'or',
  pennsylvania: 'pa', 'rhode island': 'ri', 'south carolina': 'sc', 'south dakota': 'sd', tennessee: 'tn', texas: 'tx', utah: 'ut',
  vermont: 'vt', virginia: 'va', washington: 'wa', 'west virginia': 'wv', wisconsin: 'wi', wyoming: 'wy', 'puerto rico': 'pr',
  'new south wales': 'nsw', victoria: 'vic', queensland: 'qld', 'western australia': 'wa', 'south australia': 'sa', tasmania: 'tas',
  'australian capital territory': 'act', 'northern territory': 'nt',
};

/** A state's comparison form: its code in lower case when the name is known, else its key. */
export function stateForm(state: string | null): string {
  if (state === null) return '';
  const key = nameKeyPart(state);
  return STATE_CODES[key] ?? key;
}

/** A city's comparison form: its key with mojibake repaired and spaces removed ("St. Louis" → "stlouis"). */
export function cityForm(city: string | null): string {
  if (city === null) return '';
  return nameKeyPart(repairMojibake(city)).replace(/ /g, '').replace(/^saint/, 'st').replace(/^fort/, 'ft').replace(/^mount/, 'mt');
}
