import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';

export const EXTENSION_ID = 'seqera-community.seqera-vscode';

/** Activates the extension under test (tests may start before its activation events fire). */
export async function activateExtension(): Promise<SeqeraTestRig> {
  const ext = vscode.extensions.getExtension<SeqeraTestRig>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this VS Code`);
  const api = await ext.activate();
  // The extension hands its services out in ExtensionMode.Test only (src/extension.ts).
  if (!api) throw new Error(`${EXTENSION_ID} returned no test API: is VS Code running it in ExtensionMode.Test (extensionTestsPath)?`);
  return api;
}

interface Manifest {
  contributes?: {
    commands?: { command: string; title?: string; category?: string }[];
    views?: Record<string, { id: string; name?: string }[]>;
    viewsContainers?: { activitybar?: { id: string }[] };
  };
}

/** package.json as VS Code loaded it. */
export function manifest(): Manifest {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this VS Code`);
  return ext.packageJSON as Manifest;
}
