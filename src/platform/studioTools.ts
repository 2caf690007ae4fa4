/**
 * How Studio tools are named for people. The Platform's templates carry a
 * short `tool` id (`vscode`, `jupyter`, ...) and an image reference whose tag
 * starts with the tool's version (`…/data-studio-jupyter:4.2.5-0.8` is
 * JupyterLab 4.2.5 with Studios tooling 0.8). No vscode import.
 */
const TOOL_NAMES: Record<string, string> = {
  vscode: 'VS Code',
  jupyter: 'JupyterLab',
  rstudio: 'RStudio',
  xpra: 'Xpra',
  ride: 'RIDE',
};

/** The tool's product name; an unknown id is shown as it is. */
export function toolDisplayName(tool: string): string {
  return TOOL_NAMES[tool.toLowerCase()] ?? tool;
}

/** The tool version in a template image's tag (`4.2.5` of `…:4.2.5-0.8`, `4.4.1` of `…:4.4.1-u2-0.8`), if it has one. */
export function templateToolVersion(repository: string): string | undefined {
  const lastPart = repository.split('/').pop() ?? repository;
  const colon = lastPart.lastIndexOf(':');
  if (colon < 0) return undefined;
  const tag = lastPart.slice(colon + 1);
  return /^v?(\d+(?:\.\d+)*)/.exec(tag)?.[1];
}

/** "JupyterLab 4.2.5" for a template, from its tool and image tag. */
export function templateDisplayName(template: { tool?: string; repository?: string }): string {
  const tool = template.tool ?? template.repository?.split('/').pop()?.split(':')[0] ?? '';
  const name = toolDisplayName(tool);
  const version = template.repository ? templateToolVersion(template.repository) : undefined;
  return version ? `${name} ${version}` : name;
}
