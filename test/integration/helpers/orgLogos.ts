import * as assert from 'node:assert/strict';
import type { SeqeraTestRig } from '../../../src/testing/testRig';

/**
 * Resolves when the extension's check of the organization logo at `url` has ended (its OrgLogos fire
 * onDidChange then); the outcome. The tree must have asked for the row first: that starts the check.
 */
export async function logoChecked(api: SeqeraTestRig, url: string, timeoutMs = 20_000): Promise<'ok' | 'failed'> {
  const logos = api.services.views.orgLogos;
  assert.ok(logos, 'the Workspaces view has its logos');
  const done = (): 'ok' | 'failed' | undefined => {
    const state = logos.state(url);
    return state === 'ok' || state === 'failed' ? state : undefined;
  };
  const now = done();
  if (now) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the logo check of ${url} did not end in ${timeoutMs} ms (state: ${String(logos.state(url))})`));
    }, timeoutMs);
    const sub = logos.onDidChange(() => {
      const state = done();
      if (!state) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(state);
    });
  });
}
