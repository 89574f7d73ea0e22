//! The one error type that crosses IPC: `{code, message}`. The UI branches on `code`.

use serde::Serialize;

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CommandError {
    /// A stable kebab-case identifier (the engine's [`kuni::Error::code`], or `invalid-argument`,
    /// `index`, `busy`, `internal` from the shell).
    pub code: &'static str,
    /// A plain-words description for people.
    pub message: String,
}

impl CommandError {
    /// An error of the shell's own.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        CommandError {
            code,
            message: message.into(),
        }
    }
}

impl From<kuni::Error> for CommandError {
    fn from(e: kuni::Error) -> Self {
        CommandError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let e: CommandError = kuni::Error::ReportNotFound("xx.ja".into()).into();
        let json = serde_json::to_value(&e).expect("serialisable");
        assert_eq!(
            json,
            serde_json::json!({"code": "report-not-found", "message": "no report `xx.ja` in the library"})
        );
    }
}
