import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { marked } from 'marked';
import type { Checkpoint, Studio } from '../../../src/platform/studioTypes';
import type { WorkspaceInfo } from '../../../src/workspaces/orgsAndWorkspaces';
import type { WaveBuildEntry } from '../../../src/waveBuilds/waveBuildHistory';
import type { EndpointTooltipInput } from '../../../src/accounts/endpointStatus';
import type { InspectResult } from '../../../src/wave/inspectSpec';
import { renderInspectMarkdown } from '../../../src/wave/inspectMarkdown';
import { mdCode, mdCodeBlock, mdTableRow, mdText } from '../../../src/ui/markdown';
import { checkpoint, studio } from '../studios/builders';
import { StubMarkdownString, createVscodeStub, requireWithVscode } from './vscodeStub';

/**
 * Issue #11 item 3: text from a server (or a registry, a file name, a setting)
 * must show as text in every tooltip and in the inspect preview: no image (a
 * tracking beacon), link, `command:` link or HTML may come out of it, and what
 * the user sees is the value itself. Each hostile string goes into each field
 * of each builder; the result is rendered with marked (VS Code's hover
 * renderer, GFM) and, for the inspect preview, also with markdown-it (VS Code's
 * Markdown preview, with HTML and linkify on).
 */
const HOSTILE: readonly string[] = [
  '![x](http://evil.example/beacon.png)',
  'a\n\n![x](http://evil.example/beacon.png)',
  'blank\n\nline then [link](http://evil.example)',
  '`` ` ``` ![x](http://evil.example/beacon.png) ````',
  '`',
  'ends with a backtick`',
  '` starts with one',
  '  padded both sides  ',
  '<img src="http://evil.example/beacon.png">',
  '<a href="command:workbench.action.terminal.new">run</a>',
  '[link](command:seqera.signOut)',
  '[ref]: http://evil.example/beacon.png\n![x][ref]',
  '<http://evil.example/autolink> http://evil.example/bare www.evil.example user@evil.example',
  '<script>alert(1)</script><!-- comment --><style>*{}</style>',
  '# heading\n- list\n1. ordered\n> quote\n---\n=====\n    indented',
  '| a | b |\n|---|---|\n| c | d |',
  'x \\| y and a\\\\|b',
  '&lt;img src=x&gt; &amp; &#60;b&#62;',
  '$(alert) $(loading~spin) icons',
  '*emph* _u_ **bold** ~~strike~~ \\*not\\*',
  'trailing backslash \\',
  'docker.io/library/ubuntu:24.04@sha256:abc',
  'line1\r\nline2\rline3\u2028line4',
];

/** Tags the builders themselves write; anything else came from a value. */
const OUR_TAGS = new Set(['p', 'strong', 'em', 'code', 'ul', 'li', 'hr', 'br', 'h1', 'h2', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

const markdownIt = createRequire(__filename)('markdown-it') as (options: Record<string, unknown>) => { render(src: string): string };
const preview = markdownIt({ html: true, linkify: true });

function renderHover(md: string): string {
  return marked.parse(md, { gfm: true, async: false });
}

function decode(html: string): string {
  return html
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** What the reader sees: the rendered HTML without tags, entities decoded, white space collapsed. */
function visible(html: string): string {
  return decode(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

function normalised(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

function assertInert(html: string, where: string): void {
  const tags = [...html.matchAll(/<\/?([A-Za-z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
  const foreign = tags.filter((t) => !OUR_TAGS.has(t));
  assert.deepEqual(foreign, [], `${where}: the value made live HTML (${foreign.join(', ')}):\n${html}`);
  assert.doesNotMatch(html, /<[A-Za-z][^>]*\s(href|src)=/i, `${where}: the value made a link or image:\n${html}`);
}

interface Built {
  markdown: string;
  /** The MarkdownString, when the builder makes one (its flags are checked). */
  string?: StubMarkdownString;
  /** Inspect preview: rendered by markdown-it too. */
  preview?: boolean;
  /** The value sits in a GFM table cell inside code, where `\|` cannot be shown as it is. */
  tableCode?: boolean;
}

interface Builders {
  nodeTooltip(node: unknown, studio: Studio | undefined, viewer: unknown): StubMarkdownString | undefined;
  workspaceTooltip(w: WorkspaceInfo, active: boolean): StubMarkdownString;
  waveBuildTooltip(entry: WaveBuildEntry, state: string): StubMarkdownString;
  endpointTooltipLines(input: EndpointTooltipInput): string[];
}

describe('hostile server text in Markdown (unit, issue #11 item 3)', () => {
  let b: Builders;

  before(() => {
    const out = path.resolve(__dirname, '..', '..', '..', 'src');
    const [studioNodes, workspaceNodes, waveBuildsView, endpointStatus] = requireWithVscode(
      ['studios/studioNodes.js', 'workspaces/workspaceNodes.js', 'waveBuilds/waveBuildsView.js', 'accounts/endpointStatus.js'].map((f) => path.join(out, f)),
      createVscodeStub(),
    );
    b = { ...studioNodes, ...workspaceNodes, ...waveBuildsView, ...endpointStatus } as unknown as Builders;
  });

  const viewer = { userId: 1, now: Date.parse('2026-01-01T00:00:00Z') };
  const studioTip = (s: Studio): Built => {
    const string = b.nodeTooltip({ kind: 'studio', sessionId: s.sessionId }, s, viewer)!;
    return { markdown: string.value, string };
  };
  const checkpointTip = (cp: Checkpoint): Built => {
    const string = b.nodeTooltip({ kind: 'checkpoint', sessionId: 's', checkpoint: cp }, undefined, viewer)!;
    return { markdown: string.value, string };
  };
  const workspace = (w: Partial<WorkspaceInfo>): Built => {
    const string = b.workspaceTooltip({ workspaceId: 7, orgName: 'org', workspaceName: 'ws', fullName: 'org / ws', roles: [], ...w }, true);
    return { markdown: string.value, string };
  };
  const build = (e: Partial<WaveBuildEntry>): Built => {
    const entry: WaveBuildEntry = {
      id: 'r1',
      waveUrl: 'https://wave.example',
      source: { kind: 'packages', entries: ['samtools'], channels: [], label: 'samtools' },
      options: { platform: 'linux/amd64', format: 'docker', freeze: false },
      targetImage: 'wave.example/wave/build:abc',
      cached: false,
      anonymous: false,
      state: 'failed',
      startedAt: 0,
      ...e,
    };
    const string = b.waveBuildTooltip(entry, 'failed');
    return { markdown: string.value, string };
  };
  const endpoint = (t: Partial<EndpointTooltipInput>): Built => ({
    markdown: b.endpointTooltipLines({ label: 'Prod', signedIn: true, apiUrl: 'https://seqera.example/api', waveUrl: 'https://wave.example', services: [], ...t }).join('\n'),
  });
  const container = (c: Record<string, unknown>, config: Record<string, unknown> = {}): InspectResult => ({
    kind: 'container',
    container: {
      config: { env: [], cmd: [], entrypoint: [], labels: {}, ...config },
      manifest: { layers: [{ digest: 'sha256:l1', size: 1 }] },
      ...c,
    },
  });
  const inspect = (image: string, result: InspectResult, tableCode = true): Built => ({ markdown: renderInspectMarkdown(image, result), preview: true, tableCode });

  const FIELDS: Record<string, (h: string) => Built> = {
    'Studio name': (h) => studioTip(studio(h)),
    'Studio description': (h) => studioTip(studio('s', 'stopped', { description: h })),
    'Studio status message': (h) => studioTip(studio('s', 'errored', { statusInfo: { status: 'errored', message: h } })),
    'Studio unknown status': (h) => studioTip(studio('s', 'unknown', { statusInfo: { status: 'unknown', rawStatus: h } })),
    'Studio owner': (h) => studioTip(studio('s', 'stopped', { user: { id: 2, userName: h } })),
    'Studio image': (h) => studioTip(studio('s', 'stopped', { baseImage: h })),
    'Studio compute environment': (h) => studioTip(studio('s', 'stopped', { computeEnv: { id: 'ce', name: h, platform: h } })),
    'Studio SSH command': (h) => studioTip(studio('s', 'running', { sshDetails: { command: h } } as Partial<Studio>)),
    'Studio data link name': (h) => studioTip(studio('s', 'stopped', { mountedDataLinks: [{ id: 'd', name: h, resourceRef: 's3://b' }] } as Partial<Studio>)),
    'Studio data link resourceRef': (h) => studioTip(studio('s', 'stopped', { mountedDataLinks: [{ id: 'd', name: 'd', resourceRef: h }] } as Partial<Studio>)),
    'Studio progress step': (h) => studioTip(studio('s', 'starting', { progress: [{ status: 'in-progress', message: h, warnings: [h] }] })),
    'Studio parent checkpoint': (h) => studioTip(studio('s', 'stopped', { parentCheckpoint: { checkpointName: h, studioName: h } } as Partial<Studio>)),
    'Studio connected user': (h) => studioTip(studio('s', 'running', { activeConnections: [{ id: 3, userName: h }] } as Partial<Studio>)),
    'Studio last started': (h) => studioTip(studio('s', 'stopped', { lastStarted: h })),
    'Checkpoint name': (h) => checkpointTip(checkpoint(1, { name: h })),
    'Checkpoint author': (h) => checkpointTip(checkpoint(1, { author: { userName: h } } as Partial<Checkpoint>)),
    'Checkpoint date': (h) => checkpointTip(checkpoint(1, { dateSaved: h })),
    'Workspace name': (h) => workspace({ orgName: h, workspaceName: h }),
    'Workspace full name': (h) => workspace({ description: h }),
    'Workspace roles': (h) => workspace({ roles: [h] }),
    'Wave build label': (h) => build({ source: { kind: 'packages', entries: [h], channels: [], label: h } }),
    'Wave build image': (h) => build({ targetImage: h }),
    'Wave build reason': (h) => build({ reason: h }),
    'Wave build stop note (an error read after a restart)': (h) => build({ state: 'stopped', note: { kind: 'unreadable', detail: h } }),
    'Endpoint label': (h) => endpoint({ label: h }),
    'Endpoint user': (h) => endpoint({ user: { displayName: h, userName: h } }),
    'Endpoint service-info line': (h) => endpoint({ services: [h] }),
    'Inspect image name': (h) => inspect(h, container({}), false),
    'Inspect registry': (h) => inspect('i', container({ registry: h, imageName: h, reference: h, digest: h, created: h })),
    'Inspect entrypoint and command': (h) => inspect('i', container({}, { entrypoint: [h], cmd: [h], workingDir: h, user: h })),
    'Inspect environment': (h) => inspect('i', container({}, { env: [h] }), false),
    'Inspect label': (h) => inspect('i', container({}, { labels: { [h]: h } })),
    'Inspect layer': (h) => inspect('i', container({ manifest: { mediaType: h, layers: [{ digest: h, mediaType: h, size: 1 }] } })),
    'Inspect index platform': (h) =>
      inspect('i', { kind: 'index', index: { digest: h, mediaType: h, manifests: [{ digest: h, mediaType: h, platform: { os: h, architecture: h } }] } }),
  };

  for (const [field, make] of Object.entries(FIELDS)) {
    it(`${field}: no live image, link or HTML; the text shows as it is`, () => {
      for (const h of HOSTILE) {
        const built = make(h);
        const where = `${field} with ${JSON.stringify(h)}`;
        if (built.string) {
          assert.ok(!built.string.isTrusted, `${where}: the MarkdownString must not be trusted (command links)`);
          assert.ok(!built.string.supportHtml, `${where}: the MarkdownString must not render HTML`);
          assert.ok(!built.string.supportThemeIcons, `${where}: the MarkdownString must not render $(icons) from server text`);
        }
        const renders = [renderHover(built.markdown), ...(built.preview ? [preview.render(built.markdown)] : [])];
        for (const html of renders) {
          assertInert(html, where);
          // JSON.stringify quotes: environment lines and commands are shown as JSON arrays in the preview.
          const expected = field === 'Inspect entrypoint and command' ? normalised(JSON.stringify([h])) : normalised(h);
          const seen = visible(html);
          // GFM reads `\|` in a table cell as a pipe, even in code: there, an odd run of backslashes before a pipe shows one less.
          const inTable = built.tableCode ? expected.replace(/(\\+)\|/g, (m, s: string) => (s.length % 2 ? `${s.slice(1)}|` : m)) : expected;
          const shown = seen.includes(inTable);
          assert.ok(shown, `${where}: the text is not shown as it is.\nexpected to see: ${expected}\nsaw: ${seen}\nmarkdown:\n${built.markdown}`);
        }
      }
    });
  }

  it('mdCode fences longer than any backtick run and keeps backslashes; mdText escapes; mdTableRow keeps pipes in the cell', () => {
    assert.equal(mdCode('docker.io/library/ubuntu'), '`docker.io/library/ubuntu`');
    assert.equal(mdCode('a``b'), '```a``b```');
    assert.equal(mdCode('`x`'), '`` `x` ``');
    assert.equal(mdCode('a\n\nb'), '`a b`');
    assert.equal(mdCode(''), '');
    assert.equal(mdText('![x](y)'), '\\!\\[x\\]\\(y\\)');
    assert.equal(mdText('a | b'), 'a &#124; b');
    assert.deepEqual(mdCodeBlock('a\n````\nb', 'sh;rm'), ['`````shrm', 'a', '````', 'b', '`````']);
    assert.equal(mdTableRow(['`a|b`', '`a\\|b`', '`a\\\\|b`']), '| `a\\|b` | `a\\|b` | `a\\\\\\|b` |');
  });
});
