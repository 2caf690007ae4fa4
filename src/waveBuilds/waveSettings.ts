import * as vscode from 'vscode';
import { DEFAULT_CONDA_CHANNELS } from '../wave/condaEnv';
import { DEFAULT_BUILD_OPTIONS, type BuildOptions } from '../wave/request';
import {
  CONDA_BUILD_TEMPLATES,
  WAVE_COMPRESSIONS,
  WAVE_NAME_STRATEGIES,
  WAVE_PLATFORMS,
  WAVE_SCAN_LEVELS,
  WAVE_SCAN_MODES,
  WAVE_BUILD_TEMPLATES,
  type WaveBuildTemplate,
  type WaveCompression,
  type WaveNameStrategy,
  type WavePlatform,
  type WaveScanLevel,
  type WaveScanMode,
} from '../wave/types';
import { DEFAULT_POLL } from '../wave/watch';
import { DEFAULT_MODULE_TEMPLATE } from '../nfcore/moduleBuilds';

/** The `seqera.wave.*` settings: defaults of every build, typed and checked. */
export interface WaveSettings {
  options: BuildOptions;
  /** Channels for conda files that list none, and for typed package lists. */
  channels: string[];
  /** Longest pause between two status checks of a running build. */
  pollMaxMs: number;
  /** The template of Seqera Containers builds: `seqera.moduleContainers.buildTemplate`, as Build Module Containers uses. */
  seqeraContainersTemplate: WaveBuildTemplate;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((v) => v === value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function readWaveSettings(): WaveSettings {
  const c = vscode.workspace.getConfiguration('seqera.wave');
  const channels = (c.get<unknown[]>('condaChannels') ?? []).map(text).filter((s): s is string => s !== undefined);
  const pollMax = c.get<number>('pollMaxInterval', DEFAULT_POLL.maxMs / 1000);
  const rawLevels = c.get<unknown>('scanLevels');
  const levels = [...new Set((Array.isArray(rawLevels) ? rawLevels : []).map((l) => oneOf<WaveScanLevel>(WAVE_SCAN_LEVELS, typeof l === 'string' ? l.toUpperCase() : l)).filter((l): l is WaveScanLevel => l !== undefined))];
  return {
    options: {
      platform: oneOf<WavePlatform>(WAVE_PLATFORMS, c.get('platform')) ?? DEFAULT_BUILD_OPTIONS.platform,
      format: c.get('format') === 'sif' ? 'sif' : 'docker',
      freeze: c.get<boolean>('freeze', false) === true,
      buildRepository: text(c.get('buildRepository')),
      cacheRepository: text(c.get('cacheRepository')),
      buildTemplate: oneOf<WaveBuildTemplate>(CONDA_BUILD_TEMPLATES, c.get('buildTemplate')),
      scanMode: oneOf<WaveScanMode>(WAVE_SCAN_MODES, c.get('scanMode')),
      scanLevels: levels.length > 0 ? levels : undefined,
      nameStrategy: oneOf<WaveNameStrategy>(WAVE_NAME_STRATEGIES, c.get('nameStrategy')),
      compression: oneOf<WaveCompression>(WAVE_COMPRESSIONS, c.get('buildCompression')),
    },
    channels: channels.length > 0 ? channels : [...DEFAULT_CONDA_CHANNELS],
    seqeraContainersTemplate: WAVE_BUILD_TEMPLATES.find((t) => t === vscode.workspace.getConfiguration('seqera.moduleContainers').get('buildTemplate')) ?? DEFAULT_MODULE_TEMPLATE,
    pollMaxMs: Math.round(Math.min(60, Math.max(0.5, typeof pollMax === 'number' ? pollMax : DEFAULT_POLL.maxMs / 1000)) * 1000),
  };
}

/** `seqera.wave.revealOutput`: show the "Seqera: Wave builds" channel (without taking the focus) when a build starts. */
export function revealOutputOnBuild(): boolean {
  return vscode.workspace.getConfiguration('seqera.wave').get<boolean>('revealOutput', true) !== false;
}
