import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Certificate authorities made at test time with the `openssl` CLI (nothing is
 * downloaded), each with a server certificate for 127.0.0.1 and localhost:
 * - `system`: the CA the harness trusts the way VS Code reads the OS store on
 *   Linux (SSL_CERT_FILE in the VS Code server's environment);
 * - `extra`: the CA the network suite names in NODE_EXTRA_CA_CERTS;
 * - `untrusted`: a CA nothing trusts.
 * The integration run finds the folder in SEQERA_TEST_PKI_DIR.
 */
export const PKI_DIR_ENV = 'SEQERA_TEST_PKI_DIR';
export type CaName = 'system' | 'extra' | 'untrusted';
const NAMES: readonly CaName[] = ['system', 'extra', 'untrusted'];

export interface ServerCert {
  /** PEM of the CA that signed it. */
  ca: string;
  key: string;
  cert: string;
}

/** Writes `<name>-ca.pem` and `<name>-server.{key,pem}` for every CA into `dir`. Throws naming openssl when it is missing. */
export function createTestPki(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const run = (...args: string[]): void => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    } catch (e) {
      const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
      throw new Error(`openssl ${args[0]} failed while making the test certificates (is the openssl CLI installed?): ${stderr || String(e)}`);
    }
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2\nbasicConstraints=CA:FALSE\n');
  for (const name of NAMES) {
    run('req', '-x509', ...ec, '-keyout', `${name}-ca.key`, '-out', `${name}-ca.pem`, '-days', '2', '-subj', `/CN=Seqera test ${name} CA`);
    run('req', ...ec, '-keyout', `${name}-server.key`, '-out', `${name}-server.csr`, '-subj', '/CN=localhost');
    run('x509', '-req', '-in', `${name}-server.csr`, '-CA', `${name}-ca.pem`, '-CAkey', `${name}-ca.key`, '-CAcreateserial', '-out', `${name}-server.pem`, '-days', '2', '-extfile', 'server.ext');
  }
}

export function caFile(dir: string, name: CaName): string {
  return path.join(dir, `${name}-ca.pem`);
}

/** The server certificate signed by `name`, from the folder the harness made. */
export function serverCert(name: CaName, dir = process.env[PKI_DIR_ENV]): ServerCert {
  if (!dir) throw new Error(`${PKI_DIR_ENV} is not set: run the integration tests through the harness (npm run test:integration).`);
  const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
  return { ca: read(`${name}-ca.pem`), key: read(`${name}-server.key`), cert: read(`${name}-server.pem`) };
}

/**
 * The environment the harness gives the VS Code server (so its extension host)
 * for the network suite: the `system` CA as Linux's OS store (OpenSSL's
 * SSL_CERT_FILE, which VS Code reads through Node's `tls.getCACertificates('system')`
 * while `http.systemCertificatesNode` is on, the default in 1.139) and the folder
 * itself. The harness removes NODE_EXTRA_CA_CERTS, so the `system` CA is trusted
 * only through VS Code's reading of the OS store; the suite gives the `extra` CA
 * to a transport of its own.
 */
export function testPkiEnv(dir: string): Record<string, string> {
  return { SSL_CERT_FILE: caFile(dir, 'system'), [PKI_DIR_ENV]: dir };
}
