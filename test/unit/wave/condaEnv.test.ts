import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { SeqeraError } from '../../../src/net/errors';
import {
  DEFAULT_CONDA_CHANNELS,
  isCondaFileName,
  looksLikeCondaEnvironment,
  MAX_CONDA_FILE_BYTES,
  parseCondaEnvironment,
} from '../../../src/wave/condaEnv';
import { condaPackagesFromEntries, packageListProblem, parsePackageList } from '../../../src/wave/condaPackages';
import { buildSubmitRequest, DEFAULT_BUILD_OPTIONS } from '../../../src/wave/request';
import { corpusDir, findFiles } from './fixtures';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SeqeraError, `expected a SeqeraError, got ${String(e)}`);
    assert.equal(e.kind, 'input');
    assert.match(e.message, pattern);
    return true;
  });
}

describe('conda environment files (unit)', () => {
  it('reads a file with old Mac line endings (lone CR) and sends it unchanged', () => {
    const bytes = Buffer.from('name: qc\rchannels:\r  - bioconda\rdependencies:\r  - fastqc=0.12.1\r  - multiqc\r');
    const env = parseCondaEnvironment(bytes, 'environment.yml');
    assert.equal(env.name, 'qc');
    assert.equal(env.dependencyCount, 2);
    assert.equal(Buffer.from(env.packages.environment ?? '', 'base64').toString('utf8'), bytes.toString('utf8'));
  });

  describe('the nf-core corpus', () => {
    const dir = corpusDir();

    it('turns every environment.yml into a valid request carrying the file byte for byte', function () {
      if (!dir) this.skip();
      this.timeout(60_000);
      const files = findFiles(path.join(dir, 'nf-core-modules'), (n) => n === 'environment.yml');
      assert.ok(files.length > 1000, `expected the nf-core corpus, found ${files.length} files`);
      const failures: string[] = [];
      for (const file of files) {
        const bytes = fs.readFileSync(file);
        try {
          assert.ok(isCondaFileName(path.basename(file)));
          const env = parseCondaEnvironment(bytes, path.relative(dir, file));
          const request = buildSubmitRequest({ kind: 'conda', packages: env.packages }, DEFAULT_BUILD_OPTIONS, undefined);
          const body = JSON.parse(JSON.stringify(request)) as typeof request;
          assert.equal(body.packages?.type, 'CONDA');
          assert.ok(Buffer.from(body.packages?.environment ?? '', 'base64').equals(bytes));
          const fileChannels = (parseDocument(bytes.toString('utf8')).toJS() as { channels?: string[] }).channels;
          assert.deepEqual(body.packages?.channels, fileChannels?.length ? fileChannels : DEFAULT_CONDA_CHANNELS);
          assert.equal(body.containerFile, undefined);
          assert.ok(env.dependencyCount > 0);
        } catch (e) {
          failures.push(`${path.relative(dir, file)}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${files.length} failed`);
    });
  });

  it("refuses the corpus's real @EXPLICIT lock file saved as environment.yml, saying what it is (#11 item 16)", function () {
    const dir = corpusDir();
    if (!dir) this.skip();
    const lock = fs.readFileSync(path.join(dir, 'nf-core-modules', 'optitype', '.conda-lock', 'linux_amd64-bd-0b46ade42a5009b2_1.txt'));
    assert.match(lock.toString('utf8'), /^@EXPLICIT$/m, 'the corpus file is an explicit lock file');
    refused(() => parseCondaEnvironment(lock, 'optitype/environment.yml'), /^optitype\/environment\.yml:5: this is a conda explicit lock file .*Build with Wave from Packages…/);
  });

  it('never passes the yaml library\'s own advice on to the user (#11 item 16)', () => {
    for (const text of ['dependencies: [a]\n---\ndependencies: [b]\n', '---\ndependencies: [a]\n---\n- b\n']) {
      assert.throws(
        () => parseCondaEnvironment(enc(text), 'environment.yml'),
        (e: unknown) => e instanceof SeqeraError && /one document/.test(e.message) && !/parseAllDocuments|YAML\./.test(e.message),
      );
    }
    // A leading `---` alone is one document, as before.
    assert.equal(parseCondaEnvironment(enc('---\ndependencies: [a]\n'), 'environment.yml').dependencyCount, 1);
  });

  describe('which files count', () => {
    it('by name', () => {
      for (const n of ['environment.yml', 'environment.yaml', 'conda.yml', 'conda.yaml', 'tools.conda.yml', 'x.conda.yaml', 'Environment.YML']) {
        assert.ok(isCondaFileName(n), n);
      }
      for (const n of ['env.yml', 'environment.yml.bak', 'myenvironment.yml', 'conda.json', 'pipeline.yml']) {
        assert.ok(!isCondaFileName(n), n);
      }
    });

    it('by content: any YAML file with a top-level dependencies: key', () => {
      assert.ok(looksLikeCondaEnvironment('tools.yml', 'name: x\ndependencies:\n  - samtools\n'));
      assert.ok(!looksLikeCondaEnvironment('tools.yml', 'jobs:\n  dependencies:\n    - a\n'));
      assert.ok(!looksLikeCondaEnvironment('tools.json', 'dependencies:\n'));
    });
  });

  describe('a file', () => {
    it('uses its own channels, else the configured defaults', () => {
      const own = parseCondaEnvironment(enc('channels: [defaults]\ndependencies: [samtools]\n'), 'e.yml');
      assert.deepEqual(own.packages.channels, ['defaults']);
      assert.ok(own.channelsFromFile);
      const none = parseCondaEnvironment(enc('name: tools\ndependencies:\n  - samtools=1.17\n'), 'e.yml', ['my-channel']);
      assert.deepEqual(none.packages.channels, ['my-channel']);
      assert.equal(none.name, 'tools');
      assert.ok(!none.channelsFromFile);
    });

    it('keeps pip sections and comments: Wave gets the file unchanged', () => {
      const text = '# comment\ndependencies:\n  - python=3.12\n  - pip:\n      - gemmi==0.7.4\n';
      const env = parseCondaEnvironment(enc(text), 'e.yml');
      assert.equal(Buffer.from(env.packages.environment ?? '', 'base64').toString('utf8'), text);
      assert.equal(env.dependencyCount, 2);
    });
  });

  describe('refuses, before any request,', () => {
    it('broken YAML, with the line and column of the error', () => {
      refused(() => parseCondaEnvironment(enc('channels:\n  - conda-forge\ndependencies:\n  - samtools\n   - bcftools: [\n'), 'env.yml'), /^env\.yml:\d+:\d+: invalid YAML: /);
      // The quote opens on line 2 (the parser notices it unclosed at line 3): #17.7.
      refused(() => parseCondaEnvironment(enc('dependencies:\n  - "samtools\n'), 'env.yml'), /^env\.yml:2:5: invalid YAML: Missing closing "quote/);
      refused(() => parseCondaEnvironment(enc('dependencies: [a]\ndependencies: [b]\n'), 'env.yml'), /^env\.yml:2:1: invalid YAML: .*unique/i);
    });

    it('an empty file', () => {
      refused(() => parseCondaEnvironment(new Uint8Array(0), 'env.yml'), /env\.yml is empty/);
      refused(() => parseCondaEnvironment(enc('\n  \n'), 'env.yml'), /env\.yml is empty/);
    });

    it('a binary file', () => {
      refused(() => parseCondaEnvironment(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'env.yml'), /binary file/);
    });

    it('a file that is not UTF-8', () => {
      refused(() => parseCondaEnvironment(Uint8Array.from([...enc('dependencies:\n  - caf'), 0xe9, 0x0a]), 'env.yml'), /not valid UTF-8/);
    });

    it('a huge file', () => {
      const huge = enc('dependencies:\n' + '  - samtools\n'.repeat(MAX_CONDA_FILE_BYTES / 10));
      refused(() => parseCondaEnvironment(huge, 'env.yml'), /env\.yml is [\d.]+ MiB: a conda environment file for Wave can be at most 1 MiB/);
    });

    it('a file without dependencies, or with an empty or malformed list', () => {
      refused(() => parseCondaEnvironment(enc('name: x\nchannels: [bioconda]\n'), 'env.yml'), /has no `dependencies:` list/);
      refused(() => parseCondaEnvironment(enc('dependencies:\n'), 'env.yml'), /has no `dependencies:` list/);
      refused(() => parseCondaEnvironment(enc('dependencies: []\n'), 'env.yml'), /^env\.yml:1:15: `dependencies:` is empty/);
      refused(() => parseCondaEnvironment(enc('dependencies: samtools\n'), 'env.yml'), /^env\.yml:1:15: `dependencies:` must be a list/);
      refused(() => parseCondaEnvironment(enc('dependencies:\n  - samtools\n  - {foo: bar}\n'), 'env.yml'), /^env\.yml:3:5: a dependency must be/);
      refused(() => parseCondaEnvironment(enc('- samtools\n'), 'env.yml'), /not a conda environment file/);
      refused(() => parseCondaEnvironment(enc('channels: conda-forge\ndependencies: [a]\n'), 'env.yml'), /^env\.yml:1:11: `channels:` must be a list/);
    });
  });
});

describe('#17.7 conda refusals point at the exact place (unit)', () => {
  /** The refusal's message and its one problem's range (0-based, as the editor counts). */
  function refusal(text: string): { message: string; problems: SeqeraError['problems'] } {
    try {
      parseCondaEnvironment(enc(text), 'environment.yml');
    } catch (e) {
      assert.ok(e instanceof SeqeraError && e.kind === 'input', `expected an input error, got ${String(e)}`);
      return { message: e.message, problems: e.problems };
    }
    assert.fail('the file was accepted');
  }
  const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
  const issueFile = [
    'name: rnaseq-qc',
    'channels:',
    '  - conda-forge',
    '  - bioconda',
    'dependencies:',
    '  - fastqc=0.12.1',
    '  - [multiqc=1.25',
    '  - samtools=1.21',
    '',
  ].join('\n');

  it('the issue case: a `[` on line 7 is reported at line 7, on the bracket', () => {
    const r = refusal(issueFile);
    assert.match(r.message, /^environment\.yml:7:5: invalid YAML: Flow sequence/);
    assert.deepEqual(r.problems.map((p) => p.range), [at(6, 4, 5)]);
    assert.match(r.problems[0].message, /^invalid YAML: Flow sequence/, 'the Problem has no file:line prefix (the panel shows the place)');
  });

  it('an unclosed `[` on the last line, a nested one and an unclosed `{`: the bracket still open', () => {
    assert.deepEqual(refusal('dependencies:\n  - fastqc\n  - [multiqc\n').problems.map((p) => p.range), [at(2, 4, 5)]);
    assert.deepEqual(refusal('dependencies:\n  - [a, [b, c]\n  - x\n').problems.map((p) => p.range), [at(1, 4, 5)]);
    assert.deepEqual(refusal('dependencies:\n  - {a: 1\n  - x\n').problems.map((p) => p.range), [at(1, 4, 5)]);
    assert.match(refusal('channels: [conda-forge\ndependencies:\n  - x\n').message, /^environment\.yml:1:11: /);
  });

  it('an unclosed quote: at the quote', () => {
    const r = refusal("dependencies:\n  - 'samtools\n  - bcftools\n");
    assert.match(r.message, /^environment\.yml:2:5: invalid YAML: Missing closing 'quote/);
    assert.deepEqual(r.problems.map((p) => p.range), [at(1, 4, 5)]);
  });

  it('other errors keep the parser\'s place; refusals of a value cover the value', () => {
    assert.deepEqual(refusal('dependencies:\n\t- samtools\n').problems[0].range.start, { line: 1, character: 0 });
    assert.deepEqual(refusal('dependencies:\n  - samtools\n  - 42\n').problems.map((p) => p.range), [at(2, 4, 6)]);
    assert.deepEqual(refusal('dependencies: samtools\n').problems.map((p) => p.range), [at(0, 14, 22)]);
    assert.deepEqual(refusal('x: &x samtools\ndependencies:\n  - *x\n').problems.map((p) => p.range), [at(2, 4, 6)]);
  });

  it('an explicit lock file: the @EXPLICIT line; a file-wide refusal has no place', () => {
    assert.deepEqual(refusal('# platform: linux-64\n@EXPLICIT\nhttps://conda.anaconda.org/x.conda\n').problems.map((p) => p.range), [at(1, 0, 9)]);
    assert.deepEqual(refusal('name: x\nchannels: [bioconda]\n').problems, []);
  });
});

describe('conda package lists (unit)', () => {
  it('reads specs separated by spaces and new lines, keeping commas of version ranges', () => {
    assert.deepEqual(parsePackageList(' bioconda::samtools=1.17  numpy>=1.26,<2\nconda-forge::python=3.12 r-base '), [
      'bioconda::samtools=1.17',
      'numpy>=1.26,<2',
      'conda-forge::python=3.12',
      'r-base',
    ]);
    assert.deepEqual(parsePackageList('https://example.org/conda-lock.yml'), ['https://example.org/conda-lock.yml']);
  });

  it('refuses an empty list, junk, and a lock URL mixed with packages', () => {
    assert.match(packageListProblem('   ') ?? '', /at least one conda package/);
    assert.match(packageListProblem('samtools ;rm') ?? '', /";rm" is not a conda package spec/);
    assert.match(packageListProblem('samtools https://x/lock.yml') ?? '', /must be the only entry/);
    assert.equal(packageListProblem('samtools'), undefined);
  });

  it('builds packages.entries with the channels', () => {
    const request = buildSubmitRequest(
      { kind: 'conda', packages: condaPackagesFromEntries(['samtools=1.17'], ['conda-forge', 'bioconda']) },
      DEFAULT_BUILD_OPTIONS,
      undefined,
    );
    assert.deepEqual(request.packages, { type: 'CONDA', entries: ['samtools=1.17'], channels: ['conda-forge', 'bioconda'] });
  });
});
