import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeqeraError } from '../../../src/net/errors';
import { packBuildContext } from '../../../src/wave/contextPacker';
import { analyseDockerfile, checkSourcesInContext, findLocalSources, isDockerfileName, missingSources } from '../../../src/wave/dockerfile';
import { corpusDir, findFiles, tempDir, writeTree } from './fixtures';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('Dockerfiles for Wave (unit)', () => {
  it('recognises Dockerfile, Containerfile, *.Dockerfile and Dockerfile.* names', () => {
    for (const n of ['Dockerfile', 'Containerfile', 'dev.Dockerfile', 'Dockerfile.manual', 'Dockerfile.dev', 'dockerfile', 'app.containerfile']) {
      assert.ok(isDockerfileName(n), n);
    }
    for (const n of ['Dockerfile.dockerignore', 'MyDockerfile', 'Dockerfiles', 'notes.txt', 'environment.yml']) {
      assert.ok(!isDockerfileName(n), n);
    }
  });

  it('sends the Dockerfile base64 and accepts exactly 7,500 bytes (10,000 base64 characters)', () => {
    const text = `FROM alpine\nRUN echo ${'x'.repeat(7500 - 22)}\n`;
    assert.equal(enc(text).byteLength, 7500);
    const a = analyseDockerfile(enc(text), 'Dockerfile');
    assert.equal(a.containerFile.length, 10_000);
    assert.equal(Buffer.from(a.containerFile, 'base64').toString('utf8'), text);
  });

  it("refuses a Dockerfile over Wave's limit before sending it", () => {
    const text = `FROM alpine\nRUN echo ${'x'.repeat(7500)}\n`;
    assert.throws(
      () => analyseDockerfile(enc(text), 'Dockerfile'),
      (e: unknown) => e instanceof SeqeraError && e.kind === 'input' && /Dockerfile is 7522 bytes: Wave accepts a Dockerfile of at most 7,500 bytes \(10,000 characters/.test(e.message),
    );
  });

  it('refuses empty and binary Dockerfiles', () => {
    assert.throws(() => analyseDockerfile(enc(' \n'), 'Dockerfile'), /Dockerfile is empty/);
    assert.throws(() => analyseDockerfile(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), 'Dockerfile'), /binary file/);
  });

  describe('finds the local sources that need a build context', () => {
    const sources = (text: string): string[] => findLocalSources(text).map((s) => s.resolved ?? `?${s.source}`);

    it('COPY and ADD of local paths, with continuations and lower-case keywords', () => {
      assert.deepEqual(sources('FROM a\nCOPY --chown=1:1 src/ lib/*.py /app/\ncopy a.txt \\\n   b.txt /y/\nADD ./data.tgz /opt/\n'), [
        'src/',
        'lib/*.py',
        'a.txt',
        'b.txt',
        './data.tgz',
      ]);
    });

    it('ignores other stages, URLs, git sources, heredocs and ONBUILD triggers', () => {
      const text = [
        'FROM ubuntu AS build',
        'COPY --from=build /a /b',
        'COPY --from=nginx:latest /etc/nginx /etc/nginx',
        'ADD https://example.com/x.tgz /opt/',
        'ADD git@github.com:moby/buildkit.git /bk',
        'COPY <<EOF /etc/x',
        'hello',
        'EOF',
        'COPY <<one <<two /dest/',
        'x',
        'one',
        'y',
        'two',
        'ONBUILD COPY z /z',
        'RUN echo done',
      ].join('\n');
      assert.deepEqual(sources(text), []);
    });

    it('reads JSON form, spaces included', () => {
      assert.deepEqual(sources('FROM a\nADD ["file with space.txt", "other", "/dst/"]\n'), ['file with space.txt', 'other']);
    });

    it('resolves ARG and ENV values, and leaves unknown variables unresolved', () => {
      const found = findLocalSources('FROM a\nARG VER=10.0.0\nCOPY tool-$VER.tar.gz /opt/\nCOPY $UNKNOWN/x /y\n');
      assert.deepEqual(
        found.map((s) => [s.source, s.resolved, s.line]),
        [
          ['tool-$VER.tar.gz', 'tool-10.0.0.tar.gz', 3],
          ['$UNKNOWN/x', undefined, 4],
        ],
      );
    });

    it('reports literal sources missing from the context, not wildcards or variables', () => {
      const found = findLocalSources('FROM a\nCOPY main.nf ./bin/ /app/\nCOPY missing.txt *.md $X /y/\nCOPY . /src\n');
      const missing = missingSources(found, new Set(['main.nf', 'bin/run.sh', 'README.md']));
      assert.deepEqual(missing.map((s) => [s.source, s.line]), [['missing.txt', 3]]);
    });
  });

  it('handles every Dockerfile of the nf-core corpus: a request, or a clear refusal', function () {
    const dir = corpusDir();
    if (!dir) this.skip();
    const files = findFiles(path.join(dir, 'nf-core-dockerfiles'), (n) => isDockerfileName(n));
    assert.ok(files.length >= 20, `found ${files.length}`);
    let needContext = 0;
    for (const file of files) {
      const a = analyseDockerfile(fs.readFileSync(file), path.basename(file));
      assert.ok(a.containerFile.length <= 10_000);
      if (a.localSources.length > 0) needContext++;
      for (const s of a.localSources) assert.ok(s.line >= 1 && s.source !== '' && !s.source.startsWith('<<'));
    }
    assert.ok(needContext > 0, 'some corpus Dockerfiles COPY local files');
    const cellranger = path.join(dir, 'nf-core-dockerfiles', 'cellranger', 'Dockerfile.manual');
    const missing = missingSources(analyseDockerfile(fs.readFileSync(cellranger), 'Dockerfile.manual').localSources, new Set(['Dockerfile.manual']));
    assert.deepEqual(missing.map((s) => s.resolved), ['cellranger-10.0.0.tar.gz']);
  });

  describe('a source that is not in the build context says why, with its line (#11 item 15)', () => {
    const dirs: string[] = [];
    after(() => {
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    });
    /** The steps of "Build with Wave" for a Dockerfile in `ctx`: analyse, pack, check the sources. */
    async function refusal(files: [string, string][], setup?: (outside: string, ctx: string) => void): Promise<string> {
      const outside = tempDir();
      dirs.push(outside);
      const ctx = path.join(outside, 'ctx');
      writeTree(ctx, files);
      setup?.(outside, ctx);
      const analysis = analyseDockerfile(fs.readFileSync(path.join(ctx, 'Dockerfile')), 'ctx/Dockerfile');
      const packed = await packBuildContext(ctx);
      try {
        checkSourcesInContext(analysis.localSources, { dir: ctx, files: packed.files, ignored: packed.ignored }, 'ctx/Dockerfile');
      } catch (e) {
        assert.ok(e instanceof SeqeraError && e.kind === 'input', String(e));
        return e.message.split(outside).join('<tmp>');
      }
      return assert.fail('expected the build to be refused');
    }

    it('COPY ../secret that exists: outside the build context, not "missing"', async () => {
      const message = await refusal([['Dockerfile', 'FROM alpine\nCOPY ../secret /root/\n']], (outside) => fs.writeFileSync(path.join(outside, 'secret'), 'x'));
      assert.match(message, /^ctx\/Dockerfile:2: COPY \.\.\/secret: <tmp>\/secret is outside the build context <tmp>\/ctx, and a build can only copy files from inside its context/);
      assert.match(message, /choose a folder that holds both as the context with "Build with Wave \(Options…\)"\.$/);
      assert.doesNotMatch(message, /missing/);
    });

    it('COPY /etc/hostname (an absolute path on this machine): outside the build context', async () => {
      const message = await refusal([['Dockerfile', 'FROM alpine\nRUN true\nCOPY /etc/hostname /x\n']]);
      assert.match(message, /^ctx\/Dockerfile:3: COPY \/etc\/hostname: \/etc\/hostname is outside the build context/);
    });

    it('COPY data of an empty folder: Wave packs files only, so the folder is not in the context', async () => {
      const message = await refusal([['Dockerfile', 'FROM alpine\nCOPY data /data\n']], (_outside, ctx) => fs.mkdirSync(path.join(ctx, 'data', 'sub'), { recursive: true }));
      assert.match(message, /^ctx\/Dockerfile:2: COPY data: data is an empty folder \(it holds no files\), and Wave packs only files, as wave-cli does/);
      assert.match(message, /Put a file in it \(for example data\/\.keep\), or create the folder in the image with RUN mkdir -p\.$/);
    });

    it('a file or folder left out by .dockerignore names the .dockerignore line', async () => {
      const message = await refusal([
        ['.dockerignore', '# keep it small\nresults/**\nnotes.txt\n'],
        ['Dockerfile', 'FROM alpine\nCOPY results /r\nCOPY notes.txt /n\n'],
        ['results/a.txt', 'a'],
        ['notes.txt', 'n'],
      ]);
      assert.equal(
        message,
        'ctx/Dockerfile:2: COPY results: every file in results is left out by .dockerignore (line 2). ' +
          'ctx/Dockerfile:3: COPY notes.txt: it is left out by .dockerignore (line 3).',
      );
    });

    it('a source that does not exist says so, and one that climbs out and does not exist says where it leads', async () => {
      const message = await refusal([['Dockerfile', 'FROM alpine\nCOPY nothere /x\nCOPY ../nowhere /y\n']]);
      assert.match(message, /^ctx\/Dockerfile:2: COPY nothere: there is no nothere in the build context <tmp>\/ctx\. /);
      assert.match(message, /ctx\/Dockerfile:3: COPY \.\.\/nowhere: the path leads outside the build context <tmp>\/ctx, where a build cannot read/);
    });
  });

  describe('#17.7 refusals carry the exact place for the Problems panel', () => {
    const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
    const problemsOf = (fn: () => unknown): SeqeraError['problems'] => {
      try {
        fn();
      } catch (e) {
        assert.ok(e instanceof SeqeraError && e.kind === 'input', String(e));
        return e.problems;
      }
      return assert.fail('accepted');
    };

    it('a word that is no instruction, a first instruction that is not FROM, a COPY without destination', () => {
      assert.deepEqual(problemsOf(() => analyseDockerfile(enc('FROM alpine\nInstall samtools here\n'), 'Dockerfile')).map((p) => p.range), [at(1, 0, 7)]);
      assert.deepEqual(problemsOf(() => analyseDockerfile(enc('# base\nRUN echo hi\n'), 'Dockerfile')).map((p) => p.range), [at(1, 0, 3)]);
      const copy = problemsOf(() => analyseDockerfile(enc('FROM alpine\nCOPY main.nf\n'), 'Dockerfile'));
      assert.deepEqual(copy.map((p) => p.range), [at(1, 0, 12)]);
      assert.match(copy[0].message, /^COPY needs a source and a destination/);
    });

    it('each missing COPY source is its own problem, on the source as written', () => {
      const analysis = analyseDockerfile(enc('FROM alpine\nCOPY main.nf nothere /app/\nCOPY ["gone.txt", "/x"]\n'), 'Dockerfile');
      const problems = problemsOf(() => checkSourcesInContext(analysis.localSources, { dir: '/ctx', files: ['main.nf'], ignored: [] }, 'Dockerfile'));
      assert.deepEqual(problems.map((p) => p.range), [at(1, 13, 20), at(2, 0, 23)]);
      assert.match(problems[0].message, /^COPY nothere: /);
      assert.match(problems[1].message, /^COPY gone\.txt: /);
    });
  });
});
