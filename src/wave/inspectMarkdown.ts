import { mdCode as code, mdCodeBlock, mdTableRow } from '../markdown/escape';
import type { ContainerSpec, IndexManifest, IndexSpec, InspectResult } from './inspectSpec';

/**
 * Renders a Wave inspection as a Markdown document: what a person wants to
 * know before using an image (platform, digest, size and layers, entrypoint,
 * command, environment, working directory, labels). Every value coming from
 * the registry is put in a code span or a fenced block (`src/markdown/escape.ts`,
 * the one escaping module), so nothing in it is interpreted as Markdown or HTML.
 */
export interface InspectRenderOptions {
  /** The platform asked for, if any (e.g. `linux/arm64`). */
  platform?: string;
  /** The Wave server that answered, shown at the end. */
  waveUrl?: string;
  /** How dates are shown (the extension's one format, src/ui/dates.ts); else as Wave wrote them. */
  formatDate?: (iso: string) => string;
}

export function renderInspectMarkdown(image: string, result: InspectResult, options: InspectRenderOptions = {}): string {
  const body = result.kind === 'container' ? renderContainer(image, result.container, options) : renderIndex(image, result.index);
  const footer = options.waveUrl ? ['', '---', '', `Inspected with Wave at ${code(options.waveUrl)}.`] : [];
  return [...body, ...footer, ''].join('\n');
}

function renderContainer(image: string, c: ContainerSpec, options: InspectRenderOptions): string[] {
  const layers = c.manifest.layers;
  const total = layers.reduce((sum, l) => sum + (l.size ?? 0), 0);
  const unknownSizes = layers.some((l) => l.size === undefined);
  const platform = platformOf(c.os, c.architecture, c.variant) ?? options.platform;
  const rows: [string, string | undefined][] = [
    ['Registry', c.registry && code(c.registry)],
    ['Repository', c.imageName && code(c.imageName)],
    ['Reference', c.reference && code(c.reference)],
    ['Digest', c.digest && code(c.digest)],
    ['Platform', platform && code(platform)],
    ['Created', c.created && code(options.formatDate ? options.formatDate(c.created) : c.created)],
    ['Manifest', describeMediaType(c.manifest.mediaType, c.manifest.schemaVersion)],
    [
      'Size',
      layers.length
        ? `${formatBytes(total)}${unknownSizes ? ' or more' : ''} compressed, in ${plural(layers.length, 'layer')}`
        : undefined,
    ],
  ];
  const out = [`# Container image ${code(image)}`, '', ...table(['Property', 'Value'], rows.filter(hasValue)), ''];

  out.push('## How it runs', '');
  out.push(
    ...table(
      ['Setting', 'Value'],
      [
        ['Entrypoint', c.config.entrypoint.length ? code(JSON.stringify(c.config.entrypoint)) : '_none_'],
        ['Command', c.config.cmd.length ? code(JSON.stringify(c.config.cmd)) : '_none_'],
        ['Working directory', c.config.workingDir ? code(c.config.workingDir) : '_not set (/)_'],
        ['User', c.config.user ? code(c.config.user) : '_not set (root)_'],
      ],
    ),
    '',
  );

  out.push(`## Environment (${c.config.env.length})`, '');
  out.push(...(c.config.env.length ? mdCodeBlock(c.config.env.join('\n'), 'sh') : ['_No environment variables._']), '');

  const labels = Object.entries(c.config.labels).sort(([a], [b]) => a.localeCompare(b));
  if (labels.length) {
    out.push(`## Labels (${labels.length})`, '', ...table(['Label', 'Value'], labels.map(([k, v]) => [code(k), code(v)])), '');
  }

  out.push(`## Layers (${layers.length})`, '');
  if (layers.length) {
    out.push(
      ...table(
        ['#', 'Size', 'Digest', 'Media type'],
        layers.map((l, i) => [
          String(i + 1),
          l.size === undefined ? '?' : formatBytes(l.size),
          l.digest ? code(l.digest) : '?',
          l.mediaType ? code(shortMediaType(l.mediaType)) : '',
        ]),
      ),
    );
  } else {
    out.push('_The registry listed no layers._');
  }
  return out;
}

function renderIndex(image: string, index: IndexSpec): string[] {
  const images = index.manifests.filter((m) => !isAttestation(m));
  const attestations = index.manifests.length - images.length;
  const out = [
    `# Multi-platform image ${code(image)}`,
    '',
    ...table(
      ['Property', 'Value'],
      (
        [
          ['Digest', index.digest && code(index.digest)],
          ['Index', describeMediaType(index.mediaType, index.schemaVersion)],
          ['Platforms', images.map((m) => code(platformOfManifest(m))).join(', ') || undefined],
        ] as [string, string | undefined][]
      ).filter(hasValue),
    ),
    '',
    `## Platforms (${images.length})`,
    '',
  ];
  out.push(
    ...table(
      ['Platform', 'Manifest size', 'Digest', 'Media type'],
      images.map((m) => [
        code(platformOfManifest(m)),
        m.size === undefined ? '?' : formatBytes(m.size),
        m.digest ? code(m.digest) : '?',
        m.mediaType ? code(shortMediaType(m.mediaType)) : '',
      ]),
    ),
    '',
  );
  if (attestations) out.push(`The index also holds ${plural(attestations, 'attestation manifest')} (build provenance, SBOM).`, '');
  out.push('Inspect again with a platform (for example `linux/amd64`) to see the layers, entrypoint and environment of one image.');
  return out;
}

function isAttestation(m: IndexManifest): boolean {
  return m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || m.platform?.os === 'unknown';
}

function platformOfManifest(m: IndexManifest): string {
  return platformOf(m.platform?.os, m.platform?.architecture, m.platform?.variant) ?? 'unknown';
}

function platformOf(os?: string, arch?: string, variant?: string): string | undefined {
  if (!arch) return undefined;
  return [os ?? 'linux', arch, variant].filter(Boolean).join('/');
}

const MEDIA_TYPES: Record<string, string> = {
  'application/vnd.oci.image.manifest.v1+json': 'OCI image manifest',
  'application/vnd.oci.image.index.v1+json': 'OCI image index',
  'application/vnd.docker.distribution.manifest.v2+json': 'Docker image manifest v2',
  'application/vnd.docker.distribution.manifest.list.v2+json': 'Docker manifest list',
  'application/vnd.docker.distribution.manifest.v1+prettyjws': 'Docker image manifest v1 (signed)',
};

function describeMediaType(mediaType?: string, schemaVersion?: number): string | undefined {
  if (!mediaType && schemaVersion === undefined) return undefined;
  const name = mediaType ? (MEDIA_TYPES[mediaType] ?? code(mediaType)) : 'manifest';
  return schemaVersion === undefined ? name : `${name}, schema ${schemaVersion}`;
}

function shortMediaType(mediaType: string): string {
  return mediaType.replace(/^application\/vnd\.(oci\.image|docker\.image|docker\.distribution)\./, '');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function hasValue(row: [string, string | undefined]): row is [string, string] {
  return row[1] !== undefined && row[1] !== '';
}

function table(header: string[], rows: string[][]): string[] {
  return [mdTableRow(header), mdTableRow(header.map(() => '---')), ...rows.map(mdTableRow)];
}
