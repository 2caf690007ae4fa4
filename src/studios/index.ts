/**
 * Studios of the active workspace: the store and its poll scheduler, the tree,
 * the status bar item and every Studio command. This file is the feature's
 * only door: other features and the wiring import from here, never from the
 * files beside it.
 */
export { copySshCommand, copyStudioUrl } from './copy';
export { createStudio } from './create';
export { deleteStudio } from './delete';
export { editStudio } from './edit';
export { extendLifespan } from './extendLifespan';
export { clearStudioFilter, filterStudios } from './filter';
export { followStudio } from './follow';
export { loadMoreCheckpoints } from './loadMoreCheckpoints';
export { openStudio } from './open';
export { clearStudioSearch, searchStudios, setMyStudios } from './query';
export { refreshStudios } from './refresh';
export { createStudiosFeature, showStudiosView } from './registerStudios';
export { renameCheckpoint } from './renameCheckpoint';
export { isStudioRef, onStudio, requireContext, studioPickItem } from './resolve';
export { showRunningStudios } from './showRunning';
export { copyStudioLink, createStudioLinkHandler, openStudioLink, parseStudioLink, studioLink } from './studioLinks';
export { startStudio } from './start';
export { showStudioBuildLog } from './studioBuildLog';
export { startFromCheckpoint } from './startFromCheckpoint';
export { stopStudio } from './stop';
export { isTransient } from './studioStatus';
export type { StudiosFeature } from './studiosFeature';
