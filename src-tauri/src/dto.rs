//! Transport types that cross the IPC edge to the webview; core errors become `{code, message}`.

use caucus::model::roster::{Group, Role};
use caucus::Coded;
use serde::{Deserialize, Serialize};

/// Error codes the shell itself produces (the core's come from [`caucus::Coded`]).
pub mod codes {
    /// The export folder could not be made or the file could not be written.
    pub const EXPORT_WRITE: &str = "export.write_failed";
    /// A blocking task of a command did not finish (it panicked or was cancelled).
    pub const TASK_FAILED: &str = "app.task_failed";
    /// This device's role may not do that (the same code as the core's milestone check).
    pub const ROLE_FORBIDDEN: &str = "role.forbidden";
    /// No workshop could be opened.
    pub const NO_WORKSHOP: &str = "app.no_workshop";
    /// Going online needs a relay address and none is known.
    pub const NO_RELAY: &str = "sync.no_relay";
    /// Hosting on the local network needs a network address.
    pub const NO_NETWORK: &str = "sync.no_network";
    /// A raw IPC call came without its body or header.
    pub const BAD_REQUEST: &str = "app.bad_request";
}

/// An error as the UI receives it: it switches on `code` (stable, from [`caucus::Coded`]),
/// and shows `message` to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorDto {
    pub code: &'static str,
    pub message: String,
}

impl ErrorDto {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ErrorDto { code, message: message.into() }
    }
}

impl From<caucus::store::StoreError> for ErrorDto {
    fn from(err: caucus::store::StoreError) -> Self {
        ErrorDto::from(caucus::Error::from(err))
    }
}

impl ErrorDto {
    /// Any coded error of the core (the façade's, sync's, a bundle's): its code and message.
    fn coded(err: &(impl Coded + std::fmt::Display)) -> Self {
        ErrorDto { code: err.code(), message: err.to_string() }
    }
}

impl From<caucus::Error> for ErrorDto {
    fn from(err: caucus::Error) -> Self {
        ErrorDto::coded(&err)
    }
}

impl From<caucus::sync::SyncError> for ErrorDto {
    fn from(err: caucus::sync::SyncError) -> Self {
        ErrorDto::coded(&err)
    }
}

/// A milestone as the panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneDto {
    pub name: String,
    /// RFC 3339.
    pub created: String,
    /// Member id of whoever froze it (empty when unknown).
    pub created_by: String,
    /// `Name (Delegation)` of that member, when the roster knows them.
    pub created_by_name: Option<String>,
}

/// The milestones panel: every milestone (oldest first) and whether this device may freeze one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestonesDto {
    pub milestones: Vec<MilestoneDto>,
    /// This device's member is the chair.
    pub can_create: bool,
}

/// A written export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportedDto {
    /// Full path of the file (lossy UTF-8).
    pub path: String,
    pub file_name: String,
    /// Size of the file in bytes.
    pub bytes: usize,
    /// `md`, `html`, `docx`, `pdf` or `akn`.
    pub format: &'static str,
}

/// What this device may do with a document (ui/src/ipc/types.ts `Access`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccessDto {
    None,
    Read,
    Write,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PermissionsDto {
    pub draft: AccessDto,
    pub notes: AccessDto,
    pub roster: AccessDto,
}

/// One line of the workshops list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkshopSummaryDto {
    pub id: String,
    pub title: String,
    pub symbol: String,
    pub meeting: String,
    pub role: Option<Role>,
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberDto {
    pub id: String,
    pub name: String,
    pub delegation: String,
    pub role: Role,
    pub group: Group,
    pub added: String,
    pub removed: Option<String>,
    pub full_name: String,
}

/// The open workshop and what this device may do in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkshopInfoDto {
    pub id: String,
    pub title: String,
    pub symbol: String,
    pub meeting: String,
    pub me: Option<MemberDto>,
    pub permissions: PermissionsDto,
    pub can_manage_members: bool,
    pub can_freeze: bool,
    pub relay: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembersDto {
    pub members: Vec<MemberDto>,
    pub can_manage: bool,
    pub me: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewMemberDto {
    pub name: String,
    #[serde(default)]
    pub delegation: String,
    pub role: Role,
    pub group: Group,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvitationDto {
    pub token: String,
    pub member: String,
    pub role: Role,
    pub expires: i64,
    pub relay: Option<String>,
}

/// A comment on a selection: Yjs relative positions (v1 bytes) into the draft's body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewCommentDto {
    pub anchor_start: Vec<u8>,
    pub anchor_end: Vec<u8>,
    /// What the webview saw selected (the core takes the quote from its own draft).
    #[serde(default)]
    pub quote: String,
    #[serde(default)]
    pub para: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeerDto {
    pub address: String,
    /// `relay` or `lan`.
    pub kind: &'static str,
    pub connected: bool,
    pub last_synced: Option<String>,
}

/// The sync status the window always shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncStatusDto {
    /// Increases with every status computed: a status with a lower number than one already
    /// shown is older (a command's answer can arrive after a newer pushed status).
    pub seq: u64,
    /// `local`, `offline`, `connecting` or `synced`.
    pub state: &'static str,
    pub relay: Option<String>,
    pub unacknowledged: u64,
    pub last_error: Option<String>,
    pub offline_chosen: bool,
    pub peers: Vec<PeerDto>,
}

/// This device's relay for the local network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanHostDto {
    pub hosting: bool,
    /// `wss://<LAN address>:<port>` while hosting.
    pub url: Option<String>,
    /// SHA-256 of its certificate (invitations pin it).
    pub fingerprint: Option<String>,
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

    /// ui/src/ipc/types.ts mirrors these: keep the two in step.
    #[test]
    fn milestones_and_exports_have_the_shape_the_ui_reads() {
        let list = MilestonesDto {
            milestones: vec![MilestoneDto {
                name: "Report to SC70".into(),
                created: "2026-11-27T10:00:00Z".into(),
                created_by: "m-1".into(),
                created_by_name: Some("Chair (Dunmere)".into()),
            }],
            can_create: true,
        };
        assert_eq!(
            serde_json::to_value(&list).expect("serialise"),
            serde_json::json!({
                "milestones": [{ "name": "Report to SC70", "created": "2026-11-27T10:00:00Z",
                                 "created_by": "m-1", "created_by_name": "Chair (Dunmere)" }],
                "can_create": true
            })
        );
        let exported = ExportedDto { path: "/x/a.docx".into(), file_name: "a.docx".into(), bytes: 3, format: "docx" };
        assert_eq!(
            serde_json::to_value(&exported).expect("serialise"),
            serde_json::json!({ "path": "/x/a.docx", "file_name": "a.docx", "bytes": 3, "format": "docx" })
        );
    }
}
