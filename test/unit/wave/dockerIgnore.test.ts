import * as assert from 'node:assert/strict';
import { SeqeraError } from '../../../src/net/errors';
import { folderPatternHints, isIncluded, javaGlobToRegExp, parseDockerIgnore } from '../../../src/wave/dockerIgnore';

const PATHS = [
  'a.log', 'sub/b.log', 'sub/deep/c.log', 'logs/x.log', 'logs', 'node_modules', 'node_modules/pkg/index.js',
  'tmp1/x.txt', 'tmp/x.txt', 'a.md', 'b.md', 'c.md', 'ax', 'bx', 'dx', '^x', 'c.txt', 'src/a/b.py', 'lib/x', 'a*b',
  'axb', 'src/k/main.py', 'src/main.py', 'src/k/l/main.py', '.git', '.git/config', 'a.txt', 'a/b/c.txt', 'file-name',
  'file_name', 'env.yml', 'env.yaml', 'x', 'x.bak',
];

/**
 * What Java's `FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Paths.get(path))`
 * answered for each pattern over PATHS (OpenJDK 17, Linux): the rule wave-cli's
 * DockerIgnoreFilter applies.
 */
const JAVA_VERDICTS: [string, string[]][] = [
  ['*.log', ['a.log']],
  ['**.log', ['a.log', 'sub/b.log', 'sub/deep/c.log', 'logs/x.log']],
  ['**/*.log', ['sub/b.log', 'sub/deep/c.log', 'logs/x.log']],
  ['logs/**', ['logs/x.log']],
  ['node_modules', ['node_modules']],
  ['node_modules/', []],
  ['tmp?/x.txt', ['tmp1/x.txt']],
  ['[ab].md', ['a.md', 'b.md']],
  ['[!ab].md', ['c.md']],
  ['[a-c]x', ['ax', 'bx']],
  ['[^a]x', ['ax', '^x']],
  ['{c,d}.txt', ['c.txt']],
  ['{src,lib}/**', ['src/a/b.py', 'lib/x', 'src/k/main.py', 'src/main.py', 'src/k/l/main.py']],
  ['a\\*b', ['a*b']],
  ['src/*/main.py', ['src/k/main.py']],
  ['src/**/main.py', ['src/k/main.py', 'src/k/l/main.py']],
  ['.git', ['.git']],
  ['./a.txt', []],
  ['/a.txt', []],
  ['a/b/c.txt', ['a/b/c.txt']],
  ['file[-_]name', ['file-name', 'file_name']],
  ['*.{yml,yaml}', ['env.yml', 'env.yaml']],
  ['x{,.bak}', ['x', 'x.bak']],
];

describe('.dockerignore as Wave applies it (unit)', () => {
  for (const [pattern, expected] of JAVA_VERDICTS) {
    it(`matches "${pattern}" like Java's glob PathMatcher`, () => {
      const re = javaGlobToRegExp(pattern);
      assert.deepEqual(PATHS.filter((p) => re.test(p)), expected);
    });
  }

  it('lets the last matching pattern decide, with ! re-including', () => {
    const rules = parseDockerIgnore('logs/**\n!logs/keep.log\n');
    assert.equal(isIncluded(rules, 'logs/x.log'), false);
    assert.equal(isIncluded(rules, 'logs/keep.log'), true);
    assert.equal(isIncluded(rules, 'main.nf'), true);
    const reversed = parseDockerIgnore('!logs/keep.log\nlogs/**\n');
    assert.equal(isIncluded(reversed, 'logs/keep.log'), false);
  });

  it('trims lines like Java, skips blanks and comments, and numbers lines for errors', () => {
    const rules = parseDockerIgnore('# comment\r\n\r\n   *.tmp \t\r\n  # indented comment\n\u00a0x\n');
    assert.deepEqual(rules.map((r) => [r.pattern, r.line]), [['*.tmp', 3], ['\u00a0x', 5]]);
  });

  it('refuses patterns Java would not compile, naming the line', () => {
    for (const [text, line] of [['[abc\n', 1], ['ok\n{a,{b}}\n', 2], ['x\\', 1], ['[a/b]', 1], ['[c-a]', 1]] as const) {
      assert.throws(
        () => parseDockerIgnore(text),
        (e: unknown) => e instanceof SeqeraError && e.kind === 'input' && e.message.startsWith(`.dockerignore:${line}: invalid pattern`),
      );
    }
  });

  it('hints when a pattern was meant as a Docker folder rule', () => {
    const rules = parseDockerIgnore('.git\nbuild/\n*.o\n');
    const hints = folderPatternHints(rules, ['.git/config', 'build/out.bin', 'main.c']);
    assert.equal(hints.length, 2);
    assert.match(hints[0], /line 1: ".git" matches no file.*".git\/\*\*"/);
    assert.match(hints[1], /line 2: "build\/" matches no file.*"build\/\*\*"/);
  });

  it('hints at lines that can never match because they start with "/" or "./" (#11 item 16)', () => {
    const rules = parseDockerIgnore('# context root\n/data/**\n./results/**\n!/data/keep.txt\n/node_modules\n../up/**\ndata/**\n');
    const files = ['data/a.txt', 'data/keep.txt', 'results/r.txt', 'node_modules/x/index.js', 'main.nf'];
    // The lines really never match: every file stays in (line 7 leaves data/ out, so that is the control).
    assert.deepEqual(files.filter((f) => !isIncluded(rules.slice(0, 5), f)), []);
    assert.deepEqual(folderPatternHints(rules, files), [
      '.dockerignore line 2: "/data/**" can never match: Wave matches each line against paths relative to the build context, which never start with "/" (such as data/x.txt), so write "data/**".',
      '.dockerignore line 3: "./results/**" can never match: Wave matches each line against paths relative to the build context, which never start with "./" (such as data/x.txt), so write "results/**".',
      '.dockerignore line 4: "!/data/keep.txt" can never match: Wave matches each line against paths relative to the build context, which never start with "/" (such as data/x.txt), so write "!data/keep.txt".',
      '.dockerignore line 5: "/node_modules" can never match: Wave matches each line against paths relative to the build context, which never start with "/" (such as data/x.txt), so write "node_modules/**".',
      '.dockerignore line 6: "../up/**" can never match: Wave matches each line against paths relative to the build context, which never start with "../" (such as data/x.txt), so write "up/**".',
    ]);
  });
});
