// Determinises a digit pattern into an automaton that can prove which digit positions decide a match (for the NANP fast path).
import { parseDigitPattern, type DigitNode } from './digit-pattern';

/** Thompson NFA over the ten digits. */
class Nfa {
  readonly eps: number[][] = [];
  readonly edges: Array<Array<{ mask: number; to: number }>> = [];

  state(): number {
    this.eps.push([]);
    this.edges.push([]);
    return this.eps.length - 1;
  }

  build(node: DigitNode, from: number): number {
    switch (node.kind) {
      case 'set': {
        const to = this.state();
        this.edges[from]?.push({ mask: node.mask, to });
        return to;
      }
      case 'seq':
        return node.items.reduce((at, item) => this.build(item, at), from);
      case 'alt': {
        const end = this.state();
        for (const option of node.options) this.eps[this.build(option, from)]?.push(end);
        return end;
      }
      case 'rep': {
        let at = from;
        for (let i = 0; i < node.min; i++) at = this.build(node.node, at);
        if (node.max === Infinity) {
          const loop = this.state();
          this.eps[at]?.push(loop);
          this.eps[this.build(node.node, loop)]?.push(loop);
          return loop;
        }
        const end = this.state();
        for (let i = node.min; i < node.max; i++) {
          this.eps[at]?.push(end);
          at = this.build(node.node, at);
        }
        this.eps[at]?.push(end);
        return end;
      }
    }
  }
}

export type SuffixVerdict = 'all' | 'none' | 'mixed';
const VERDICTS: readonly SuffixVerdict[] = ['all', 'none', 'mixed'];

/** A lazily determinised automaton for one pattern, matched against the WHOLE digit string (like ^(?:p)$). */
export class DigitAutomaton {
  private readonly nfa = new Nfa();
  private readonly accept: number;
  private readonly ids = new Map<string, number>();
  private readonly sets: number[][] = [];
  private readonly next: Int32Array[] = [];
  private readonly verdicts = new Map<string, SuffixVerdict>();
  readonly start: number;

  constructor(readonly pattern: string) {
    const root = parseDigitPattern(pattern);
    const begin = this.nfa.state();
    this.accept = this.nfa.build(root, begin);
    this.start = this.intern(this.closure([begin]));
  }

  private closure(states: number[]): number[] {
    const seen = new Set(states);
    const stack = [...states];
    for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
      for (const t of this.nfa.eps[s] ?? []) {
        if (!seen.has(t)) {
          seen.add(t);
          stack.push(t);
        }
      }
    }
    return [...seen].sort((a, b) => a - b);
  }

  private intern(set: number[]): number {
    const key = set.join(',');
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    this.sets.push(set);
    this.next.push(new Int32Array(10).fill(-1));
    this.ids.set(key, this.sets.length - 1);
    return this.sets.length - 1;
  }

  step(state: number, digit: number): number {
    const row = this.next[state];
    if (!row) throw new RangeError(`no DFA state ${state}`);
    const cached = row[digit] ?? -1;
    if (cached >= 0) return cached;
    const targets: number[] = [];
    for (const s of this.sets[state] ?? []) {
      for (const e of this.nfa.edges[s] ?? []) if (e.mask & (1 << digit)) targets.push(e.to);
    }
    const id = this.intern(this.closure(targets));
    row[digit] = id;
    return id;
  }

  accepting(state: number): boolean {
    return (this.sets[state] ?? []).includes(this.accept);
  }

  /** Full match of a digit string. */
  matches(digits: string): boolean {
    let state = this.start;
    for (let i = 0; i < digits.length; i++) state = this.step(state, digits.charCodeAt(i) - 48);
    return this.accepting(state);
  }

  /** Whether, from `state`, all / none / only some digit strings of exactly `length` digits complete a match. */
  suffixVerdict(state: number, length: number): SuffixVerdict {
    const key = `${state}:${length}`;
    const known = this.verdicts.get(key);
    if (known) return known;
    let verdict: SuffixVerdict;
    if (length === 0) verdict = this.accepting(state) ? 'all' : 'none';
    else {
      const seen = new Set<SuffixVerdict>();
      for (let d = 0; d < 10 && !seen.has('mixed'); d++) seen.add(this.suffixVerdict(this.step(state, d), length - 1));
      verdict = seen.size === 1 ? (VERDICTS.find((v) => seen.has(v)) ?? 'mixed') : 'mixed';
    }
    this.verdicts.set(key, verdict);
    return verdict;
  }

  /**
   * The digit prefixes of length `prefixLength` (after the fixed `lead` digits) for which matching a string of
   * lead + prefix + `suffixLength` more digits depends on those last digits. Exact: derived from the automaton.
   */
  undeterminedPrefixes(lead: string, prefixLength: number, suffixLength: number): string[] {
    let state = this.start;
    for (let i = 0; i < lead.length; i++) state = this.step(state, lead.charCodeAt(i) - 48);
    const out: string[] = [];
    const reach = new Map<string, boolean>();
    const hasMixed = (s: number, left: number): boolean => {
      if (left === 0) return this.suffixVerdict(s, suffixLength) === 'mixed';
      const key = `${s}:${left}`;
      let r = reach.get(key);
      if (r === undefined) {
        r = false;
        for (let d = 0; d < 10 && !r; d++) r = hasMixed(this.step(s, d), left - 1);
        reach.set(key, r);
      }
      return r;
    };
    const walk = (s: number, prefix: string): void => {
      if (!hasMixed(s, prefixLength - prefix.length)) return;
      if (prefix.length === prefixLength) {
        out.push(prefix);
        return;
      }
      for (let d = 0; d < 10; d++) walk(this.step(s, d), prefix + d);
    };
    walk(state, '');
    return out;
  }
}
