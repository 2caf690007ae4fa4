import * as vscode from 'vscode';
import { CancelledError } from '../net/errors';
import type { KeygenResult, KeygenRunner } from '../ssh/keygen';
import { runKeygenProcess } from '../ssh/keygenProcess';

/**
 * How `ssh-keygen` runs. Without a passphrase: as a child process with no
 * input (it cannot wait for an answer: `-N ""` is given, and an overwrite
 * question would read end-of-file and stop). With a passphrase: in a VS Code
 * terminal running ssh-keygen itself (no shell), so ssh-keygen asks the user
 * and the extension never sees the passphrase; the run ends when that
 * terminal closes.
 */
export const defaultKeygenRunner: KeygenRunner = (args, mode, signal) =>
  mode === 'noPassphrase' ? runKeygenProcess(args, signal) : runInTerminal(args, signal);

function runInTerminal(args: readonly string[], signal: AbortSignal): Promise<KeygenResult> {
  return new Promise((resolve, reject) => {
    const terminal = vscode.window.createTerminal({
      name: 'ssh-keygen',
      shellPath: 'ssh-keygen',
      shellArgs: [...args],
      message: vscode.l10n.t('ssh-keygen asks for the passphrase of the new key here. Seqera never sees it.'),
    });
    const done = (result: KeygenResult | Error): void => {
      closed.dispose();
      signal.removeEventListener('abort', abort);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const closed = vscode.window.onDidCloseTerminal((t) => {
      if (t === terminal) done({ exitCode: t.exitStatus?.code, output: '' });
    });
    const abort = (): void => {
      terminal.dispose();
      done(new CancelledError());
    };
    signal.addEventListener('abort', abort, { once: true });
    terminal.show();
  });
}
