/**
 * The Remote-SSH handoff: writing a Studio's SSH config block and opening a
 * Remote-SSH window on it. This file is the feature's only door: other
 * features and the wiring import from here, never from the files beside it.
 */
export { addSshKey } from './addSshKey';
export { connectRemoteSsh } from './connectRemoteSsh';
export { listSshKeys, removeSshKey } from './manageSshKeys';
export { defaultRemoteSshEnvironment, type RemoteSshEnvironment } from './remoteSshExtension';
