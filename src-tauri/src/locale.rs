//! The window's language (issue #15 §1): English, French or Spanish, from the system locale (POSIX variables first on Linux and the BSDs; the system's own setting through `sys-locale` on Windows and macOS, and where no variable is set) until the user picks one, then as remembered in this device's store settings (never synced).

use crate::dto::{codes, ErrorDto, LocaleDto};
use crate::session::Session;

/// Setting: the language the user picked in the window ("en", "fr" or "es").
pub(crate) const UI_LOCALE: &str = "app.ui_locale";

/// The languages the window speaks, English first (the fallback).
pub(crate) const SUPPORTED: [&str; 3] = ["en", "fr", "es"];

/// The window's language for a locale name, POSIX (`fr_FR.UTF-8`, `es`, `C`) or BCP 47 (`fr-CA`,
/// `es-419`, `zh-Hant-TW`): French or Spanish when its language is theirs, English otherwise.
pub(crate) fn from_tag(name: &str) -> &'static str {
    let lang = name.trim().split(['_', '.', '@', '-']).next().unwrap_or("").to_ascii_lowercase();
    match lang.as_str() {
        "fr" => "fr",
        "es" => "es",
        _ => "en",
    }
}

/// The POSIX variables for messages, in the order POSIX looks them up.
const POSIX_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// Whether the POSIX variables come before the system's own setting: on Linux and the BSDs they
/// are the setting; on Windows and macOS the user picks the language in the system (a Terminal's
/// LANG there follows the region, not the language of the menus).
const POSIX_FIRST: bool = cfg!(all(unix, not(target_os = "macos")));

/// The window's language from what the system says: `posix` (the first of LC_ALL, LC_MESSAGES,
/// LANG set and not empty) and `system` (the system's preferred language, `sys-locale`), the one
/// `posix_first` names first; English when neither says anything.
fn pick(posix: Option<String>, system: Option<String>, posix_first: bool) -> &'static str {
    let (first, second) = if posix_first { (posix, system) } else { (system, posix) };
    [first, second].into_iter().flatten().find(|v| !v.trim().is_empty()).map_or("en", |v| from_tag(&v))
}

/// The system's language for the window (see [`pick`]).
pub(crate) fn system() -> &'static str {
    let posix = POSIX_VARS.iter().filter_map(|var| std::env::var(var).ok()).find(|v| !v.is_empty());
    let system = sys_locale::get_locale().filter(|v| !v.is_empty());
    pick(posix, system, POSIX_FIRST)
}

impl Session {
    /// The language the window uses: the one picked on this device, else the system's. Without a
    /// store (the core did not open) the system's: the window still shows its error in it.
    pub fn locale(&self) -> LocaleDto {
        let system = system();
        let chosen = self
            .caucus()
            .ok()
            .and_then(|c| match c.store().setting(UI_LOCALE) {
                Ok(v) => v,
                Err(err) => {
                    tracing::warn!(code = caucus::Coded::code(&err), "the window's language could not be read");
                    None
                }
            })
            .and_then(|v| SUPPORTED.iter().find(|s| **s == v).copied());
        LocaleDto { locale: chosen.unwrap_or(system).to_string(), system: system.to_string(), chosen: chosen.is_some() }
    }

    /// Remembers `locale` as this device's language for the window.
    pub fn set_locale(&self, locale: &str) -> Result<LocaleDto, ErrorDto> {
        if !SUPPORTED.contains(&locale) {
            return Err(ErrorDto::new(codes::BAD_LOCALE, format!("The window speaks English, French or Spanish, not \"{locale}\".")));
        }
        self.caucus()?.store().put_setting(UI_LOCALE, locale).wait()?;
        tracing::info!(locale, "window language chosen");
        Ok(self.locale())
    }
}

#[cfg(test)]
mod tests {
    use super::{from_tag, pick};

    #[test]
    fn french_and_spanish_locales_pick_their_language_and_any_other_english() {
        assert_eq!(from_tag("fr_FR.UTF-8"), "fr");
        assert_eq!(from_tag("fr_CA"), "fr");
        assert_eq!(from_tag("es_MX.UTF-8"), "es");
        assert_eq!(from_tag("es"), "es");
        assert_eq!(from_tag("en_GB.UTF-8"), "en");
        assert_eq!(from_tag("de_DE.UTF-8"), "en");
        assert_eq!(from_tag("C"), "en");
        assert_eq!(from_tag("C.UTF-8"), "en");
        assert_eq!(from_tag(""), "en");
    }

    #[test]
    fn bcp_47_tags_as_windows_and_macos_give_them_map_to_their_language() {
        assert_eq!(from_tag("fr-CA"), "fr");
        assert_eq!(from_tag("fr-FR"), "fr");
        assert_eq!(from_tag("FR-ch"), "fr");
        assert_eq!(from_tag("es-419"), "es");
        assert_eq!(from_tag("es-ES"), "es");
        assert_eq!(from_tag("es-Latn-MX"), "es");
        assert_eq!(from_tag("en-US"), "en");
        assert_eq!(from_tag("pt-BR"), "en");
        assert_eq!(from_tag("zh-Hant-TW"), "en");
        assert_eq!(from_tag("frr-DE"), "en", "North Frisian is not French");
    }

    #[test]
    fn the_posix_variables_come_first_on_linux_and_the_system_setting_first_on_windows_and_macos() {
        let some = |s: &str| Some(s.to_string());
        // Linux: LANG (or LC_ALL, LC_MESSAGES) when set; the system's setting only without them.
        assert_eq!(pick(some("fr_FR.UTF-8"), some("es-ES"), true), "fr");
        assert_eq!(pick(None, some("es-419"), true), "es");
        // Windows and macOS: the language chosen in the system, over a LANG that follows the region.
        assert_eq!(pick(some("en_US.UTF-8"), some("fr-CA"), false), "fr");
        assert_eq!(pick(some("es_ES.UTF-8"), None, false), "es");
        // Nothing said: English.
        assert_eq!(pick(None, None, true), "en");
        assert_eq!(pick(None, None, false), "en");
    }
}
