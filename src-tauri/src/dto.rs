//! Transport types that cross the IPC edge to the webview; core errors become `{code, message}`.

use serde::Serialize;

/// An error as the UI receives it: it switches on `code` (stable, from `caucus::Error::code`),
/// and shows `message` to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorDto {
    pub code: &'static str,
    pub message: String,
}

impl From<caucus::Error> for ErrorDto {
    fn from(err: caucus::Error) -> Self {
        ErrorDto { code: err.code(), message: err.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_crosses_to_the_ui_as_code_and_message() {
        let dto = ErrorDto { code: "workshop.not_found", message: "no workshop `x`".into() };
        assert_eq!(
            serde_json::to_value(&dto).expect("serialise"),
            serde_json::json!({ "code": "workshop.not_found", "message": "no workshop `x`" })
        );
    }
}
