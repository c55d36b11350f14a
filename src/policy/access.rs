//! Per-document access (DESIGN §2): what a connection, a bundle's sender or the app's pipe may do with each of the workshop's documents (the three, and the language versions), from the one rule table.

use crate::model::roster::Role;
use crate::model::DocName;

use super::rights::{permits, Action};

/// What a peer may do with one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Not even read: the room refuses the connection.
    None,
    /// Sync (receive the document), awareness; any update it sends must hold nothing new.
    Read,
    /// Everything.
    Write,
}

/// What a connection may do with each of the workshop's documents (DESIGN §2's table, answered by
/// [`permits`] for the member's role: [`Permissions::for_role`]). Defaults to full access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permissions {
    pub draft: Access,
    pub notes: Access,
    pub roster: Access,
    /// The draft's French and Spanish versions (issue #15 §2): one rule for both.
    pub versions: Access,
}

impl Default for Permissions {
    fn default() -> Self {
        Permissions::FULL
    }
}

impl Permissions {
    pub const FULL: Permissions = Permissions { draft: Access::Write, notes: Access::Write, roster: Access::Write, versions: Access::Write };
    pub const READ_ONLY: Permissions = Permissions { draft: Access::Read, notes: Access::Read, roster: Access::Read, versions: Access::Read };

    /// DESIGN §2: everyone reads every document; who writes each is the rule table's
    /// [`Action::Write`].
    pub fn for_role(role: Role) -> Permissions {
        let access = |doc| if permits(role, Action::Write(doc)).is_ok() { Access::Write } else { Access::Read };
        Permissions {
            draft: access(DocName::Draft),
            notes: access(DocName::Notes),
            roster: access(DocName::Roster),
            versions: access(DocName::VersionFr),
        }
    }

    pub fn access(&self, doc: DocName) -> Access {
        match doc {
            DocName::Draft => self.draft,
            DocName::Notes => self.notes,
            DocName::Roster => self.roster,
            DocName::VersionFr | DocName::VersionEs => self.versions,
        }
    }

    /// Whether a message to document `doc` may be handled at all (`writes`: the message may carry
    /// changes). Writes by a reader pass here only if they change nothing, which
    /// [`crate::sync::Session`] checks against the document.
    pub fn allows(&self, doc: DocName, writes: bool) -> bool {
        let needed = if writes { Access::Write } else { Access::Read };
        self.access(doc) >= needed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_reads_everything_and_writes_what_the_table_says() {
        use Access::{Read, Write};
        let table = [
            (Role::Chair, [Write, Write, Write, Write]),
            (Role::Secretariat, [Write, Write, Write, Write]),
            (Role::Delegate, [Write, Write, Read, Read]),
            (Role::Observer, [Read, Write, Read, Read]),
            (Role::Translator, [Read, Write, Read, Write]),
        ];
        for (role, [draft, notes, roster, versions]) in table {
            assert_eq!(Permissions::for_role(role), Permissions { draft, notes, roster, versions }, "{role}");
        }
        let observer = Permissions::for_role(Role::Observer);
        assert!(observer.allows(DocName::Draft, false) && !observer.allows(DocName::Draft, true));
        assert!(!Permissions { draft: Access::None, ..observer }.allows(DocName::Draft, false));
    }
}
