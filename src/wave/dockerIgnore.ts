import { inputError } from '../net/errors';

/**
 * `.dockerignore` as Wave applies it (wave-utils `DockerIgnoreFilter`), so a
 * context we pack holds exactly the files wave-cli would pack:
 *
 * - every line is trimmed; empty lines and lines starting with `#` are skipped;
 * - each remaining line is a Java NIO `glob:` pattern (a leading `!` re-includes)
 *   matched against a file's whole path relative to the context, such as
 *   `src/main.py`, with `/` separators and no leading `./`;
 * - the last pattern that matches a file decides; a file no pattern matches is kept.
 *
 * Java glob: `*` and `?` stay within one path segment, `**` crosses segments,
 * `[abc]`, `[a-z]`, `[!abc]` match one character other than `/`, `{a,b}` is
 * either alternative, `\` escapes. Unlike Docker, a pattern does not prune a
 * folder: `node_modules` only drops a file of that name at the top; write
 * `node_modules/**` to leave a folder out. We don't use the `ignore` package
 * (gitignore rules: `*.log` at any depth, folder pruning) because it would
 * pack other files than wave-cli and so miss Wave's cache.
 */
export interface IgnoreRule {
  pattern: string;
  negate: boolean;
  regex: RegExp;
  /** 1-based line in .dockerignore. */
  line: number;
}

export function parseDockerIgnore(text: string, label = '.dockerignore'): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = javaTrim(raw);
    if (line === '' || line.startsWith('#')) return;
    const negate = line.startsWith('!');
    const glob = negate ? line.slice(1) : line;
    try {
      rules.push({ pattern: line, negate, regex: javaGlobToRegExp(glob), line: i + 1 });
    } catch (e) {
      throw inputError(`${label}:${i + 1}: invalid pattern "${line}": ${e instanceof Error ? e.message : String(e)}.`);
    }
  });
  return rules;
}

/** True when the file at `relPath` goes into the context. */
export function isIncluded(rules: readonly IgnoreRule[], relPath: string): boolean {
  return !(decidingRule(rules, relPath)?.negate === false);
}

/** The last rule that matches `relPath`: it decides whether the file is packed. */
export function decidingRule(rules: readonly IgnoreRule[], relPath: string): IgnoreRule | undefined {
  let decides: IgnoreRule | undefined;
  for (const rule of rules) if (rule.regex.test(relPath)) decides = rule;
  return decides;
}

/**
 * Patterns that look written for Docker's folder rule (`node_modules`, `.git`,
 * `build/`) but match no file under Wave's rule, while files below such a
 * folder exist: worth a hint in the log.
 */
export function folderPatternHints(rules: readonly IgnoreRule[], files: Iterable<string>): string[] {
  const list = [...files];
  const hints: string[] = [];
  for (const rule of rules) {
    const never = neverMatchingHint(rule, list);
    if (never) {
      hints.push(never);
      continue;
    }
    if (rule.negate || list.some((f) => rule.regex.test(f))) continue;
    const folder = rule.pattern.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (folder !== '' && list.some((f) => f.startsWith(folder + '/'))) {
      hints.push(
        `.dockerignore line ${rule.line}: "${rule.pattern}" matches no file; Wave matches patterns against whole file paths, ` +
          `so write "${folder}/**" to leave out the folder.`,
      );
    }
  }
  return hints;
}

/**
 * A pattern that starts with `/`, `./` or `../` can never match: Wave matches it
 * against paths relative to the context, which never start with those (`data/x.txt`,
 * not `/data/x.txt` or `./data/x.txt`). The hint gives the pattern that would match.
 */
function neverMatchingHint(rule: IgnoreRule, files: readonly string[]): string | undefined {
  const body = rule.negate ? rule.pattern.slice(1) : rule.pattern;
  const anchor = /^(\.{0,2}\/)+/.exec(body)?.[0];
  if (!anchor) return undefined;
  let fixed = body.slice(anchor.length);
  const folder = fixed.replace(/\/+$/, '');
  if (fixed === '' || folder === '') return undefined;
  let regex: RegExp | undefined;
  try {
    regex = javaGlobToRegExp(fixed);
  } catch {
    regex = undefined;
  }
  if (regex && !files.some((f) => regex.test(f)) && files.some((f) => f.startsWith(`${folder}/`))) fixed = `${folder}/**`;
  return (
    `.dockerignore line ${rule.line}: "${rule.pattern}" can never match: Wave matches each line against paths relative to the build context, ` +
    `which never start with "${anchor}" (such as data/x.txt), so write "${rule.negate ? '!' : ''}${fixed}".`
  );
}

/** Java's String.trim(): strips characters up to U+0020 at both ends, nothing else. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

const REGEX_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));

function literal(ch: string): string {
  return REGEX_SYNTAX.has(ch) ? `\\${ch}` : ch;
}

function classLiteral(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
}

/** Converts a Java NIO glob (Unix flavour) to an anchored RegExp with the same matches. */
export function javaGlobToRegExp(glob: string): RegExp {
  const chars = Array.from(glob);
  let out = '';
  let inGroup = false;
  let i = 0;
  const next = (): string | undefined => chars[i];
  while (i < chars.length) {
    const c = chars[i++];
    switch (c) {
      case '\\': {
        const escaped = chars[i++];
        if (escaped === undefined) throw new Error('no character to escape after "\\"');
        out += literal(escaped);
        break;
      }
      case '[': {
        let negate = false;
        let body = '';
        if (next() === '^') {
          body += classLiteral('^');
          i++;
        } else {
          if (next() === '!') {
            negate = true;
            i++;
          }
          if (next() === '-') {
            body += classLiteral('-');
            i++;
          }
        }
        let closed = false;
        let last: string | undefined;
        while (i < chars.length) {
          const d = chars[i++];
          if (d === ']') {
            closed = true;
            break;
          }
          if (d === '/') throw new Error('"/" cannot appear in a [...] class');
          if (d === '-') {
            if (last === undefined) throw new Error('invalid range in [...]');
            const end = chars[i++];
            if (end === undefined) break;
            if (end === ']') {
              body += classLiteral('-');
              closed = true;
              break;
            }
            if ((end.codePointAt(0) ?? 0) < (last.codePointAt(0) ?? 0)) throw new Error('invalid range in [...]');
            body += `-${classLiteral(end)}`;
            last = undefined;
          } else {
            body += classLiteral(d);
            last = d;
          }
        }
        if (!closed) throw new Error('missing "]"');
        if (body === '') throw new Error('empty [] class');
        out += `(?!/)[${negate ? '^' : ''}${body}]`;
        break;
      }
      case '{':
        if (inGroup) throw new Error('groups {...} cannot be nested');
        out += '(?:(?:';
        inGroup = true;
        break;
      case '}':
        if (inGroup) {
          out += '))';
          inGroup = false;
        } else {
          out += literal(c);
        }
        break;
      case ',':
        out += inGroup ? ')|(?:' : ',';
        break;
      case '*':
        if (next() === '*') {
          out += '.*';
          i++;
        } else {
          out += '[^/]*';
        }
        break;
      case '?':
        out += '[^/]';
        break;
      default:
        out += literal(c);
    }
  }
  if (inGroup) throw new Error('missing "}"');
  return new RegExp(`^(?:${out})$`, 'u');
}
