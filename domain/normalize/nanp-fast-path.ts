// Exact fast path for the common NANP phone shapes: libphonenumber's verdict memoized per (input shape, NPA-NXX).
import { undeterminedNanpPrefixes } from './nanp-prefix-analysis';

/*
 * libphonenumber-js parses ~50k numbers/s, a third of the ingest budget. But for input shaped like
 * [+1 | 1] NPA NXX XXXX or NXX XXXX (separators ' ', '.', '-', area code optionally in parentheses, an
 * optional 'x' / 'ext' / 'ext.' / 'extension' / '#' extension of 1-6 digits), every regex it evaluates on
 * the number is one of the NANP metadata patterns, applied to those digits (or to '1' + them).
 * nanp-prefix-analysis.ts compiles each of those patterns to an automaton and lists the prefixes where any
 * of them looks past the prefix (currently 3 NPA-NXX of 1,000,000, in Barbados and Jamaica, and the 7-digit
 * NXX 800).
 * For every other prefix libphonenumber's verdict is the same for all 10,000 line numbers, so the first
 * verdict seen for a (region, shape, prefix) is memoized; undetermined prefixes always go to libphonenumber.
 * A memoized "valid" is only kept when libphonenumber's E.164 was exactly '+1' + the digits and its
 * extension exactly the digits after the label. If the analysis cannot run (metadata syntax it does not
 * know), the fast path turns itself off. The extension shapes also rely on libphonenumber splitting
 * '<number><label><digits>' into exactly that number and those digits (its extension regex, not metadata):
 * checked on every first sighting and by test/domain/nanp-fast-path.test.ts, which compares the fast path
 * with libphonenumber over every label and 1-6 extension digits.
 */
const NANP_SHAPE =
  /^(?:(\+1[ .-]?|1[ .-]?)?(?:\(([2-9]\d\d)\)|([2-9]\d\d))[ .-]?(\d\d\d)|([2-9]\d\d))[ .-]?(\d\d\d\d)(?: *(?:x|ext\.?|extension|#) *(\d{1,6}))?$/i;

/** Default regions whose national parsing is plain NANP (national prefix '1', no transform rule). */
const FAST_PATH_REGIONS: ReadonlySet<string> = new Set(['US', 'CA']);

const UNKNOWN = 0;
const VALID = 1;
const INVALID = 2;
const DELEGATE = 3;
const SLOTS_PER_SHAPE = 1_000_000;
/** Shapes: 0 = 10 digits, 1 = '1' + 10, 2 = '+1' + 10, 3 = 7 digits; +4 when an extension follows. */
const SHAPES = 8;

interface RegionMemo {
  /** Indexed by shape * 1e6 + prefix (NPA-NXX, or NXX for 7 digits). */
  verdicts: Uint8Array;
  undetermined: number;
}

const memos = new Map<string, RegionMemo | { disabled: string }>();

function memoFor(region: string): RegionMemo | { disabled: string } {
  let memo = memos.get(region);
  if (memo) return memo;
  try {
    const { tenDigit, sevenDigit } = undeterminedNanpPrefixes(region);
    const verdicts = new Uint8Array(SHAPES * SLOTS_PER_SHAPE);
    for (const ext of [0, 4]) {
      for (const prefix of tenDigit) for (const lead of [0, 1, 2]) verdicts[(lead + ext) * SLOTS_PER_SHAPE + prefix] = DELEGATE;
      for (const prefix of sevenDigit) verdicts[(3 + ext) * SLOTS_PER_SHAPE + prefix] = DELEGATE;
    }
    memo = { verdicts, undetermined: tenDigit.size + sevenDigit.size };
  } catch (err) {
    memo = { disabled: `NANP prefix analysis failed: ${(err as Error).message}` };
  }
  memos.set(region, memo);
  return memo;
}

export interface PhoneParse {
  e164: string;
  ext: string | null;
}

export type ExactPhoneParser = (text: string, region: string) => PhoneParse | null;

/**
 * For NANP-shaped `text` (already trimmed) and a US/CA default region: libphonenumber's result, from the memo
 * when known (null = invalid). `undefined` when the fast path does not apply and the caller must ask `exact`.
 */
export function tryNanpFastPath(text: string, region: string, exact: ExactPhoneParser): PhoneParse | null | undefined {
  if (!FAST_PATH_REGIONS.has(region)) return undefined;
  const m = NANP_SHAPE.exec(text);
  if (!m) return undefined;
  const memo = memoFor(region);
  if ('disabled' in memo) return undefined;
  const ext = m[7] ?? null;
  let shape: number;
  let digits: string;
  let prefix: number;
  const local = m[5];
  if (local !== undefined) {
    shape = 3;
    digits = local + m[6];
    prefix = Number(local);
  } else {
    const npa = m[2] ?? m[3] ?? '';
    const nxx = m[4] ?? '';
    const lead = m[1];
    shape = lead === undefined ? 0 : lead.charCodeAt(0) === 43 ? 2 : 1;
    digits = npa + nxx + m[6];
    prefix = Number(npa) * 1000 + Number(nxx);
  }
  if (ext !== null) shape += 4;
  const slot = shape * SLOTS_PER_SHAPE + prefix;
  const verdict = memo.verdicts[slot];
  if (verdict === VALID) return { e164: `+1${digits}`, ext };
  if (verdict === INVALID) return null;
  if (verdict === DELEGATE) return undefined;
  const result = exact(text, region);
  if (verdict === UNKNOWN) {
    if (result === null) memo.verdicts[slot] = INVALID;
    else memo.verdicts[slot] = result.e164 === `+1${digits}` && result.ext === ext ? VALID : DELEGATE;
  }
  return result;
}

export interface NanpFastPathStatus {
  region: string;
  enabled: boolean;
  /** Prefixes always delegated to libphonenumber because validity there depends on the line number. */
  undeterminedPrefixes: number;
  /** Memoized (shape, prefix) verdicts so far. */
  memoized: number;
  reason?: string;
}

/** Whether the fast path runs for `region` (running the prefix analysis if it has not run yet). */
export function nanpFastPathStatus(region: string): NanpFastPathStatus {
  if (!FAST_PATH_REGIONS.has(region)) return { region, enabled: false, undeterminedPrefixes: 0, memoized: 0, reason: 'not a plain NANP region' };
  const memo = memoFor(region);
  if ('disabled' in memo) return { region, enabled: false, undeterminedPrefixes: 0, memoized: 0, reason: memo.disabled };
  let memoized = 0;
  for (const v of memo.verdicts) if (v === VALID || v === INVALID) memoized++;
  return { region, enabled: true, undeterminedPrefixes: memo.undetermined, memoized };
}

/** Forgets every memoized verdict (tests use it to start from a cold memo). */
export function resetNanpFastPath(): void {
  memos.clear();
}
