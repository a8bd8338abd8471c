// Scores a candidate pair with the model: each field's agreement level and weight, names tried both ways round
// (first/last swapped), vetoes applied; the result explains itself component by component.
import {
  compareCity, compareDob, compareEmail, compareGiven, comparePhone, comparePostal, compareState, compareStreet, compareSurname,
  FIELDS, type Field, type Levels,
} from './compare';
import type { Features } from './features';
import { vetoApplies, type DedupeModel } from './model';
import type { NameForm } from './name-forms';
import { NO_FREQUENCIES, nameWeight, phoneWeight, type ValueFrequencies } from './term-frequency';

export type Band = 'match' | 'review' | 'none';

export interface PairScore {
  score: number;
  band: Band;
  levels: Levels;
  /** The names agreed with first and last name swapped on one side. */
  swapped: boolean;
  /** The veto that capped the band, if any. */
  veto: string | null;
  /** Each field's weight as the score used it (term-frequency adjusted); what the evidence shows. */
  weights: Record<Field, number>;
}

function weightOf(model: DedupeModel, field: Field, level: string): number {
  if (level === 'missing') return 0;
  return (model.weights[field] as Record<string, number>)[level] ?? 0;
}

/** The name form with given and family names exchanged (for records typed the wrong way round). */
function swappedName(n: NameForm): NameForm {
  return { first: n.lastTokens.length > 0 ? [n.last] : [], last: n.first.join(''), lastTokens: n.first };
}

interface NameLevels {
  firstName: Levels['firstName'];
  lastName: Levels['lastName'];
  /** The names agreed best with one side's given and family names exchanged. */
  swapped: boolean;
  /** With `swapped`, the side whose names were compared as written (its values are the agreeing ones). */
  asWritten: 'a' | 'b';
}

/** Both a given name and a surname. */
function full(n: NameForm): boolean {
  return n.first.length > 0 && n.last !== '';
}

function nameLevels(model: DedupeModel, a: NameForm, b: NameForm): NameLevels {
  const firstName = compareGiven(a.first, b.first, model.fuzzy);
  const lastName = compareSurname(a, b, model.fuzzy);
  const straight = weightOf(model, 'firstName', firstName) + weightOf(model, 'lastName', lastName);
  const straightLevels: NameLevels = { firstName, lastName, swapped: false, asWritten: 'a' };
  if (firstName === 'exact' && lastName === 'exact') return straightLevels;
  // Swap the side that has both parts; the other needs at least one ("Logan" with no surname against "Ferguson Logan").
  if (!full(a) && !full(b)) return straightLevels;
  if ((a.first.length === 0 && a.last === '') || (b.first.length === 0 && b.last === '')) return straightLevels;
  const [x, s] = full(b) ? [a, swappedName(b)] : [b, swappedName(a)];
  const swappedFirst = compareGiven(x.first, s.first, model.fuzzy);
  const swappedLast = compareSurname(x, s, model.fuzzy);
  const swapped = weightOf(model, 'firstName', swappedFirst) + weightOf(model, 'lastName', swappedLast);
  return swapped > straight ? { firstName: swappedFirst, lastName: swappedLast, swapped: true, asWritten: full(b) ? 'a' : 'b' } : straightLevels;
}

/** Field levels of a pair (names in the orientation that agrees best). */
export function pairLevels(model: DedupeModel, a: Features, b: Features): { levels: Levels; swapped: boolean; asWritten: 'a' | 'b' } {
  const names = nameLevels(model, a.name, b.name);
  const postal = comparePostal(a.postal, b.postal);
  const city = compareCity(a.city, b.city, model.fuzzy);
  // The same street name in another town is another street: "Maple Ct" in 10021 and in Dallas 75232 agree on nothing.
  const elsewhere = (postal === 'different' && city !== 'exact' && city !== 'fuzzy') || (postal === 'missing' && city === 'different');
  const street = compareStreet(a.street, b.street, model.fuzzy);
  return {
    levels: {
      email: compareEmail(a, b),
      phone: comparePhone(a, b),
      firstName: names.firstName,
      lastName: names.lastName,
      dob: compareDob(a.dob, b.dob),
      street: elsewhere && street !== 'missing' ? 'different' : street,
      postal,
      city,
      state: compareState(a.state, b.state),
    },
    swapped: names.swapped,
    asWritten: names.asWritten,
  };
}

/** The weight of each field's level for this pair: term-frequency adjusted for exact phone and name agreements. */
function pairWeight(model: DedupeModel, f: Field, levels: Levels, a: Features, b: Features, asWritten: Features, freq: ValueFrequencies): number {
  const w = weightOf(model, f, levels[f]);
  if (levels[f] !== 'exact' || freq.total === 0) return w;
  const tf = model.termFrequency;
  if (f === 'phone') return phoneWeight(w, a.phone, freq, tf.phone);
  // An exact agreement's value is the same on both sides; read it from the side compared as written.
  if (f === 'lastName') return nameWeight(w, asWritten.name.last, freq.last, freq, tf.lastName);
  if (f === 'firstName') return nameWeight(w, asWritten.given, freq.first, freq, tf.firstName);
  return w;
}

export function scorePair(model: DedupeModel, a: Features, b: Features, freq: ValueFrequencies = NO_FREQUENCIES): PairScore {
  const { levels, swapped, asWritten } = pairLevels(model, a, b);
  let score = 0;
  const weights = {} as Record<Field, number>;
  for (const f of FIELDS) {
    const w = pairWeight(model, f, levels, a, b, asWritten === 'a' ? a : b, freq);
    weights[f] = w;
    score += w;
  }
  score = Math.round(score * 100) / 100;
  let band: Band = score >= model.thresholds.match ? 'match' : score >= model.thresholds.review ? 'review' : 'none';
  let veto: string | null = null;
  const contactDetails = a.email !== '' || a.phone !== '' || b.email !== '' || b.phone !== '';
  for (const v of model.vetoes) {
    if (!vetoApplies(v, levels, contactDetails)) continue;
    veto = v.name;
    if (v.cap === 'none') band = 'none';
    else if (band === 'match') band = 'review';
    if (v.cap === 'none') break;
  }
  return { score, band, levels, swapped, veto, weights };
}

/** True when two records must not end up in one cluster through others (the anti-chaining guard). */
export function cannotLink(model: DedupeModel, s: PairScore): boolean {
  if (s.score < model.thresholds.cannotLink) return true;
  return s.veto !== null && model.vetoes.some((v) => v.name === s.veto && v.cap === 'none');
}

/**
 * "email:exact(+13) firstName:nickname(+3) ..." with missing fields left out; the stored evidence of a link. The
 * weights are those the score used (term-frequency adjusted, two decimals), so the parts add up to the score; without
 * `weights` (levels alone) the model's base weights.
 */
export function evidenceText(model: DedupeModel, s: Pick<PairScore, 'levels' | 'swapped' | 'veto'> & { weights?: PairScore['weights'] }): string {
  const parts = FIELDS.filter((f) => s.levels[f] !== 'missing').map((f) => {
    const w = Math.round((s.weights ? s.weights[f] : weightOf(model, f, s.levels[f])) * 100) / 100;
    return `${f}:${s.levels[f]}(${w >= 0 ? '+' : ''}${w})`;
  });
  if (s.swapped) parts.push('names-swapped');
  if (s.veto) parts.push(`veto:${s.veto}`);
  return parts.join(' ');
}
