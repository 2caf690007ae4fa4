import type { LenientList } from '../net/validate';
import type { PlatformClient } from './client';
import { createSshKeyResponse, listSshKeysResponse, type UserSshPublicKeyDto } from './schemas';

export type { UserSshPublicKeyDto } from './schemas';

/**
 * The public keys of the signed-in user's profile (tag `ssh-keys` of the
 * Platform API). The Studios SSH proxy lets these keys in. Keys are the
 * user's, not a workspace's: no `workspaceId` is sent.
 */
export class SshKeysApi {
  constructor(private readonly client: PlatformClient) {}

  /** GET /ssh-keys; unreadable rows are left out and listed in `dropped` (`received` counts every row). */
  async list(signal?: AbortSignal): Promise<LenientList<UserSshPublicKeyDto>> {
    const body = await this.client.get('/ssh-keys', listSshKeysResponse, { signal });
    return body.sshKeys ?? { items: [], dropped: [], received: 0 };
  }

  /**
   * GET /ssh-keys/validate/key → 204 when the key is valid and not yet in the
   * profile. Rejects with the SeqeraError: 'badRequest' (400, not a valid key),
   * 'conflict' (409, already registered).
   */
  async validateKey(publicKey: string, signal?: AbortSignal): Promise<void> {
    await this.client.send('GET', '/ssh-keys/validate/key', { query: { key: publicKey }, signal });
  }

  /** GET /ssh-keys/validate/name → 204 when free; 'badRequest' (400) or 'conflict' (409, taken). */
  async validateName(name: string, signal?: AbortSignal): Promise<void> {
    await this.client.send('GET', '/ssh-keys/validate/name', { query: { name }, signal });
  }

  /** POST /ssh-keys {name, publicKey}: adds the key. Never retried: a create the server took must not be sent twice. */
  async create(name: string, publicKey: string, signal?: AbortSignal): Promise<UserSshPublicKeyDto> {
    const body = await this.client.sendJson('POST', '/ssh-keys', createSshKeyResponse, { body: { name, publicKey }, signal, retryPost: 'never' });
    return body.sshKey;
  }

  /** DELETE /ssh-keys/{keyId} → 204. */
  async remove(keyId: number, signal?: AbortSignal): Promise<void> {
    await this.client.send('DELETE', `/ssh-keys/${encodeURIComponent(String(keyId))}`, { signal });
  }
}
