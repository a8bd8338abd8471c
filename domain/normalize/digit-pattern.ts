// Parses the digit-only regular expressions of phone metadata into a syntax tree, refusing any syntax it does not understand.

/** A pattern uses syntax outside the digit-only subset this compiler understands (the caller must then not rely on it). */
export class UnsupportedPatternError extends Error {
  override readonly name = 'UnsupportedPatternError';
  constructor(
    readonly pattern: string,
    readonly position: number,
    reason: string,
  ) {
    super(`digit pattern "${pattern}" at ${position}: ${reason}`);
  }
}

export type DigitNode =
  | { kind: 'set'; mask: number }
  | { kind: 'seq'; items: DigitNode[] }
  | { kind: 'alt'; options: DigitNode[] }
  | { kind: 'rep'; node: DigitNode; min: number; max: number };

/** Digit sets are 10-bit masks: bit d set = digit d allowed. */
const ALL_DIGITS = 0x3ff;

/** Recursive-descent parser for: digits, \d, [classes with ranges], (?:…), (…), |, ?, *, +, {n}, {n,}, {n,m}. */
class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): DigitNode {
    const node = this.alternation();
    if (this.pos !== this.src.length) this.fail('unexpected character');
    return node;
  }

  private fail(reason: string): never {
    throw new UnsupportedPatternError(this.src, this.pos, reason);
  }

  private alternation(): DigitNode {
    const options: DigitNode[] = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 && options[0] ? options[0] : { kind: 'alt', options };
  }

  private sequence(): DigitNode {
    const items: DigitNode[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      items.push(this.quantified(this.atom()));
    }
    return { kind: 'seq', items };
  }

  private atom(): DigitNode {
    const c = this.src[this.pos];
    if (c !== undefined && c >= '0' && c <= '9') {
      this.pos++;
      return { kind: 'set', mask: 1 << (c.charCodeAt(0) - 48) };
    }
    if (c === '\\') {
      if (this.src[this.pos + 1] !== 'd') this.fail('only the \\d escape is supported');
      this.pos += 2;
      return { kind: 'set', mask: ALL_DIGITS };
    }
    if (c === '[') return this.charClass();
    if (c === '(') {
      this.pos += this.src.startsWith('(?:', this.pos) ? 3 : 1;
      if (this.src[this.pos] === '?') this.fail('lookarounds and named groups are not supported');
      const inner = this.alternation();
      if (this.src[this.pos] !== ')') this.fail('missing )');
      this.pos++;
      return inner;
    }
    return this.fail(`unsupported syntax '${c ?? 'end of pattern'}'`);
  }

  private charClass(): DigitNode {
    this.pos++;
    if (this.src[this.pos] === '^') this.fail('negated classes are not supported');
    let mask = 0;
    while (this.src[this.pos] !== ']') {
      const c = this.src[this.pos];
      if (c === '\\' && this.src[this.pos + 1] === 'd') {
        mask |= ALL_DIGITS;
        this.pos += 2;
        continue;
      }
      if (c === undefined || c < '0' || c > '9') this.fail('only digits, ranges and \\d are supported in classes');
      const from = c.charCodeAt(0) - 48;
      let to = from;
      const end = this.src[this.pos + 2];
      if (this.src[this.pos + 1] === '-' && end !== undefined && end >= '0' && end <= '9') {
        to = end.charCodeAt(0) - 48;
        this.pos += 2;
      }
      for (let d = from; d <= to; d++) mask |= 1 << d;
      this.pos++;
    }
    this.pos++;
    return { kind: 'set', mask };
  }

  private quantified(node: DigitNode): DigitNode {
    const c = this.src[this.pos];
    if (c === '?' || c === '*' || c === '+') {
      this.pos++;
      if (this.src[this.pos] === '?') this.fail('lazy quantifiers are not supported');
      return { kind: 'rep', node, min: c === '+' ? 1 : 0, max: c === '?' ? 1 : Infinity };
    }
    if (c !== '{') return node;
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (!m) return this.fail('malformed {} quantifier');
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' || m[3] === undefined ? Infinity : Number(m[3]);
    return { kind: 'rep', node, min, max };
  }
}

/** The syntax tree of `pattern`; throws UnsupportedPatternError on anything outside the digit subset. */
export function parseDigitPattern(pattern: string): DigitNode {
  return new Parser(pattern).parse();
}
