/**
 * The one way the extension shows a date: in the user's locale (VS Code's
 * display language, set at activation with `useDateLocale`), in the local time
 * zone, with the zone named, so "Jan 2, 2025, 03:04 AM UTC" reads the same in
 * tooltips, tree descriptions, quick picks and the inspect preview. No vscode
 * import: the vscode-free presentation code and its unit tests use it too.
 */
export interface DateSettings {
  /** A BCP 47 tag such as `en`, `de`, `pt-br` (vscode.env.language); undefined: the runtime's default. */
  locale?: string;
  /** An IANA zone; undefined: the machine's. Tests fix it. */
  timeZone?: string;
}

let settings: DateSettings = {};
let dateTime: Intl.DateTimeFormat | undefined;
let dateOnly: Intl.DateTimeFormat | undefined;

/** Sets the locale (and, in tests, the zone) every later date is shown in. A tag Intl does not know falls back to its default. */
export function useDateLocale(next: DateSettings): void {
  settings = { ...next };
  dateTime = undefined;
  dateOnly = undefined;
}

function formatter(withTime: boolean): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = withTime
    ? { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone: settings.timeZone }
    : { year: 'numeric', month: 'short', day: 'numeric', timeZone: settings.timeZone };
  let locale = settings.locale;
  try {
    if (locale) Intl.DateTimeFormat.supportedLocalesOf([locale]);
  } catch {
    locale = undefined; // not a well-formed tag
  }
  return new Intl.DateTimeFormat(locale, options);
}

function parse(value: string | number | Date): number {
  return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
}

/** Date and time, e.g. "Jan 2, 2025, 03:04 AM UTC" (en-US). A string that is not a date is returned as it is; undefined stays undefined. */
export function formatDateTime(value: string | number | Date): string;
export function formatDateTime(value: string | number | Date | undefined): string | undefined;
export function formatDateTime(value: string | number | Date | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const t = parse(value);
  if (Number.isNaN(t)) return String(value);
  dateTime ??= formatter(true);
  return dateTime.format(t);
}

/** The day only, e.g. "Jan 2, 2025" (en-US), for dates without a meaningful time (an SSH key's creation). */
export function formatDay(value: string | number | Date | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const t = parse(value);
  if (Number.isNaN(t)) return String(value);
  dateOnly ??= formatter(false);
  return dateOnly.format(t);
}
