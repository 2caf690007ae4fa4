import type * as vscode from 'vscode';
import type { AuthPrompts, EndpointPrompts, ServiceInfoStore, SessionStore, TokenStore } from './accounts';
import type { WaveBuildHistory, WaveBuildOutput, WaveBuildsProvider, WaveFeature } from './waveBuilds';
import type { OrgLogos, WorkspaceStore, WorkspacesTreeProvider } from './workspaces';
import type { RedactingLog } from './ui/redactingLog';
import type { HttpClient } from './net/http';
import type { RemoteSshEnvironment } from './remoteSsh';
import type { InspectDocuments } from './waveInspect';
import type { StudiosFeature } from './studios';
import type { ModuleContainersFeature } from './moduleContainers';
import type { FileProblems } from './ui/problems';

/**
 * What the parts of the extension share, created once in `activate` and passed
 * down explicitly (no module-level globals). Features add their stores here.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  /** The 'Seqera' log channel; every line is redacted (see src/ui/redactingLog.ts). */
  readonly log: RedactingLog;
  /** The one HTTP transport (proxy, CA, retries) for every client. */
  readonly http: HttpClient;
  readonly tokens: TokenStore;
  /** Endpoint, token, signed-in user and the PlatformClient bound to them. */
  readonly session: SessionStore;
  /** Orgs/workspaces list and the active workspace. */
  readonly workspaces: WorkspaceStore;
  /** Studios of the active workspace: store, tree, status bar, prompts. */
  readonly studios: StudiosFeature;
  /** The sign-in questions (token, Enterprise URLs); tests replace its functions. */
  readonly prompts: AuthPrompts;
  /** Tree providers, filled by registerViews (tests assert through them). */
  readonly views: ViewProviders;
  /** Service-info of the active Platform and Wave (versions, what is enabled). */
  readonly serviceInfo: ServiceInfoStore;
  /** Endpoint switching and environment-token questions; tests replace its functions. */
  readonly endpointPrompts: EndpointPrompts;
  /** Read-only documents of Wave inspections (`seqera-inspect:`). */
  readonly inspectDocuments: InspectDocuments;
  /** Where the SSH config lives; tests point `homeDir` at a temporary folder. */
  readonly remoteSsh: RemoteSshEnvironment;
  /** Recent Wave builds (global state) and the "Seqera: Wave builds" channel. */
  readonly waveBuilds: WaveBuildHistory;
  readonly waveOutput: WaveBuildOutput;
  /** The Wave build commands' UI (tests replace its functions) and the latest-build status item. */
  readonly wave: WaveFeature;
  /** The one DiagnosticCollection: refusals of the user's files (conda YAML, Dockerfile) on their exact range. */
  readonly problems: FileProblems;
  /** Build Module Containers: its review question (tests answer it) and proposed documents. */
  readonly moduleContainers: ModuleContainersFeature;
}

export interface ViewProviders {
  workspaces?: WorkspacesTreeProvider;
  /** Which organization logos load (the tree shows the codicon for the others). */
  orgLogos?: OrgLogos;
  /** The Workspaces tree view (its description shows the active endpoint). */
  workspacesView?: vscode.TreeView<unknown>;
  waveBuilds?: WaveBuildsProvider;
}
