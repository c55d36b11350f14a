//! `Coded`: the stable, dotted code (`rights.not_author`) that every error reaching a user carries; it sits below every module so that each implements it for its own errors.

/// A stable, dotted error code (`rights.not_author`): the CLI's `--json` and the app's UI switch
/// on it, never on the message. Every error enum that can reach either implements it.
pub trait Coded {
    fn code(&self) -> &'static str;
}
