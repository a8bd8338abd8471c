// Proves, from libphonenumber's own metadata, which NANP NPA-NXX prefixes decide phone validity on their own (safe to memoize).
import { DigitAutomaton } from './digit-automaton';
import { metadataView, numberingPlan } from './phone-metadata';

/** Every type getNumberType() tries (libphonenumber-js source/helpers/getNumberType.js). */
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

/** A regex the parser/validator runs on the digits: `entire` = ^(?:p)$, `prefix` = matched at position 0 only. */
export interface AnalysedPattern {
  origin: string;
  pattern: string;
  mode: 'entire' | 'prefix';
}

/**
 * Every digit pattern libphonenumber consults when it parses and validates a +1 number with default region
 * `region`: national number pattern, leading digits and all type patterns of every NANP country, and the
 * region's IDD prefix and national prefix. Throws when the region is not a plain NANP plan (national prefix
 * exactly '1', no transform rule), since the fast path's reasoning would not hold there.
 */
export function nanpValidityPatterns(region: string): AnalysedPattern[] {
  const metadata = metadataView();
  const countries = metadata.getCountryCodesForCallingCode('1');
  if (!countries || !countries.includes(region)) throw new Error(`${region} is not a NANP (+1) region`);
  const out: AnalysedPattern[] = [];
  for (const country of countries) {
    const plan = numberingPlan(metadata, country);
    out.push({ origin: `${country} national number`, pattern: plan.nationalNumberPattern(), mode: 'entire' });
    const leading = plan.leadingDigits();
    if (leading) out.push({ origin: `${country} leading digits`, pattern: leading, mode: 'prefix' });
    for (const type of NUMBER_TYPES) {
      const pattern = plan.type(type)?.pattern();
      if (pattern) out.push({ origin: `${country} ${type}`, pattern, mode: 'entire' });
    }
  }
  const own = numberingPlan(metadata, region);
  if (own.nationalPrefixForParsing() !== '1' || own.nationalPrefixTransformRule()) {
    throw new Error(`${region}: national prefix for parsing is not plain '1'`);
  }
  out.push({ origin: `${region} IDD prefix`, pattern: own.IDDPrefix(), mode: 'prefix' });
  out.push({ origin: `${region} national prefix`, pattern: '1', mode: 'prefix' });
  return out;
}

/** The automaton of an analysed pattern; `prefix` patterns become `(?:p)\d*` so both modes are full matches. */
export function compileAnalysed(p: AnalysedPattern): DigitAutomaton {
  return new DigitAutomaton(p.mode === 'entire' ? p.pattern : `(?:${p.pattern})\\d*`);
}

export interface UndeterminedNanpPrefixes {
  /** NPA-NXX (0..999999) of 10-digit numbers, also covering the '1' + 10 digits spelling. */
  tenDigit: Set<number>;
  /** NXX (0..999) of 7-digit local numbers. */
  sevenDigit: Set<number>;
}

/**
 * The prefixes for which some pattern's outcome depends on the last four digits: NPA-NXX for a 10-digit
 * national number or an 11-digit '1'-prefixed one, NXX for a 7-digit local number. For every other prefix,
 * each regex libphonenumber evaluates gives the same answer for all 10,000 line numbers, so its whole verdict
 * is a function of (region, input shape, prefix). Throws UnsupportedPatternError when metadata uses syntax
 * the digit compiler does not know: the caller must then disable the fast path.
 */
export function undeterminedNanpPrefixes(region: string): UndeterminedNanpPrefixes {
  const tenDigit = new Set<number>();
  const sevenDigit = new Set<number>();
  for (const p of nanpValidityPatterns(region)) {
    const automaton = compileAnalysed(p);
    for (const prefix of automaton.undeterminedPrefixes('', 6, 4)) tenDigit.add(Number(prefix));
    for (const prefix of automaton.undeterminedPrefixes('1', 6, 4)) tenDigit.add(Number(prefix));
    for (const prefix of automaton.undeterminedPrefixes('', 3, 4)) sevenDigit.add(Number(prefix));
  }
  return { tenDigit, sevenDigit };
}
