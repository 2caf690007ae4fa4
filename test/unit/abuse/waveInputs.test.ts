import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { MAX_CONDA_FILE_BYTES, parseCondaEnvironment } from '../../../src/wave/condaEnv';
import { analyseDockerfile, contextPath, missingSources } from '../../../src/wave/dockerfile';
import { buildSubmitRequest, DEFAULT_BUILD_OPTIONS, type BuildSource } from '../../../src/wave/request';
import { assertClearError, thrownBy, type Expectation } from './clearError';

/**
 * Hostile and malformed conda environment files and Dockerfiles, each pushed
 * through the same steps as "Build with Wave" (check the file, build the
 * request, POST it) against the emulator's Wave. A bad file must stop with a
 * specific, actionable SeqeraError 'input' before anything is sent: the
 * emulator's request log stays empty. A good file (the control) does reach it,
 * so the empty log means something.
 */
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...enc(p)] : p)));

/** Nine anchors, each nine aliases of the one before: 9^7 ≈ 4.8 million entries once expanded. */
const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...['b', 'c', 'd', 'e', 'f', 'g'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`),
  'dependencies: *g',
].join('\n');

interface RefusedFile extends Expectation {
  name: string;
  file: string;
  input: Uint8Array;
}

const input = (message: RegExp): Pick<Expectation, 'kind' | 'message'> => ({ kind: 'input', message });

const condaCases: RefusedFile[] = [
  { name: 'bad YAML (unclosed flow list)', file: 'environment.yml', input: enc('dependencies: [samtools, bcftools\n'), ...input(/^environment\.yml:\d+:\d+: invalid YAML: /) },
  { name: 'bad YAML (tab indentation)', file: 'environment.yml', input: enc('dependencies:\n\t- samtools\n'), ...input(/^environment\.yml:2:1: invalid YAML: Tabs are not allowed/) },
  { name: 'duplicate keys', file: 'environment.yml', input: enc('dependencies: [a]\ndependencies: [b]\n'), ...input(/^environment\.yml:2:1: invalid YAML: .*unique/) },
  // #11 item 16: our own message for several documents, never the yaml library's advice to its programmers.
  { name: 'several YAML documents', file: 'environment.yml', input: enc('dependencies: [a]\n---\ndependencies: [b]\n'), ...input(/^environment\.yml:2:1: a second YAML document starts here, and a conda environment file is one document: remove this line and what follows it, or move each environment into a file of its own\.$/) },
  { name: 'a document end marker, then more', file: 'environment.yml', input: enc('name: x\ndependencies: [a]\n...\nchannels: [b]\n'), ...input(/^environment\.yml:4:1: a second YAML document starts here/) },
  { name: 'a number as a dependency (flow list)', file: 'environment.yml', input: enc('dependencies: [3.11]\n'), ...input(/^environment\.yml:1:16: `3\.11` is a number, not a package: write the package name, with a version if you want one, such as `python=3\.11`\.$/) },
  { name: 'an integer as a dependency', file: 'environment.yml', input: enc('dependencies:\n  - samtools\n  - 42\n'), ...input(/^environment\.yml:3:5: `42` is a number, not a package/) },
  { name: 'an explicit lock file saved as .yml', file: 'environment.yml', input: enc('# platform: linux-64\n@EXPLICIT\nhttps://conda.anaconda.org/conda-forge/linux-64/zlib-1.3.1-hb9d3cd8_2.conda#c9f075ab2f33b3bbee9e62d4ad0a6cd8\n'), ...input(/^environment\.yml:2: this is a conda explicit lock file \(@EXPLICIT, then one package URL per line\), not a conda environment file\. Wave builds a lock file from its URL: .*"Seqera: Build with Wave from Packages…"/) },
  { name: 'billion laughs (anchors and aliases)', file: 'environment.yml', input: enc(BILLION_LAUGHS), ...input(/^environment\.yml:2:\d+: the YAML alias \*a is not accepted: write the value out in full/) },
  { name: 'an alias as a dependency', file: 'environment.yml', input: enc('x: &x samtools\ndependencies:\n  - *x\n'), ...input(/^environment\.yml:3:5: the YAML alias \*x is not accepted/) },
  { name: 'a merge key pulling dependencies from an anchor', file: 'environment.yml', input: enc('base: &b {dependencies: [a]}\n<<: *b\n'), ...input(/^environment\.yml:2:5: the YAML alias \*b/) },
  { name: 'nesting deep enough to overflow the parser', file: 'environment.yml', input: enc(`dependencies: ${'['.repeat(6000)}${']'.repeat(6000)}\n`), ...input(/^environment\.yml:\d+:\d+: the YAML is nested too deeply to read/) },
  { name: 'a huge file', file: 'environment.yml', input: enc('dependencies:\n' + '  - samtools=1.17\n'.repeat(MAX_CONDA_FILE_BYTES / 16)), ...input(/^environment\.yml is 1\.\d MiB: a conda environment file for Wave can be at most 1 MiB\./) },
  { name: 'a binary file (PNG)', file: 'environment.yml', input: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), ...input(/^environment\.yml looks like a binary file/) },
  { name: 'UTF-16 with a BOM', file: 'environment.yml', input: Uint8Array.from(Buffer.from('\uFEFFdependencies:\n  - samtools\n', 'utf16le')), ...input(/^environment\.yml looks like a binary file/) },
  { name: 'Latin-1 text', file: 'environment.yml', input: bytes('name: caf', [0xe9], '\ndependencies: [a]\n'), ...input(/^environment\.yml is not valid UTF-8 text: save it as UTF-8/) },
  { name: 'an empty file', file: 'environment.yml', input: new Uint8Array(0), ...input(/^environment\.yml is empty/) },
  { name: 'only a BOM and blank lines', file: 'environment.yml', input: enc('\uFEFF\n  \n'), ...input(/^environment\.yml is empty/) },
  { name: 'only comments', file: 'environment.yml', input: enc('# TODO\n'), ...input(/not a conda environment file: expected a mapping with a `dependencies:` list/) },
  { name: 'a list at the top', file: 'environment.yml', input: enc('- samtools\n- bcftools\n'), ...input(/^environment\.yml:1:1: not a conda environment file/) },
  { name: 'a scalar at the top', file: 'environment.yml', input: enc('samtools\n'), ...input(/^environment\.yml:1:1: not a conda environment file/) },
  { name: 'no dependencies key', file: 'environment.yml', input: enc('name: x\nchannels: [bioconda]\n'), ...input(/has no `dependencies:` list/) },
  { name: 'dependencies null', file: 'environment.yml', input: enc('dependencies: ~\n'), ...input(/has no `dependencies:` list/) },
  { name: 'dependencies not a list (a string)', file: 'environment.yml', input: enc('dependencies: samtools\n'), ...input(/^environment\.yml:1:15: `dependencies:` must be a list of packages\./) },
  { name: 'dependencies not a list (a mapping)', file: 'environment.yml', input: enc('dependencies: {samtools: 1.17}\n'), ...input(/^environment\.yml:1:15: `dependencies:` must be a list/) },
  { name: 'dependencies as a !!binary tag', file: 'environment.yml', input: enc('dependencies: !!binary aGVsbG8=\n'), ...input(/`dependencies:` must be a list/) },
  { name: 'an empty dependency list', file: 'environment.yml', input: enc('dependencies: []\n'), ...input(/`dependencies:` is empty: there is nothing to install/) },
  { name: 'a null dependency', file: 'environment.yml', input: enc('dependencies:\n  - samtools\n  - ~\n'), ...input(/^environment\.yml:3:5: empty dependency/) },
  { name: 'a boolean dependency', file: 'environment.yml', input: enc('dependencies:\n  - yes\n  - true\n'), ...input(/^environment\.yml:3:5: `true` is not a package name: quote it/) },
  { name: 'a nested list as a dependency', file: 'environment.yml', input: enc('dependencies:\n  - [samtools, bcftools]\n'), ...input(/^environment\.yml:2:5: a dependency must be a package name or a `pip:` list/) },
  { name: 'pip: null', file: 'environment.yml', input: enc('dependencies:\n  - python\n  - pip:\n'), ...input(/^environment\.yml:3:5: `pip:` must be a list of pip requirements/) },
  { name: 'pip: a mapping', file: 'environment.yml', input: enc('dependencies:\n  - pip: {numpy: 1}\n'), ...input(/`pip:` must be a list of pip requirements/) },
  { name: 'pip: numbers', file: 'environment.yml', input: enc('dependencies:\n  - pip:\n    - 42\n'), ...input(/`pip:` must be a list of pip requirements/) },
  { name: 'pip: nested lists', file: 'environment.yml', input: enc('dependencies:\n  - pip:\n    - [numpy]\n'), ...input(/`pip:` must be a list of pip requirements/) },
  { name: 'a dependency mapping with two keys', file: 'environment.yml', input: enc('dependencies:\n  - pip: [numpy]\n    conda: [samtools]\n'), ...input(/^environment\.yml:2:5: a dependency must be a package name or a `pip:` list/) },
  { name: 'a python/object tag with arguments (never executed)', file: 'environment.yml', input: enc('dependencies:\n  - !!python/object/apply:os.system ["echo pwned"]\n'), ...input(/^environment\.yml:2:\d+: a dependency must be a package name/) },
  { name: 'channels not a list', file: 'environment.yml', input: enc('channels: {bioconda: 1}\ndependencies: [a]\n'), ...input(/^environment\.yml:1:11: `channels:` must be a list of channel names/) },
  { name: 'a channel that is a number', file: 'environment.yml', input: enc('channels: [42]\ndependencies: [a]\n'), ...input(/^environment\.yml:1:12: each channel must be a channel name/) },
];

const dockerfileCases: RefusedFile[] = [
  { name: "a Dockerfile over Wave's size limit", file: 'Dockerfile', input: enc(`FROM alpine\nRUN ${'echo hello && '.repeat(600)}true\n`), ...input(/^Dockerfile is \d+ bytes: Wave accepts a Dockerfile of at most 7,500 bytes .* COPY them\./) },
  { name: 'a binary Dockerfile', file: 'Dockerfile', input: bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), ...input(/^Dockerfile looks like a binary file/) },
  { name: 'a Dockerfile that is not UTF-8', file: 'Dockerfile', input: bytes('FROM alpine\nLABEL author="Jos', [0xe9], '"\n'), ...input(/^Dockerfile is not valid UTF-8 text/) },
  { name: 'an empty Dockerfile', file: 'Dockerfile', input: enc(' \n\n'), ...input(/^Dockerfile is empty: there is nothing to build/) },
  { name: 'a megabyte-long Dockerfile (over the read cap too)', file: 'Containerfile', input: enc('#'.repeat(2 * 1024 * 1024)), ...input(/^Containerfile is 2 MiB: a Dockerfile for Wave can be at most 1 MiB/) },
  // #11 item 15: what Docker would refuse is refused before sending, with the line.
  { name: 'a Dockerfile with no FROM', file: 'Dockerfile', input: enc('# build\nRUN apt-get update\nCOPY . /app\n'), ...input(/^Dockerfile:2: a Dockerfile must start with FROM <image> \(only ARG may come before it\), but it starts with RUN\.$/) },
  { name: 'ARG then RUN, no FROM', file: 'Dockerfile', input: enc('ARG BASE=alpine\nRUN echo hi\n'), ...input(/^Dockerfile:2: a Dockerfile must start with FROM <image> .* but it starts with RUN\.$/) },
  { name: 'a Dockerfile of comments only', file: 'Dockerfile', input: enc('# syntax=docker/dockerfile:1\n# nothing yet\n'), ...input(/^Dockerfile:1: a Dockerfile must start with FROM <image> .* but it has no instructions\.$/) },
  { name: 'prose saved as a Dockerfile', file: 'Dockerfile', input: enc('This image has samtools\nand bcftools in it.\n'), ...input(/^Dockerfile:1: "This" is not a Dockerfile instruction, so this is not a Dockerfile Wave can build\./) },
  { name: 'an unknown instruction after FROM', file: 'Dockerfile', input: enc('FROM alpine\nRUN true\nINSTALL samtools\n'), ...input(/^Dockerfile:3: "INSTALL" is not a Dockerfile instruction/) },
  { name: 'COPY with one argument', file: 'Dockerfile', input: enc('FROM alpine\nCOPY x\n'), ...input(/^Dockerfile:2: COPY needs a source and a destination \(COPY <source>… <destination>\), but has only "x"\.$/) },
  { name: 'ADD with one argument after flags', file: 'Dockerfile', input: enc('FROM alpine\nADD --chmod=644 \\\n  x\n'), ...input(/^Dockerfile:2: ADD needs a source and a destination .* only "x"\.$/) },
  { name: 'COPY in JSON form with one element', file: 'Dockerfile', input: enc('FROM alpine\nRUN true\nCOPY ["x"]\n'), ...input(/^Dockerfile:3: COPY needs a source and a destination .* only "x"\.$/) },
  { name: 'COPY of a heredoc with no destination', file: 'Dockerfile', input: enc('FROM alpine\nCOPY <<EOF\nhello\nEOF\n'), ...input(/^Dockerfile:2: COPY needs a source and a destination .* only "<<EOF"\.$/) },
];

describe('Abuse: conda files and Dockerfiles never reach Wave (unit)', function () {
  this.timeout(30_000);
  let emu: Emulator;
  let http: HttpClient;

  const waveRequests = (): number => emu.requests.filter((r) => r.server === 'wave').length;

  /** The steps of "Build with Wave" for one file: check it, build the request, POST it. */
  async function submit(file: string, content: Uint8Array): Promise<unknown> {
    let source: BuildSource;
    if (/Dockerfile|Containerfile/.test(file)) {
      const analysis = analyseDockerfile(content, file);
      source = { kind: 'dockerfile', containerFile: analysis.containerFile };
    } else {
      source = { kind: 'conda', packages: parseCondaEnvironment(content, file).packages };
    }
    const body = buildSubmitRequest(source, DEFAULT_BUILD_OPTIONS, undefined);
    return http.json({ method: 'POST', url: `${emu.waveUrl}/v1alpha2/container`, json: body }, (v) => v);
  }

  before(async () => {
    emu = await startEmulator({ seed: 3 });
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
  });
  after(async () => {
    await http.close();
    await emu.stop();
  });
  beforeEach(() => emu.clearRequests());

  it('control: a good conda file and a good Dockerfile do reach Wave, once each', async () => {
    await submit('environment.yml', enc('channels: [bioconda]\ndependencies:\n  - samtools=1.17\n'));
    await submit('Dockerfile', enc('FROM alpine:3.20\nRUN echo hi\n'));
    assert.deepEqual(
      emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['POST /v1alpha2/container 200', 'POST /v1alpha2/container 200'],
    );
  });

  for (const c of [...condaCases, ...dockerfileCases]) {
    it(`refuses ${c.name}, before any request`, async () => {
      const started = Date.now();
      const e = await thrownBy(() => submit(c.file, c.input));
      assertClearError(e, c, c.name);
      assert.equal(waveRequests(), 0, `no request for ${c.name}`);
      assert.ok(Date.now() - started < 5_000, `refused in ${Date.now() - started} ms`);
    });
  }

  describe('accepts, in bounded time, odd but valid files', () => {
    const accepted: { name: string; input: Uint8Array; check(env: ReturnType<typeof parseCondaEnvironment>): void }[] = [
      {
        name: '10,000 packages',
        input: enc('dependencies:\n' + Array.from({ length: 10_000 }, (_, i) => `  - pkg${i}=1.0\n`).join('')),
        check: (env) => assert.equal(env.dependencyCount, 10_000),
      },
      {
        name: 'a UTF-8 BOM and CRLF line ends, sent byte for byte',
        input: enc('\uFEFFname: tools\r\ndependencies:\r\n  - samtools\r\n'),
        check: (env) => {
          assert.equal(env.name, 'tools');
          assert.equal(Buffer.from(env.packages.environment ?? '', 'base64').toString('utf8'), '\uFEFFname: tools\r\ndependencies:\r\n  - samtools\r\n');
        },
      },
    ];
    for (const c of accepted) {
      it(c.name, async () => {
        const started = Date.now();
        c.check(parseCondaEnvironment(c.input, 'environment.yml'));
        await submit('environment.yml', c.input);
        assert.equal(waveRequests(), 1);
        assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
      });
    }
  });

  describe('Dockerfile sources that reach outside the build context', () => {
    const sources = (text: string): ReturnType<typeof analyseDockerfile>['localSources'] => analyseDockerfile(enc(text), 'Dockerfile').localSources;

    it('are read as BuildKit reads them: relative to the context root, never above it', () => {
      assert.equal(contextPath('../secret'), 'secret');
      assert.equal(contextPath('/etc/passwd'), 'etc/passwd');
      assert.equal(contextPath('a/../../b'), 'b');
      assert.equal(contextPath('./src/'), 'src');
      assert.equal(contextPath('..'), '');
    });

    it('so ../, absolute and ARG-built paths are reported missing unless the context has them', () => {
      const found = sources('FROM alpine\nARG UP=../..\nCOPY ../secret /a\nCOPY /etc/passwd /b\nCOPY ${UP}/id_rsa /c\nCOPY ~/.ssh/config /d\n');
      const missing = missingSources(found, new Set(['main.nf']));
      assert.deepEqual(missing.map((m) => `${m.line}:${m.resolved}`), ['3:../secret', '4:/etc/passwd', '5:../../id_rsa', '6:~/.ssh/config']);
    });

    it('and a path through .. that stays inside is found (regression: was reported missing)', () => {
      const found = sources('FROM alpine\nCOPY src/../main.nf /a\nCOPY ./bin/./run.sh /b\n');
      assert.deepEqual(missingSources(found, new Set(['main.nf', 'bin/run.sh'])), []);
    });

    it('newlines and odd bytes in a JSON-form source stay one source', () => {
      const found = sources('FROM alpine\nCOPY ["a\\nb", "/dst"]\n');
      assert.deepEqual(found.map((s) => s.source), ['a\nb']);
      assert.equal(missingSources(found, new Set(['a'])).length, 1);
    });
  });
});
