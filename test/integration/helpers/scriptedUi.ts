import type * as vscode from 'vscode';
import type { ProgressReporter } from '../../../src/ui/progress';
import type { CondaFile, InputOptions, PickOptions, StudioUi } from '../../../src/studios/studiosUi';

/**
 * A StudioUi that answers from a script and records what the extension showed,
 * so integration tests drive the Studio commands' prompts without the
 * workbench's quick pick and catch the URL that would open in a browser.
 * An unscripted prompt cancels and is recorded in `unexpected`.
 */
export type PickAnswer = (items: readonly vscode.QuickPickItem[], options: PickOptions) => vscode.QuickPickItem | undefined;
export type InputAnswer = string | undefined | ((options: InputOptions) => string | undefined);

export class ScriptedUi implements StudioUi {
  readonly picks: PickAnswer[] = [];
  readonly pickManys: ((items: readonly vscode.QuickPickItem[]) => readonly vscode.QuickPickItem[] | undefined)[] = [];
  readonly inputs: InputAnswer[] = [];
  readonly confirms: boolean[] = [];
  condaFiles: CondaFile[] = [];

  /** Each pick shown: its options, item labels and item descriptions (same order). */
  readonly shownPicks: { options: PickOptions; labels: string[]; descriptions: (string | undefined)[] }[] = [];
  readonly shownInputs: InputOptions[] = [];
  readonly shownConfirms: string[] = [];
  /** The detail text of each confirm, in the same order as `shownConfirms`. */
  readonly shownConfirmDetails: string[] = [];
  readonly infos: string[] = [];
  readonly warnings: string[] = [];
  readonly opened: string[] = [];
  readonly copied: string[] = [];
  readonly unexpected: string[] = [];
  /** Every progress notification: its title and each message reported, in order. */
  readonly progresses: { title: string; messages: string[]; controller: AbortController }[] = [];
  /** The buttons of each info message, in the order of `infos`. */
  readonly infoActions: string[][] = [];
  /** The buttons of each warning, in the order of `warnings`. */
  readonly warningActions: string[][] = [];
  /** What the next warnings answer, one each (e.g. 'Extend'); none left = dismissed. */
  readonly warningAnswers: string[] = [];
  readonly answeredWarnings: string[] = [];
  /** What the next modal `choose` questions answer, one each; none left = unexpected. */
  readonly chooseAnswers: (string | undefined)[] = [];
  /** Every `choose` question shown: its message, detail and answers offered. */
  readonly shownChooses: { message: string; detail: string; actions: readonly string[] }[] = [];
  /** What the next file dialogs answer, one each; none left = unexpected. */
  readonly filePicks: (vscode.Uri | undefined)[] = [];
  readonly shownFileDialogs: { title: string; filters: Record<string, string[]> }[] = [];
  /** What `info`/`warn` answer (e.g. 'Open'); undefined = dismissed. */
  messageAnswer: string | undefined;

  async pick<T extends vscode.QuickPickItem>(items: readonly T[] | Promise<readonly T[]>, options: PickOptions): Promise<T | undefined> {
    const list = await items;
    this.shownPicks.push({ options, labels: list.map((i) => i.label), descriptions: list.map((i) => i.description) });
    const answer = this.picks.shift();
    if (!answer) {
      this.unexpected.push(`pick: ${options.title} / ${options.placeHolder ?? ''}`);
      return undefined;
    }
    return answer(list, options) as T | undefined;
  }

  async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<readonly T[] | undefined> {
    this.shownPicks.push({ options, labels: items.map((i) => i.label), descriptions: items.map((i) => i.description) });
    const answer = this.pickManys.shift();
    if (!answer) {
      this.unexpected.push(`pickMany: ${options.title} / ${options.placeHolder ?? ''}`);
      return undefined;
    }
    return answer(items) as readonly T[] | undefined;
  }

  async input(options: InputOptions): Promise<string | undefined> {
    this.shownInputs.push(options);
    if (this.inputs.length === 0) {
      this.unexpected.push(`input: ${options.title} / ${options.prompt ?? ''}`);
      return undefined;
    }
    const answer = this.inputs.shift();
    const value = typeof answer === 'function' ? answer(options) : answer;
    if (value !== undefined && options.validate) {
      const problem = await options.validate(value);
      if (problem) throw new Error(`scripted input "${value}" is invalid: ${problem}`);
    }
    return value;
  }

  async confirm(message: string, detail = ''): Promise<boolean> {
    this.shownConfirms.push(message);
    this.shownConfirmDetails.push(detail);
    const answer = this.confirms.shift();
    if (answer === undefined) {
      this.unexpected.push(`confirm: ${message}`);
      return false;
    }
    return answer;
  }

  async info(message: string, ...actions: string[]): Promise<string | undefined> {
    this.infos.push(message);
    this.infoActions.push(actions);
    return this.messageAnswer;
  }

  async warn(message: string, ...actions: string[]): Promise<string | undefined> {
    this.warnings.push(message);
    this.warningActions.push(actions);
    const answer = this.warningAnswers.shift();
    if (answer) this.answeredWarnings.push(answer);
    return answer;
  }

  async progress<T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T> {
    const entry = { title, messages: [] as string[], controller: new AbortController() };
    this.progresses.push(entry);
    const reporter: ProgressReporter = {
      report: (value) => {
        if (value.message) entry.messages.push(value.message);
      },
    };
    return task(reporter, entry.controller.signal);
  }

  async openExternal(url: string): Promise<boolean> {
    this.opened.push(url);
    return true;
  }

  async copy(text: string): Promise<void> {
    this.copied.push(text);
  }

  openCondaFiles(): CondaFile[] {
    return this.condaFiles;
  }

  async choose(message: string, detail: string, actions: readonly string[]): Promise<string | undefined> {
    this.shownChooses.push({ message, detail, actions });
    if (this.chooseAnswers.length === 0) {
      this.unexpected.push(`choose: ${message}`);
      return undefined;
    }
    return this.chooseAnswers.shift();
  }

  async pickFile(options: { title: string; openLabel: string; filters: Record<string, string[]> }): Promise<vscode.Uri | undefined> {
    this.shownFileDialogs.push({ title: options.title, filters: options.filters });
    if (this.filePicks.length === 0) {
      this.unexpected.push(`pickFile: ${options.title}`);
      return undefined;
    }
    return this.filePicks.shift();
  }
}

/** Picks the first item whose label (or description) matches. */
export function byLabel(re: RegExp): PickAnswer {
  return (items) => items.find((i) => re.test(i.label) || (i.description !== undefined && re.test(i.description)));
}

export const first: PickAnswer = (items) => items[0];
