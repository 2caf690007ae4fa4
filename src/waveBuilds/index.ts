/**
 * Wave builds: the build commands, the history of recent builds, the
 * "Seqera: Wave builds" output channel and the Wave Builds view. This file is
 * the feature's only door: other features and the wiring import from here,
 * never from the files beside it.
 */
export { clearBuildHistory, copyImageName, openBuildPage, openScanReport, rebuild, showBuildLog, stopWatching } from './buildActions';
export { showWaveBuildLogById } from './buildLogById';
export { buildFromPackages } from './buildFromPackages';
export { buildWithOptions } from './buildWithOptions';
export { copyNextflowConfig } from './copyNextflowConfig';
export { downloadCondaLock, downloadSbom, showScanLog } from './scanActions';
export { registerWaveBuildsView } from './registerWaveViews';
export { waveBuild } from './waveBuild';
export { WaveBuildHistory } from './waveBuildHistory';
export { WaveBuildOutput } from './waveBuildOutput';
export { WaveBuildsProvider } from './waveBuildsView';
export { createWaveFeature, type WaveFeature } from './waveFeature';
export type { WaveUi } from './waveUi';
export { readWaveSettings, revealOutputOnBuild } from './waveSettings';
