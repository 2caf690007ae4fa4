/** Thrown for a machine that lacks a Debian package; the message says which. */
export class MissingPackageError extends Error {}

/**
 * An install that did not complete. The message is whole and meant for the
 * user: what failed, where the log is, what to do. Nothing of it was kept.
 */
export class InstallError extends Error {}

/** The install was stopped by a signal (Ctrl+C, a CI timeout's SIGTERM). */
export class InstallInterruptedError extends InstallError {
  constructor(
    message: string,
    readonly signal: NodeJS.Signals,
  ) {
    super(message);
  }
}

/** The exit code a process stopped by `signal` conventionally returns (130 for SIGINT). */
export function exitCodeFor(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : 143;
}

export const DIR_ADVICE =
  'Set SEQERA_VSCODE_TEST_DIR to a folder on a disk with about 2 GB free whose parent folder you can write (the install is staged beside it)';

/** A file-system error while preparing or committing the install, said plainly. */
export function fsProblem(e: unknown, what: string, file: string): InstallError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'the file system is read-only'
        : code === 'ENOSPC' || code === 'EDQUOT'
          ? 'the disk is full'
          : code === 'ENOTDIR'
            ? 'a part of that path is a file, not a folder'
            : code === 'EEXIST'
              ? 'something else is already there'
              : (code ?? (e instanceof Error ? e.message : String(e)));
  return new InstallError(`Cannot ${what} ${file}: ${why}. ${DIR_ADVICE}. Nothing of this install was kept; the next run starts it from clean.`);
}
