// Dates as people read them in the panels and tooltips: `27 Nov 2026, 10:04`, in local time.

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
