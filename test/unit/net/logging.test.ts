import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { RedactingLog } from '../../../src/ui/redactingLog';
import { formatHttpEvent } from '../../../src/net/httpLog';
import { forgetSecret, registerSecret } from '../../../src/net/redact';

const TOKEN = 'eyJ0aWQiOjEsInNlY3JldCI6ImFiYyJ9-log-test';

/** Records what reaches the real channel. */
function fakeChannel(written: string[]): vscode.LogOutputChannel {
  const put = (m: string | Error): void => void written.push(String(m));
  return {
    name: 'Seqera',
    logLevel: 1,
    onDidChangeLogLevel: () => ({ dispose: () => undefined }),
    trace: put,
    debug: put,
    info: put,
    warn: put,
    error: put,
    append: put,
    appendLine: put,
    replace: put,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  } as vscode.LogOutputChannel;
}

describe('log redaction (unit)', () => {
  before(() => registerSecret(TOKEN));
  after(() => forgetSecret(TOKEN));

  it('redacts every level, extra arguments and errors before they reach the channel', () => {
    const written: string[] = [];
    const tapped: string[] = [];
    const log = new RedactingLog(fakeChannel(written));
    log.onDidWrite((l) => tapped.push(l.text));
    log.trace(`token ${TOKEN}`);
    log.info('headers', { authorization: `Bearer ${TOKEN}` });
    log.warn('body', `{"towerAccessToken":"${TOKEN}"}`);
    log.error(new Error(`failed with ${TOKEN}`));
    log.appendLine(`raw ${TOKEN}`);
    assert.equal(written.length, 5);
    assert.deepEqual(written, tapped);
    for (const line of written) assert.ok(!line.includes(TOKEN), line);
    assert.match(written[1] ?? '', /authorization/);
  });

  it('formats an HTTP event without query or token', () => {
    const line = formatHttpEvent({ method: 'GET', url: 'https://h/api/user-info', attempt: 2, durationMs: 12.4, status: 503, error: `down ${TOKEN}`, retryInMs: 600 });
    assert.equal(line, 'GET https://h/api/user-info #2 failed 503: down *** (12 ms); retry in 600 ms');
  });
});
