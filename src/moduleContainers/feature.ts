import type * as vscode from 'vscode';
import { defaultModuleContainersUi, ProposedDocuments, type ModuleContainersUi } from './reviewChanges';

/** What Build Module Containers keeps for the session: the review question (replaceable in tests) and the proposed documents. */
export interface ModuleContainersFeature {
  ui: ModuleContainersUi;
  readonly proposed: ProposedDocuments;
}

export function createModuleContainersFeature(context: vscode.ExtensionContext): ModuleContainersFeature {
  return { ui: defaultModuleContainersUi(), proposed: ProposedDocuments.register(context) };
}
