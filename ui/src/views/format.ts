// Dates and sizes as people read them in the panels and tooltips, in the window's language
// (../i18n): `27 Nov 2026, 10:04` / `27 nov. 2026, 10:04` in local time, or `2 minutes ago`.

import { dateFormat, dateTimeFormat, formatNumber, relativeFormat } from "../i18n";

function parse(rfc3339: string): Date | null {
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `27 Nov 2026, 10:04`; the input itself when it is not a date; empty for empty. */
export function formatDateTime(rfc3339: string): string {
  if (!rfc3339) return "";
  const date = parse(rfc3339);
  return date ? dateTimeFormat().format(date) : rfc3339;
}

/** `27 Nov 2026`. */
export function formatDate(rfc3339: string): string {
  if (!rfc3339) return "";
  const date = parse(rfc3339);
  return date ? dateFormat().format(date) : rfc3339;
}

/** `12.3 kB`, for file sizes (`12,3 ko` in French). */
export function formatBytes(bytes: number): string {
  const unit = (u: string, n: number, digits: number): string =>
    formatNumber(n, { style: "unit", unit: u, unitDisplay: "short", maximumFractionDigits: digits, minimumFractionDigits: digits });
  if (bytes < 1000) return unit("byte", bytes, 0);
  if (bytes < 1_000_000) return unit("kilobyte", bytes / 1000, 1);
  return unit("megabyte", bytes / 1_000_000, 1);
}

/** `now`, `2 minutes ago`, `3 hours ago`, `yesterday`; the date beyond a week; `now` is injectable for tests. */
export function formatRelative(rfc3339: string, now: number = Date.now()): string {
  const date = parse(rfc3339);
  if (!date) return rfc3339;
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const relative = relativeFormat();
  if (abs < 45) return relative.format(0, "second");
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), "day");
  return formatDate(rfc3339);
}
