#!/usr/bin/env node
// Recomputes the reference digests in test/unit/wave/tarNames.commons-compress.json with Apache
// commons-compress (TarNameDigests.java), so that the tests compare our tar headers with bytes that
// code other than ours produced. Needs Debian's libcommons-compress-java and a JDK 11+
// (apt-get install libcommons-compress-java default-jdk-headless). Not run by the tests.
//   node scripts/commons-compress/regenerate.mjs          rewrite the digests in the file
//   node scripts/commons-compress/regenerate.mjs --check  exit 1 if a stored digest differs
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.join(here, '..', '..', 'test', 'unit', 'wave', 'tarNames.commons-compress.json');
const jar = process.env.COMMONS_COMPRESS_JAR ?? '/usr/share/java/commons-compress.jar';
const fixture = JSON.parse(fs.readFileSync(file, 'utf8'));
const input = fixture.cases.map((c) => Buffer.from(c.name, 'utf8').toString('hex')).join('\n') + '\n';
const out = execFileSync('java', ['-cp', jar, path.join(here, 'TarNameDigests.java')], { input, encoding: 'utf8' });
const lines = out.trim().split('\n');
if (lines.length !== fixture.cases.length) throw new Error(`expected ${fixture.cases.length} lines from java, got ${lines.length}`);
const version = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr;
let differs = 0;
fixture.cases.forEach((c, i) => {
  const [tarDigest, nameField] = lines[i].split(' ');
  if (c.tarDigest !== tarDigest || c.nameField !== nameField) {
    differs++;
    console.log(`${c.why}: ${c.tarDigest ?? '(none)'} -> ${tarDigest}`);
  }
  c.tarDigest = tarDigest;
  c.nameField = nameField;
});
if (process.argv.includes('--check')) {
  console.log(differs ? `${differs} case(s) differ` : 'all cases match commons-compress');
  process.exit(differs ? 1 : 0);
}
const debian = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'libcommons-compress-java'], { encoding: 'utf8' }).stdout;
fixture.producedBy = `scripts/commons-compress/regenerate.mjs: ${debian ? `Debian libcommons-compress-java ${debian}` : jar}, ${version.split('\n')[0] || 'java'}`;
fs.writeFileSync(file, JSON.stringify(fixture, null, 2) + '\n');
console.log(`wrote ${fixture.cases.length} cases to ${path.relative(process.cwd(), file)}`);
