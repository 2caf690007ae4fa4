import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../src/net/http';
import { SeqeraError } from '../../../src/net/errors';
import { inspectImage, isValidPlatform } from '../../../src/wave/inspect';
import { formatBytes, renderInspectMarkdown } from '../../../src/wave/inspectMarkdown';
import { mdCode as code } from '../../../src/ui/markdown';
import { parseInspectResponse } from '../../../src/wave/inspectSpec';
import { json, type LocalServer, useLocalServer } from '../helpers/localServer';

const containerBody = {
  container: {
    registry: 'docker.io',
    hostName: 'https://registry-1.docker.io',
    imageName: 'library/ubuntu',
    reference: '22.04',
    digest: 'sha256:aaa111',
    config: {
      architecture: 'amd64',
      created: '2024-05-01T10:00:00Z',
      config: {
        env: ['PATH=/usr/local/sbin:/usr/bin', 'WEIRD=a|b`c'],
        cmd: ['/bin/bash'],
        entrypoint: [],
        workingDir: '/data',
        labels: { 'org.opencontainers.image.version': '22.04' },
      },
      rootfs: { type: 'layers', diff_ids: ['sha256:d1'] },
    },
    manifest: {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:cfg', size: 2297 },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:l1', size: 29_534_055 },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:l2', size: 512 },
      ],
    },
  },
};

const indexBody = {
  index: {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest: 'sha256:idx',
    manifests: [
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:amd', size: 1200, platform: { architecture: 'amd64', os: 'linux' } },
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:arm', size: 1201, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: 'sha256:att',
        size: 566,
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
        platform: { architecture: 'unknown', os: 'unknown' },
      },
    ],
  },
};

describe('wave inspect rendering (unit)', () => {
  it('reads a container spec leniently', () => {
    const r = parseInspectResponse({ container: { ...containerBody.container, digest: 42, config: { config: { Env: ['A=1'], Cmd: 'bad' } } } });
    assert.equal(r.kind, 'container');
    if (r.kind !== 'container') return;
    assert.equal(r.container.digest, undefined, 'a wrongly typed field is left out');
    assert.deepEqual(r.container.config.env, ['A=1']);
    assert.deepEqual(r.container.config.cmd, []);
    assert.equal(r.container.manifest.layers.length, 2);
  });

  it('fails clearly on a body without container or index', () => {
    assert.throws(() => parseInspectResponse({ message: 'x' }), (e: unknown) => e instanceof SeqeraError && e.kind === 'invalidResponse');
    assert.throws(() => parseInspectResponse(null), SeqeraError);
  });

  it('renders platform, digest, size, layers, entrypoint/cmd, env and working dir of an image', () => {
    const md = renderInspectMarkdown('ubuntu:22.04', parseInspectResponse(containerBody), { waveUrl: 'https://wave.seqera.io' });
    assert.match(md, /^# Container image `ubuntu:22\.04`$/m);
    assert.match(md, /^\| Platform \| `linux\/amd64` \|$/m);
    assert.match(md, /^\| Digest \| `sha256:aaa111` \|$/m);
    assert.match(md, /^\| Size \| 28\.2 MiB compressed, in 2 layers \|$/m);
    assert.match(md, /^\| Manifest \| OCI image manifest, schema 2 \|$/m);
    assert.match(md, /^\| Command \| `\["\/bin\/bash"\]` \|$/m);
    assert.match(md, /^\| Entrypoint \| _none_ \|$/m);
    assert.match(md, /^\| Working directory \| `\/data` \|$/m);
    assert.match(md, /^## Environment \(2\)$/m);
    assert.match(md, /^PATH=\/usr\/local\/sbin:\/usr\/bin$/m);
    assert.match(md, /^## Layers \(2\)$/m);
    assert.match(md, /^\| 1 \| 28\.2 MiB \| `sha256:l1` \| `layer\.v1\.tar\+gzip` \|$/m);
    assert.match(md, /^\| 2 \| 512 B \| `sha256:l2` \|/m);
    assert.match(md, /`org\.opencontainers\.image\.version` \| `22\.04`/);
    assert.match(md, /Inspected with Wave at `https:\/\/wave\.seqera\.io`\./);
  });

  it('keeps registry text literal: backticks and pipes cannot escape their span or cell', () => {
    assert.equal(code('a`b'), '``a`b``');
    assert.equal(code('`x'), '`` `x ``');
    const body = structuredClone(containerBody);
    (body.container.config.config as { labels: Record<string, string> }).labels = { 'evil|label': 'v`|<img src=x>' };
    const md = renderInspectMarkdown('x', parseInspectResponse(body));
    const row = md.split('\n').find((l) => l.includes('evil'))!;
    assert.equal(row, '| `evil\\|label` | ``v`\\|<img src=x>`` |');
  });

  it('uses the asked platform when the config has no architecture, and tells when nothing runs', () => {
    const md = renderInspectMarkdown('x', parseInspectResponse({ container: { manifest: { layers: [] } } }), { platform: 'linux/arm64' });
    assert.match(md, /\| Platform \| `linux\/arm64` \|/);
    assert.match(md, /_No environment variables\._/);
    assert.match(md, /_The registry listed no layers\._/);
  });

  it('lists the platforms of a multi-platform index and counts attestations apart', () => {
    const md = renderInspectMarkdown('nginx:latest', parseInspectResponse(indexBody));
    assert.match(md, /^# Multi-platform image `nginx:latest`$/m);
    assert.match(md, /^## Platforms \(2\)$/m);
    assert.match(md, /^\| `linux\/amd64` \| 1\.2 KiB \| `sha256:amd` \|/m);
    assert.match(md, /^\| `linux\/arm64\/v8` \|/m);
    assert.ok(!md.includes('sha256:att'));
    assert.match(md, /1 attestation manifest/);
    assert.match(md, /\| Platforms \| `linux\/amd64`, `linux\/arm64\/v8` \|/);
  });

  it('formats sizes in binary units', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(150 * 1024 * 1024), '150 MiB');
    assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GiB');
  });
});

describe('wave inspect request (unit)', () => {
  let server: LocalServer;
  let http: HttpClient;
  useLocalServer((s, h) => {
    server = s;
    http = h;
  });

  it('posts the image and platform anonymously when not signed in', async () => {
    server.script(json(200, containerBody));
    const r = await inspectImage(http, server.url + '/', { image: 'ubuntu:22.04', platform: 'linux/arm64' });
    assert.equal(r.kind, 'container');
    const req = server.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/v1alpha1/inspect?platform=linux%2Farm64');
    assert.deepEqual(JSON.parse(req.body), { containerImage: 'ubuntu:22.04' });
    assert.equal(req.headers.authorization, undefined);
  });

  it('passes the Platform token, endpoint and workspace in the body when signed in', async () => {
    server.script(json(200, indexBody));
    const r = await inspectImage(http, server.url, {
      image: 'private.example.com/team/tool:1',
      auth: { token: 'wave-inspect-token-0123', apiUrl: 'https://api.cloud.seqera.io', workspaceId: 7 },
    });
    assert.equal(r.kind, 'index');
    assert.deepEqual(JSON.parse(server.requests[0]!.body), {
      containerImage: 'private.example.com/team/tool:1',
      towerAccessToken: 'wave-inspect-token-0123',
      towerEndpoint: 'https://api.cloud.seqera.io',
      towerWorkspaceId: 7,
    });
    assert.equal(server.requests[0]!.url, '/v1alpha1/inspect');
  });

  it('turns a 404 into a notFound error that does not show the token', async () => {
    server.script(json(404, { message: 'Container image not found: x' }));
    await assert.rejects(
      inspectImage(http, server.url, { image: 'x', auth: { token: 'wave-inspect-token-0123', apiUrl: 'https://api.cloud.seqera.io' } }),
      (e: unknown) => e instanceof SeqeraError && e.kind === 'notFound' && !`${e.message} ${e.detail ?? ''}`.includes('wave-inspect-token-0123'),
    );
  });

  it('knows a single platform from a list', () => {
    assert.ok(isValidPlatform('linux/amd64'));
    assert.ok(isValidPlatform('linux/arm64/v8'));
    assert.ok(!isValidPlatform('linux/amd64,linux/arm64'));
    assert.ok(!isValidPlatform('amd64'));
  });
});
