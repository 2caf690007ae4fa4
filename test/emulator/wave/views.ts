import { text, type Reply, type Router } from '../http';
import type { EmulatorState } from '../state';
import { inspectAnswer } from './inspect';
import { scanView } from './scans';
import type { BuildRec } from './store';

/**
 * The HTML pages Wave links to (`ViewController`): builds (refreshing while
 * running; `-N` redirected to `_N`; an id without its `_N` suffix redirects to
 * its only build or lists them all), scans, container requests, mirrors and
 * image inspection. Unknown ids of builds, scans and mirrors answer 200 with
 * the page's error message, as Wave's templates do; an unknown container token
 * is a 404 page.
 */
const html = (title: string, body: string, refresh = false): Reply =>
  text(200, `<!DOCTYPE html><html><head><title>${esc(title)}</title>${refresh ? '<meta http-equiv="refresh" content="5">' : ''}</head><body>${body}</body></html>`, 'text/html; charset=utf-8');

const redirect = (status: 301 | 307, location: string): Reply => ({ status, headers: { location } });

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const DASH_SUFFIX = /^([0-9a-zA-Z-]+)-(\d+)$/;
const MISSING_SUFFIX = /^((bd-)?[0-9a-z-]{14,16})$/;

export function viewRoutes(router: Router, state: EmulatorState): void {
  const wave = state.wave;
  const status = (b: BuildRec): string => (!wave.buildDone(b) ? 'IN PROGRESS' : b.plan.failure ? 'FAILED' : 'SUCCEEDED');
  const rows = (pairs: [string, string][]): string => `<table>${pairs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
  const link = (href: string, label: string): string => `<a href="${esc(href)}">${esc(label)}</a>`;

  router.get('/view/builds/:buildId', (req) => {
    const id = req.params.buildId;
    const dash = DASH_SUFFIX.exec(id);
    if (dash) return redirect(301, `/view/builds/${dash[1]}_${dash[2]}`);
    if (MISSING_SUFFIX.test(id)) {
      const all = [...wave.builds.values()].filter((b) => b.buildId.startsWith(`${id}_`)).sort((a, b) => a.startTime - b.startTime);
      if (all.length === 0) return html('Wave builds', `<p class="error">Unknown build id '${esc(id)}'</p>`);
      if (all.length === 1) return redirect(307, `/view/builds/${all[0].buildId}`);
      const list = all.map((b) => `<tr><td>${link(`/view/builds/${b.buildId}`, b.buildId)}</td><td>${status(b)}</td><td>${state.clock.iso(b.startTime)}</td></tr>`).join('');
      return html(`Wave builds ${id}`, `<h1>Builds of ${esc(all[0].targetImage)}</h1><p>Platform: ${esc(all[0].platform)}</p><table class="build-list">${list}</table>`);
    }
    const b = wave.builds.get(id);
    if (!b) return html('Wave build', `<p class="error">Unknown build id '${esc(id)}'</p>`);
    const done = wave.buildDone(b);
    const children = (b.buildChildIds ?? []).map((c) => `<li>${link(`/view/builds/${c.id}`, c.id)} (${esc(c.value)})</li>`).join('');
    const scans = (b.scanChildIds ?? []).map((c) => `<li>${link(`/view/scans/${c.id}`, c.id)} (${esc(c.value)})</li>`).join('');
    const body = [
      `<h1>Container build ${status(b)}</h1>`,
      rows([
        ['Build ID', esc(b.buildId)], ['Image', esc(b.targetImage)], ['Platform', esc(b.platform)], ['Format', b.format === 'SINGULARITY' ? 'Singularity' : 'Docker'],
        ['Template', esc(b.buildTemplate ?? '(default)')], ['Compression', esc(String((b.compression as { mode?: string } | undefined)?.mode ?? '(default)'))],
        ...(b.scanId && !b.scanChildIds ? [['Scan', link(`/view/scans/${b.scanId}`, b.scanId)] as [string, string]] : []),
      ]),
      children ? `<h2>Platform builds</h2><ul class="build-children">${children}</ul>` : '',
      scans ? `<h2>Security scans</h2><ul class="scan-children">${scans}</ul>` : '',
      done && !b.plan.failure ? `<p>${link(`/view/inspect?image=${encodeURIComponent(b.targetImage)}&platform=${encodeURIComponent(b.platform.split(',')[0])}`, 'Inspect')}</p>` : '',
      done ? `<pre>${esc(b.plan.log.join('\n'))}</pre>` : '<p>Logs will be available when the build completes.</p>',
    ].join('');
    return html(`Wave build ${b.buildId}`, body, !done);
  });

  router.get('/view/scans/:scanId', (req) => {
    const s = scanView(state, req.params.scanId);
    if (!s) return html('Wave scan', `<p class="error">Unknown container scan id '${esc(req.params.scanId)}'</p>`);
    const list = s.vulnerabilities.map((v) => `<tr><td>${esc(v.id)}</td><td>${esc(v.severity)}</td><td>${esc(v.pkgName)}</td></tr>`).join('');
    const body = [
      `<h1>Security scan ${s.done ? 'SUCCEEDED' : 'PENDING'}</h1>`,
      rows([['Scan ID', esc(s.id)], ['Image', esc(s.containerImage)], ['Platform', esc(s.platform)],
        ...(s.buildId ? [['Build', link(`/view/builds/${s.buildId}`, s.buildId)] as [string, string]] : []),
        ...(s.mirrorId ? [['Mirror', link(`/view/mirrors/${s.mirrorId}`, s.mirrorId)] as [string, string]] : []),
        ...(s.done ? [['SBOM', link(`${state.waveUrl}/v1alpha1/scans/${s.id}/spdx`, 'SPDX')] as [string, string]] : [])]),
      s.done ? `<table class="vulnerabilities">${list}</table>` : '',
    ].join('');
    return html(`Wave scan ${s.id}`, body, !s.done);
  });

  router.get('/view/containers/:token', (req) => {
    const r = wave.requests.get(req.params.token);
    if (!r) return { ...html('Wave container', `<p class="error">Unknown container token: ${esc(req.params.token)}</p>`), status: 404 };
    const cfg = r.containerConfig ? `<pre class="container-config">${esc(JSON.stringify(r.containerConfig, null, 2))}</pre>` : '';
    const body = [
      '<h1>Container request</h1>',
      rows([
        ['Token', esc(r.requestId)], ['Container image', esc(r.sourceImage ?? r.containerImage)], ['Platform', esc(r.platform ?? '-')],
        ['Wave image', esc(!r.freeze && !r.mirror ? r.targetImage : '-')], ['Build repository', esc(r.buildRepository ?? '-')],
        ['Cache repository', esc(r.cacheRepository ?? '-')], ['Workspace', esc(String(r.workspaceId ?? '-'))],
        ...(r.buildId && !r.mirror ? [['Build', link(`/view/builds/${r.buildId}`, r.buildId)] as [string, string], ['Cached', String(r.cached)] as [string, string]] : []),
        ...(r.mirror && r.buildId ? [['Mirror', link(`/view/mirrors/${r.buildId}`, r.buildId)] as [string, string]] : []),
        ...(r.scanId ? [['Scan', link(`/view/scans/${r.scanId}`, r.scanId)] as [string, string]] : []),
        ['Expiration', r.expiration !== undefined ? state.clock.iso(r.expiration) : '-'],
      ]),
      cfg,
    ].join('');
    return html(`Wave container ${r.requestId}`, body);
  });

  router.get('/view/mirrors/:mirrorId', (req) => {
    const m = wave.mirrors.get(req.params.mirrorId);
    if (!m) return html('Wave mirror', `<p class="error">Unknown container mirror id '${esc(req.params.mirrorId)}'</p>`);
    const done = wave.mirrorDone(m);
    const body = [
      `<h1>Container mirror ${done ? 'SUCCEEDED' : 'IN PROGRESS'}</h1>`,
      rows([['Mirror ID', esc(m.mirrorId)], ['Source image', esc(m.sourceImage)], ['Target image', esc(m.targetImage)], ['Platform', esc(m.platform ?? '(all)')], ['Digest', esc(m.digest)],
        ...(m.scanId ? [['Scan', link(`/view/scans/${m.scanId}`, m.scanId)] as [string, string]] : [])]),
      done ? `<pre>${esc(m.log.join('\n'))}</pre>` : '',
    ].join('');
    return html(`Wave mirror ${m.mirrorId}`, body, !done);
  });

  router.get('/view/inspect', (req) => {
    const image = req.query.get('image');
    if (!image) return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Bad Request', _links: { self: { href: req.path, templated: false } }, _embedded: { errors: [{ message: "Required QueryValue [image] not specified", path: '/image' }] } }) };
    const platform = req.query.get('platform') ?? undefined;
    let body: string;
    try {
      if (image.toLowerCase().includes('doesnotexist')) throw new Error(`Container image '${image}' does not exist or access is not authorized`);
      const spec = inspectAnswer(state, image, platform) as { container?: Record<string, unknown>; index?: Record<string, unknown> };
      body = spec.container
        ? `<h1>${esc(image)}</h1>${rows([['Digest', esc(String(spec.container.digest))], ['Registry', esc(String(spec.container.registry))]])}<pre class="config">${esc(JSON.stringify(spec.container.config, null, 2))}</pre><pre class="manifest">${esc(JSON.stringify(spec.container.manifest, null, 2))}</pre>`
        : `<h1>${esc(image)}</h1>${rows([['Digest', esc(String(spec.index!.digest))], ['Media type', esc(String(spec.index!.mediaType))]])}<pre class="manifests">${esc(JSON.stringify(spec.index!.manifests, null, 2))}</pre>`;
    } catch (e) {
      body = `<p class="error">${esc((e as Error).message)}</p>`;
    }
    return html(`Wave inspect ${image}`, body);
  });
}
