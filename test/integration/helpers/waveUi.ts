import type * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../../src/testing/testRig';
import type { ProgressReporter } from '../../../src/ui/progress';
import type { WaveUi } from '../../../src/waveBuilds';

/**
 * Replaces the Wave build commands' UI functions (services.wave.ui) for a test:
 * progress notifications still run their task and record every message; messages
 * are recorded with their buttons and answered by `answer`; picks are answered by
 * `pick`; copies are recorded. `restore()` puts the real functions back.
 */
export interface WaveUiRecorder {
  progresses: { title: string; messages: string[] }[];
  messages: { kind: 'info' | 'error'; text: string; actions: string[] }[];
  picks: { title: string; labels: string[] }[];
  copied: string[];
  opened: string[];
  /** The button a message answers with (undefined: dismissed). */
  answer: (text: string, actions: string[]) => string | undefined;
  pick: (items: readonly vscode.QuickPickItem[], title: string) => vscode.QuickPickItem | undefined;
  /** Answers a multi-select (default: none chosen). */
  pickMany: (items: readonly vscode.QuickPickItem[], title: string) => readonly vscode.QuickPickItem[] | undefined;
  input: (options: { title: string; prompt?: string; value?: string }) => string | undefined;
  inputs: { title: string; prompt?: string }[];
  /** Resolves when a message matching `re` was shown. */
  shown(re: RegExp): Promise<void>;
  restore(): void;
}

export function recordWaveUi(api: SeqeraTestRig): WaveUiRecorder {
  const ui = api.services.wave.ui as { -readonly [K in keyof WaveUi]: WaveUi[K] };
  const real = { ...ui };
  const waiting: { re: RegExp; resolve: () => void }[] = [];
  const rec: WaveUiRecorder = {
    progresses: [],
    messages: [],
    picks: [],
    copied: [],
    opened: [],
    answer: () => undefined,
    pick: () => undefined,
    pickMany: () => [],
    input: () => undefined,
    inputs: [],
    shown: (re) => (rec.messages.some((m) => re.test(m.text)) ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ re, resolve }))),
    restore: () => Object.assign(ui, real),
  };
  ui.progress = async <T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T> => {
    const entry = { title, messages: [] as string[] };
    rec.progresses.push(entry);
    return task({ report: (v) => void (v.message && entry.messages.push(v.message)) }, new AbortController().signal);
  };
  ui.message = async (kind, text, ...actions) => {
    rec.messages.push({ kind, text, actions });
    for (const w of waiting.filter((x) => x.re.test(text))) w.resolve();
    return rec.answer(text, actions);
  };
  ui.pick = async <T extends vscode.QuickPickItem>(items: readonly T[], options: { title: string }): Promise<T | undefined> => {
    rec.picks.push({ title: options.title, labels: items.map((i) => i.label) });
    return rec.pick(items, options.title) as T | undefined;
  };
  ui.pickMany = async <T extends vscode.QuickPickItem>(items: readonly T[], options: { title: string }): Promise<readonly T[] | undefined> => {
    rec.picks.push({ title: options.title, labels: items.map((i) => i.label) });
    return rec.pickMany(items, options.title) as readonly T[] | undefined;
  };
  ui.input = async (options) => {
    rec.inputs.push({ title: options.title, prompt: options.prompt });
    return rec.input(options);
  };
  ui.copy = async (text) => void rec.copied.push(text);
  ui.openExternal = async (url) => {
    rec.opened.push(url);
    return true;
  };
  return rec;
}
