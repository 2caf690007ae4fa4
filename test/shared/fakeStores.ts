import type { TokenSource } from '../../src/accounts/session';
import type { MementoLike } from '../../src/workspaces/workspaceStore';

/** In-memory SecretStorage stand-in, so the real stores run in plain Node (unit tests, benchmarks). */
export class MapTokens implements TokenSource {
  readonly map = new Map<string, string>();
  async get(apiUrl: string): Promise<string | undefined> {
    return this.map.get(apiUrl);
  }
  async set(apiUrl: string, token: string): Promise<void> {
    this.map.set(apiUrl, token);
  }
  async delete(apiUrl: string): Promise<void> {
    this.map.delete(apiUrl);
  }
}

/** In-memory globalState stand-in; values round-trip through JSON as VS Code's Memento stores them. */
export class MapMemento implements MementoLike {
  readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.map.set(key, value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown));
  }
}
