//! Closing the window while it holds what is not saved (edits the core could not save on a full disk, or text typed and not saved yet): the close is held and the person asked, in the window's language, whether to close anyway and lose it.

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

/// What the window holds that closing it would lose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Held {
    /// Edits the core could not save (a full disk) and keeps trying to.
    Edits,
    /// Text typed and not saved yet: a translation in the Versions view, a comment, a reply or an
    /// outcome's observation being written (only the window knows of it: `window_typed`).
    Typed,
}

/// What `session` holds that closing its window would lose, if anything: the edits first, since
/// the person can do nothing about them but wait.
pub(crate) fn held(session: &Session) -> Option<Held> {
    if session.holds_unsaved() {
        Some(Held::Edits)
    } else if session.holds_typed() {
        Some(Held::Typed)
    } else {
        None
    }
}

/// The question about `held` in `locale` ("en", "fr" or "es"; English for anything else).
pub(crate) fn question(locale: &str, held: Held) -> Question {
    match held {
        Held::Edits => edits_question(locale),
        Held::Typed => typed_question(locale),
    }
}

fn typed_question(locale: &str) -> Question {
    match locale {
        "fr" => Question {
            title: "Texte non enregistré",
            message: "Vous avez saisi un texte qui n'est pas encore enregistré (une traduction dans Versions, un commentaire, une réponse ou une observation en cours). Si vous fermez maintenant, il est perdu. Enregistrez-le ou envoyez-le d'abord.",
            close: "Fermer et le perdre",
            keep: "Garder la fenêtre ouverte",
        },
        "es" => Question {
            title: "Texto no guardado",
            message: "Ha escrito un texto que aún no está guardado (una traducción en Versiones, un comentario, una respuesta o una observación en curso). Si cierra ahora, se perderá. Guárdelo o envíelo primero.",
            close: "Cerrar y perderlo",
            keep: "Mantener la ventana abierta",
        },
        _ => Question {
            title: "Unsaved text",
            message: "You have typed text that is not saved yet (a translation in Versions, a comment, a reply or an outcome's observation being written). If you close now, it is lost. Save or send it first.",
            close: "Close and lose it",
            keep: "Keep the window open",
        },
    }
}

fn edits_question(locale: &str) -> Question {
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

/// Handles a request to close `window`: while the window holds what is not saved ([`held`]) the
/// close is prevented and the person asked; the window closes only if they choose to lose it.
pub(crate) fn close_requested<R: Runtime>(window: &Window<R>, api: &tauri::CloseRequestApi) {
    let session = window.state::<Session>();
    let Some(held) = held(&session) else {
        tracing::info!("the window closes");
        return;
    };
    api.prevent_close();
    match held {
        Held::Edits => tracing::warn!("closing the window was held: it holds edits the core could not save"),
        Held::Typed => tracing::warn!("closing the window was held: it holds text typed and not saved"),
    }
    let q = question(&session.locale().locale, held);
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
    fn each_question_is_asked_in_the_windows_three_languages_and_english_otherwise() {
        for held in [Held::Edits, Held::Typed] {
            let [en, fr, es] = crate::locale::SUPPORTED.map(|l| question(l, held));
            assert_ne!(en, fr);
            assert_ne!(en, es);
            assert_ne!(fr, es);
            assert_eq!(question("de", held), en);
            for q in [en, fr, es] {
                assert!(![q.title, q.message, q.close, q.keep].iter().any(|t| t.trim().is_empty()), "{q:?}");
                assert_ne!(q.close, q.keep);
            }
        }
        // The two say different things: the person can save typed text, not a full disk's edits.
        for l in crate::locale::SUPPORTED {
            assert_ne!(question(l, Held::Edits).message, question(l, Held::Typed).message);
            assert_ne!(question(l, Held::Edits).title, question(l, Held::Typed).title);
        }
    }

    #[test]
    fn the_close_is_held_while_the_window_says_it_holds_typed_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::open(dir.path());
        assert_eq!(held(&session), None, "nothing held: the window closes");
        session.set_typed(true);
        assert_eq!(held(&session), Some(Held::Typed));
        session.set_typed(false);
        assert_eq!(held(&session), None, "saved or sent since: the window closes");
    }
}
