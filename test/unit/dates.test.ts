import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatDateTime, formatDay, useDateLocale } from '../../src/ui/dates';

/** #17.10 One date format, in the user's locale: the helper, and that nothing else formats dates. */
describe('#17.10 dates in one format, in the user\'s locale (unit)', () => {
  afterEach(() => useDateLocale({ locale: 'en-US', timeZone: 'UTC' }));

  it('shows date, time and zone in the locale VS Code runs in', () => {
    useDateLocale({ locale: 'en-US', timeZone: 'UTC' });
    assert.equal(formatDateTime('2025-01-02T03:04:05Z'), 'Jan 2, 2025, 03:04 AM UTC');
    useDateLocale({ locale: 'en-GB', timeZone: 'UTC' });
    assert.equal(formatDateTime('2025-01-02T03:04:05Z'), '2 Jan 2025, 03:04 UTC');
    useDateLocale({ locale: 'de', timeZone: 'Europe/Berlin' });
    assert.equal(formatDateTime('2025-01-02T03:04:05Z'), '2. Jan. 2025, 04:04 MEZ');
    assert.equal(formatDateTime(Date.parse('2025-07-02T03:04:05Z')), '2. Juli 2025, 05:04 MESZ', 'epoch milliseconds, summer time');
  });

  it('a day without its time; not-a-date as written; nothing for nothing; a bad locale tag falls back', () => {
    useDateLocale({ locale: 'en-US', timeZone: 'UTC' });
    assert.equal(formatDay('2025-01-02T03:04:05Z'), 'Jan 2, 2025');
    assert.equal(formatDateTime('yesterday'), 'yesterday');
    assert.equal(formatDateTime(undefined), undefined);
    assert.equal(formatDay(''), undefined);
    useDateLocale({ locale: 'not a locale!', timeZone: 'UTC' });
    assert.match(formatDateTime('2025-01-02T03:04:05Z'), /2025/);
  });

  it('no other source file formats a date by itself', () => {
    const src = path.resolve(__dirname, '..', '..', '..', 'src');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith(path.join('ui', 'dates.ts'))) {
          const text = fs.readFileSync(p, 'utf8');
          if (/toLocale(Date|Time)String\(|new Date\([^)]*\)\.toLocaleString\(|toISOString\(\)\.replace\(|iso\.slice\(0, 10\)/.test(text)) {
            offenders.push(path.relative(src, p));
          }
        }
      }
    };
    walk(src);
    assert.deepEqual(offenders, [], 'format dates with src/ui/dates.ts');
  });
});
