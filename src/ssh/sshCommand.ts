/**
 * Reads the `ssh …` command line the Platform gives with a Studio's
 * `sshDetails.command` (e.g. `ssh alice@a01ac889@connect.example.com -p 2222`)
 * into the pieces an OpenSSH config `Host` block needs. Tolerant: unknown
 * flags are skipped, never executed; the command is only ever parsed.
 */
export interface ParsedSshCommand {
  user?: string;
  host?: string;
  port?: number;
  proxyJump?: string;
  /** `-o Key=Value` options, in order, keys as written. */
  options: [string, string][];
}

/** Flags of ssh(1) that take an argument (so their argument is not the destination). */
const FLAGS_WITH_ARGUMENT = new Set('BbcDEeFIiJLlmOoPpQRSWw'.split(''));

export function splitCommandLine(command: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inToken = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) current += command[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inToken = true;
    } else if (c === '\\' && i + 1 < command.length) {
      current += command[++i];
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) out.push(current);
      current = '';
      inToken = false;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (inToken) out.push(current);
  return out;
}

export function parseSshCommand(command: string | undefined): ParsedSshCommand {
  const result: ParsedSshCommand = { options: [] };
  if (!command) return result;
  const words = splitCommandLine(command.trim());
  let i = 0;
  if (words[0] && /(^|[/\\])ssh(\.exe)?$/i.test(words[0])) i = 1;
  for (; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') {
      if (words[i + 1]) setDestination(result, words[i + 1]!);
      break;
    }
    if (word.startsWith('-') && word.length > 1) {
      const flag = word[1]!;
      if (!FLAGS_WITH_ARGUMENT.has(flag)) continue; // -v, -T, -A, -4 ...: no argument
      const value = word.length > 2 ? word.slice(2) : words[++i];
      if (value === undefined) break;
      applyFlag(result, flag, value);
      continue;
    }
    if (!result.host) setDestination(result, word);
    else break; // the rest is a remote command: not ours
  }
  return result;
}

function applyFlag(result: ParsedSshCommand, flag: string, value: string): void {
  switch (flag) {
    case 'p': {
      const port = Number(value);
      if (Number.isInteger(port) && port > 0 && port < 65536) result.port = port;
      break;
    }
    case 'l':
      result.user = value;
      break;
    case 'J':
      result.proxyJump = value;
      break;
    case 'o': {
      const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=|\s)\s*(.*?)\s*$/.exec(value);
      if (m) result.options.push([m[1]!, m[2]!]);
      break;
    }
    default:
      break;
  }
}

/** `user@host`, `user@session@host` (the last `@` separates the host), or `ssh://user@host:port`. */
function setDestination(result: ParsedSshCommand, destination: string): void {
  let dest = destination;
  const uri = /^ssh:\/\/(.+)$/i.exec(dest);
  if (uri) {
    dest = uri[1]!.replace(/\/.*$/, '');
    const port = /:(\d+)$/.exec(dest);
    if (port) {
      result.port = Number(port[1]);
      dest = dest.slice(0, -port[0].length);
    }
  }
  const at = dest.lastIndexOf('@');
  if (at > 0) {
    result.user = dest.slice(0, at);
    result.host = dest.slice(at + 1);
  } else {
    result.host = dest;
  }
}
