// Dates as people read them in the panels and tooltips: `27 Nov 2026, 10:04` in local time, or `2 min ago`.

const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

function parse(rfc3339: string): Date | null {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `27 Nov 2026, 10:04`; the input itself when it is not a date; empty for empty. */
export function formatDateTime(rfc3339: string): string {
  if (!rfc3339) return "";
  const date = parse(rfc3339);
  return date ? DATE_TIME.format(date) : rfc3339;
}

/** `27 Nov 2026`. */
export function formatDate(rfc3339: string): string {
  if (!rfc3339) return "";
  const date = parse(rfc3339);
  return date ? DATE.format(date) : rfc3339;
}

/** `12.3 kB`, for file sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

const RELATIVE = new Intl.RelativeTimeFormat("en-GB", { numeric: "auto" });

/** `just now`, `2 min ago`, `3 hours ago`, `yesterday`; the date beyond a week; `now` is injectable for tests. */
export function formatRelative(rfc3339: string, now: number = Date.now()): string {
  const date = parse(rfc3339);
  if (!date) return rfc3339;
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 3600) return seconds < 0 ? `${Math.round(abs / 60)} min ago` : `in ${Math.round(abs / 60)} min`;
  if (abs < 86_400) return RELATIVE.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86_400) return RELATIVE.format(Math.round(seconds / 86_400), "day");
  return formatDate(rfc3339);
}
