//! The window's language (issue #15 §1): English, French or Spanish, from the system locale until the user picks one, then as remembered in this device's store settings (never synced).

use crate::dto::{codes, ErrorDto, LocaleDto};
use crate::session::Session;

/// Setting: the language the user picked in the window ("en", "fr" or "es").
pub(crate) const UI_LOCALE: &str = "app.ui_locale";

/// The languages the window speaks, English first (the fallback).
pub(crate) const SUPPORTED: [&str; 3] = ["en", "fr", "es"];

/// The window's language for a POSIX locale name (`fr_FR.UTF-8`, `es`, `C`): French or Spanish
/// when it names them, English otherwise.
pub(crate) fn from_posix(name: &str) -> &'static str {
    let lang = name.split(['_', '.', '@', '-']).next().unwrap_or("").to_ascii_lowercase();
    match lang.as_str() {
        "fr" => "fr",
        "es" => "es",
        _ => "en",
    }
}

/// The system's language as POSIX looks it up for messages: LC_ALL, then LC_MESSAGES, then LANG
/// (the first one set and not empty).
pub(crate) fn system() -> &'static str {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|v| !v.is_empty())
        .map_or("en", |v| from_posix(&v))
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
    use super::from_posix;

    #[test]
    fn french_and_spanish_locales_pick_their_language_and_any_other_english() {
        assert_eq!(from_posix("fr_FR.UTF-8"), "fr");
        assert_eq!(from_posix("fr_CA"), "fr");
        assert_eq!(from_posix("es_MX.UTF-8"), "es");
        assert_eq!(from_posix("es"), "es");
        assert_eq!(from_posix("en_GB.UTF-8"), "en");
        assert_eq!(from_posix("de_DE.UTF-8"), "en");
        assert_eq!(from_posix("C"), "en");
        assert_eq!(from_posix("C.UTF-8"), "en");
        assert_eq!(from_posix(""), "en");
    }
}
