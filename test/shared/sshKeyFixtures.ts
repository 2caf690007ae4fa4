/**
 * Public keys made once with OpenSSH 9.2p1's `ssh-keygen` (the private halves
 * were thrown away), and the fingerprints `ssh-keygen -lf` printed for them:
 * the expected values of the tests, never computed by the code under test.
 */
export const ED25519_PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKWuX2CTzQb7VqYrvjBMTSpuaIGrp+3kwYQBibhY85aC fixture@emulator';
export const ED25519_FINGERPRINT = 'SHA256:as9UmtnuvrKsLgWUcF13ZztyzEPiIt+W2RksFqkacng';

export const RSA_PUB = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCmzjLdHXgVGDmEXKBMH/p129iIw+8d7roI212RYCqp8YaYiOT6oOUIZkTJ6g/B8eNy+QwTCDpZ7G/wMojIsE4v4nFctNiMb1zEOLI49b4T1SjOQzXswhFYTZD4yo0ugxoJ5iLGHC9gpJMQrJGSyrTGMyq10pvPKtgUxsdGB5DpVU6zFeANZP32Ulgt6AU82wsvbaUcyf8KVuDRbjJFr9W0KxZEZdSqcoovg+qYXkECqY6lEO6ea+DnJQKDBp9sV0KxpT8QUttTsI9kd5AJe3z96Lf+LXNL5ddlxFPomxzOS7quLBzDn5m0wapyilvLTTu0gRWSbo36o7Og95Q81Gvn rsa fixture';
export const RSA_FINGERPRINT = 'SHA256:qtdWE2SUi1GZq+DJXyYBpv4k3Fs/c4BEVfCG6sxlcS0';

/** Written with no comment (`-C ''`): the line ends in a space, as ssh-keygen writes it. */
export const ECDSA_PUB = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGX8dFCJ9v2+3bjTSRSVlmSDrMBHZ1EkSjYJZoN7viIeE3ncPaSgOVRpZyS2wB6Qb9gySnaA4Dr3IMD9Z6H1ehc= ';
export const ECDSA_FINGERPRINT = 'SHA256:1zw6GH0WR0ItiSGhxlM865JLeomt9lprSsTjNLpWayo';

/** The first lines of a private key file as ssh-keygen writes it (the key body is not a real key). */
export const PRIVATE_KEY_TEXT = ['-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', '-----END OPENSSH PRIVATE KEY-----', ''].join('\n');
