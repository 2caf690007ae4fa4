import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import type { StudioContext } from './studioStore';
import type { Studio, StudioCreateRequest } from '../platform/studioTypes';

/** POST /studios, with a 409 (the name was taken since it was checked) and a 403 explained. */
export async function createOrExplain(ctx: StudioContext, request: StudioCreateRequest, autoStart: boolean): Promise<Studio> {
  try {
    return await ctx.api.createStudio(request, autoStart);
  } catch (e) {
    if (!(e instanceof SeqeraError)) throw e;
    const options = { status: e.status, detail: [e.message, e.detail].filter(Boolean).join(' '), cause: e };
    if (e.kind === 'conflict') {
      throw new SeqeraError('conflict', vscode.l10n.t('A Studio named "{0}" already exists in {1}. Create it again with another name.', request.name, ctx.workspaceLabel), options);
    }
    if (e.kind === 'forbidden') {
      throw new SeqeraError('forbidden', vscode.l10n.t('Creating a Studio in {0} was refused: your role in this workspace does not allow it.', ctx.workspaceLabel), options);
    }
    throw e;
  }
}
