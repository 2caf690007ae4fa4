/**
 * The one place that puts text we did not write (server answers, registry
 * metadata, file names, settings) into Markdown: tooltips, the Accounts
 * status bar item and the inspect preview. Every such value goes through
 * `mdText` (shown as plain text) or `mdCode` / `mdCodeBlock` (shown
 * literally in code), so no value can open an image (a tracking beacon), a
 * link, a `command:` link, HTML, a heading or a list.
 *
 * Pure and free of the vscode API (lint enforces it), so `src/wave/` renders
 * the inspect preview with it in plain Node; the features import it through
 * `src/ui/markdown.ts`. The MarkdownStrings built from these strings stay
 * untrusted (no `isTrusted`, no `supportHtml`, no theme icons).
 */

/**
 * ASCII punctuation that can start or shape Markdown, HTML, an entity, an
 * autolink (`:` of a scheme, `.` of `www.`, `@` of an e-mail) or a theme icon
 * (`$(`). CommonMark lets a backslash escape any ASCII punctuation; only
 * `, ; ? % ' " /`, which shape nothing on their own, are left as they are.
 */
const MARKDOWN_PUNCTUATION = /[!#$&()*+\-.:<=>@[\\\]^_`{|}~]/g;

/**
 * Text shown as it is, inline: line breaks and runs of white space become one
 * space (a blank line would end the paragraph or list item the value sits in),
 * Markdown punctuation is backslash-escaped, and `|` becomes an
 * entity so the value cannot split a table cell either.
 */
export function mdText(value: string): string {
  return value
    .replace(/\s+/g, ' ')
    .trim()
    .replace(MARKDOWN_PUNCTUATION, (c) => (c === '|' ? '&#124;' : `\\${c}`));
}

/** The longest run of backticks in `value` (0 when there is none). */
function longestBacktickRun(value: string): number {
  return Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
}

/**
 * An inline code span that shows `value` literally: on one line (line breaks
 * become spaces, so a blank line cannot end the span), fenced with one more
 * backtick than the longest run inside, padded with a space when the value
 * starts or ends with a backtick (or with spaces on both ends, which the
 * renderer would strip). Nothing is backslash-escaped: inside code a
 * backslash is shown as it is. Empty input gives an empty string.
 */
export function mdCode(value: string): string {
  const line = value.replace(/[\r\n]+/g, ' ');
  if (line === '') return '';
  const fence = '`'.repeat(longestBacktickRun(line) + 1);
  const pad = /^`|`$/.test(line) || (/^ /.test(line) && / $/.test(line)) ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/**
 * A fenced code block (lines of their own) that shows `value` literally: the
 * fence is longer than any backtick run inside, so no line can close it. The
 * info string keeps only letters, digits and `-`, `+`, `.`, `_`.
 */
export function mdCodeBlock(value: string, language = ''): string[] {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(value) + 1));
  const info = language.replace(/[^A-Za-z0-9+._-]/g, '');
  return [`${fence}${info}`, ...value.split(/\r\n|\r|\n/), fence];
}

/**
 * One row of a GFM table. A cell is Markdown already made safe by the
 * functions above (`mdText` leaves no `|`; `mdCode` may hold some). Every `|`
 * left is preceded by an odd number of backslashes, which both renderers
 * VS Code uses (marked for hovers, markdown-it for the Markdown preview) read
 * as a pipe inside the cell, not as the end of it; line breaks become spaces.
 * GFM gives no way to show a backslash right before a pipe in a cell (it
 * reads `\|` as the pipe), so such a value shows one backslash less there.
 */
export function mdTableRow(cells: readonly string[]): string {
  const cell = (c: string): string =>
    c.replace(/[\r\n]+/g, ' ').replace(/(\\*)\|/g, (_m, slashes: string) => `${slashes}${slashes.length % 2 === 0 ? '\\' : ''}|`);
  return `| ${cells.map(cell).join(' | ')} |`;
}
