import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every regular file below `dir` whose name passes `test`, sorted so runs are repeatable; none when `dir` is missing. */
export function filesUnder(dir: string, test: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && test(entry.name)) out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}
