// The window's language (issue #15 §1): owns the current locale, the Fluent bundles built from the
// catalogue files (en.ftl, fr.ftl, es.ftl, bundled at build time), `t(id, args)`, and the locale's
// Intl formats (dates, numbers, plural categories). Every user-visible string of the window comes
// from here: one message per sentence, placeholders and plurals in the catalogue, never pieces
// concatenated. A message missing from a language falls back to English (the catalogue test keeps
// the three complete); a missing id shows the id itself, so it is seen, never a blank.

import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";

import EN from "./en.ftl?raw";
import ES from "./es.ftl?raw";
import FR from "./fr.ftl?raw";

export type Locale = "en" | "fr" | "es";

/** The languages the window speaks, in the order the Language select lists them. */
export const LOCALES: readonly Locale[] = ["en", "fr", "es"];

/** Each language's name in itself, as the Language select shows it whatever the window's language. */
export const AUTONYMS: Record<Locale, string> = { en: "English", fr: "Français", es: "Español" };

/** The catalogue file of each language (the catalogue test reads the same files). */
export const SOURCES: Record<Locale, string> = { en: EN, fr: FR, es: ES };

/** The Intl locale of each language (dates as read in Geneva, Paris and Madrid). */
const INTL: Record<Locale, string> = { en: "en-GB", fr: "fr-FR", es: "es-ES" };

const bundles = new Map<Locale, FluentBundle>();

function bundle(locale: Locale): FluentBundle {
  let b = bundles.get(locale);
  if (!b) {
    // No bidi isolation marks: the three languages are left-to-right, and the marks would reach
    // aria-labels, titles and copied text.
    b = new FluentBundle(INTL[locale], { useIsolating: false });
    b.addResource(new FluentResource(SOURCES[locale]));
    bundles.set(locale, b);
  }
  return b;
}

let current: Locale = "en";

/** "fr" for `fr`, `fr-CA`, `fr_FR.UTF-8`; "es" likewise; anything else "en". */
export function toLocale(name: string | null | undefined): Locale {
  const lang = (name ?? "").toLowerCase().split(/[-_.@]/)[0];
  return lang === "fr" || lang === "es" ? lang : "en";
}

/** Sets the window's language (and the document's `lang`, for screen readers and hyphenation). */
export function setLocale(locale: Locale): void {
  current = locale;
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

export function locale(): Locale {
  return current;
}

/** The Intl locale tag of the window's language (`fr-FR`). */
export function intlLocale(): string {
  return INTL[current];
}

export type Args = Record<string, FluentVariable>;

/** Message `id` in the window's language, its placeholders filled from `args`. */
export function t(id: string, args?: Args): string {
  for (const b of [bundle(current), bundle("en")]) {
    const message = b.getMessage(id);
    if (message?.value) return b.formatPattern(message.value, args ?? null);
  }
  return id;
}

/** Whether the catalogue has message `id` (in English, which every language matches). */
export function has(id: string): boolean {
  return bundle("en").hasMessage(id);
}

/** The catalogue id of an error code: `error-` and the code, dots as dashes (`error-rights-not_author`). */
export function errorId(code: string): string {
  return `error-${code.replace(/\./g, "-")}`;
}

/**
 * An error as the window says it. In French and Spanish, the catalogue's sentence for its code,
 * else the message the shell sent (English). In English, the shell's own message: it is English
 * already and names the specifics (the file, the paragraph, the limit) that a sentence per code
 * cannot; the English catalogue entries are the source the translations follow.
 */
export function errorText(error: { code: string; message: string }): string {
  const id = errorId(error.code);
  if (current === "en" && error.message) return error.message;
  return has(id) ? t(id) : error.message;
}

/** `27 Nov 2026, 10:04` / `27 nov. 2026, 10:04` / `27 nov 2026, 10:04`. */
export function dateTimeFormat(): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(INTL[current], { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** `27 Nov 2026`. */
export function dateFormat(): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(INTL[current], { day: "numeric", month: "short", year: "numeric" });
}

/** `10:04`. */
export function timeFormat(): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(INTL[current], { hour: "2-digit", minute: "2-digit" });
}

export function relativeFormat(): Intl.RelativeTimeFormat {
  return new Intl.RelativeTimeFormat(INTL[current], { numeric: "auto" });
}

/** `1,234` / `1 234` / `1234`. */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(INTL[current], options).format(n);
}

/** The plural category of `n` in the window's language (what Fluent's `[one]`/`[other]` select). */
export function pluralCategory(n: number): Intl.LDMLPluralRule {
  return new Intl.PluralRules(INTL[current]).select(n);
}
