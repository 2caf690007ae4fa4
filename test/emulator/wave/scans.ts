import { text, type Reply, type Router, ok } from '../http';
import type { EmulatorState } from '../state';
import { emptyNotFound, ServerFault } from './errors';
import { type ChildRef, type ContainerRequestRec, type ScanRec, SCAN_DURATION_MS, type Vulnerability, WaveStore } from './store';

/**
 * Security scans (`ScanController`, `ContainerScanServiceImpl`): a scan record
 * exists from the moment the scan starts (after its build or mirror, or at once
 * for an image request with a scan mode), `PENDING` until it ends; then
 * `SUCCEEDED` with its findings, its log (`/logs`, an attachment) and an SPDX
 * SBOM (`/spdx`). Before the scan starts the record is 404; `/logs` of an id
 * Wave has no record for fails inside Wave (500 with an Error ID), as its
 * controller dereferences the missing record.
 */
export interface ScanView extends ScanRec {
  done: boolean;
}

/** `ChildRefs` as Jackson writes it. */
export function childRefsJson(refs: ChildRef[] | undefined): { refs: ChildRef[] } | undefined {
  return refs ? { refs } : undefined;
}

/** The scan with that id, once started. */
export function scanView(state: EmulatorState, id: string): ScanView | undefined {
  const now = state.clock.now();
  const own = state.wave.scans.get(id);
  if (own) return now >= own.startAt ? { ...own, done: now >= own.startAt + SCAN_DURATION_MS } : undefined;
  const b = state.wave.buildByScanId(id);
  if (!b || b.buildChildIds || !state.wave.buildDone(b) || b.plan.failure) return undefined;
  return {
    id, buildId: b.buildId, containerImage: b.targetImage, platform: b.platform, startAt: b.startTime + b.plan.durationMs,
    vulnerabilities: b.vulnerabilities, done: state.wave.scanDone(b),
  };
}

export function startImageScan(state: EmulatorState, r: ContainerRequestRec, image: string, platform: string): ScanRec {
  const id = `sc-${WaveStore.contentHash(`${image}#${platform}#${r.requestId}`)}_1`;
  const rec: ScanRec = { id, requestId: r.requestId, containerImage: image, platform, startAt: r.creationTime, vulnerabilities: WaveStore.vulnerabilitiesOf(image, image) };
  state.wave.scans.set(id, rec);
  return rec;
}

function summary(v: Vulnerability[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of v) out[x.severity] = (out[x.severity] ?? 0) + 1;
  return out;
}

/** `ContainerStatusServiceImpl` for `scanMode: required`: all (child) scans done, then the levels check. */
export function scanStatus(state: EmulatorState, r: ContainerRequestRec): { done: boolean; summary?: Record<string, number>; succeeded?: boolean; reason?: string; detailsUri?: string; durationSec: number } {
  const ids = r.scanChildIds?.length ? r.scanChildIds.map((c) => c.id) : r.scanId ? [r.scanId] : [];
  const scans = ids.map((id) => scanView(state, id));
  if (scans.some((s) => !s || !s.done)) return { done: false, durationSec: 0 };
  const done = scans as ScanView[];
  const last = done[done.length - 1];
  const counts = summary(last.vulnerabilities);
  const allowed = new Set((r.scanLevels ?? []).map((l) => l.toUpperCase()));
  const found = Object.keys(counts).filter((s) => !allowed.has(s));
  const page = `${state.waveUrl}/view/scans/${last.id}`;
  const base = { done: true, summary: counts, durationSec: SCAN_DURATION_MS / 1000 };
  if (found.length) return { ...base, succeeded: false, reason: `Container security scan operation found one or more vulnerabilities with severity: ${found.join(',')}`, detailsUri: page };
  if (Object.keys(counts).length) return { ...base, succeeded: true, reason: `Container security scan operation found one or more vulnerabilities that are compatible with requested security levels: ${[...allowed].join(',')}`, detailsUri: page };
  return { ...base, succeeded: true };
}

function scanLog(s: ScanView): string {
  const counts = summary(s.vulnerabilities);
  const lines = [
    `INFO\tVulnerability scanning is enabled`,
    `INFO\tDetected OS\tfamily="ubuntu" version="22.04"`,
    `INFO\tNumber of language-specific files\tnum=0`,
    `INFO\tScanning image ${s.containerImage} (${s.platform})`,
    ...s.vulnerabilities.map((v) => `${v.severity}\t${v.id}\t${v.pkgName} ${v.installedVersion}${v.fixedVersion ? ` (fixed in ${v.fixedVersion})` : ''}`),
    `Total: ${s.vulnerabilities.length} (${['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((k) => `${k}: ${counts[k] ?? 0}`).join(', ')})`,
  ];
  return lines.join('\n') + '\n';
}

function spdx(state: EmulatorState, s: ScanView): Record<string, unknown> {
  const pkgs = [...new Map(s.vulnerabilities.map((v) => [v.pkgName, v])).values()];
  return {
    spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT', name: s.containerImage,
    documentNamespace: `http://aquasecurity.github.io/trivy/container_image/${s.containerImage}-${s.id}`,
    creationInfo: { creators: ['Organization: aquasecurity', 'Tool: trivy-0.57.1'], created: state.clock.iso(s.startAt + SCAN_DURATION_MS) },
    packages: [
      { name: s.containerImage, SPDXID: 'SPDXRef-ContainerImage', primaryPackagePurpose: 'CONTAINER', downloadLocation: 'NONE', filesAnalyzed: false },
      ...pkgs.map((v, i) => ({
        name: v.pkgName, SPDXID: `SPDXRef-Package-${i + 1}`, versionInfo: v.installedVersion, downloadLocation: 'NONE', filesAnalyzed: false,
        externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: `pkg:deb/ubuntu/${v.pkgName}@${encodeURIComponent(v.installedVersion)}` }],
      })),
    ],
    relationships: pkgs.map((_, i) => ({ spdxElementId: 'SPDXRef-ContainerImage', relatedSpdxElement: `SPDXRef-Package-${i + 1}`, relationshipType: 'CONTAINS' })),
  };
}

export function scanRoutes(router: Router, state: EmulatorState): void {
  router.get('/v1alpha1/scans/:scanId', (req) => {
    const s = scanView(state, req.params.scanId);
    if (!s) throw emptyNotFound();
    return ok({
      id: s.id, buildId: s.buildId, mirrorId: s.mirrorId, requestId: s.requestId, containerImage: s.containerImage, platform: s.platform,
      startTime: state.clock.iso(s.startAt), duration: s.done ? SCAN_DURATION_MS / 1000 : undefined,
      status: s.done ? 'SUCCEEDED' : 'PENDING', exitCode: s.done ? 0 : undefined, logs: s.done ? scanLog(s) : undefined,
      vulnerabilities: s.done ? s.vulnerabilities : [],
    });
  });
  router.get('/v1alpha1/scans/:scanId/spdx', (req): Reply => {
    const s = scanView(state, req.params.scanId);
    if (!s?.done) throw emptyNotFound();
    const reply = text(200, JSON.stringify(spdx(state, s), null, 2));
    reply.headers = { ...reply.headers, 'content-disposition': `attachment; filename="spdx-${s.id}.json"` };
    return reply;
  });
  router.get('/v1alpha1/scans/:scanId/logs', (req): Reply => {
    const s = scanView(state, req.params.scanId);
    if (!s) throw new ServerFault("Cannot get property 'logs' on null object");
    if (!s.done) throw emptyNotFound();
    return { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename=${s.id}.log` }, body: scanLog(s) };
  });
}
