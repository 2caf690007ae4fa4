import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The README's settings table is the users' reference: it must list every
 * setting package.json contributes, with its real default, and nothing else.
 * Its pictures must exist in docs/images (which .vscodeignore keeps out of
 * the .vsix).
 */
const repo = path.resolve(__dirname, '..', '..', '..');
const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');

interface ConfigurationSection {
  properties?: Record<string, { default?: unknown }>;
}
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  contributes: { configuration?: ConfigurationSection | ConfigurationSection[] };
};

function contributedSettings(): Map<string, unknown> {
  const config = manifest.contributes.configuration;
  const sections = Array.isArray(config) ? config : config ? [config] : [];
  const out = new Map<string, unknown>();
  for (const section of sections) for (const [key, p] of Object.entries(section.properties ?? {})) out.set(key, p.default);
  return out;
}

/** How the table writes a default: a string as is, anything else as JSON, in backticks. */
function renderDefault(value: unknown): string {
  return '`' + (typeof value === 'string' && value !== '' ? value : JSON.stringify(value)) + '`';
}

/** The rows of the first table below `## Settings`: setting name → its Default cell. */
function settingsTable(markdown: string): Map<string, string> {
  const start = markdown.search(/^## Settings$/m);
  assert.ok(start >= 0, 'README has a "## Settings" section');
  const rest = markdown.slice(start);
  const end = rest.slice(1).search(/^## /m);
  const section = end >= 0 ? rest.slice(0, end + 1) : rest;
  const lines = section.split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  assert.ok(first >= 0, 'the Settings section has a table');
  const rows = new Map<string, string>();
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((c) => c.trim());
    const key = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    assert.ok(key, `the first cell of "${line}" is one setting in backticks`);
    assert.ok(!rows.has(key), `${key} is listed twice`);
    rows.set(key, cells[2] ?? '');
  }
  return rows;
}

describe('README (unit)', () => {
  const table = settingsTable(readme);
  const settings = contributedSettings();

  it('lists every contributed setting with its default', () => {
    assert.ok(settings.size > 0, 'package.json contributes settings');
    for (const [key, value] of settings) {
      assert.ok(table.has(key), `${key} is missing from the README's settings table`);
      const cell = table.get(key)!;
      assert.equal(cell.match(/^`[^`]*`/)?.[0], renderDefault(value), `default of ${key} in the README ("${cell}") is not ${renderDefault(value)}`);
    }
  });

  it('lists no setting that package.json does not contribute', () => {
    const extra = [...table.keys()].filter((k) => !settings.has(k));
    assert.deepEqual(extra, [], 'settings in the README table but not in package.json');
  });

  it('shows only pictures that exist in docs/images', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length > 0, 'the README shows screenshots');
    for (const src of images) {
      assert.match(src, /^docs\/images\/[\w.-]+\.png$/, `${src}: pictures are relative links into docs/images`);
      assert.ok(fs.existsSync(path.join(repo, src)), `${src} does not exist (npm run screenshots)`);
    }
  });
});
