# The window's messages in English (issue #15 §1). fr.ftl and es.ftl hold the same ids with the
# same placeholders (ui/test/i18n.test.mjs checks it). CITES's own terms as its documents use them.

## Language
language-label = Language
language-not-switched = The language was not switched
language-later = Your latest changes are not saved yet; switch the language once the top bar says Saved.
language-hint = The window's language on this device.

## Top bar
nav-views = Views
nav-draft = Draft
nav-status = Status
nav-members = Members
nav-milestones = Milestones
nav-workshops = Workshops
topbar-export = Export…
topbar-about = About
topbar-about-title = Version, licence, data directory and language (F1)
role-badge-can = : { $can }
role-badge-title = { $role }: { $can }
stage-chip-label = Stage: { $stage }
stage-chip-label-change = Stage: { $stage } (change)
stage-chip-set-by = Set by { $who }.
stage-chip-title = { $stage }. { $by }
stage-chip-title-change = { $stage }. { $by } Press to change it.
save-not-saved = Not saved
save-not-saved-title = The last edit could not be saved: { $message } ({ $code })
save-saving = Saving…
save-saving-title = { $count ->
    [one] { $count } edit waiting to be written to disk
   *[other] { $count } edits waiting to be written to disk
}
save-saved = Saved
save-saved-title = Every edit is written to this device's disk
save-banner-disk-full-title = The disk is full.
save-banner-disk-full-body = Your latest changes are not saved yet. Free some space on this computer's disk; Caucus keeps the changes in this window and saves them as soon as there is room. Do not close the window until this banner is gone.
save-banner-failed-title = Your latest changes could not be saved.
save-banner-failed-body = Caucus keeps them in this window and tries again every few seconds. Do not close the window until this banner is gone.
error-code-short = ({ $code })

## Roles and constituencies (the stored values stay English)
role-chair = Chair
role-secretariat = Secretariat
role-delegate = Delegate
role-observer = Observer
role-translator = Translator
role-reader = Reader
role-heading-chair = Chair
role-heading-secretariat = Secretariat
role-heading-delegate = Delegates
role-heading-observer = Observers
role-heading-translator = Translators
role-can-edit = you can edit
role-can-comment = you can comment, not edit
role-can-read = you can read, not edit or comment
role-can-chair = you edit, manage members and freeze milestones
role-can-manage = you edit and manage members
role-can-edit-comment = you can edit and comment
role-banner-lead = { $role ->
    [chair] You take part as chair:
    [secretariat] You take part as the Secretariat:
    [delegate] You take part as a delegate:
    [translator] You take part as a translator:
   *[observer] You take part as an observer:
}
role-banner-lead-none = This device has no identity in this workshop:
role-banner-comment = the text is read-only for you. Select words in the draft and press Comment to annotate them; the delegations see your comments.
role-banner-read = the draft and its comments are read-only for you.
group-producer-country = Producer countries
group-consumer-country = Consumer countries
group-internet-company-country = Countries with large internet companies
group-ngo = NGOs
group-lawyer = Lawyers
group-expert = Experts
group-secretariat = Secretariat

## Window, notices and errors
comments-panel-label = Comments
workshop-opening = Opening the workshop…
workshop-open-another = Open another workshop
notice-title = { $title }:
notice-dismiss = Dismiss
notice-nothing-saved = Nothing was saved
notice-change-refused = That change could not be made
notice-stage-unknown = The stage of the workshop is not known
notice-not-imported = { $file } was not imported
notice-drops-off = Dropped files will not be imported
notice-links-off = Invitation links will not open Join
error-title-draft = The draft could not be opened
error-title-open = The workshop could not be opened
error-title-no-workshop = No workshop is open
error-title-compare = The changes since “{ $milestone }” could not be shown
error-code-line = Error code: { $code }
error-with-code = { $message } ({ $code })
error-hint-ipc_unavailable = Start Caucus with scripts/run-app.sh; the page cannot open a workshop on its own.
version-banner-lead = Update Caucus to edit this draft:
version-banner-body = it was written by a newer version of Caucus (draft layout { $declared }; this version knows layout { $known }). It is shown read-only, so that nothing this version cannot show is changed or lost. Comments still work.
dialog-close = Close
dialog-cancel = Cancel
copy-done = Copied.
copy-selected = Selected: press Ctrl+C (⌘C) to copy.

## Compare with a milestone, restore, revert
compare-idle-title = Compare with a milestone
compare-idle-body = Milestones are the draft frozen as it was, for example when it went to a Standing Committee meeting. Choose one at the right and press Compare to see what has changed since: inserted text underlined, deleted text struck through, each change with the delegation that made it.
compare-back = Back to draft
paragraphs-changed-back = { $count } changed back
paragraphs-brought-back = { $count } brought back
paragraphs-removed = { $count } removed
paragraphs-added-removed = { $count } added since removed
revert-done = { $who }’s changes since “{ $milestone }” are undone (paragraphs: { $parts }). Every member receives the change; the log records it.
revert-done-none = { $who }’s changes since “{ $milestone }” are undone (there were none). Every member receives the change; the log records it.
revert-failed = Not undone: { $message } ({ $code })
restore-done = { $what ->
    [paragraph] The paragraph
   *[draft] The draft
} is as it was at “{ $milestone }” (paragraphs: { $parts }). Every member receives the change; the log records it.
restore-done-none = { $what ->
    [paragraph] The paragraph
   *[draft] The draft
} is as it was at “{ $milestone }” (it already was). Every member receives the change; the log records it.
restore-failed = Not restored: { $message } ({ $code })
restore-paragraph = Restore
restore-paragraph-label = Restore paragraph { $number } as it was at “{ $milestone }”
restore-paragraph-title = Bring paragraph { $number } back as it was at “{ $milestone }” (a new change every member receives)
restore-this-paragraph-label = Restore this paragraph as it was at “{ $milestone }”
restore-this-paragraph-title = Bring this paragraph back as it was at “{ $milestone }” (a new change every member receives)

## About
about-title = About Caucus
about-intro = Co-draft a resolution, online or offline.
about-version = Version
about-licence = Licence
about-data-dir = Data directory
about-data-dir-none = none (see the window's error)

## Workshops
workshops-title = Workshops
workshops-intro = Every workshop on this device. Each keeps its own draft, comments and members.
workshops-loading = Loading the workshops…
workshops-list-failed = The workshops could not be listed: { $message }
workshops-empty = No workshop on this device yet: create, join or import one below.
workshops-list-label = Workshops on this device
workshop-show-label = Show { $name }
workshop-open-label = Open { $name }
workshop-untitled = Untitled workshop
workshop-no-identity = No identity
workshop-open-chip = open
workshop-opening-named = Opening { $name }…
import-pending = Importing { $file }…
import-pending-first = Importing { $file } (only the first of the dropped files)…
create-title = New workshop
create-intro = You chair it: you invite the members and freeze milestones.
create-field-title = Title
create-field-title-placeholder = e.g. Wildlife cybercrime
create-field-symbol = Document symbol
create-field-symbol-placeholder = e.g. SC70 Doc. 30
create-field-meeting = Meeting
create-field-meeting-placeholder = e.g. Seventieth meeting of the Standing Committee
create-submit = Create workshop
create-needs-title = Give the workshop a title.
create-pending = Creating the workshop…
join-title = Join with an invitation
join-intro = Open the invitation link the chair sent you, or paste it or its token here. Caucus fetches the workshop from its relay.
join-token-placeholder = caucus://join?token=… or caucus1.…
join-submit = Join
join-token-label = Invitation token or link
join-needs-token = Paste the invitation token first.
join-pending = Joining: fetching the workshop from its relay…
join-from-link = An invitation link opened Caucus with this token. Join the workshop on this device? Press Join to set it up, or close this view to leave it.
join-link-not-invitation = The link that opened Caucus is not an invitation: { $message }
import-title = Import a draft: .docx, .txt or .md
import-intro = A CITES document from Word (its tracked changes accepted), as plain text or as Markdown becomes the draft of a new workshop that you chair.
import-choose = Choose a file…
import-drop-hint = Or drop the file on this window while this page is shown.

## Members
members-title = Members
members-grouping = Group the members
members-by-role = By role
members-by-group = By constituency
members-loading = Loading the members…
members-no-workshop = No workshop is open.
members-load-failed = The members could not be read: { $message }
members-count = { $count ->
    [one] { $count } member.
   *[other] { $count } members.
}
members-count-removed = { $count ->
    [one] { $count } member, { $removed } removed.
   *[other] { $count } members, { $removed } removed.
}
members-intro-chair = Add members, then send each an invitation: it lets their device join this workshop with their role.
members-intro-manage = You add and remove members; invitations are signed on the chair's device.
members-read-only = Only the chair and the Secretariat change the membership; { $role ->
    [chair] you take part as chair
    [secretariat] you take part as the Secretariat
    [delegate] you take part as a delegate
    [observer] you take part as an observer
    [translator] you take part as a translator
   *[none] you are a reader without an identity here
}, so this list is read-only for you.
members-empty = No member yet.
members-you = you
member-removed-on = removed { $date }
member-removed-title = Removed { $date }; their invitations no longer work.
member-added-on = added { $date }
member-added-title = Added { $date }
member-invite = Invite
member-invite-label = Create an invitation for { $name }
member-remove = Remove
member-remove-label = Remove { $name }
member-remove-confirm-label = Confirm removing { $name }
member-remove-confirm = Remove { $name }? Their invitations stop working; their name stays in the history.
member-removing = Removing…
invitation-signing = Signing an invitation for { $name }…
invitation-failed = No invitation for { $name }: { $message }
invitation-title = Invitation for { $name }
invitation-close = Close the invitation
invitation-facts = { $role ->
    [chair] As chair
    [secretariat] As the Secretariat
    [delegate] As delegate
    [translator] As translator
   *[observer] As observer
} · valid until { $date } · no relay named: they sync on this network or by bundle.
invitation-facts-relay = { $role ->
    [chair] As chair
    [secretariat] As the Secretariat
    [delegate] As delegate
    [translator] As translator
   *[observer] As observer
} · valid until { $date } · syncs through { $relay }.
invitation-copy-link = Copy link
invitation-copy-token = Copy token
invitation-link-label = Send this link to them: opening it starts Caucus at Join, with the invitation filled in.
invitation-token-label = Or the token alone, which they paste under Workshops → Join with an invitation.
member-field-name = Name
member-field-name-placeholder = e.g. Ana Costa
member-field-delegation = Delegation or organisation
member-field-delegation-placeholder = e.g. Brazil, TRAFFIC
member-field-group = Constituency
member-field-role = Role
member-add = Add member
member-add-title = Add a member
member-needs-name = Give the member's name.
member-adding = Adding…
member-added = { $name } is a member.
member-invite-now = Invite them now

## Errors by stable code (error-<code>, dots as dashes). A code not listed here shows the
## message the shell sent (English).
error-ipc_unavailable = Caucus must run inside its desktop shell.
error-ipc_unexpected = The desktop shell answered with something the window does not understand.
error-app-task_failed = The command did not finish. Try again; if it keeps failing, restart Caucus.
error-app-no_workshop = No workshop could be opened.
error-app-workshop_not_open = The window's changes were meant for a workshop that is no longer open; nothing of them was saved in the open one.
error-app-bad_request = The window sent the shell an incomplete request.
error-app-bad_locale = The window speaks English, French or Spanish only.
error-role-forbidden = Your role in this workshop may not do that.
error-rights-not_permitted = Your role in this workshop may not do that.
error-rights-stage = The workshop's stage does not allow your role to do that now.
error-rights-chair_protected = Nobody removes or demotes the chair.
error-rights-too_long = The text is longer than the limit.
error-rights-newer_schema = This draft was written by a newer version of Caucus: update Caucus to edit it.
error-draft-newer_schema = This draft was written by a newer version of Caucus: update Caucus to edit it.
error-draft-no_such_paragraph = That paragraph is no longer in the draft.
error-draft-bad_level = That level is out of range: levels are 0, 1 and 2.
error-draft-bad_structure = The draft's structure is broken; the change was refused.
error-bracket-not_found = That bracket is no longer in the draft.
error-milestone-exists = There is already a milestone of that name.
error-milestone-not_found = There is no milestone of that name.
error-milestone-incomplete = This device has not yet received all of the draft as it was at that milestone: sync with a member who has it, then try again.
error-milestone-no_such_paragraph = The draft at that milestone has no such paragraph.
error-notes-quote_not_found = The quoted text was not found in the draft.
error-notes-quote_ambiguous = The quoted text occurs more than once: select more words.
error-notes-bad_anchor = A comment must select some words of one paragraph, as the draft is now.
error-notes-no_such_thread = That comment thread no longer exists.
error-notes-own_delegation = The thread speaks for your delegation already: a delegation supports other delegations' comments.
error-notes-no_proposal = That thread proposes no wording.
error-notes-proposal_orphaned = The words the proposal would replace were deleted: there is nothing to apply it to.
error-notes-proposal_stale = The words the proposal was made against have changed since: review it against the text as it is now, then confirm.
error-roster-no_such_member = There is no such member.
error-roster-member_removed = That member was already removed.
error-input-empty = Fill in the fields marked as needed.
error-input-bad_date = The deadline is not a date (YYYY-MM-DD).
error-input-invalid = The input is not valid.
error-workshop-not_found = No workshop on this device matches.
error-workshop-no_identity = This device holds no identity in that workshop.
error-auth-malformed = This is not an invitation link or token.
error-auth-bad_signature = The invitation's signature does not verify against the chair's key.
error-auth-expired = The invitation has expired: ask the chair for a new one.
error-auth-revoked = This member has been removed from the workshop: the invitation no longer works.
error-auth-unknown_member = The invitation names a member who is not in the workshop's roster.
error-auth-wrong_role = The invitation's role differs from the member's role in the roster.
error-auth-wrong_workshop = The invitation is for another workshop.
error-auth-not_chair = Only the chair's device can sign invitations.
error-store-disk_full = The disk is full: nothing of this change was saved. Free some space, then try again.
error-store-in_use = Another program is using this data directory.
error-store-too_new = The data was written by a newer version of Caucus: update Caucus.
error-store-commit_failed = Saving failed: nothing of this change was saved.
error-store-maybe_saved = The disk reported an error while saving: this change may have been saved, or not. Reopen the workshop to see what is on disk.
error-store-reload_required = An earlier save failed: open the workshop again to continue from what is on disk.
error-store-no_data_dir = Caucus cannot find its data directory.
error-sync-no_relay = No relay is known for this workshop: give its address.
error-sync-no_network = This computer has no local network address to host on.
error-sync-timeout = The relay did not answer in time. What it has not acknowledged is still here: sync again once it is reachable.
error-sync-transport = The connection failed. What the relay has not acknowledged is still here: sync again once it is reachable.
error-sync-cert_mismatch = The relay presented another certificate than the invitation names: Caucus refused to connect.
error-sync-forbidden = The relay refused: this connection may not do that.
error-file-cancelled = No file was chosen.
error-file-too_large = The file is too large to import.
error-file-unreadable = The file could not be read.
error-file-drop_here = Drop a draft on the Workshops page, or a comment table on the Draft page beside the comments.
error-import-empty = The file is empty: there is no text to import.
error-import-binary = The file is not a text, Markdown or Word document.
error-export-write_failed = The exported file could not be written.
error-table-too_large = The comment table is too large to import here.
error-table-no_table = The file holds no table.
error-table-no_headings = No table in the file has the headings of a comment table (a Comment or Proposed change column, and a Paragraph or Delegation column).
error-table-unsupported_format = That is not a comment table: import a Word (.docx), Excel (.xlsx) or CSV (.csv) file.

## Stages of the workshop
stage-drafting = Drafting
stage-comment-round = Comment round
stage-revision = Revision
stage-closed = Closed
stage-hint-drafting = Delegations edit the draft directly.
stage-hint-comment-round = Delegations and observers comment and propose wording; only the chair and the Secretariat edit the draft.
stage-hint-revision = The chair and the Secretariat edit, apply proposals and record outcomes; others read and reply.
stage-hint-closed = Nobody edits the draft or comments; milestones and exports still work.
stage-days-left = { $days ->
    [0] last day
    [one] { $days } day left
   *[other] { $days } days left
}
stage-deadline-passed-ago = { $days ->
    [1] deadline passed yesterday
   *[other] deadline passed { $days } days ago
}
stage-summary-passed = { $stage } · deadline { $date } passed
stage-summary-until = { $stage } · until { $date }
stage-summary-until-left = { $stage } · until { $date } · { $left }
stage-sentence-until = Comment round until { $date }
stage-sentence-until-left = Comment round until { $date } ({ $left })
stage-banner-round-until = Comment round until { $date }:
stage-banner-round = Comment round:
stage-banner-round-propose = the chair and the Secretariat edit the draft; propose a change on any words instead (select them, then press Propose change).
stage-banner-round-read = the chair and the Secretariat edit the draft.
stage-banner-revision = Revision:
stage-banner-revision-rest = the chair and the Secretariat edit the draft, apply proposals and record outcomes; you can read and reply to comments.
stage-banner-closed = The workshop is closed:
stage-banner-closed-rest = nobody edits the draft or comments any more; milestones and exports still work.
stage-banner-other = { $stage }:
stage-banner-other-rest = the draft is read-only for you in this stage.
stage-dialog-title = Stage of the workshop
stage-dialog-stage = Stage
stage-dialog-deadline = Deadline for comments (optional)
stage-dialog-deadline-note = A comment dated after it is kept and shown as late.
stage-dialog-submit = Set stage

## Sync
sync-state-local = Local only
sync-state-offline = Offline
sync-state-connecting = Connecting…
sync-state-synced = Synced
sync-label = Sync…
sync-title = Sync
sync-close = Close the sync panel
sync-unavailable = Sync unavailable
sync-watch-failed = The sync status could not be read: { $message } ({ $code })
sync-unacked = { $count ->
    [one] { $count } unsynced change
   *[other] { $count } unsynced changes
}
sync-button-label = Sync: { $state }. Show the sync panel
sync-button-label-unacked = Sync: { $state }, { $count ->
    [one] { $count } unsynced change
   *[other] { $count } unsynced changes
}. Show the sync panel
sync-describe-local = This workshop has no relay: edits stay on this device. Connect with an invitation or a relay's address.
sync-describe-offline-chosen = Working offline: edits are saved here and sent to { $relay } when you connect.
sync-describe-offline-chosen-any = Working offline: edits are saved here and sent to the relay when you connect.
sync-describe-offline = Not connected to { $relay }; edits are saved here.
sync-describe-offline-any = Not connected to the relay; edits are saved here.
sync-connecting-to = Connecting to { $relay }…
sync-connecting-any = Connecting…
sync-describe-sending = Connected to { $relay }; sending { $count ->
    [one] { $count } change
   *[other] { $count } changes
}.
sync-describe-synced = Connected to { $relay }; every change is synced.
sync-reading = Reading the sync status…
sync-last-error = The last connection failed:
sync-connect = Connect
sync-connected = Connected
sync-connect-to = Connect to { $relay }
sync-work-offline = Work offline
sync-going-offline = Going offline…
sync-note-no-relay = No relay is known for this workshop: enter one below, or join with an invitation.
sync-note-connects = Connects to { $relay } and keeps trying until you choose to work offline.
sync-note-offline = Edits keep being saved on this device and are sent when you connect again.
sync-other-relay = Connect to another relay
sync-needs-relay = Enter the relay's address, e.g. wss://relay.example.org:4433.
sync-peers = Peers
sync-no-peer = No peer yet.
sync-peer-state = { $kind ->
    [lan] On this network
   *[relay] Relay
} · { $connected ->
    [yes] connected
   *[no] not connected
}
sync-peer-last-synced = last synced { $when }
sync-peer-never = never synced
sync-lan-title = On this network
sync-lan-find = Find on this network
sync-lan-listening = Listening on this network…
sync-lan-none = No Caucus relay on this network hosts this workshop.
sync-lan-failed = The search failed: { $message }
sync-host = Host this device's workshops on this network
sync-host-starting = Starting…
sync-host-stopping = Stopping…
sync-host-on = Peers on this network reach this device at { $url }; invitations made here name it and pin its certificate ({ $fingerprint }…).
sync-host-off = Off: peers on this network connect through a relay.

## Bracket statuses, thread types and outcomes (the stored values stay English)
bracket-status-open = Open
bracket-status-agreed = Agreed
bracket-status-agreed-ad-ref = Agreed ad referendum
bracket-status-agreed-ad-ref-short = Agreed ad ref.
bracket-status-withdrawn = Withdrawn
thread-type-general = General
thread-type-technical = Technical
thread-type-editorial = Editorial

## Status of the negotiation
status-title = Where the negotiation stands
status-loading = Reading where the negotiation stands…
status-load-failed = Where the negotiation stands could not be read: { $message }
status-intro-none = No paragraph is under negotiation yet.
status-intro = { $settled } of { $total ->
    [one] { $total } paragraph
   *[other] { $total } paragraphs
} under negotiation settled (agreed or agreed ad referendum). Computed from the brackets and the comments, never typed; choose a bracket or a paragraph to see it in the draft.
status-keeps-open-brackets = { $count ->
    [one] { $count } open bracket
   *[other] { $count } open brackets
}
status-keeps-open-threads = { $count ->
    [one] { $count } comment awaiting an outcome
   *[other] { $count } comments awaiting an outcome
}
status-keeps-open-ad-ref = { $count ->
    [one] { $count } bracket agreed ad ref.
   *[other] { $count } brackets agreed ad ref.
}
status-paragraph-unnumbered = an unnumbered paragraph
status-paragraph-named = paragraph { $citation }
status-progress-title = Paragraphs by status
status-progress-summary = { $percent }% settled: { $agreed } agreed, { $adRef } agreed ad referendum and { $open } open, of { $total ->
    [one] { $total } paragraph
   *[other] { $total } paragraphs
}
status-legend-label = { $label }:
status-total = Total
status-percent-settled = { $percent }% settled
status-bracket-label = { $paragraph }: “{ $words }”. Show it in the draft
status-bracket-label-ad-ref = { $paragraph }: “{ $words }”, agreed ad referendum. Show it in the draft
status-paragraph-label = { $paragraph }: { $detail }. Show it in the draft
status-holders-title = Open brackets, by the delegations holding them
status-no-bracket = No bracket is open.
status-held-by-none = Held by no named delegation
status-brackets-count = { $count ->
    [one] { $count } bracket
   *[other] { $count } brackets
}
status-ad-ref-title = Agreed ad referendum (awaiting confirmation)
status-held-by = held by { $holders }
status-packages-title = Bracket packages
status-packages-note = Nothing in a package is agreed until everything in it is: an agreed bracket of a package still open counts as open.
status-package-agreed = agreed
status-package-pending = pending: { $agreed } of { $count ->
    [one] { $count } bracket
   *[other] { $count } brackets
} agreed
status-package-name = Package “{ $name }”
status-entry-pending = agreed, pending the package
status-entry-ad-ref = agreed ad ref.
status-entry-open = open
status-log-title = The log
status-log-empty = Nothing is logged yet: bracket statuses, packages, agreed marks, restores, outcomes, stages and milestones appear here.
status-log-note = Kept in the workshop as records every member syncs and nobody edits.
status-log-who = { $who }:
status-log-more = Show all { $count } entries

## The Status view's log: one sentence per line shape, after "Who:". $place says where the line's
## bracket or paragraph is now: paragraph (cited as $paragraph), draft (an unnumbered paragraph),
## gone (no longer in the draft). $status is a bracket status code; $outcome and $stage are the
## outcome's and the stage's names; $deadline a date.
log-bracket-status = set { $place ->
        [paragraph] [{ $words }] in paragraph { $paragraph }
        [draft] [{ $words }] in the draft
       *[gone] bracket { $bracket } (no longer in the text)
    } to { $status ->
        [open] open
        [agreed-ad-ref] agreed ad referendum
        [withdrawn] withdrawn
       *[agreed] agreed
    }
log-bracket-package-in = put { $place ->
        [paragraph] [{ $words }] in paragraph { $paragraph }
        [draft] [{ $words }] in the draft
       *[gone] bracket { $bracket } (no longer in the text)
    } in package “{ $package }”
log-bracket-package-out = took { $place ->
        [paragraph] [{ $words }] in paragraph { $paragraph }
        [draft] [{ $words }] in the draft
       *[gone] bracket { $bracket } (no longer in the text)
    } out of its package
log-bracket-choose = chose the alternative { $place ->
        [paragraph] [{ $words }] in paragraph { $paragraph }
        [draft] [{ $words }] in the draft
       *[gone] { $bracket } (no longer in the text)
    }; the others went
log-paragraph-agreed = marked { $place ->
        [paragraph] paragraph { $paragraph }
        [draft] an unnumbered paragraph
       *[gone] a paragraph no longer in the draft
    } agreed
log-paragraph-unagreed = withdrew the agreed mark of { $place ->
        [paragraph] paragraph { $paragraph }
        [draft] an unnumbered paragraph
       *[gone] a paragraph no longer in the draft
    }
log-restore-draft = restored the draft as it was at “{ $milestone }”
log-restore-paragraph = restored { $place ->
        [paragraph] paragraph { $paragraph }
        [draft] an unnumbered paragraph
       *[gone] a paragraph no longer in the draft
    } as it was at “{ $milestone }”
log-renumber = numbered { $count ->
        [one] the inserted paragraph
       *[other] the { $count } inserted paragraphs
    } (bis, ter …) in sequence
log-revert = undid { $delegation }’s changes since “{ $milestone }”
log-outcome = recorded the outcome “{ $outcome }” of { $delegation }’s comment on { $place ->
        [paragraph] paragraph { $paragraph }
        [draft] an unnumbered paragraph
       *[gone] a paragraph no longer in the draft
    }
log-outcome-unattributed = recorded the outcome “{ $outcome }” of a comment on { $place ->
        [paragraph] paragraph { $paragraph }
        [draft] an unnumbered paragraph
       *[gone] a paragraph no longer in the draft
    }
log-outcome-unknown = recorded the outcome “{ $outcome }” of comment { $thread }
log-stage = set the stage to “{ $stage }”
log-stage-deadline = set the stage to “{ $stage }” (comments due { $deadline })
log-milestone = froze the milestone “{ $milestone }”
status-undisposed-title = Comments awaiting an outcome
status-undisposed-none = Every comment has an outcome or is resolved.
status-col-delegation = Delegation
status-all-delegations = All delegations
status-since-title = Since the last milestone
status-since-none = No milestone yet: freeze one in the Milestones view (for example the draft sent to a Standing Committee meeting) to count the changes since.
status-since-lead = Since “{ $milestone }”:
status-since-lead-none = Since “{ $milestone }”: no paragraph has changed.
status-since-inserted = { $count ->
    [one] { $count } paragraph inserted
   *[other] { $count } paragraphs inserted
}
status-since-deleted = { $count ->
    [one] { $count } paragraph deleted
   *[other] { $count } paragraphs deleted
}
status-since-moved = { $count ->
    [one] { $count } paragraph moved
   *[other] { $count } paragraphs moved
}
status-since-edited = { $count ->
    [one] { $count } paragraph with words changed
   *[other] { $count } paragraphs with words changed
}
status-since-by = Changed by: { $who }.
status-open-title = Open paragraphs
status-open-none = No paragraph is open.

## Milestones
milestones-loading = Loading milestones…
milestones-intro = Frozen versions of the draft. Compare one to see what has changed since.
milestones-chair-only = Only the chair of the workshop freezes milestones.
milestones-load-failed = The milestones could not be read: { $message }
milestones-empty = No milestone yet.
milestones-list-label = Milestones, newest first
milestone-by = by { $who }
milestone-compare = Compare
milestone-compare-label = Compare the draft with the milestone { $name }
milestone-name-placeholder = e.g. Report to SC71
milestone-renumber = First number inserted paragraphs (2 bis, 2 ter) in sequence
milestone-freeze = Freeze milestone
milestone-form-title = Freeze the draft
milestone-name = Milestone name
milestone-freezing = Freezing the draft…
milestone-frozen = Frozen as “{ $name }”.
milestone-error-milestone-exists = A milestone of that name exists already: choose another name.
milestone-error-role-forbidden = Only the chair of the workshop, or the Secretariat for the chair, freezes milestones.
milestone-error-input-empty = Give the milestone a name.

## Compared draft
compare-title = Changes since “{ $milestone }”
compare-export = Export with these changes…
compare-filter = Changes by
compare-filter-label = Show the changes of
compare-filter-all = every delegation
compare-restore-ask = Restore the draft as it was…
compare-restore-confirm = Restore the whole draft
compare-restore-explain = The text becomes as it was at “{ $milestone }”: paragraphs added since are removed, deleted ones come back. Every member receives it as your change, and the log records it.
compare-revert-ask = Undo { $who }’s changes…
compare-revert-confirm = Undo { $who }’s changes
compare-revert-explain = The words { $who } inserted since “{ $milestone }” go, the words and paragraphs { $who } deleted come back; everyone else’s changes stay. Every member receives it as your change, and the log records it.
compare-sub-frozen = Frozen { $date } · compared with the current draft
compare-sub = Milestone · compared with the current draft
compare-none-by = No changes by { $author } since this milestone.
compare-none = No changes since this milestone.
compare-summary-by = { $counts } — by { $authors }
compare-count-insertions = { $count ->
    [one] { $count } insertion
   *[other] { $count } insertions
}
compare-count-deletions = { $count ->
    [one] { $count } deletion
   *[other] { $count } deletions
}
compare-count-added = { $count ->
    [one] { $count } paragraph added
   *[other] { $count } paragraphs added
}
compare-count-removed = { $count ->
    [one] { $count } paragraph removed
   *[other] { $count } paragraphs removed
}
compare-count-moved = { $count ->
    [one] { $count } paragraph moved
   *[other] { $count } paragraphs moved
}
compare-legend = Legend
compare-legend-inserted = inserted text
compare-legend-deleted = deleted text
compare-legend-changed = changed paragraph
compare-legend-moved = moved paragraph
compare-legend-hint = Point at a change to see the delegation that made it.

## Export
export-format = Format
export-format-docx = Word
export-format-docx-hint = .docx — CITES layout, tracked changes, comments
export-format-pdf = PDF
export-format-pdf-hint = .pdf — A4, page numbers
export-format-html = Web page
export-format-html-hint = .html — standalone, prints cleanly
export-format-md = Markdown
export-format-md-hint = .md — plain text
export-format-akn = Akoma Ntoso
export-format-akn-hint = .xml — legal XML 3.0
export-marks = Revision marks in Word
export-marks-tracked = Tracked changes
export-marks-tracked-hint = delegations accept or reject them in Word or LibreOffice
export-marks-visual = Underline and strike-through
export-marks-visual-hint = the CITES style for amendments, no tracked changes
export-table-format-docx = Word table
export-table-format-docx-hint = .docx — the CITES comment table, landscape
export-table-format-xlsx = Excel
export-table-format-xlsx-hint = .xlsx — one row per comment, to sort and filter
export-table-format-csv = CSV
export-table-format-csv-hint = .csv — UTF-8, for any spreadsheet
export-all-types = All types
export-since = Show the changes since
export-since-none = No changes — the clean text
export-comments = Include the open comments
export-what = Export
export-what-draft = The draft
export-what-table = The comment table
export-which = Which comments
export-open-only = Open comments only (no outcome yet, not resolved)
export-type = Type
export-table-columns = Delegation, paragraph, type, comment, proposed change, outcome and observation, in the order of the draft.
export-submit-title = Choose where to save the file
export-title-draft = Export the draft
export-title-table = Export the comment table
export-intro = Caucus asks where to save the file, starting in the folder you saved into last.
export-marks-word-only = Only Word files carry a choice of marks; other formats underline and strike through.
export-marks-need-milestone = Choose a milestone above to show changes.
export-comments-word = As Word comments anchored at their text.
export-comments-listed = Listed with the text they are about.
export-comments-pdf = PDF exports do not carry comments.
export-pending = Exporting…
export-saved-table = Saved the comment table ({ $count ->
    [one] { $count } comment
   *[other] { $count } comments
}, { $size }) as
export-saved = Saved ({ $size }) as
export-failed = The export failed: { $message }
export-action-failed = { $action } did not work: { $message } ({ $code })
export-open = Open
export-reveal = Show in folder

## Since you last looked
seen-title = New since you last looked
seen-mark-all = Mark all as seen
seen-mark-failed = Could not mark them as seen: { $message }
seen-count = { $count } new
seen-count-label = { $count ->
    [one] { $count } change since you last looked: show it
   *[other] { $count } changes since you last looked: show them
}
seen-count-title = Changed paragraphs and comments since you last looked
seen-another-member = another member
seen-paragraph = { $pp ->
    [yes] { $citation }
   *[no] Paragraph { $citation }
} { $what ->
    [deleted] deleted
   *[changed] changed
} by { $who }
seen-paragraph-unnumbered = A paragraph { $what ->
    [deleted] deleted
   *[changed] changed
} by { $who }
seen-thread = { $kind ->
    [new] New comment
    [both] New comment and { $count ->
        [one] { $count } reply
       *[other] { $count } replies
    }
   *[replies] { $count ->
        [one] { $count } new reply
       *[other] { $count } new replies
    }
} by { $who }
seen-thread-on = { $kind ->
    [new] New comment
    [both] New comment and { $count ->
        [one] { $count } reply
       *[other] { $count } replies
    }
   *[replies] { $count ->
        [one] { $count } new reply
       *[other] { $count } new replies
    }
} by { $who } on { $pp ->
    [yes] { $citation }
   *[no] paragraph { $citation }
}

## The draft as a page (the document's own CITES lines are not the window's: see ui/src/cites.ts)
draft-compared-label = Draft with the changes since { $milestone }
draft-compared-label-any = Draft with changes
bracket-title-held = { $status } — held by { $holders }
change-by = { $what ->
    [paragraph] { $kind ->
        [inserted] Paragraph inserted
        [deleted] Paragraph deleted
        [moved-here] Paragraph moved here
       *[moved-from] Paragraph moved from here
    }
   *[word] { $kind ->
        [inserted] Inserted
        [deleted] Deleted
        [moved-here] Moved here
       *[moved-from] Moved from here
    }
} by { $who }
change-by-unknown = { $what ->
    [paragraph] { $kind ->
        [inserted] Paragraph inserted
        [deleted] Paragraph deleted
        [moved-here] Paragraph moved here
       *[moved-from] Paragraph moved from here
    }
   *[word] { $kind ->
        [inserted] Inserted
        [deleted] Deleted
        [moved-here] Moved here
       *[moved-from] Moved from here
    }
} (delegation not known)
change-when = { $who } · { $when }

## Editor toolbar (the numbering itself — a), i), bis, ter — is the draft's, not the window's)
tool-formatting = Formatting
tool-kind = Paragraph kind
tool-kind-mixed = (mixed)
para-kind-title = Title
para-kind-heading = Heading
para-kind-text = Text
para-kind-preamble = Preambular
para-kind-operative = Operative
para-kind-item = Item
para-kind-decision = Decision
tool-label = Decision label
tool-label-placeholder = Label
tool-label-title = Label of the decision, e.g. 17.A (empty: numbered #1, #2 …)
tool-inserted-title = Number as inserted (2 bis, 2 ter): the paragraphs after keep their numbers
tool-level-0 = Level 0
tool-level-1 = Level 1 — a), b)
tool-level-2 = Level 2 — i), ii)
tool-level-title = { $level } (Tab / Shift-Tab)
tool-strong-glyph = B
tool-strong = Bold (Ctrl+B)
tool-em-glyph = I
tool-em = Italic (Ctrl+I)
tool-underline-glyph = U
tool-underline = Underline (Ctrl+U)
tool-bracket = [ Bracket ]
tool-bracket-title = Put the selected text in square brackets
tool-bracket-status = Status of the bracket at the cursor
tool-holders = Held by
tool-holders-title = Delegations holding the bracket at the cursor, separated by commas (Enter to apply)
tool-package = Package
tool-package-title = The package of the bracket at the cursor: nothing in a package is agreed until all of it is (Enter to apply; empty takes it out)
tool-alternative = Alternative wording
tool-alternative-placeholder = Alternative
tool-alternative-title = Other wording for the bracket at the cursor, added right after it as an alternative (Enter to add)
tool-choose = Choose
tool-choose-title = Choose the alternative at the cursor: the others' words go (the chair and the Secretariat)
tool-unbracket = Remove
tool-unbracket-title = Take the square brackets off the text at the cursor
tool-undo = Undo (Ctrl+Z)
tool-redo = Redo (Ctrl+Y)
tool-group-paragraph = Paragraph
tool-group-level = Level
tool-group-emphasis = Emphasis
tool-group-brackets = Square brackets
tool-group-history = History
bracket-title-package = { $status } — in package “{ $package }”
bracket-title-held-package = { $status } — held by { $holders } — in package “{ $package }”

## Find and replace
find-label = Find
find-none = No matches
find-count = { $current } of { $total }
find-prev = Previous match (Shift+Enter)
find-next = Next match (Enter)
find-case = Match case
find-scope = Search in
find-scope-draft = Search the draft
find-scope-comments = Search the comments (thread text and replies)
find-close = Close (Escape)
find-replace-with = Replace with
find-replace = Replace
find-replace-title = Replace the current match
find-replace-all = Replace all
find-replace-all-title = Replace every match in the draft (one undo step)
find-replaced = Replaced { $count }.

## The editor
editor-text-label = Draft text
editor-someone = Someone
seen-changed = Changed
seen-changed-by = Changed by { $who } since you last looked
seen-new = New
seen-new-thread-title = Started since you last looked
seen-new-reply-title = Written since you last looked

## Comments
outcome-accepted = Accepted
outcome-accepted-modified = Accepted with modifications
outcome-rejected = Rejected
outcome-noted = Noted
proposal-choice-none = No proposed wording
proposal-choice-replace = Replace the selected words
proposal-choice-paragraph = Replace the whole paragraph
proposal-choice-insert-after = New paragraph after it
proposal-lead-replace = Proposed wording:
proposal-lead-paragraph = Proposed paragraph:
proposal-lead-insert-after = Proposed new paragraph after it:
proposal-lead-replace-label = Proposed wording
thread-recorded-by = { $author }, recorded by { $recorder }
thread-edited = { $who } (edited)
thread-apply = Apply
thread-apply-title = Apply the proposed wording to the draft, in the proposing delegation's name
thread-apply-confirm-label = Confirm applying the proposal
thread-resolve = Resolve
thread-reopen = Reopen
thread-show = Show
thread-hide = Hide
thread-show-words = Show these words in the draft
thread-support = Support
thread-withdraw-support = Withdraw support
thread-support-title = Co-sponsor this comment for { $delegation }
thread-withdraw-support-title = Take back the support of { $delegation }
thread-record = Record outcome
thread-change-outcome = Change outcome
thread-outcome = Outcome
thread-observation = Observation
thread-save-outcome = Save outcome
thread-reply = Reply
thread-reply-placeholder = Reply…
thread-nowhere = On no paragraph of the draft.
thread-nowhere-cited = On no paragraph of the draft: the paragraph it cites was not found.
thread-orphaned = The quoted words were deleted from the draft.
thread-delegation-title = The delegation this comment speaks for
thread-late = Late
thread-late-title = Written after the deadline of the comment round
thread-supported-by = Supported by { $who }
thread-outcome-by = { $who }, { $when }
thread-applied = Applied to the draft by { $who }, { $when }
thread-reply-deleted = Deleted by its writer.
thread-unknown = Unknown
apply-stale-lead = The words changed since this proposal.
apply-stale-reads = Against the text as it is now, it reads:
apply-stale-note = Applying it records the outcome as accepted with modifications.
apply-stale-yes = Apply as it reads now
comment-on-selection = Comment on selection
comment-on-selection-title = Select words in the draft, then comment on them
propose-change = Propose change
propose-change-title = Select words in the draft, then propose your wording for them
comment-new = New comment
comment-body = Comment
comment-body-placeholder = Your comment
comment-why-placeholder = Why (your comment on the change)
comment-proposal = Proposal
comment-proposal-placeholder = The wording you propose
comment-submit = Comment
comment-propose = Propose
comment-as-redline = As a redline:
comment-select-first = Select the words you want to comment on first.
comment-select-first-propose = Select the words you want to change first.
comment-not-loaded = The draft is not loaded yet.
comments-cannot-role = You can read the comments; your role cannot add any.
comments-cannot-closed = The workshop is closed: comments are read-only.
comments-cannot-stage = In this stage only the chair and the Secretariat start comments; you can reply.
comments-empty = No comments yet.
comments-none-match = No comments match the filters.
filter-label = Filter the comments
filter-all = All
filter-outcome-none = None yet
filter-show = Show
filter-open = Open
filter-closed = Closed
table-import = Import comment table…
table-import-title = Import a delegation's comment table (Word, Excel or CSV): one comment per row, on the paragraph it cites
table-import-label = Import a comment table
table-import-as = On behalf of
table-import-myself = Myself
table-import-choose-title = Choose the comment table (.docx, .xlsx or .csv) in the system's Open dialog
table-import-drop = Or drop the file on this window.
table-import-not-allowed = { $file } was not imported: only those who may comment now import comment tables
word-import = Returned Word draft…
word-import-label = Import a returned Word draft: its tracked changes become proposals
word-import-title = Choose a delegation's returned Word draft (.docx with tracked changes): one proposal per changed paragraph
import-failed-title-any = The file was not imported
import-failed-line = { $message } Nothing was changed.
import-report-title = Imported { $file }
import-report-summary = { $count ->
    [one] { $count } row
   *[other] { $count } rows
} imported: { $anchored } on { $anchored ->
    [one] its paragraph
   *[other] their paragraphs
}, { $unanchored } on no paragraph.
import-report-on-behalf = Recorded on behalf of { $who }.
import-report-unanchored = Not on a paragraph (kept as comments on the whole draft):
import-report-row = Row { $row }:
import-report-row-cited = Row { $row } (“{ $cited }”):
import-report-outcomes = { $count ->
    [one] { $count } outcome recorded.
   *[other] { $count } outcomes recorded.
}
import-report-supports = { $count ->
    [one] { $count } support recorded.
   *[other] { $count } supports recorded.
}
import-report-skipped-tables = { $count ->
    [one] { $count } table or sheet without a comment table's headings skipped.
   *[other] { $count } tables or sheets without a comment table's headings skipped.
}
import-report-blank-rows = { $count ->
    [one] { $count } blank row skipped.
   *[other] { $count } blank rows skipped.
}
import-report-columns = Columns read: { $columns }.
import-report-columns-header = Columns read (from the page header): { $columns }.
word-report-summary = { $count ->
    [one] { $count } paragraph
   *[other] { $count } paragraphs
} with tracked changes: { $proposals ->
    [one] { $proposals } proposal
   *[other] { $proposals } proposals
} made, { $unmatched } matched no paragraph of the draft.
word-report-not-imported = Not imported:
word-report-paragraph = Paragraph { $number } of the Word file:
word-report-authors = Tracked changes by { $who }.

## Content this version cannot show, and errors the window itself raises
opaque-label = Content this version of Caucus cannot show (“{ $name }”) — kept as written, read-only
error-collab-write_on_load = This window changed the draft while opening it, without any typing. The change was not sent and nothing of it was saved; reopen the workshop.
error-collab-unsaved = Your latest edits in this workshop are not saved yet, and leaving it would lose them. Caucus keeps trying to save them (free space if the disk is full); open the other workshop once the draft says Saved.
error-table-import_not_allowed = Only those who may comment now import comment tables.
error-draft-opaque_kept = That change would alter content this version of Caucus cannot show, which is kept as written.

## The language versions (issue #15 §2)
nav-versions = Versions
topbar-versions-count = { $lang }: { $outdated } outdated, { $missing } missing
topbar-versions-label = Versions: { $counts }
versions-title = Language versions
versions-intro = The French and Spanish versions, paragraph by paragraph beside the original. Numbers, kinds and brackets are the original's. A translation records the state of the original it translates: when the original changes, the translation is outdated until it is translated again.
versions-loading = Reading the versions…
versions-load-failed = The versions could not be read: { $message } ({ $code })
versions-none = This workshop has no French or Spanish version yet.
versions-language = Version
versions-lang-fr = French
versions-lang-es = Spanish
versions-add-fr = Add the French version
versions-add-es = Add the Spanish version
versions-added-fr = The French version was added.
versions-added-es = The Spanish version was added.
versions-add-failed = The version was not added: { $message } ({ $code })
versions-filter = Show
versions-filter-all = All ({ $count })
versions-filter-outdated = Outdated ({ $count })
versions-filter-missing = Missing ({ $count })
versions-list-label-fr = The original beside its French version
versions-list-label-es = The original beside its Spanish version
versions-empty-all = The draft has no paragraphs.
versions-empty-outdated = No translation is outdated.
versions-empty-missing = Every paragraph is translated.
versions-status-current = Current
versions-status-outdated = Outdated
versions-status-missing = Missing
versions-paragraph-numbered = paragraph { $number }
versions-paragraph-position = paragraph at position { $position }
versions-row-heading = { $paragraph }: { $status }
versions-changed = Changed in the original since it was translated:
versions-brackets-changed = A bracket's status changed in the original since it was translated.
versions-diff-inserted = added: { $text }
versions-diff-deleted = removed: { $text }
versions-edit-label = { $lang } translation of { $paragraph }
versions-brackets-hint = Write each of the original paragraph's square brackets once, in order, with [ and ]: they keep the original's status.
versions-save = Save the translation
versions-saving = Saving…
versions-saved = Translation saved.
versions-save-failed = The translation was not saved: { $message } ({ $code })
versions-save-mine = Save mine in its place
versions-changed-since = Changed since you began revising it, by { $who }:
versions-removed-since = Removed since you began revising it. Saving puts yours back.
versions-take-theirs = Take theirs
versions-missing-text = Not translated yet.
versions-read-only = Only a translator, the Secretariat or the chair writes the versions.
versions-orphans = { $count ->
    [one] One translation of a paragraph since deleted from the original is kept; it is never exported.
   *[other] { $count } translations of paragraphs since deleted from the original are kept; they are never exported.
}

error-lang-empty = The translation is empty: write the paragraph's translation.
error-lang-changed_since = This paragraph's translation was changed since you began revising it. Read it as it is now, then save yours again to replace it.
error-lang-brackets_mismatch = The translation does not have the original paragraph's square brackets: write each of them once, in order, with [ and ].
error-lang-unbalanced_brackets = The translation's square brackets do not pair up.
error-lang-too_long = The translation is too long.
error-lang-not_added = The workshop has no version in this language yet.
error-lang-original = The original language has no version to translate.

## Errors by code that the window had no sentence for (every code the Rust sources return has one: ui/test/codes.test.mjs).
error-admin-bind = The relay's admin address could not be opened.
error-admin-not_loopback = The relay's admin address must be on this computer only (loopback).
error-app-instance_bad_reply = Another Caucus window holds this data directory and gave an unexpected answer.
error-app-instance_listen = Caucus could not open its channel for a second start: another start will open a second window.
error-app-instance_unreachable = Another Caucus window holds this data directory but does not answer: close it, then start Caucus again.
error-app-instance_unsupported = Another Caucus window holds this data directory: use that window.
error-auth-missing = The relay admits members of the workshop only: join with an invitation.
error-backup-no_such_workshop = This device has no such workshop to back up.
error-backup-not_empty = The data directory already holds workshops: restoring would replace them.
error-backup-nothing = There is nothing to back up yet.
error-backup-same_file = Choose a backup file outside the data directory.
error-backup-unusable = That file is not a usable Caucus backup; nothing was written.
error-backup-write = The backup could not be written.
error-bundle-bad_magic = That file is not a Caucus bundle.
error-bundle-bad_state = The bundle's state file is damaged.
error-bundle-bad_update = The bundle holds a change that is refused or cannot be read; nothing was imported.
error-bundle-checksum = The bundle was altered or damaged on the way; nothing was imported.
error-bundle-forbidden = The bundle's sender may not change that part of the workshop; nothing was imported.
error-bundle-forbidden_claim = The bundle would attribute writing to another member; nothing was imported.
error-bundle-foreign_workshop = The bundle is for a workshop this device does not have.
error-bundle-malformed = The bundle is damaged and cannot be read.
error-bundle-revoked_sender = The bundle's sender has been removed from the workshop; nothing was imported.
error-bundle-signature = The bundle's signature does not match its sender; nothing was imported.
error-bundle-state_mismatch = The bundle's state file is for another workshop.
error-bundle-too_large = The bundle is larger than Caucus accepts.
error-bundle-truncated = The bundle is incomplete: it was cut short when copied.
error-bundle-unknown_sender = The bundle's sender is not a member of this workshop; nothing was imported.
error-bundle-unsupported_version = The bundle was made by another version of Caucus that this one cannot read: update Caucus.
error-bundle-untrusted_key = The bundle claims the chair's role without the chair's signature; nothing was imported.
error-claims-malformed = A change names its writer in a malformed way; it was refused.
error-claims-other_member = A change is signed as another member's; it was refused.
error-claims-reattributed = A change would attribute another member's writing to someone else; it was refused.
error-claims-removed = A change would erase who wrote part of the workshop; it was refused.
error-claims-undecodable = A change could not be read to check who wrote it; it was refused.
error-docx-too-large = The draft is too large for a Word document.
error-file-no_such_drop = That file is no longer waiting to be imported: drop it again.
error-file-not_exported = Caucus opens and shows only the files it exported.
error-file-not_regular = That is not a file: choose a document.
error-file-open_failed = The file could not be opened or shown.
error-health-disk_full = The relay's disk is nearly full.
error-health-read_only = The relay's data can be read but not written.
error-health-write_failed = The relay could not save a change.
error-health-write_stalled = The relay's saving is stalled.
error-import-damaged-docx = The Word document is damaged and cannot be imported.
error-import-no-paragraphs = No paragraphs were found: the file holds only a header or boilerplate.
error-import-no-tracked-changes = The Word document holds no tracked changes: there is nothing to propose. Was it saved with Track Changes on?
error-import-not-utf8 = The file is not UTF-8 text: save it as UTF-8, then import it again.
error-import-not-word = The file is a ZIP package but not a Word document.
error-pdf-font = A font the PDF needs could not be read.
error-relay-handshake_timeout = The connection to the relay was not set up in time.
error-relay-idle_timeout = The relay closed the connection after a silence.
error-relay-pre_auth_too_large = The relay dropped a connection that sent too much before showing its invitation.
error-relay-too_many_connections = The relay has too many connections from this address: close other windows or devices, then try again.
error-rights-bad_chair_key = The workshop's chair key does not match the workshop; the change was refused.
error-rights-foreign_client = A change speaks for another member than this connection's; it was refused.
error-rights-immutable = That part of the workshop never changes once created; the change was refused.
error-rights-log_changed = The draft's log is append-only: an entry may not be changed or removed.
error-rights-malformed = A record in the change is malformed; it was refused.
error-rights-not_author = Only its author may change that.
error-rights-not_recorder = Only the member who recorded it may change that.
error-rights-record_changed = That record may not change once written: write a new one instead.
error-rights-record_deleted = That record may not be deleted.
error-rights-unlogged = The change came without its entry in the draft's log; it was refused.
error-serve-open_refused = The relay would be open to anyone who reaches it: give it a certificate, or confirm that it should be open.
error-store-damaged_document = Part of the workshop stored on this device is damaged and cannot be read.
error-store-damaged_row = A stored change of the workshop is damaged and cannot be read.
error-store-data_dir = Caucus could not create its data directory.
error-store-integrity = The database on this device is damaged; nothing was changed. Restore it from a backup, or sync from another member's device.
error-store-sqlite = The database on this device reported an error.
error-store-writer_gone = Caucus stopped saving: restart Caucus to continue from what is on disk.
error-sync-bad_room = The relay address does not name a workshop's document.
error-sync-closed_by_peer = The relay closed the connection. What it has not acknowledged is still here: sync again.
error-sync-frame_too_large = A message is over the size limit and was not sent.
error-sync-incomplete = The relay does not yet hold all of the workshop: the chair's device must sync first. This device fetches the rest then.
error-sync-malformed_frame = The relay sent a message that cannot be read.
error-sync-malformed_update = A change could not be read; it was refused.
error-sync-no_such_room = The relay does not hold this workshop.
error-sync-no_trust = A secure relay address needs the relay's certificate fingerprint: join with the invitation link.
error-sync-not_loopback = An unencrypted connection is allowed only on this computer: use a secure (wss://) relay address.
error-sync-out_of_order = A change arrived before the changes it builds on; it will be taken once they arrive.
error-sync-tls = The secure connection to the relay failed.
error-sync-too_deep = A change nests too deeply to be read; it was refused.
error-sync-too_large_for_relay = The relay refused a change as too large; nothing of it was saved there. Its operator can raise the limit.
error-table-damaged = The comment table is damaged and cannot be read.
error-table-not_utf8 = The CSV file is not UTF-8 text: save it as CSV UTF-8, then import it again.
error-workshop-ambiguous = More than one workshop matches: give more of its id.
error-xlsx-write = The comment table could not be written as an Excel file.

## Text typed and not saved (views/typed.ts)
typed-title = Text not saved
typed-message = You have typed text that is not saved yet: { $what }. If you go on, it is lost.
typed-kind-translation = a translation in Versions
typed-kind-comment = a comment being written
typed-kind-reply = a reply being written
typed-kind-observation = an outcome's observation being written
typed-discard = Discard it and go on
typed-keep = Keep editing
language-typed-kept = You kept the text you typed; save or send it, then switch the language.
error-app-typed_kept = You kept the text you typed in this workshop; save or send it (or discard it), then open the other workshop.
