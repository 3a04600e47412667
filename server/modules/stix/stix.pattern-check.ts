/**
 * A checker of the STIX 2.1 patterning grammar (§9), because the JSON schemas only say a pattern is
 * a string. Recursive descent over the grammar of §9.2/§9.3 (observation expressions with AND, OR,
 * FOLLOWEDBY and qualifiers; comparison expressions with the §9.5 operators; object paths; literals
 * with only \' and \\ escapes). It answers null for a valid pattern, else the first error.
 */

/** The STIX 2.1 cyber-observable types (§6). */
const SCO_TYPES = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file',
  'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url',
  'user-account', 'windows-registry-key', 'x509-certificate',
]);

type Tok = { k: 'str' | 'ts' | 'bin' | 'hex' | 'num' | 'word' | 'op' | 'p'; v: string; at: number };

class PatternError extends Error {}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const prefixed = /^[tbh]'/.test(src.slice(i, i + 2));
    if (c === "'" || prefixed) {
      const kind: Tok['k'] = prefixed ? ({ t: 'ts', b: 'bin', h: 'hex' } as const)[c as 't' | 'b' | 'h'] : 'str';
      const start = i;
      i += prefixed ? 2 : 1;
      let v = '';
      for (;;) {
        if (i >= src.length) throw new PatternError(`unterminated string literal at ${start}`);
        const ch = src[i] as string;
        if (ch === '\\') {
          const next = src[i + 1];
          if (next !== '\\' && next !== "'") throw new PatternError(`invalid escape \\${next ?? ''} at ${i}`);
          v += next;
          i += 2;
          continue;
        }
        if (ch === "'") {
          i++;
          break;
        }
        v += ch;
        i++;
      }
      if (kind === 'ts' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v)) throw new PatternError(`invalid timestamp literal at ${start}`);
      if (kind === 'hex' && !/^([0-9a-fA-F]{2})*$/.test(v)) throw new PatternError(`invalid hex literal at ${start}`);
      if (kind === 'bin' && !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw new PatternError(`invalid binary literal at ${start}`);
      toks.push({ k: kind, v, at: start });
      continue;
    }
    const num = /^[-+]?\d+(\.\d+)?/.exec(src.slice(i));
    if (num && (c !== '-' && c !== '+' ? true : /\d/.test(src[i + 1] ?? ''))) {
      toks.push({ k: 'num', v: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const op = /^(<=|>=|!=|=|<|>)/.exec(src.slice(i));
    if (op) {
      toks.push({ k: 'op', v: op[0], at: i });
      i += op[0].length;
      continue;
    }
    if ('[]():.,*'.includes(c)) {
      toks.push({ k: 'p', v: c, at: i });
      i++;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i));
    if (word) {
      toks.push({ k: 'word', v: word[0], at: i });
      i += word[0].length;
      continue;
    }
    throw new PatternError(`unexpected character '${c}' at ${i}`);
  }
  return toks;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isWord(v: string): boolean {
    const t = this.peek();
    return t?.k === 'word' && t.v === v;
  }
  private isP(v: string): boolean {
    const t = this.peek();
    return t?.k === 'p' && t.v === v;
  }
  private expectP(v: string): void {
    if (!this.isP(v)) throw new PatternError(`expected '${v}' at ${this.peek()?.at ?? 'end'}`);
    this.i++;
  }
  private expectWord(v: string): void {
    if (!this.isWord(v)) throw new PatternError(`expected ${v} at ${this.peek()?.at ?? 'end'}`);
    this.i++;
  }
  private take(kind: Tok['k']): Tok {
    const t = this.peek();
    if (t?.k !== kind) throw new PatternError(`expected ${kind} at ${t?.at ?? 'end'}`);
    this.i++;
    return t;
  }

  parsePattern(): void {
    if (this.toks.length === 0) throw new PatternError('empty pattern');
    this.observationExpressions();
    if (this.i < this.toks.length) throw new PatternError(`unexpected '${this.peek()?.v}' at ${this.peek()?.at}`);
  }
  private observationExpressions(): void {
    this.obsOr();
    while (this.isWord('FOLLOWEDBY')) {
      this.i++;
      this.obsOr();
    }
  }
  private obsOr(): void {
    this.obsAnd();
    while (this.isWord('OR')) {
      this.i++;
      this.obsAnd();
    }
  }
  private obsAnd(): void {
    this.observation();
    while (this.isWord('AND')) {
      this.i++;
      this.observation();
    }
  }
  private observation(): void {
    if (this.isP('[')) {
      this.i++;
      this.comparisonOr();
      this.expectP(']');
    } else if (this.isP('(')) {
      this.i++;
      this.observationExpressions();
      this.expectP(')');
    } else throw new PatternError(`expected '[' or '(' at ${this.peek()?.at ?? 'end'}`);
    this.qualifiers();
  }
  private qualifiers(): void {
    for (;;) {
      if (this.isWord('START')) {
        this.i++;
        this.take('ts');
        this.expectWord('STOP');
        this.take('ts');
      } else if (this.isWord('WITHIN')) {
        this.i++;
        this.take('num');
        this.expectWord('SECONDS');
      } else if (this.isWord('REPEATS')) {
        this.i++;
        this.take('num');
        this.expectWord('TIMES');
      } else return;
    }
  }
  private comparisonOr(): void {
    this.comparisonAnd();
    while (this.isWord('OR')) {
      this.i++;
      this.comparisonAnd();
    }
  }
  private comparisonAnd(): void {
    this.propTest();
    while (this.isWord('AND')) {
      this.i++;
      this.propTest();
    }
  }
  private propTest(): void {
    if (this.isP('(')) {
      this.i++;
      this.comparisonOr();
      this.expectP(')');
      return;
    }
    if (this.isWord('EXISTS')) {
      this.i++;
      this.objectPath();
      return;
    }
    this.objectPath();
    if (this.isWord('NOT')) this.i++;
    const t = this.peek();
    if (t?.k === 'op') {
      this.i++;
      this.literal(t.v === '=' || t.v === '!=');
    } else if (t?.k === 'word' && t.v === 'IN') {
      this.i++;
      this.expectP('(');
      this.literal(true);
      while (this.isP(',')) {
        this.i++;
        this.literal(true);
      }
      this.expectP(')');
    } else if (t?.k === 'word' && ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(t.v)) {
      this.i++;
      this.take('str');
    } else throw new PatternError(`expected a comparison operator at ${t?.at ?? 'end'}`);
  }
  private objectPath(): void {
    const type = this.take('word').v;
    if (!SCO_TYPES.has(type) && !/^x-[a-z0-9-]+$/.test(type)) throw new PatternError(`unknown object type '${type}'`);
    this.expectP(':');
    this.pathComponent();
    for (;;) {
      if (this.isP('.')) {
        this.i++;
        this.pathComponent();
      } else if (this.isP('[')) {
        this.i++;
        if (this.isP('*')) this.i++;
        else this.take('num');
        this.expectP(']');
      } else return;
    }
  }
  private pathComponent(): void {
    const t = this.peek();
    if (t?.k === 'word' || t?.k === 'str') this.i++;
    else throw new PatternError(`expected a property name at ${t?.at ?? 'end'}`);
  }
  private literal(allowBool: boolean): void {
    const t = this.peek();
    if (t && ['str', 'ts', 'bin', 'hex', 'num'].includes(t.k)) {
      this.i++;
      return;
    }
    if (allowBool && t?.k === 'word' && (t.v === 'true' || t.v === 'false')) {
      this.i++;
      return;
    }
    throw new PatternError(`expected a literal at ${t?.at ?? 'end'}`);
  }
}

/** Null when `pattern` is a valid STIX 2.1 pattern, else a description of the first error. */
export function checkStixPattern(pattern: string): string | null {
  try {
    new Parser(tokenize(pattern)).parsePattern();
    return null;
  } catch (e) {
    if (e instanceof PatternError) return e.message;
    throw e;
  }
}
