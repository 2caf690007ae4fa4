/**
 * Build Module Containers: Seqera Containers builds for nf-core modules, the
 * CodeLens, hover and diagnostics on main.nf's container directive. This file
 * is the feature's only door.
 */
export { buildModuleContainers, type ModuleBuildResult } from './buildModuleContainers';
export { createModuleContainersFeature, type ModuleContainersFeature } from './feature';
export type { ModuleContainersUi } from './reviewChanges';
export { mismatches, registerContainerLens } from './containerLens';
