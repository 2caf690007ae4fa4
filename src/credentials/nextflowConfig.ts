/**
 * Reads the `tower` settings out of a Nextflow config file, such as the
 * `seqera-auth.config` that `nextflow auth login` writes:
 *
 *     // Seqera Platform configuration
 *     tower {
 *         accessToken = 'eyJ…'
 *         endpoint = 'https://api.cloud.seqera.io'
 *         enabled = true
 *         workspaceId = '123'  // org / workspace [full name]
 *     }
 *
 * A Nextflow config is Groovy, and this never evaluates it: it tokenises the
 * text (comments, single/double/triple-quoted strings, numbers, names) and
 * follows blocks (`tower { … }`, other blocks beside it, nested ones) and dotted
 * assignments (`tower.accessToken = …`). Only literal values count; anything
 * else (`System.getenv('X')`, a "${interpolated}" string, a method call) is
 * reported and left unused. Pure: text in, values and problems out.
 */
export const TOWER_KEYS = ['accessToken', 'endpoint', 'workspaceId', 'refreshToken'] as const;
export type TowerKey = (typeof TOWER_KEYS)[number];

export interface TowerValue {
  value: string;
  line: number;
}

export interface TowerSettings {
  values: Partial<Record<TowerKey, TowerValue>>;
  /** One sentence each, with its line. */
  problems: string[];
}

type Kind = 'name' | 'string' | 'gstring' | 'number' | 'punct' | 'newline' | 'other';

interface Token {
  kind: Kind;
  text: string;
  /** The string's value (escapes applied) for strings. */
  value?: string;
  line: number;
}

class Unreadable extends Error {}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"', $: '$', '\n': '' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  if (text.startsWith('#!')) while (i < text.length && text[i] !== '\n') i++;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: c, line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '\\' && text[i + 1] === '\n') {
      i += 2; // line continuation
      line++;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Unreadable(`line ${line}: a /* comment is never closed`);
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      i = end + 2;
    } else if (c === "'" || c === '"') {
      const start = line;
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      let value = '';
      let interpolated = false;
      for (;;) {
        if (i >= text.length) throw new Unreadable(`line ${start}: a string is never closed`);
        if (text.startsWith(quote, i)) {
          i += quote.length;
          break;
        }
        const ch = text[i]!;
        if (ch === '\n') {
          if (!triple) throw new Unreadable(`line ${start}: a string is never closed on its line`);
          line++;
        }
        if (ch === '\\') {
          const next = text[i + 1] ?? '';
          if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          if (next === '\n') line++;
          value += ESCAPES[next] ?? next;
          i += 2;
          continue;
        }
        if (ch === '$' && c === '"') interpolated = true;
        value += ch;
        i++;
      }
      tokens.push({ kind: interpolated ? 'gstring' : 'string', text: '', value, line: start });
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z0-9_$]+/.exec(text.slice(i, i + 256))!;
      tokens.push({ kind: 'name', text: m[0], line });
      i += m[0].length;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?[0-9][0-9_]*(\.[0-9]+)?([eE][+-]?[0-9]+)?[lLgGdDfFiI]?/.exec(text.slice(i, i + 64))!;
      tokens.push({ kind: 'number', text: m[0], line });
      i += m[0].length;
    } else if ('{}()[]=.,:;'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else {
      tokens.push({ kind: 'other', text: c, line });
      i++;
    }
  }
  return tokens;
}

const isPunct = (t: Token | undefined, p: string): boolean => t?.kind === 'punct' && t.text === p;

/** The literal a value's tokens stand for, or undefined when they are an expression. */
function literal(tokens: Token[]): string | undefined {
  if (tokens.length !== 1) return undefined;
  const t = tokens[0]!;
  if (t.kind === 'string') return t.value;
  if (t.kind === 'number') return t.text.replace(/[lLgGdDfFiI]$/, '').replace(/_/g, '');
  if (t.kind === 'name' && (t.text === 'true' || t.text === 'false')) return t.text;
  return undefined;
}

function describeValue(tokens: Token[]): string {
  if (tokens.length === 1 && tokens[0]!.kind === 'gstring') return 'a "${…}" string, which Nextflow would interpolate';
  if (tokens.length === 0) return 'empty';
  return 'an expression, not a plain value';
}

export function parseTowerSettings(text: string): TowerSettings {
  const result: TowerSettings = { values: {}, problems: [] };
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof Unreadable) {
      result.problems.push(`${e.message}, so the file cannot be read.`);
      return result;
    }
    throw e;
  }
  const scope: string[][] = [];
  let i = 0;
  const path = (): string[] => scope.flat();

  /** Skips one statement; a block opened inside it becomes an anonymous scope. */
  const skipStatement = (): void => {
    let depth = 0;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (depth === 0 && (t.kind === 'newline' || isPunct(t, ';') || isPunct(t, '}'))) return;
      if (depth === 0 && isPunct(t, '{')) {
        scope.push(['?']);
        i++;
        return;
      }
      if (isPunct(t, '(') || isPunct(t, '[') || isPunct(t, '{')) depth++;
      if (isPunct(t, ')') || isPunct(t, ']') || isPunct(t, '}')) depth--;
      i++;
    }
  };

  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === 'newline' || isPunct(t, ';')) {
      i++;
      continue;
    }
    if (isPunct(t, '}')) {
      scope.pop();
      i++;
      continue;
    }
    if (t.kind !== 'name') {
      skipStatement();
      continue;
    }
    // A dotted name: a.b.c
    const names = [t.text];
    let j = i + 1;
    while (isPunct(tokens[j], '.') && tokens[j + 1]?.kind === 'name') {
      names.push(tokens[j + 1]!.text);
      j += 2;
    }
    let k = j;
    while (tokens[k]?.kind === 'newline' && isPunct(tokens[k + 1], '{')) k++; // `tower\n{`
    if (isPunct(tokens[k], '{')) {
      scope.push(names);
      i = k + 1;
      continue;
    }
    if (!isPunct(tokens[j], '=')) {
      skipStatement(); // includeConfig '…', a method call, withName: … { }
      continue;
    }
    // An assignment: the value runs to the end of the statement.
    const valueTokens: Token[] = [];
    let depth = 0;
    i = j + 1;
    while (i < tokens.length) {
      const v = tokens[i]!;
      if (depth === 0 && (v.kind === 'newline' || isPunct(v, ';') || isPunct(v, '}'))) break;
      if (isPunct(v, '(') || isPunct(v, '[') || isPunct(v, '{')) depth++;
      if (isPunct(v, ')') || isPunct(v, ']') || isPunct(v, '}')) depth--;
      valueTokens.push(v);
      i++;
    }
    const key = [...path(), ...names];
    if (key.length !== 2 || key[0] !== 'tower' || !(TOWER_KEYS as readonly string[]).includes(key[1]!)) continue;
    const towerKey = key[1] as TowerKey;
    const value = literal(valueTokens);
    if (value === undefined) {
      result.problems.push(`line ${t.line}: tower.${towerKey} is ${describeValue(valueTokens)}; it is never evaluated here, so it is not used.`);
      delete result.values[towerKey];
    } else {
      result.values[towerKey] = { value, line: t.line };
    }
  }
  return result;
}
