import * as vscode from 'vscode';
import type { DispatcherOptions } from '../net/proxy';

/**
 * VS Code's proxy settings, turned into the net layer's options. `http.proxy`
 * overrides HTTP(S)_PROXY, `http.noProxy` overrides NO_PROXY, and
 * `http.proxyStrictSSL: false` accepts any certificate. With
 * `http.proxySupport: "off"` no proxy is used, not even from the environment.
 */
export function readNetworkOptions(env: NodeJS.ProcessEnv = process.env): DispatcherOptions {
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = http.get<string>('proxy')?.trim() || undefined;
  const noProxy = (http.get<string[]>('noProxy') ?? []).filter((h) => typeof h === 'string' && h.trim() !== '');
  const strictSSL = http.get<boolean>('proxyStrictSSL', true);
  const support = http.get<string>('proxySupport', 'override');
  if (support === 'off') {
    const withoutProxy = { ...env };
    for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete withoutProxy[k];
    return { strictSSL, env: withoutProxy };
  }
  return { proxyUrl, noProxy, strictSSL, env };
}

export function affectsNetwork(e: vscode.ConfigurationChangeEvent): boolean {
  return ['http.proxy', 'http.noProxy', 'http.proxyStrictSSL', 'http.proxySupport'].some((k) => e.affectsConfiguration(k));
}
