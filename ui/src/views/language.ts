// The "Language" select (issue #15 §1): English, French or Spanish for this window, each named in
// itself; reached with Tab like every control. In the About dialog and on the Workshops page (not in
// the top bar, which is at its width limit). Choosing one asks the shell to remember it on this
// device; the window is then drawn again in it (the app reloads the page).

import { AUTONYMS, LOCALES, locale, t, type Locale } from "../i18n";
import { el } from "./dom";

export type SetLanguage = (locale: Locale) => Promise<void>;

/** A labelled select of the window's languages, the current one selected; `testid` names it for tests. */
export function languageSelect(setLanguage: SetLanguage, testid: string): HTMLElement {
  const field = el("label", "field language-field");
  const select = el("select", "select-input language-select", undefined, { "data-testid": testid, title: t("language-hint") });
  for (const l of LOCALES) {
    const option = el("option", undefined, AUTONYMS[l], { value: l, lang: l });
    option.selected = l === locale();
    select.append(option);
  }
  select.addEventListener("change", () => {
    const chosen = LOCALES.find((l) => l === select.value);
    if (!chosen || chosen === locale()) return;
    select.disabled = true;
    void setLanguage(chosen).finally(() => {
      // Still here: the window did not switch (it reloads when it does); show the language it speaks.
      select.value = locale();
      select.disabled = false;
    });
  });
  field.append(el("span", "field-label", t("language-label")), select);
  return field;
}
