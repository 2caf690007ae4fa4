import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The settings table (docs/settings.md, linked from the README) is the users' reference: it must list every
 * setting package.json contributes, with its real default, and nothing else. The README's and docs' pictures
 * must exist in docs/images (which .vscodeignore keeps out of the .vsix), and every link between them must
 * lead to a file and a heading that exist.
 */
const repo = path.resolve(__dirname, '..', '..', '..');
const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
const settingsPage = fs.readFileSync(path.join(repo, 'docs', 'settings.md'), 'utf8');
/** README.md and docs/*.md, relative to the repository. */
const pages = ['README.md', ...fs.readdirSync(path.join(repo, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

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

/** The rows of the first table below `# Settings`: setting name → its Default cell. */
function settingsTable(markdown: string): Map<string, string> {
  const start = markdown.search(/^# Settings$/m);
  assert.ok(start >= 0, 'docs/settings.md starts with "# Settings"');
  const rest = markdown.slice(start);
  const end = rest.slice(1).search(/^#{1,2} /m);
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

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6} (.+)$/.exec(line);
    if (m) out.add(slug(m[1]!.replace(/`/g, '')));
  }
  return out;
}

describe('README and docs/ (unit)', () => {
  const table = settingsTable(settingsPage);
  const settings = contributedSettings();

  it('lists every contributed setting with its default', () => {
    assert.ok(settings.size > 0, 'package.json contributes settings');
    for (const [key, value] of settings) {
      assert.ok(table.has(key), `${key} is missing from the settings table in docs/settings.md`);
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

  it('#17.13 links between the README and docs/ lead to pages and headings that exist', () => {
    let checked = 0;
    for (const page of pages) {
      const text = fs.readFileSync(path.join(repo, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(((?!https?:|mailto:|command:)[^)\s]+)\)/g)) {
        const [file, anchor] = target!.split('#') as [string, string | undefined];
        const resolved = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
        assert.ok(fs.existsSync(path.join(repo, resolved)), `${page} links to ${target}: ${resolved} does not exist`);
        if (anchor !== undefined && resolved.endsWith('.md')) {
          const headings = anchors(fs.readFileSync(path.join(repo, resolved), 'utf8'));
          assert.ok(headings.has(anchor), `${page} links to ${target}: ${resolved} has no heading #${anchor}`);
        }
        checked++;
      }
    }
    assert.ok(checked > 20, `${checked} links checked`);
  });

  it('#17.13 the README reads as a Marketplace page: what it is, a picture, install, sign in, what you can do', () => {
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    assert.deepEqual(headings.slice(0, 3), ['Install', 'Sign in', 'What you can do']);
    const intro = readme.slice(0, readme.indexOf('## Install'));
    assert.match(intro, /!\[[^\]]+\]\(docs\/images\/[\w.-]+\.png\)/, 'a picture before Install');
    for (const page of ['docs/settings.md', 'docs/build-context.md', 'docs/testing.md', 'docs/benchmarks.md']) {
      assert.ok(readme.includes(`](${page})`), `the README links the reference page ${page}`);
    }
  });
});
