import { spawn } from 'node:child_process';
import * as l10n from '@vscode/l10n';
import { CancelledError, inputError } from '../net/errors';
import type { KeygenResult } from './keygen';


/**
 * `ssh-keygen` as a child process with no input: it cannot wait for an answer
 * (the passphrase is given with `-N`, and an overwrite question reads
 * end-of-file and stops), and it is stopped after `timeoutMs` or on abort.
 */
export function runKeygenProcess(args: readonly string[], signal: AbortSignal, command = 'ssh-keygen', timeoutMs = 60_000): Promise<KeygenResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, signal, timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(inputError(l10n.t('ssh-keygen was not found on PATH. Install OpenSSH (on Windows: the "OpenSSH Client" optional feature), or create a key yourself with "ssh-keygen -t ed25519" and add its .pub file.')));
      else if (e.name === 'AbortError') reject(new CancelledError());
      else reject(e);
    });
    child.on('close', (code) => resolve({ exitCode: code ?? undefined, output }));
  });
}
