/**
 * The one Markdown escaping module the features use (tooltips, the account
 * item): text through `mdText`, code through `mdCode` / `mdCodeBlock`, table
 * rows through `mdTableRow`. The functions live in the vscode-free
 * `src/markdown/` so that `src/wave/` (the inspect preview) can use the same ones.
 */
export { mdCode, mdCodeBlock, mdTableRow, mdText } from '../markdown/escape';
