/**
 * A minimal stand-in for the `vscode` module, enough for `activate` of the
 * bundled extension to run in plain Node. Namespaces have the members the
 * extension calls at activation; anything else answers with an inert value
 * (`inert()`), so a new API call at activation does not break the test.
 * The ExtensionContext holds a SecretStorage with a planted token, so a test
 * can look for everything that reaches it.
 */
import { Module, createRequire } from 'node:module';

type Listener<T> = (e: T) => unknown;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Disposable {
  constructor(private readonly fn: () => unknown) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

/** A value that is callable, constructible and has every property (each again inert); never thenable. */
export function inert(): unknown {
  const target = function () {} as unknown as object;
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => {
      if (key === 'then') return undefined;
      if (key === Symbol.iterator) return function* () {};
      if (key === Symbol.toPrimitive) return () => '';
      return inert();
    },
    apply: () => inert(),
    construct: () => inert() as object,
  });
  return proxy;
}

/** An object with `members`, answering inert values for any other property. */
function namespace(members: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(members, {
    get: (t, key) => (key in t ? t[key as string] : key === 'then' ? undefined : inert()),
  });
}

const event = (): EventEmitter<unknown>['event'] => new EventEmitter<unknown>().event;
const resolved = (): Promise<undefined> => Promise.resolve(undefined);

function uri(value: string): Record<string, unknown> {
  const u = new URL(value);
  return { scheme: u.protocol.replace(/:$/, ''), path: u.pathname, fsPath: u.pathname, toString: () => value, with: () => uri(value) };
}

function logChannel(): Record<string, unknown> {
  const noop = (): void => undefined;
  return { name: 'stub', logLevel: 2, onDidChangeLogLevel: event(), trace: noop, debug: noop, info: noop, warn: noop, error: noop, append: noop, appendLine: noop, replace: noop, clear: noop, show: noop, hide: noop, dispose: noop };
}

function treeView(): Record<string, unknown> {
  return namespace({ visible: false, onDidChangeVisibility: event(), onDidChangeSelection: event(), onDidExpandElement: event(), onDidCollapseElement: event(), dispose: () => undefined });
}

function memento(): Record<string, unknown> {
  const values = new Map<string, unknown>();
  return { keys: () => [...values.keys()], get: (k: string, d?: unknown) => (values.has(k) ? values.get(k) : d), update: (k: string, v: unknown) => (values.set(k, v), Promise.resolve()), setKeysForSync: () => undefined };
}

/** Records what the extension asks of a MarkdownString (its text and whether it is trusted or renders HTML or icons). */
export class StubMarkdownString {
  value: string;
  isTrusted?: boolean | { enabledCommands: readonly string[] };
  supportHtml?: boolean;
  supportThemeIcons?: boolean;
  constructor(value?: string, supportThemeIcons?: boolean) {
    this.value = value ?? '';
    this.supportThemeIcons = supportThemeIcons;
  }
  appendMarkdown(s: string): this {
    this.value += s;
    return this;
  }
  appendText(): this {
    throw new Error('the stub does not implement appendText: use src/ui/markdown.ts');
  }
  appendCodeblock(): this {
    throw new Error('the stub does not implement appendCodeblock: use src/ui/markdown.ts');
  }
}

export function createVscodeStub(): Record<string, unknown> {
  const configuration = namespace({ get: (_k: string, d?: unknown) => d, inspect: () => undefined, has: () => false, update: resolved });
  return namespace({
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    EventEmitter,
    Disposable,
    TreeItem: class {
      constructor(readonly label: unknown, readonly collapsibleState?: number) {}
    },
    ThemeIcon: class {
      constructor(readonly id: string, readonly color?: unknown) {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    MarkdownString: StubMarkdownString,
    Uri: { parse: uri, file: (p: string) => uri(`file://${p}`), from: (c: { scheme: string; path: string }) => uri(`${c.scheme}:${c.path}`), joinPath: (b: unknown) => b },
    l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])) },
    window: namespace({
      createOutputChannel: logChannel,
      createTreeView: treeView,
      createStatusBarItem: () => namespace({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
      showInformationMessage: resolved,
      showWarningMessage: resolved,
      showErrorMessage: resolved,
      onDidChangeActiveTextEditor: event(),
      onDidChangeWindowState: event(),
      state: { focused: true },
      activeTextEditor: undefined,
      visibleTextEditors: [],
    }),
    workspace: namespace({
      getConfiguration: () => configuration,
      onDidChangeConfiguration: event(),
      onDidOpenTextDocument: event(),
      onDidCloseTextDocument: event(),
      onDidChangeTextDocument: event(),
      onDidSaveTextDocument: event(),
      onDidGrantWorkspaceTrust: event(),
      onDidChangeWorkspaceFolders: event(),
      registerTextDocumentContentProvider: () => new Disposable(() => undefined),
      textDocuments: [],
      workspaceFolders: undefined,
      isTrusted: true,
    }),
    commands: namespace({
      registerCommand: () => new Disposable(() => undefined),
      executeCommand: resolved,
      getCommands: () => Promise.resolve([]),
    }),
    languages: namespace({
      createDiagnosticCollection: () => namespace({ set: () => undefined, delete: () => undefined, clear: () => undefined, dispose: () => undefined }),
      registerCodeLensProvider: () => new Disposable(() => undefined),
      registerHoverProvider: () => new Disposable(() => undefined),
    }),
    authentication: namespace({ registerAuthenticationProvider: () => new Disposable(() => undefined), onDidChangeSessions: event() }),
    env: namespace({ remoteName: undefined, uiKind: 1, appName: 'stub', machineId: 'stub', openExternal: resolved }),
    extensions: namespace({ getExtension: () => undefined, all: [] }),
  });
}

/** A SecretStorage holding `token` for every key, and an ExtensionContext around it. */
export function createContext(vscode: Record<string, unknown>, mode: number, token: string): { context: Record<string, unknown>; secrets: object } {
  const secrets = { get: () => Promise.resolve(token), store: resolved, delete: resolved, keys: () => Promise.resolve([]), onDidChange: event() };
  const context = {
    extensionMode: mode,
    subscriptions: [] as unknown[],
    secrets,
    globalState: memento(),
    workspaceState: memento(),
    extension: { id: 'seqera-community.seqera-vscode', packageJSON: { version: '0.0.0-test' } },
    extensionUri: (vscode.Uri as { file(p: string): unknown }).file('/ext'),
    extensionPath: '/ext',
    globalStorageUri: (vscode.Uri as { file(p: string): unknown }).file('/storage'),
    logUri: (vscode.Uri as { file(p: string): unknown }).file('/log'),
    asAbsolutePath: (p: string) => `/ext/${p}`,
  };
  return { context, secrets };
}

/** Loads the CommonJS `files` with `require('vscode')` answered by `stub`; each file fresh. */
export function requireWithVscode(file: string, stub: unknown): Record<string, unknown>;
export function requireWithVscode(files: readonly string[], stub: unknown): Record<string, unknown>[];
export function requireWithVscode(files: string | readonly string[], stub: unknown): Record<string, unknown> | Record<string, unknown>[] {
  const list = typeof files === 'string' ? [files] : files;
  const load = createRequire(__filename);
  const fakePath = `${load.resolve(list[0]!).replace(/\.js$/, '')}.vscode-stub.js`;
  const internal = Module as unknown as {
    _resolveFilename(request: string, ...rest: unknown[]): string;
  };
  const original = internal._resolveFilename;
  internal._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
  };
  const stubModule = new Module(fakePath);
  stubModule.exports = stub;
  stubModule.loaded = true;
  load.cache[fakePath] = stubModule;
  try {
    const loaded = list.map((f) => {
      delete load.cache[load.resolve(f)];
      return load(f) as Record<string, unknown>;
    });
    return typeof files === 'string' ? loaded[0]! : loaded;
  } finally {
    internal._resolveFilename = original;
  }
}
