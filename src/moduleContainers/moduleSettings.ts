import * as vscode from 'vscode';
import { DEFAULT_MODULE_TEMPLATE } from '../nfcore/moduleBuilds';
import { WAVE_BUILD_TEMPLATES, type WaveBuildTemplate } from '../wave/types';

/** `seqera.moduleContainers.*`: the build template of module builds (nf-core builds with `conda/pixi:v1`). */
export function readModuleContainersSettings(): { buildTemplate: WaveBuildTemplate } {
  const value = vscode.workspace.getConfiguration('seqera.moduleContainers').get<unknown>('buildTemplate');
  return { buildTemplate: WAVE_BUILD_TEMPLATES.find((t) => t === value) ?? DEFAULT_MODULE_TEMPLATE };
}
