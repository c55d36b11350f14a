//! Closing the window while it holds edits the core could not save (a full disk): the close is held and the person asked, in the window's language, whether to close anyway and lose them.

use tauri::{Manager, Runtime, Window};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::session::Session;

/// What the question says, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Question {
    pub title: &'static str,
    pub message: &'static str,
    /// The button that closes the window (and loses the edits).
    pub close: &'static str,
    /// The button (and Escape) that keeps it open.
    pub keep: &'static str,
}

/// The question in `locale` ("en", "fr" or "es"; English for anything else).
pub(crate) fn question(locale: &str) -> Question {
    match locale {
        "fr" => Question {
            title: "Modifications non enregistrées",
            message: "Vos dernières modifications ne sont pas enregistrées : Caucus n'a pas pu les écrire sur le disque (il est peut-être plein) et continue d'essayer. Si vous fermez maintenant, elles sont perdues. Libérez de l'espace et attendez que le projet indique Enregistré.",
            close: "Fermer et les perdre",
            keep: "Garder la fenêtre ouverte",
        },
        "es" => Question {
            title: "Modificaciones no guardadas",
            message: "Sus últimas modificaciones no están guardadas: Caucus no pudo escribirlas en el disco (puede estar lleno) y sigue intentándolo. Si cierra ahora, se perderán. Libere espacio y espere a que el proyecto indique Guardado.",
            close: "Cerrar y perderlas",
            keep: "Mantener la ventana abierta",
        },
        _ => Question {
            title: "Unsaved edits",
            message: "Your latest edits are not saved: Caucus could not write them to the disk (it may be full) and keeps trying. If you close now, they are lost. Free space and wait until the draft says Saved.",
            close: "Close and lose them",
            keep: "Keep the window open",
        },
    }
}

/// Handles a request to close `window`: while the session holds unsaved edits the close is
/// prevented and the person asked; the window closes only if they choose to lose the edits.
pub(crate) fn close_requested<R: Runtime>(window: &Window<R>, api: &tauri::CloseRequestApi) {
    let session = window.state::<Session>();
    if !session.holds_unsaved() {
        tracing::info!("the window closes");
        return;
    }
    api.prevent_close();
    tracing::warn!("closing the window was held: it holds edits the core could not save");
    let q = question(&session.locale().locale);
    let closing = window.clone();
    window
        .dialog()
        .message(q.message)
        .title(q.title)
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom(q.close.to_string(), q.keep.to_string()))
        .parent(window)
        .show(move |close| {
            if close {
                tracing::warn!("the window closes with edits the core could not save, as chosen");
                if let Err(e) = closing.destroy() {
                    tracing::error!(error = %e, "the window could not be closed");
                }
            } else {
                tracing::info!("the window stays open, as chosen");
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_is_asked_in_the_windows_three_languages_and_english_otherwise() {
        let [en, fr, es] = crate::locale::SUPPORTED.map(question);
        assert_ne!(en, fr);
        assert_ne!(en, es);
        assert_ne!(fr, es);
        assert_eq!(question("de"), en);
        for q in [en, fr, es] {
            assert!(![q.title, q.message, q.close, q.keep].iter().any(|t| t.trim().is_empty()), "{q:?}");
            assert_ne!(q.close, q.keep);
        }
    }
}
