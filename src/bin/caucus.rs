//! The `caucus` command line: every user action on workshops, headless, with `--json` for machines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

use caucus::export::docx::RevisionMarks;
use caucus::export::ir::{Change, ChangeKind, Document};
use caucus::export::{ExportOptions, Format};
use caucus::model::notes::{Anchor, Thread};
use caucus::model::roster::{Group, Member, Role, Stage, StageRecord};
use caucus::sync::client::{sync_once, SyncOptions};
use caucus::sync::relay::{Relay, RelayOptions};
use caucus::sync::tls::{ServerTls, Trust};
use caucus::sync::token;
use caucus::store::BackupScope;
use caucus::workshop::{NewMember, NewWorkshop};
use caucus::{Caucus, DraftKind, NewParagraph, NumberedParagraph, ParaKind, Workshop};

#[derive(Parser)]
#[command(name = "caucus", version, about = "Caucus: co-draft a resolution, offline first.")]
struct Cli {
    /// Data directory (default: $CAUCUS_DATA_DIR, else the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Machine-readable JSON output.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a workshop; prints its id.
    New {
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        symbol: String,
        #[arg(long, default_value = "")]
        meeting: String,
        #[arg(long, value_enum, default_value = "resolution")]
        kind: KindArg,
        #[arg(long, default_value = "English")]
        language: String,
        /// The chair's name as shown to members.
        #[arg(long, default_value = "Chair")]
        chair: String,
        /// The chair's delegation.
        #[arg(long, default_value = "")]
        delegation: String,
        /// The chair's group.
        #[arg(long, value_parser = parse_group, default_value = "expert")]
        chair_group: Group,
    },
    /// List the workshops on this device.
    List,
    /// Open (creating on first use) the built-in sample workshop and show it.
    Demo,
    /// Replace the draft with a CITES text: plain text, Markdown, or a Word document (.docx;
    /// its tracked changes accepted).
    Import { workshop: String, file: PathBuf },
    /// Show the draft as a numbered outline, one paragraph a line.
    Show { workshop: String },
    /// Paragraphs of the draft.
    #[command(subcommand)]
    Para(ParaCommand),
    /// Members of the workshop.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Comment threads.
    #[command(subcommand)]
    Comment(CommentCommand),
    /// Export the draft (optionally with the changes since a milestone, and the open comments).
    Export {
        workshop: String,
        /// md, html, docx, pdf or akn: the draft; status-docx or status-html: the one-page report
        /// of where the negotiation stands (`caucus status`), for a Standing Committee annex.
        #[arg(long, value_parser = parse_format)]
        format: ExportFormat,
        /// Show the changes since this milestone.
        #[arg(long, value_name = "MILESTONE")]
        since: Option<String>,
        /// How DOCX shows changes: Word tracked changes, or underline and strike-through.
        #[arg(long, value_enum, default_value = "tracked")]
        marks: MarksArg,
        /// Include the open comment threads.
        #[arg(long)]
        comments: bool,
        /// PDF and DOCX: number every line of the text in the left margin, restarting on each page.
        #[arg(long)]
        line_numbers: bool,
        /// Export the French or Spanish version (`caucus lang`): CITES's fixed lines in that
        /// language, the original's numbering, outdated and missing paragraphs marked.
        #[arg(long, value_parser = parse_lang)]
        lang: Option<caucus::cites::Lang>,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The draft's French and Spanish versions, aligned paragraph by paragraph with the original.
    #[command(subcommand)]
    Lang(LangCommand),
    /// Named milestones of the draft.
    #[command(subcommand)]
    Milestone(MilestoneCommand),
    /// The workshop's stage: drafting, comment-round, revision or closed.
    #[command(subcommand)]
    Stage(StageCommand),
    /// Where the negotiation stands: each paragraph agreed, agreed ad ref. or open; who holds the
    /// open brackets; the comments awaiting an outcome; the changes since the last milestone.
    Status { workshop: String },
    /// What others changed since you last looked on this device (paragraphs by delegation, new
    /// threads and replies); `--mark` records everything as seen.
    Seen {
        workshop: String,
        #[arg(long)]
        mark: bool,
    },
    /// Changes between a milestone and another one (or now), paragraph by paragraph.
    Diff {
        workshop: String,
        #[arg(long, value_name = "MILESTONE")]
        from: String,
        #[arg(long, value_name = "MILESTONE")]
        to: Option<String>,
        /// Only this delegation's changes (everyone else's read as accepted).
        #[arg(long, value_name = "DELEGATION")]
        author: Option<String>,
    },
    /// The workshop's log, oldest first: every bracket status and package set, agreed mark,
    /// restore, comment outcome, stage change and milestone — who, when, what.
    Log {
        workshop: String,
        /// Only what came at or after this milestone.
        #[arg(long, value_name = "MILESTONE")]
        since: Option<String>,
    },
    /// Bring back the draft, or one paragraph, as it was at a milestone (the chair or the
    /// Secretariat): a new change every member syncs, recorded in the log.
    Restore {
        workshop: String,
        #[arg(long, value_name = "MILESTONE")]
        milestone: String,
        /// Only paragraph N, numbered as in the draft at the milestone (1-based position).
        #[arg(long, value_name = "N")]
        para: Option<usize>,
    },
    /// Undo one delegation's changes since a milestone, keeping everyone else's (the chair or the
    /// Secretariat): a new change every member syncs, recorded in the log.
    Revert {
        workshop: String,
        #[arg(long, value_name = "MILESTONE")]
        milestone: String,
        #[arg(long, value_name = "DELEGATION")]
        delegation: String,
    },
    /// Square brackets: list them, set a status, group them in packages.
    #[command(subcommand)]
    Bracket(BracketCommand),
    /// Check the device database's integrity.
    Check,
    // --- operate a relay: backup and restore (issue #13 §1) ---
    /// Back up the data directory's database to FILE (SQLite's online backup: consistent while
    /// the app or `caucus serve` owns and writes the directory). WORKSHOP: one workshop's id, or `all`.
    Backup {
        #[arg(value_name = "WORKSHOP|all")]
        workshop: String,
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Restore a backup made by `caucus backup` into the data directory, which no program may be
    /// using. The file is verified first (integrity, schema version, every row's checksum).
    /// (`caucus restore` brings back a milestone of a workshop; this restores a whole database.)
    RestoreBackup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replace the database the data directory already holds (its content is lost).
        #[arg(long)]
        force: bool,
    },
    // --- end backup and restore ---
    /// Relay this device's workshops to Yjs peers over WebSocket (y-websocket compatible): one
    /// room per document, `ws[s]://ADDR/<workshop-id>/<draft|notes|roster>`. Runs until killed.
    Serve {
        /// Address to listen on; plain ws:// is for loopback only (other addresses need TLS).
        /// Port 0 picks a free one.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:4455")]
        listen: std::net::SocketAddr,
        /// Serve wss:// with this PEM certificate chain (with --tls-key).
        #[arg(long, value_name = "FILE", requires = "tls_key", conflicts_with = "tls_self_signed")]
        tls_cert: Option<PathBuf>,
        /// The PEM private key of --tls-cert.
        #[arg(long, value_name = "FILE", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Serve wss:// with a self-signed certificate kept in the data directory (made on first
        /// use; its fingerprint, printed at start, stays the same across restarts).
        #[arg(long)]
        tls_self_signed: bool,
        /// Do not advertise on the LAN. (A relay listening beyond loopback advertises
        /// `_caucus._tcp.local.` by mDNS with hashes of its workshop ids, never the ids.)
        #[arg(long)]
        no_mdns: bool,
        /// Accept rooms of workshops this device does not have, recording empty ones.
        #[arg(long)]
        create_rooms: bool,
        /// Admit connections without an invitation token, with full access (plain y-websocket
        /// clients). Without it every connection must carry `?token=…`.
        #[arg(long)]
        open: bool,
        /// Allow --open on an address beyond loopback: anyone who reaches the port can read and
        /// rewrite every workshop this relay holds.
        #[arg(long, requires = "open")]
        open_i_understand_anyone_can_write: bool,
        /// Unload a room after SECS seconds without a connection.
        #[arg(long, value_name = "SECS", default_value_t = 60)]
        idle_unload: u64,
        /// Largest message accepted from a member, in MiB (a workshop's whole state arrives as one,
        /// in pieces); the relay holds one per connection while it checks and saves it.
        #[arg(long, value_name = "MIB", default_value_t = (caucus::sync::MAX_MESSAGE >> 20) as u64, value_parser = clap::value_parser!(u64).range(1..=4096))]
        max_message_mib: u64,
        /// Serve the operations endpoints on this address (HTTP/1.1): GET /healthz (200 `ok` when
        /// the store commits a write and its disk has room, else 503 with the reason) and GET
        /// /metrics (Prometheus text format). Off unless given; loopback only unless
        /// --admin-beyond-loopback.
        #[arg(long, value_name = "ADDR")]
        admin: Option<std::net::SocketAddr>,
        /// Allow --admin on an address beyond loopback (the relay's metrics and health are then
        /// open to anyone who reaches it: put a firewall or a proxy with authentication before it).
        #[arg(long, requires = "admin")]
        admin_beyond_loopback: bool,
        /// Limit: connections open at once from one IP address (an IPv6 address counts by its
        /// /64; handshaking ones included); the next one is closed at once, unread. Each device keeps 3 (one per document), and a
        /// venue's Wi-Fi or a proxy puts many devices behind one address.
        #[arg(long, value_name = "N", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..))]
        max_connections_per_ip: u64,
        /// Limit: a client must finish the TLS and WebSocket handshakes within SECS seconds (one
        /// that opens TCP and sends nothing is dropped).
        #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
        handshake_timeout: u64,
        /// Limit: close a connection from which nothing (no message, no pong to the relay's pings)
        /// arrived for SECS seconds.
        #[arg(long, value_name = "SECS", default_value_t = 90, value_parser = clap::value_parser!(u64).range(1..=604_800))]
        idle_timeout: u64,
        /// Limit: the bytes a client may send before its invitation token is verified: its HTTP
        /// upgrade request (the token is in its URL), beyond which it is dropped unanswered; no
        /// WebSocket frame is read before the token is verified.
        #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024, value_parser = clap::value_parser!(u64).range(1024..=(8 << 20)))]
        max_pre_auth_frame: u64,
        /// Limit: messages (updates, sync steps, awareness) read per second from one connection,
        /// after a burst of --update-burst; beyond it the relay reads that connection more slowly
        /// (its sender waits: backpressure), it does not close it. 0: no limit.
        #[arg(long, value_name = "N", default_value_t = 60)]
        max_updates_per_second: u32,
        /// Limit: messages one connection may send at once before --max-updates-per-second applies.
        #[arg(long, value_name = "N", default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..))]
        update_burst: u32,
    },
    /// Offline bundles: a signed file of changes carried by e-mail or USB.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Two-way sync of a workshop's documents (draft, notes, roster, French and Spanish versions) with a relay; exits once both sides have everything.
    Sync {
        workshop: String,
        /// The relay's base URL, e.g. ws://127.0.0.1:4455 or wss://relay.lan:4455.
        #[arg(long, value_name = "URL")]
        to: String,
        /// For wss://: the SHA-256 fingerprint of the relay's certificate (default: the one in
        /// this device's invitation token).
        #[arg(long, value_name = "HEX")]
        cert_fingerprint: Option<String>,
        /// For wss://: trust relay certificates issued by these PEM CA certificates instead of a
        /// pinned fingerprint.
        #[arg(long, value_name = "FILE", conflicts_with = "cert_fingerprint")]
        ca: Option<PathBuf>,
        /// Give up when the relay has sent nothing for SECS seconds (a large workshop may take
        /// longer in all).
        #[arg(long, value_name = "SECS", default_value_t = 60)]
        timeout: u64,
    },
    /// List relays on the LAN (mDNS) that host a workshop: address, port, scheme.
    Peers {
        workshop: String,
        /// Browse for SECS seconds.
        #[arg(long, value_name = "SECS", default_value_t = 3)]
        timeout: u64,
    },
    /// Print an invitation token for a member (only the device holding the chair's key can sign),
    /// and the same invitation as a link (`caucus://join?token=…`, on standard error; `--link`
    /// prints the link instead of the token; `--json` gives both).
    Invite {
        workshop: String,
        /// The member's id (see `caucus member list`); the token carries their roster role.
        #[arg(long, value_name = "MEMBER")]
        member: String,
        /// Days until the token expires.
        #[arg(long, value_name = "DAYS", default_value_t = 14)]
        expires: u32,
        /// The relay the member syncs from, e.g. ws://127.0.0.1:4455.
        #[arg(long, value_name = "URL")]
        relay: Option<String>,
        /// SHA-256 fingerprint of the relay's TLS certificate (for wss:// pinning). Default for a
        /// wss:// relay: this device's self-signed relay certificate (`caucus serve --tls-self-signed`).
        #[arg(long, value_name = "HEX")]
        cert_fingerprint: Option<String>,
        /// Print the invitation as a `caucus://join?token=…` link instead of the token.
        #[arg(long)]
        link: bool,
    },
    /// Set up a workshop on this device from an invitation (the token, or its `caucus://join?token=…`
    /// link); syncs it from the token's relay.
    Join {
        /// The invitation token, or its link.
        #[arg(value_name = "TOKEN_OR_LINK")]
        token: String,
        /// Give up syncing when the relay has sent nothing for SECS seconds.
        #[arg(long, value_name = "SECS", default_value_t = 60)]
        timeout: u64,
    },
}

#[derive(Subcommand)]
enum BundleCommand {
    /// Write a signed bundle of the workshop's documents to FILE (and their state to FILE.state).
    Export {
        workshop: String,
        /// Only what changed since this state file (written next to an earlier bundle).
        #[arg(long, value_name = "STATE_FILE")]
        since: Option<PathBuf>,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Verify a bundle and apply its changes (refused whole if anything is wrong).
    Import {
        file: PathBuf,
        /// Set the workshop up on this device if the bundle is signed by its chair's key.
        #[arg(long)]
        adopt: bool,
    },
}

#[derive(Subcommand)]
enum MilestoneCommand {
    /// Freeze the draft as it is now under NAME (e.g. "Report to SC70").
    Create {
        workshop: String,
        name: String,
        /// First number the inserted paragraphs (2 bis, 2 ter) in sequence.
        #[arg(long)]
        renumber: bool,
    },
    List { workshop: String },
    /// Show the draft as it was at milestone NAME.
    Show { workshop: String, name: String },
}

#[derive(Subcommand)]
enum StageCommand {
    /// Set the stage (the chair, or the Secretariat for the chair); a comment round may have a
    /// deadline, after which comments are kept and shown as late.
    Set {
        workshop: String,
        #[arg(value_parser = parse_stage)]
        stage: Stage,
        #[arg(long, value_name = "YYYY-MM-DD")]
        deadline: Option<String>,
    },
    /// Show the stage in force, its deadline and the days left, and every change.
    Show { workshop: String },
}

fn parse_stage(s: &str) -> std::result::Result<Stage, String> {
    s.parse()
}

#[derive(Subcommand)]
enum BracketCommand {
    /// Every bracket of the text in draft order: id, paragraph, words, status, holders, package.
    List {
        workshop: String,
        /// Only the brackets this delegation holds.
        #[arg(long, value_name = "DELEGATION")]
        holder: Option<String>,
        #[arg(long, value_parser = parse_bracket_status)]
        status: Option<caucus::BracketStatus>,
    },
    /// Put WORDS of paragraph N in square brackets (they must occur once in it), open, held by the
    /// delegations given.
    Add {
        workshop: String,
        n: usize,
        words: String,
        /// A delegation holding it (repeat for more).
        #[arg(long = "holder", value_name = "DELEGATION")]
        holders: Vec<String>,
    },
    /// Add WORDS as an alternative of a bracket: `[establish][consider establishing]`.
    Alternative {
        workshop: String,
        bracket: String,
        words: String,
        #[arg(long = "holder", value_name = "DELEGATION")]
        holders: Vec<String>,
    },
    /// Pick one of a bracket's alternatives (the chair or the Secretariat; logged): it is agreed,
    /// the others' words go and they are withdrawn. ALTERNATIVE: a bracket id, or its number in the
    /// group (1 = the first).
    Choose { workshop: String, bracket: String, alternative: String },
    /// Set a bracket's status (the chair or the Secretariat; logged).
    Status {
        workshop: String,
        bracket: String,
        #[arg(value_parser = parse_bracket_status)]
        status: caucus::BracketStatus,
    },
    /// Group brackets in a package: nothing in it is agreed until all of it is (the chair or the
    /// Secretariat; logged). `--remove` takes them out of their package.
    Package {
        workshop: String,
        /// The package's name (ignored with --remove).
        name: String,
        #[arg(required = true)]
        brackets: Vec<String>,
        #[arg(long)]
        remove: bool,
    },
}

fn parse_bracket_status(s: &str) -> std::result::Result<caucus::BracketStatus, String> {
    s.parse()
}

#[derive(Subcommand)]
enum LangCommand {
    /// Add the French or Spanish version of the draft (a translator, the Secretariat or the chair).
    Add {
        workshop: String,
        #[arg(value_parser = parse_lang)]
        lang: caucus::cites::Lang,
    },
    /// Each paragraph of a version: current, outdated (with what changed in the original, word
    /// by word) or missing. Without --lang, every version the workshop holds.
    Status {
        workshop: String,
        #[arg(long, value_parser = parse_lang)]
        lang: Option<caucus::cites::Lang>,
    },
    /// Translate paragraph N (its position, as `caucus show` lists it). Write each of the
    /// original paragraph's square brackets once, in order, with [ and ]: they are tied to the
    /// original's, with its status and holders.
    Set {
        workshop: String,
        n: usize,
        #[arg(long, value_parser = parse_lang)]
        lang: caucus::cites::Lang,
        #[arg(long)]
        text: String,
        /// The translation this one replaces, as you read it ("" for none): saved only while the
        /// paragraph's translation is still that one, so a translation saved meanwhile (another
        /// translator's, arriving by sync) is never replaced unseen (`lang.changed_since`).
        #[arg(long)]
        replaces: Option<String>,
    },
    /// Set the version's own meeting line and document symbol (an empty value prints the
    /// original's again).
    Header {
        workshop: String,
        #[arg(long, value_parser = parse_lang)]
        lang: caucus::cites::Lang,
        #[arg(long)]
        meeting: Option<String>,
        #[arg(long)]
        symbol: Option<String>,
    },
    /// Import a translated text or Markdown file aligned by the draft's numbering (blocks
    /// separated by blank lines, each opening with its paragraph's number: `1.`, `a)`, `PP2`,
    /// `17.C`); reports what could not be aligned.
    Import {
        workshop: String,
        #[arg(long, value_parser = parse_lang)]
        lang: caucus::cites::Lang,
        file: PathBuf,
    },
}

fn parse_lang(s: &str) -> std::result::Result<caucus::cites::Lang, String> {
    caucus::cites::Lang::parse(s).ok_or_else(|| format!("unknown language `{s}` (expected en, fr or es)"))
}

fn lang(caucus: &Caucus, out: &Out, cmd: LangCommand) -> Result<()> {
    match cmd {
        LangCommand::Add { workshop, lang } => {
            let w = caucus.open_workshop(&workshop)?;
            let added = w.add_language(lang)?;
            out.emit(&added, || format!("{lang} version added by {} ({})", added.added_by, added.added_at))
        }
        LangCommand::Status { workshop, lang } => {
            let w = caucus.open_workshop(&workshop)?;
            let langs: Vec<caucus::cites::Lang> = match lang {
                Some(l) => vec![l],
                None => w.languages().into_iter().map(|(l, _)| l).collect(),
            };
            let statuses = langs.into_iter().map(|l| w.version_status(l)).collect::<std::result::Result<Vec<_>, _>>()?;
            out.emit(&statuses, || {
                if statuses.is_empty() {
                    return "no language versions (add one with `caucus lang add <WS> fr|es`)".to_string();
                }
                statuses.iter().map(version_status_text).collect::<Vec<_>>().join("\n\n")
            })
        }
        LangCommand::Set { workshop, n, lang, text, replaces } => {
            let w = caucus.open_workshop(&workshop)?;
            let aligned = match replaces {
                Some(base) => w.revise(lang, position(n)?, &text, &base)?,
                None => w.translate(lang, position(n)?, &text)?,
            };
            out.emit(&aligned, || format!("paragraph {n} ({lang}): {}", aligned.status.as_str()))
        }
        LangCommand::Header { workshop, lang, meeting, symbol } => {
            let w = caucus.open_workshop(&workshop)?;
            let meta = w.set_version_header(lang, meeting.as_deref(), symbol.as_deref())?;
            out.emit(&meta, || {
                format!(
                    "{lang} version: meeting line {}; symbol {}",
                    meta.meeting.as_deref().unwrap_or("(the original's)"),
                    meta.symbol.as_deref().unwrap_or("(the original's)")
                )
            })
        }
        LangCommand::Import { workshop, lang, file } => {
            let w = caucus.open_workshop(&workshop)?;
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let report = w.import_version(lang, &text)?;
            out.emit(&report, || {
                let mut lines = vec![format!(
                    "{lang}: {} paragraph(s) translated, {} unchanged, {} block(s) not aligned, {} paragraph(s) still untranslated",
                    report.translated,
                    report.unchanged,
                    report.unaligned.len(),
                    report.untranslated.len()
                )];
                for u in &report.unaligned {
                    lines.push(format!("  line {}: \u{201c}{}\u{201d}: {}", u.line, u.start, u.reason));
                }
                if !report.untranslated.is_empty() {
                    let list: Vec<String> = report.untranslated.iter().map(|n| n.to_string()).collect();
                    lines.push(format!("  untranslated paragraphs: {}", list.join(", ")));
                }
                lines.join("\n")
            })
        }
    }
}

fn version_status_text(s: &caucus::VersionStatus) -> String {
    let mut lines = vec![format!(
        "{} version: {} current, {} outdated, {} missing (added by {} on {})",
        s.lang,
        s.current,
        s.outdated,
        s.missing,
        s.added.added_by,
        s.added.added_at.get(..10).unwrap_or(&s.added.added_at)
    )];
    for (i, p) in s.paragraphs.iter().enumerate() {
        let number = p.number.as_deref().unwrap_or("");
        lines.push(format!("{:>3} {:<8} {:<9} {}", i + 1, number, p.status.as_str(), short(&p.original)));
        if p.status == caucus::model::version::Alignment::Outdated {
            let diff: String = p
                .changes
                .iter()
                .map(|c| match c.kind {
                    "inserted" => format!("{{+{}+}}", c.text.trim_end()) + if c.text.ends_with(' ') { " " } else { "" },
                    "deleted" => format!("[-{}-]", c.text.trim_end()) + if c.text.ends_with(' ') { " " } else { "" },
                    _ => c.text.clone(),
                })
                .collect();
            if !diff.is_empty() {
                lines.push(format!("              changed: {diff}"));
            }
            if p.brackets_changed {
                lines.push("              a bracket's status changed".to_string());
            }
        }
    }
    for o in &s.orphans {
        lines.push(format!("    orphan: the translation of deleted paragraph {} is kept: {}", o.paragraph, short(&o.text)));
    }
    lines.join("\n")
}

fn bracket(caucus: &Caucus, out: &Out, cmd: BracketCommand) -> Result<()> {
    let line = |b: &caucus::workshop::status::OpenBracket| {
        let held = if b.holders.is_empty() { String::new() } else { format!(" — held by {}", b.holders.join(", ")) };
        let package = b.package.as_ref().map(|p| format!(" — package “{p}”{}", if b.pending { " (pending)" } else { "" })).unwrap_or_default();
        let package = match &b.alternative_of {
            Some(of) => format!("{package} — alternative of {of}"),
            None => package,
        };
        let cite = if b.citation.is_empty() { "—" } else { &b.citation };
        format!("{}  {cite}  [{}]  {}{held}{package}", b.id, b.text, b.status.as_str())
    };
    match cmd {
        BracketCommand::List { workshop, holder, status } => {
            let w = caucus.open_workshop(&workshop)?;
            let mut list = caucus::workshop::status::brackets(&w.view()?);
            if let Some(holder) = &holder {
                list.retain(|b| b.holders.iter().any(|h| h.eq_ignore_ascii_case(holder)));
            }
            if let Some(status) = status {
                list.retain(|b| b.status == status);
            }
            out.emit(&list, || if list.is_empty() { "no brackets".to_string() } else { list.iter().map(line).collect::<Vec<_>>().join("\n") })
        }
        BracketCommand::Add { workshop, n, words, holders } => {
            let w = caucus.open_workshop(&workshop)?;
            let at = position(n)?;
            let text = w.paragraphs().into_iter().nth(at).map(|p| p.para.text()).ok_or_else(|| anyhow::anyhow!("there is no paragraph {n}"))?;
            let start = match (text.find(&words), text.rfind(&words)) {
                (Some(first), Some(last)) if first == last && !words.is_empty() => first,
                (Some(_), Some(_)) => bail!("the words occur more than once in paragraph {n}: give more of them"),
                _ => bail!("paragraph {n} does not contain those words"),
            };
            let id = w.bracket(at, start, words.len(), holders)?;
            let list = caucus::workshop::status::brackets(&w.view()?);
            let b = list.iter().find(|b| b.id == id).cloned();
            out.emit(&b, || b.as_ref().map(line).unwrap_or_else(|| id.clone()))
        }
        BracketCommand::Alternative { workshop, bracket, words, holders } => {
            let w = caucus.open_workshop(&workshop)?;
            let id = w.add_alternative(&bracket, &words, holders)?;
            let list = caucus::workshop::status::brackets(&w.view()?);
            let b = list.iter().find(|b| b.id == id).cloned();
            out.emit(&b, || b.as_ref().map(line).unwrap_or_else(|| id.clone()))
        }
        BracketCommand::Choose { workshop, bracket, alternative } => {
            let w = caucus.open_workshop(&workshop)?;
            let group = w.alternatives(&bracket)?;
            let chosen = match alternative.parse::<usize>() {
                Ok(n) => group.get(n.wrapping_sub(1)).cloned().ok_or_else(|| anyhow::anyhow!("the group has {} alternatives; there is no number {n}", group.len()))?,
                Err(_) if group.contains(&alternative) => alternative.clone(),
                Err(_) => bail!("{alternative} is not an alternative of {bracket} (they are {})", group.join(", ")),
            };
            w.choose_alternative(&chosen)?;
            let list = caucus::workshop::status::brackets(&w.view()?);
            let b = list.iter().find(|b| b.id == chosen).cloned();
            out.emit(&b, || b.as_ref().map(line).unwrap_or_else(|| chosen.clone()))
        }
        BracketCommand::Status { workshop, bracket, status } => {
            let w = caucus.open_workshop(&workshop)?;
            let info = w.view()?.brackets.get(&bracket).cloned().ok_or_else(|| caucus::Error::NoSuchBracket(bracket.clone()))?;
            w.set_bracket(&bracket, &caucus::BracketInfo { status, ..info })?;
            let list = caucus::workshop::status::brackets(&w.view()?);
            let b = list.iter().find(|b| b.id == bracket).cloned();
            out.emit(&b, || b.as_ref().map(line).unwrap_or_else(|| format!("{bracket}: {} (not in the text)", status.as_str())))
        }
        BracketCommand::Package { workshop, name, brackets, remove } => {
            let w = caucus.open_workshop(&workshop)?;
            w.package_brackets(&brackets, if remove { None } else { Some(name.as_str()) })?;
            let list: Vec<_> = caucus::workshop::status::brackets(&w.view()?).into_iter().filter(|b| brackets.contains(&b.id)).collect();
            out.emit(&list, || list.iter().map(line).collect::<Vec<_>>().join("\n"))
        }
    }
}

#[derive(Subcommand)]
enum ParaCommand {
    /// Add a paragraph (at the end, or at position N).
    Add {
        workshop: String,
        #[arg(long, value_parser = parse_kind)]
        kind: ParaKind,
        #[arg(long)]
        level: Option<u8>,
        /// 1-based position the new paragraph takes.
        #[arg(long)]
        at: Option<usize>,
        /// Fixed label, e.g. 17.A for a decision.
        #[arg(long)]
        label: Option<String>,
        #[arg(long)]
        text: String,
    },
    /// Change paragraph N (its text, kind, level or label).
    Set {
        workshop: String,
        n: usize,
        #[arg(long)]
        text: Option<String>,
        #[arg(long, value_parser = parse_kind)]
        kind: Option<ParaKind>,
        #[arg(long)]
        level: Option<u8>,
        #[arg(long)]
        label: Option<String>,
    },
    /// Move paragraph N to position M.
    Move {
        workshop: String,
        n: usize,
        #[arg(long)]
        to: usize,
    },
    /// Delete paragraph N.
    Delete { workshop: String, n: usize },
    /// Number paragraph N (operative, or an item) as inserted: it takes the number before it with
    /// bis, ter … so the paragraphs after it keep theirs; --off takes the suffix off.
    Inserted {
        workshop: String,
        n: usize,
        #[arg(long)]
        off: bool,
    },
    /// Number the inserted paragraphs in sequence (2 bis becomes 3 …): the chair or the
    /// Secretariat, usually before freezing a milestone; logged.
    Renumber { workshop: String },
    /// Mark paragraph N agreed (the chair or the Secretariat), or withdraw the mark.
    Agree {
        workshop: String,
        n: usize,
        #[arg(long)]
        withdraw: bool,
    },
}

#[derive(Subcommand)]
enum MemberCommand {
    /// Add a member; prints the member id.
    Add(MemberArgs),
    List { workshop: String },
    /// Remove a member (recorded; they stay listed as removed).
    Remove { workshop: String, member: String },
}

#[derive(Args)]
struct MemberArgs {
    workshop: String,
    #[arg(long)]
    name: String,
    #[arg(long)]
    delegation: String,
    #[arg(long, value_parser = parse_role)]
    role: Role,
    #[arg(long, value_parser = parse_group)]
    group: Group,
}

#[derive(Subcommand)]
enum CommentCommand {
    /// Comment on the words QUOTE of the draft; prints the thread id.
    Add {
        workshop: String,
        #[arg(long)]
        quote: String,
        #[arg(long)]
        body: String,
        /// Author member id (default: this device's member).
        #[arg(long = "as", value_name = "MEMBER")]
        author: Option<String>,
        /// Look for the quote only in paragraph N.
        #[arg(long = "in", value_name = "N")]
        in_para: Option<usize>,
        /// general (the default), technical or editorial.
        #[arg(long = "type", value_name = "TYPE", value_parser = parse_comment_type, default_value = "general")]
        kind: caucus::model::notes::CommentType,
        /// Proposed wording (see --proposal-kind).
        #[arg(long, value_name = "TEXT")]
        propose: Option<String>,
        /// What the proposed wording stands for: replace (the quoted words), paragraph (the whole
        /// paragraph) or insert-after (a new paragraph after it).
        #[arg(long, value_name = "KIND", value_parser = parse_proposal_kind, default_value = "replace", requires = "propose")]
        proposal_kind: caucus::model::notes::ProposalKind,
    },
    /// Add the support of a delegation (yours, or MEMBER's when the chair or the Secretariat
    /// records it) to another delegation's thread.
    Support {
        workshop: String,
        id: String,
        #[arg(long = "as", value_name = "MEMBER")]
        member: Option<String>,
        /// Withdraw the support instead.
        #[arg(long)]
        withdraw: bool,
    },
    /// Record a thread's outcome (the chair or the Secretariat).
    Outcome {
        workshop: String,
        id: String,
        #[arg(value_parser = parse_outcome)]
        outcome: caucus::model::notes::OutcomeKind,
        #[arg(long, default_value = "")]
        observation: String,
    },
    /// Apply a thread's proposal to the draft (the chair or the Secretariat): the change is
    /// attributed to the proposing delegation; `--force` confirms a proposal whose words changed
    /// since (recorded as accepted-modified).
    Apply {
        workshop: String,
        id: String,
        #[arg(long)]
        force: bool,
    },
    Reply {
        workshop: String,
        id: String,
        #[arg(long)]
        body: String,
        #[arg(long = "as", value_name = "MEMBER")]
        author: Option<String>,
    },
    List { workshop: String },
    /// The compiled comments as the table delegations know (Delegation, Paragraph, Line, Type,
    /// Comment, Proposed change, Outcome and observation), in paragraph order.
    Table {
        workshop: String,
        /// docx, xlsx or csv.
        #[arg(long, value_parser = parse_table_format)]
        format: caucus::export::comment_table::TableFormat,
        /// Only threads with no outcome yet and not resolved.
        #[arg(long)]
        open: bool,
        /// Only this delegation's threads.
        #[arg(long, value_name = "D")]
        delegation: Option<String>,
        /// Only threads of this type (general, technical or editorial).
        #[arg(long = "type", value_name = "TYPE", value_parser = parse_comment_type)]
        kind: Option<caucus::model::notes::CommentType>,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Import a delegation's comment table (DOCX, XLSX or CSV): one thread per row, on the
    /// paragraph it cites; prints the rows imported, anchored and unanchored (with why).
    Import {
        workshop: String,
        file: PathBuf,
        /// The member the rows are from (default: you); another member's rows are recorded on
        /// their behalf (the chair and the Secretariat only).
        #[arg(long = "as", value_name = "MEMBER")]
        author: Option<String>,
    },
    /// Import a delegation's returned Word draft (.docx with tracked changes): one proposal per
    /// changed paragraph, on the draft's paragraph it was; prints the proposals and the
    /// paragraphs that matched none (with why).
    ImportWord {
        workshop: String,
        file: PathBuf,
        /// The member the proposals are from (default: you); another member's are recorded on
        /// their behalf (the chair and the Secretariat only).
        #[arg(long = "as", value_name = "MEMBER")]
        author: Option<String>,
    },
    Resolve { workshop: String, id: String },
    Reopen { workshop: String, id: String },
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Resolution,
    Decisions,
}

#[derive(Clone, Copy, ValueEnum)]
enum MarksArg {
    Tracked,
    Visual,
}

/// What `caucus export --format` names: one of the draft's formats, or the status report.
#[derive(Clone, Copy, Debug)]
enum ExportFormat {
    Draft(Format),
    StatusDocx,
    StatusHtml,
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    match s {
        "status-docx" => Ok(ExportFormat::StatusDocx),
        "status-html" => Ok(ExportFormat::StatusHtml),
        _ => s.parse().map(ExportFormat::Draft).map_err(|e| format!("{e}, or status-docx or status-html")),
    }
}

fn parse_kind(s: &str) -> Result<ParaKind, String> {
    s.parse()
}
fn parse_comment_type(s: &str) -> Result<caucus::model::notes::CommentType, String> {
    s.parse()
}
fn parse_table_format(s: &str) -> Result<caucus::export::comment_table::TableFormat, String> {
    s.parse()
}
fn parse_proposal_kind(s: &str) -> Result<caucus::model::notes::ProposalKind, String> {
    s.parse()
}
fn parse_outcome(s: &str) -> Result<caucus::model::notes::OutcomeKind, String> {
    s.parse()
}
fn parse_role(s: &str) -> Result<Role, String> {
    s.parse()
}
fn parse_group(s: &str) -> Result<Group, String> {
    s.parse()
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CAUCUS_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .init();
    if matches!(cli.command, Command::Serve { .. }) {
        share_malloc_arenas();
    }
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.chain().find_map(code_of).unwrap_or("cli.error");
            if json {
                let line = serde_json::json!({ "error": { "code": code, "message": format!("{e:#}") } });
                eprintln!("{line}");
            } else if code == "cli.error" {
                eprintln!("error: {e:#}");
            } else {
                eprintln!("error[{code}]: {e:#}");
            }
            ExitCode::FAILURE
        }
    }
}

/// A relay's threads share two malloc arenas. glibc gives each new thread an arena of its own (up
/// to eight a core), and each arena keeps the memory it once held: a relay whose rooms load on
/// blocking threads held about 6 KiB more per open room (BENCHMARKS.md, "Rooms that keep less").
/// An operator's own `MALLOC_ARENA_MAX` is left as it is. Called before any thread is started.
fn share_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt sets one parameter of the C allocator; it takes no pointer, and no
        // thread of ours is running yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

/// A reader that stopped reading (`caucus show | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>().and_then(|j| j.io_error_kind()) == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints `value` as JSON, or `human` otherwise.
struct Out {
    json: bool,
}

impl Out {
    fn emit<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) -> Result<()> {
        let mut stdout = std::io::stdout().lock();
        if self.json {
            serde_json::to_writer_pretty(&mut stdout, value)?;
            writeln!(stdout)?;
        } else {
            let text = human();
            if !text.is_empty() {
                writeln!(stdout, "{text}")?;
            }
        }
        Ok(())
    }
}

impl Command {
    /// Commands that never write to the device's store.
    fn only_reads(&self) -> bool {
        match self {
            Command::List
            | Command::Show { .. }
            | Command::Export { .. }
            | Command::Diff { .. }
            | Command::Log { .. }
            | Command::Status { .. }
            | Command::Check
            | Command::Invite { .. }
            | Command::Peers { .. } => true,
            Command::Milestone(m) => matches!(m, MilestoneCommand::List { .. } | MilestoneCommand::Show { .. }),
            Command::Stage(s) => matches!(s, StageCommand::Show { .. }),
            Command::Bracket(b) => matches!(b, BracketCommand::List { .. }),
            Command::Member(m) => matches!(m, MemberCommand::List { .. }),
            Command::Comment(c) => matches!(c, CommentCommand::List { .. } | CommentCommand::Table { .. }),
            _ => false,
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let dir = match cli.data_dir {
        Some(dir) => dir,
        None => Caucus::data_dir_from_env()?,
    };
    // --- backup and restore: no store is opened (the directory may be owned by another process,
    // or must not be owned at all) ---
    match &cli.command {
        Command::Backup { workshop, to } => {
            let scope = if workshop == "all" { BackupScope::All } else { BackupScope::Workshop(workshop.clone()) };
            let report = caucus::store::backup::backup(&dir, &scope, to)?;
            return Out { json: cli.json }.emit(&report, || {
                format!("backed up {} workshop(s), {} rows verified, to {} ({} bytes)", report.workshops, report.rows, report.file.display(), report.bytes)
            });
        }
        Command::RestoreBackup { file, force } => {
            let report = caucus::store::backup::restore(file, &dir, *force)?;
            return Out { json: cli.json }.emit(&report, || {
                format!("restored {} workshop(s), {} rows verified, into {}", report.workshops, report.rows, dir.display())
            });
        }
        _ => {}
    }
    // --- end backup and restore ---
    // A command that only reads may run while another process (the app, a relay) owns the
    // data directory; one that writes needs it to itself (`store.in_use` names the owner).
    let caucus = if cli.command.only_reads() { Caucus::open_for_reading(&dir) } else { Caucus::open(&dir) }
        .with_context(|| format!("cannot open the data directory {}", dir.display()))?;
    let out = Out { json: cli.json };
    match cli.command {
        Command::New { title, symbol, meeting, kind, language, chair, delegation, chair_group } => {
            let kind = match kind {
                KindArg::Resolution => DraftKind::Resolution,
                KindArg::Decisions => DraftKind::Decisions,
            };
            let w = caucus.create(&NewWorkshop {
                title,
                symbol,
                meeting,
                kind,
                language,
                chair_name: chair,
                chair_delegation: delegation,
                chair_group,
            })?;
            out.emit(&serde_json::json!({ "id": w.id() }), || w.id().to_string())
        }
        Command::List => {
            let list = caucus.list()?;
            out.emit(&list, || list.iter().map(|w| format!("{}  {}", w.id, w.title)).collect::<Vec<_>>().join("\n"))
        }
        Command::Demo => {
            let w = caucus.open_sample()?;
            let paragraphs = w.paragraphs();
            out.emit(&serde_json::json!({ "id": w.id(), "paragraphs": paragraphs }), || {
                format!("Sample workshop {}\n\n{}", w.id(), outline(&paragraphs))
            })
        }
        Command::Import { workshop, file } => {
            let w = caucus.open_workshop(&workshop)?;
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let imported = w.import(&bytes).with_context(|| format!("cannot import {}", file.display()))?;
            let n = imported.paragraphs.len();
            out.emit(&serde_json::json!({ "paragraphs": n, "kind": imported.kind, "word": imported.word }), || {
                let mut line = format!("imported {n} paragraphs ({})", imported.kind);
                if let Some(w) = &imported.word {
                    line.push_str(&format!(
                        " from Word: {} numbered as lists; tracked changes accepted: {} insertions, {} deletions",
                        w.list_paragraphs, w.insertions_accepted, w.deletions_accepted
                    ));
                }
                line
            })
        }
        Command::Show { workshop } => {
            let w = caucus.open_workshop(&workshop)?;
            let view = w.view()?;
            out.emit(&view, || {
                let meta = &view.meta;
                let mut head = vec![meta.title.clone()];
                if !meta.symbol.is_empty() {
                    head.push(meta.symbol.clone());
                }
                if !meta.meeting.is_empty() {
                    head.push(meta.meeting.clone());
                }
                format!("{}\n\n{}", head.join(" · "), outline(&view.paragraphs))
            })
        }
        Command::Para(cmd) => para(&caucus, &out, cmd),
        Command::Member(cmd) => member(&caucus, &out, cmd),
        Command::Comment(cmd) => comment(&caucus, &out, cmd),
        Command::Lang(cmd) => lang(&caucus, &out, cmd),
        Command::Export { workshop, format, since, marks, comments, line_numbers, lang, output } => {
            let w = caucus.open_workshop(&workshop)?;
            let rendered = match format {
                ExportFormat::Draft(format) => {
                    let mut options = ExportOptions::new(format);
                    options.lang = lang;
                    options.since = since;
                    options.comments = comments;
                    options.line_numbers = line_numbers;
                    options.marks = match marks {
                        MarksArg::Tracked => RevisionMarks::Tracked,
                        MarksArg::Visual => RevisionMarks::Visual,
                    };
                    w.export(&options)?
                }
                ExportFormat::StatusDocx | ExportFormat::StatusHtml => {
                    if since.is_some() || comments || line_numbers || lang.is_some() {
                        bail!("--since, --comments and --line-numbers apply to the draft's formats, not to the status report");
                    }
                    w.status_report(matches!(format, ExportFormat::StatusDocx))?
                }
            };
            match output {
                Some(path) => {
                    write_atomically(&path, &rendered)?;
                    out.emit(&serde_json::json!({ "written": path, "bytes": rendered.len() }), || {
                        format!("wrote {} ({} bytes)", path.display(), rendered.len())
                    })
                }
                None => {
                    std::io::stdout().lock().write_all(&rendered)?;
                    Ok(())
                }
            }
        }
        Command::Milestone(cmd) => milestone(&caucus, &out, cmd),
        Command::Stage(cmd) => stage(&caucus, &out, cmd),
        Command::Status { workshop } => {
            let w = caucus.open_workshop(&workshop)?;
            let status = w.status()?;
            out.emit(&status, || status_text(&status))
        }
        Command::Seen { workshop, mark } => {
            let w = caucus.open_workshop(&workshop)?;
            let seen = if mark { w.mark_seen(caucus::workshop::SeenPart::All)? } else { w.since_seen()? };
            let mut value = serde_json::to_value(&seen)?;
            if let Some(fields) = value.as_object_mut() {
                fields.insert("count".into(), seen.count().into());
            }
            out.emit(&value, || seen_text(&seen, mark))
        }
        Command::Diff { workshop, from, to, author } => {
            let w = caucus.open_workshop(&workshop)?;
            let mut doc = w.compare(&from, to.as_deref())?;
            if let Some(author) = &author {
                doc = caucus::revision::only_by(doc, author);
            }
            out.emit(&doc, || changes_text(&doc))
        }
        Command::Log { workshop, since } => {
            let w = caucus.open_workshop(&workshop)?;
            let lines = w.log(since.as_deref())?;
            out.emit(&lines, || {
                if lines.is_empty() {
                    return "the log is empty".to_string();
                }
                lines.iter().map(|l| format!("{}  {}: {}", l.at, l.by_name, l.what)).collect::<Vec<_>>().join("\n")
            })
        }
        Command::Restore { workshop, milestone, para } => {
            let w = caucus.open_workshop(&workshop)?;
            // Paragraph N of the draft as it was at the milestone (one deleted since included).
            let para = match para {
                Some(n) => {
                    let at = position(n)?;
                    let frozen = w.milestone_view(&milestone)?.paragraphs;
                    let len = frozen.len();
                    Some(frozen.into_iter().nth(at).ok_or(caucus::ModelError::NoSuchParagraph { position: n, len })?.para.id)
                }
                None => None,
            };
            let report = w.restore(&milestone, para.as_deref())?;
            out.emit(&report, || {
                format!(
                    "restored as at “{}”: {} paragraph(s) brought back, {} removed, {} changed back",
                    report.milestone, report.brought_back, report.removed, report.changed
                )
            })
        }
        Command::Revert { workshop, milestone, delegation } => {
            let w = caucus.open_workshop(&workshop)?;
            let report = w.revert(&milestone, &delegation)?;
            out.emit(&report, || {
                format!(
                    "{}’s changes since “{}” undone: {} paragraph(s) removed, {} brought back, {} changed back",
                    report.delegation, report.milestone, report.removed, report.brought_back, report.changed
                )
            })
        }
        Command::Bracket(cmd) => bracket(&caucus, &out, cmd),
        Command::Check => {
            let (workshops, rows) = caucus.check()?;
            out.emit(&serde_json::json!({ "ok": true, "workshops": workshops, "rows": rows }), || {
                format!("ok: {workshops} workshops, {rows} stored rows and milestones read and verified")
            })
        }
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            tls_self_signed,
            no_mdns,
            create_rooms,
            open,
            open_i_understand_anyone_can_write,
            idle_unload,
            max_message_mib,
            admin,
            admin_beyond_loopback,
            max_connections_per_ip,
            handshake_timeout,
            idle_timeout,
            max_pre_auth_frame,
            max_updates_per_second,
            update_burst,
        } => {
            // --- operate a relay: --open beyond loopback (issue #13 §1) ---
            if open && !listen.ip().is_loopback() && !open_i_understand_anyone_can_write {
                return Err(OpenRefused(listen).into());
            }
            if open {
                eprintln!("{}", open_warning(listen));
            }
            // --- end --open ---
            let tls = match (tls_cert, tls_key, tls_self_signed) {
                (Some(cert), Some(key), _) => Some(ServerTls::from_pem_files(&cert, &key)?),
                (_, _, true) => Some(ServerTls::self_signed(&dir)?),
                _ => None,
            };
            let options = RelayOptions {
                create_rooms,
                open,
                idle_unload: Duration::from_secs(idle_unload),
                tls,
                max_message: usize::try_from(max_message_mib << 20).unwrap_or(usize::MAX),
                max_connections_per_ip: usize::try_from(max_connections_per_ip).unwrap_or(usize::MAX),
                handshake_timeout: Duration::from_secs(handshake_timeout),
                idle_timeout: Duration::from_secs(idle_timeout),
                max_pre_auth_frame: usize::try_from(max_pre_auth_frame).unwrap_or(usize::MAX),
                max_updates_per_second,
                update_burst,
                ..RelayOptions::default()
            };
            runtime()?.block_on(async {
                let relay = Relay::bind(caucus.clone(), listen, options).await?;
                // --- operations endpoints (issue #13 §1) ---
                let admin = match admin {
                    Some(addr) => Some(caucus::sync::admin::Admin::bind(addr, admin_beyond_loopback, caucus.clone(), relay.metrics()).await?),
                    None => None,
                };
                if let Some(a) = &admin {
                    eprintln!("admin endpoints on http://{}/ (/healthz, /metrics)", a.local_addr());
                }
                // --- end operations endpoints ---
                let url = relay.url();
                let fingerprint = relay.fingerprint().map(str::to_string);
                out.emit(&serde_json::json!({ "listening": url, "fingerprint": fingerprint }), || match &fingerprint {
                    Some(fp) => format!("listening on {url}\ncertificate fingerprint (SHA-256): {fp}"),
                    None => format!("listening on {url}"),
                })?;
                // LAN peers cannot reach a loopback relay: only others advertise.
                let advertiser = if no_mdns || relay.local_addr().ip().is_loopback() {
                    None
                } else {
                    let ids: Vec<String> = caucus.list()?.into_iter().map(|w| w.id).collect();
                    match caucus::sync::lan::Advertiser::start(&ids, relay.local_addr(), fingerprint.is_some()) {
                        Ok(a) => Some(a),
                        Err(e) => {
                            tracing::warn!(error = %e, "not advertised on the LAN");
                            None
                        }
                    }
                };
                std::io::stdout().flush()?;
                // --- operate a relay: SIGTERM / SIGINT stop it gracefully (issue #13 §1) ---
                let signal = until_stop_signal().await?;
                tracing::info!(signal, "stopping the relay");
                if let Some(a) = advertiser {
                    a.stop();
                }
                if let Some(a) = admin {
                    a.stop();
                }
                // Stops accepting, closes every connection with 1001 (going away), and returns once
                // every room finished what it was saving; bounded, so the service manager's own
                // timeout is never what ends it.
                if tokio::time::timeout(STOP_BOUND, relay.stop()).await.is_err() {
                    tracing::warn!(bound_secs = STOP_BOUND.as_secs(), "the relay did not stop within its bound");
                }
                // --- end signals ---
                Ok(())
            })
        }
        Command::Bundle(cmd) => bundle(&caucus, &out, cmd),
        Command::Backup { .. } | Command::RestoreBackup { .. } => bail!("backup and restore-backup run before the store is opened"),
        cmd @ (Command::Invite { .. } | Command::Join { .. }) => invite_or_join(&caucus, &dir, &out, cmd),
        Command::Peers { workshop, timeout } => {
            let w = caucus.open_workshop(&workshop)?;
            let peers = caucus::sync::lan::browse(w.id(), Duration::from_secs(timeout))?;
            out.emit(&peers, || {
                peers
                    .iter()
                    .map(|p| {
                        let addrs: Vec<String> = p.addresses.iter().map(|a| a.to_string()).collect();
                        format!("{}  port {}  {}  ({})", addrs.join(", "), p.port, p.scheme, p.instance)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        Command::Sync { workshop, to, cert_fingerprint, ca, timeout } => {
            let w = caucus.open_workshop(&workshop)?;
            let now = caucus.host().clock.now().timestamp();
            let token = token::device_token(&caucus, &w, now)?;
            // --cert-fingerprint, else --ca, else the pin of the invitation this device joined with.
            let trust = match (cert_fingerprint, ca) {
                (Some(fp), _) => Some(Trust::pin(&fp)?),
                (None, Some(ca)) => Some(Trust::ca_file(&ca)?),
                (None, None) => token
                    .as_deref()
                    .and_then(|t| token::decode(t, now).ok())
                    .and_then(|c| c.fingerprint)
                    .map(|fp| Trust::pin(&fp))
                    .transpose()
                    ?,
            };
            let options = SyncOptions { timeout: Duration::from_secs(timeout), token, trust, ..SyncOptions::default() };
            let report = runtime()?.block_on(sync_once(&w, &to, &options))?;
            // The app keeps syncing this workshop with the relay last used here.
            caucus::sync::invitation::remember_relay(&caucus, w.id(), &to)?;
            out.emit(&report, || {
                let sent: usize = report.docs.iter().map(|d| d.bytes_sent).sum();
                let received: usize = report.docs.iter().map(|d| d.bytes_received).sum();
                format!("synced {} with {} (draft, notes, roster; {sent} bytes sent, {received} received)", w.id(), report.relay)
            })
        }
    }
}

fn bundle(caucus: &Caucus, out: &Out, cmd: BundleCommand) -> Result<()> {
    use caucus::bundle::{self, ImportOptions, SinceState};
    match cmd {
        BundleCommand::Export { workshop, since, output } => {
            let w = caucus.open_workshop(&workshop)?;
            let since = match since {
                Some(path) => {
                    let bytes = read_limited(&path, 16 << 20)?;
                    Some(SinceState::parse(&bytes)?)
                }
                None => None,
            };
            let exported = bundle::export(&w, since.as_ref())?;
            std::fs::write(&output, &exported.bytes).with_context(|| format!("cannot write {}", output.display()))?;
            let mut state_path = output.clone().into_os_string();
            state_path.push(".state");
            let state_path = PathBuf::from(state_path);
            std::fs::write(&state_path, exported.state.encode())
                .with_context(|| format!("cannot write {}", state_path.display()))?;
            let value = serde_json::json!({
                "workshop": w.id(), "file": output, "state": state_path, "bytes": exported.bytes.len(),
                "incremental": since.is_some(), "sender": exported.sender,
            });
            out.emit(&value, || format!("wrote {} ({} bytes) and {}", output.display(), exported.bytes.len(), state_path.display()))
        }
        BundleCommand::Import { file, adopt } => {
            let bytes = read_limited(&file, bundle::MAX_BUNDLE as u64)?;
            let report = bundle::import_with(caucus, &bytes, ImportOptions { adopt })?;
            out.emit(&report, || {
                if report.changed.is_empty() {
                    format!("{}: nothing new", report.workshop)
                } else {
                    format!("{}: updated {}", report.workshop, report.changed.join(", "))
                }
            })
        }
    }
}

/// Reads a file of at most `max` bytes (checked before reading).
fn read_limited(path: &std::path::Path, max: u64) -> Result<Vec<u8>> {
    let len = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.len();
    if len > max {
        return Err(anyhow::Error::from(caucus::bundle::BundleError::TooLarge)).with_context(|| path.display().to_string());
    }
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The async runtime of `serve` and `sync`: two worker threads (saving runs on blocking threads).
fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?)
}

// --- operate a relay: signals and --open (issue #13 §1) ---

/// How long `caucus serve` may take to stop after SIGTERM or SIGINT.
const STOP_BOUND: Duration = Duration::from_secs(10);

/// Waits for SIGTERM or SIGINT (Ctrl-C); returns its name.
#[cfg(unix)]
async fn until_stop_signal() -> Result<&'static str> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    })
}

#[cfg(not(unix))]
async fn until_stop_signal() -> Result<&'static str> {
    tokio::signal::ctrl_c().await?;
    Ok("Ctrl-C")
}

/// `caucus serve --open` on an address beyond loopback, without the flag that accepts it.
#[derive(Debug, thiserror::Error)]
#[error("refusing --open on {0}: anyone who can reach this address could read and rewrite every workshop this relay holds, \
with no invitation. Serve with invitations instead (drop --open), or listen on 127.0.0.1; to accept it anyway add \
--open-i-understand-anyone-can-write")]
struct OpenRefused(std::net::SocketAddr);

impl caucus::Coded for OpenRefused {
    fn code(&self) -> &'static str {
        "serve.open_refused"
    }
}

/// What `--open` exposes, printed at start.
fn open_warning(listen: std::net::SocketAddr) -> String {
    let reach = if listen.ip().is_loopback() { "every program and user on this machine" } else { "anyone who can reach this address" };
    format!(
        "warning: --open: no invitation is needed. {reach} ({listen}) can read every workshop this relay holds (drafts, comments, \
rosters) and change or delete any of it."
    )
}
// --- end signals and --open ---

fn milestone(caucus: &Caucus, out: &Out, cmd: MilestoneCommand) -> Result<()> {
    match cmd {
        MilestoneCommand::Create { workshop, name, renumber } => {
            let w = caucus.open_workshop(&workshop)?;
            if renumber {
                w.renumber()?;
            }
            let m = w.create_milestone(&name)?;
            out.emit(&m, || format!("milestone “{}” created {}", m.name, m.created))
        }
        MilestoneCommand::List { workshop } => {
            let w = caucus.open_workshop(&workshop)?;
            let list = w.milestones()?;
            let members = w.members();
            let who = |id: &str| members.iter().find(|m| m.id == id).map_or_else(|| id.to_string(), |m| m.full_name());
            out.emit(&list, || {
                list.iter()
                    .map(|m| {
                        let only_here = if m.shared { "" } else { " — on this device only" };
                        format!("{}  {}  (frozen by {}{only_here})", m.created, m.name, who(&m.created_by))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        MilestoneCommand::Show { workshop, name } => {
            let w = caucus.open_workshop(&workshop)?;
            let view = w.milestone_view(&name)?;
            out.emit(&view, || format!("{} — as at “{name}”\n\n{}", view.meta.title, outline(&view.paragraphs)))
        }
    }
}

/// `caucus status` for a reader: the counts with a bar, who holds what, the comments awaiting an
/// outcome, the changes since the last milestone, and the open paragraphs.
fn seen_text(s: &caucus::workshop::SinceSeen, marked: bool) -> String {
    if marked {
        return "everything is marked as seen".into();
    }
    if s.first_look {
        return "first look on this device: everything as it is now is recorded as seen".into();
    }
    if s.count() == 0 {
        return format!("nothing new since you last looked ({})", s.draft_seen);
    }
    let mut lines = vec![format!("{} new since you last looked ({}):", s.count(), s.draft_seen)];
    for p in &s.paragraphs {
        let what = if p.deleted { "deleted by" } else { "changed by" };
        let cited = if p.citation.is_empty() { p.number.as_deref().unwrap_or(&p.para_id) } else { &p.citation };
        lines.push(format!("  paragraph {cited} {what} {}", p.delegations.join(", ")));
    }
    for t in &s.threads {
        let mut what = Vec::new();
        if t.new_thread {
            what.push("new thread".to_string());
        }
        if !t.replies.is_empty() {
            what.push(format!("{} new {}", t.replies.len(), if t.replies.len() == 1 { "reply" } else { "replies" }));
        }
        let on = if t.citation.is_empty() { String::new() } else { format!(" on paragraph {}", t.citation) };
        lines.push(format!("  thread {}{on}: {} by {}", t.thread_id, what.join(", "), t.delegations.join(", ")));
    }
    lines.join("\n")
}

fn status_text(s: &caucus::workshop::status::Status) -> String {
    use caucus::workshop::status::ParaStatus;
    let c = &s.counts;
    let mut lines = vec![format!("{} — {}", if s.title.is_empty() { "Untitled workshop" } else { &s.title }, s.stage)];
    let settled = c.agreed + c.agreed_ad_ref;
    let width = 30;
    let filled = if c.total == 0 { 0 } else { settled * width / c.total };
    lines.push(format!(
        "Paragraphs: {} agreed, {} agreed ad ref., {} open (of {})  [{}{}] {}% settled",
        c.agreed,
        c.agreed_ad_ref,
        c.open,
        c.total,
        "#".repeat(filled),
        ".".repeat(width - filled),
        if c.total == 0 { 100 } else { settled * 100 / c.total }
    ));
    if !s.holders.is_empty() {
        lines.push("Open brackets, by the delegations holding them:".into());
        for (delegation, ids) in &s.holders {
            let cited: Vec<String> = ids
                .iter()
                .filter_map(|id| s.open_brackets.iter().find(|b| &b.id == id))
                .map(|b| format!("{} “{}”", if b.citation.is_empty() { "—" } else { &b.citation }, b.text))
                .collect();
            lines.push(format!("  {delegation}: {}", cited.join(", ")));
        }
    }
    let unheld: Vec<String> = s.open_brackets.iter().filter(|b| b.holders.is_empty()).map(|b| format!("{} “{}”", b.citation, b.text)).collect();
    if !unheld.is_empty() {
        lines.push(format!("  (no holder): {}", unheld.join(", ")));
    }
    for p in &s.packages {
        let standing = if p.complete { "agreed".to_string() } else { format!("pending ({} of {} agreed)", p.agreed, p.brackets) };
        lines.push(format!("Package “{}”: {standing}", p.name));
    }
    if !s.undisposed.is_empty() {
        lines.push("Comments awaiting an outcome:".into());
        for u in &s.undisposed {
            let kinds: Vec<String> = [(u.general, "general"), (u.technical, "technical"), (u.editorial, "editorial")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, k)| format!("{n} {k}"))
                .collect();
            lines.push(format!("  {}: {} ({})", if u.delegation.is_empty() { "(no delegation)" } else { &u.delegation }, u.total, kinds.join(", ")));
        }
    }
    if let Some(since) = &s.since {
        let by = if since.by.is_empty() { String::new() } else { format!(" — by {}", since.by.join(", ")) };
        lines.push(format!(
            "Since “{}”: {} edited, {} inserted, {} deleted, {} moved{by}",
            since.milestone, since.edited, since.inserted, since.deleted, since.moved
        ));
    }
    let open: Vec<String> = s
        .paragraphs
        .iter()
        .filter(|p| p.status == ParaStatus::Open)
        .map(|p| {
            let mut what = Vec::new();
            if p.open_brackets > 0 {
                what.push(format!("{} open bracket{}", p.open_brackets, if p.open_brackets == 1 { "" } else { "s" }));
            }
            if p.open_threads > 0 {
                what.push(format!("{} open thread{}", p.open_threads, if p.open_threads == 1 { "" } else { "s" }));
            }
            if p.marked.is_some() {
                what.push("marked agreed".into());
            }
            format!("  {:<8} {}", if p.citation.is_empty() { "—" } else { &p.citation }, what.join(", "))
        })
        .collect();
    if !open.is_empty() {
        lines.push("Open paragraphs:".into());
        lines.extend(open);
    }
    lines.join("\n")
}

/// What `caucus stage show --json` prints.
#[derive(Serialize)]
struct StageShown {
    stage: Stage,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<String>,
    /// Whole days from today (UTC) to the deadline's end; negative once it has passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    days_left: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    set_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    set_at: Option<String>,
    history: Vec<StageRecord>,
}

fn stage(caucus: &Caucus, out: &Out, cmd: StageCommand) -> Result<()> {
    let (w, changed) = match cmd {
        StageCommand::Set { workshop, stage, deadline } => {
            let w = caucus.open_workshop(&workshop)?;
            w.set_stage(stage, deadline.as_deref())?;
            (w, true)
        }
        StageCommand::Show { workshop } => (caucus.open_workshop(&workshop)?, false),
    };
    let record = w.stage_record();
    let members = w.members();
    let name_of = |id: &str| members.iter().find(|m| m.id == id).map_or_else(|| id.to_string(), |m| m.full_name());
    let today = chrono::Utc::now().date_naive();
    let shown = StageShown {
        stage: w.stage(),
        deadline: record.as_ref().and_then(|r| r.deadline.clone()),
        days_left: record.as_ref().and_then(|r| r.deadline.as_deref()).and_then(|d| caucus::policy::stage::days_left(d, today)),
        set_by: record.as_ref().map(|r| name_of(&r.by)),
        set_at: record.as_ref().map(|r| r.created.clone()),
        history: w.stage_history(),
    };
    out.emit(&shown, || {
        let mut line = format!("{}{}", if changed { "stage set: " } else { "" }, shown.stage);
        if let (Some(deadline), Some(days)) = (&shown.deadline, shown.days_left) {
            let left = match days {
                d if d < 0 => format!("passed {} day{} ago", -d, if d == -1 { "" } else { "s" }),
                0 => "ends today".to_string(),
                d => format!("{d} day{} left", if d == 1 { "" } else { "s" }),
            };
            line.push_str(&format!(" — deadline {deadline} ({left})"));
        }
        if let (Some(by), Some(at)) = (&shown.set_by, &shown.set_at) {
            line.push_str(&format!(" — set by {by} at {at}"));
        }
        line
    })
}

/// The changes of a compared document, one changed paragraph a line: `+` inserted, `-` deleted,
/// `>`/`<` moved here/away, `~` words changed inside (`{+new+}`, `{-old-}`), with authors.
fn changes_text(doc: &Document) -> String {
    let mut lines = Vec::new();
    for b in &doc.blocks {
        let number = b.number.as_deref().map(|n| format!("{n} ")).unwrap_or_default();
        let by = |c: &Change| c.author.as_deref().map(|a| format!("  — {a}")).unwrap_or_default();
        match &b.change {
            Some(c) => {
                let sign = match (c.kind, c.moved) {
                    (ChangeKind::Inserted, false) => '+',
                    (ChangeKind::Deleted, false) => '-',
                    (ChangeKind::Inserted, true) => '>',
                    (ChangeKind::Deleted, true) => '<',
                };
                lines.push(format!("{sign} {:<9} {number}{}{}", b.kind.as_str(), short(&b.text()), by(c)));
            }
            None if b.runs.iter().any(|r| r.change.is_some()) => {
                let mut text = String::new();
                let mut authors: Vec<String> = Vec::new();
                for r in &b.runs {
                    match &r.change {
                        Some(c) if c.kind == ChangeKind::Inserted => {
                            text.push_str(&format!("{{+{}+}}", r.text));
                            if let Some(a) = &c.author {
                                if !authors.contains(a) {
                                    authors.push(a.clone());
                                }
                            }
                        }
                        Some(_) => text.push_str(&format!("{{-{}-}}", r.text)),
                        None => text.push_str(&r.text),
                    }
                }
                let by = if authors.is_empty() { String::new() } else { format!("  — {}", authors.join(", ")) };
                lines.push(format!("~ {:<9} {number}{text}{by}", b.kind.as_str()));
            }
            None => {}
        }
    }
    if lines.is_empty() {
        "no changes".to_string()
    } else {
        lines.join("\n")
    }
}

fn para(caucus: &Caucus, out: &Out, cmd: ParaCommand) -> Result<()> {
    match cmd {
        ParaCommand::Add { workshop, kind, level, at, label, text } => {
            let w = caucus.open_workshop(&workshop)?;
            let mut para = NewParagraph::new(kind, text);
            if let Some(level) = level {
                para.level = level;
            }
            para.label = label;
            let at = at.map(|n| position(n)).transpose()?;
            let p = w.add_paragraph(at, para)?;
            print_paragraph(out, &w, &p.id)
        }
        ParaCommand::Set { workshop, n, text, kind, level, label } => {
            let w = caucus.open_workshop(&workshop)?;
            let at = position(n)?;
            if text.is_none() && kind.is_none() && level.is_none() && label.is_none() {
                bail!("nothing to change: give --text, --kind, --level or --label");
            }
            let mut p = None;
            if let Some(kind) = kind {
                p = Some(w.set_kind(at, kind)?);
            }
            if let Some(level) = level {
                p = Some(w.set_level(at, level)?);
            }
            if let Some(label) = label {
                p = Some(w.set_label(at, Some(label.as_str()).filter(|l| !l.is_empty()))?);
            }
            if let Some(text) = text {
                p = Some(w.set_text(at, &text)?);
            }
            match p {
                Some(p) => print_paragraph(out, &w, &p.id),
                None => Ok(()),
            }
        }
        ParaCommand::Move { workshop, n, to } => {
            let w = caucus.open_workshop(&workshop)?;
            let p = w.move_paragraph(position(n)?, position(to)?)?;
            print_paragraph(out, &w, &p.id)
        }
        ParaCommand::Delete { workshop, n } => {
            let w = caucus.open_workshop(&workshop)?;
            let p = w.delete_paragraph(position(n)?)?;
            out.emit(&p, || format!("deleted paragraph {n}: {}", short(&p.text())))
        }
        ParaCommand::Inserted { workshop, n, off } => {
            let w = caucus.open_workshop(&workshop)?;
            let number = w.number_as_inserted(position(n)?, !off)?;
            out.emit(&serde_json::json!({ "paragraph": n, "number": number }), || format!("paragraph {n} is numbered {number}"))
        }
        ParaCommand::Renumber { workshop } => {
            let w = caucus.open_workshop(&workshop)?;
            let count = w.renumber()?;
            out.emit(&serde_json::json!({ "renumbered": count }), || format!("{count} inserted paragraph(s) numbered in sequence"))
        }
        ParaCommand::Agree { workshop, n, withdraw } => {
            let w = caucus.open_workshop(&workshop)?;
            let mark = w.agree_paragraph(position(n)?, !withdraw)?;
            out.emit(&serde_json::json!({ "paragraph": n, "agreed": mark }), || match &mark {
                Some(m) => format!("paragraph {n} marked agreed {}", m.at),
                None => format!("paragraph {n}: agreed mark withdrawn"),
            })
        }
    }
}

fn member(caucus: &Caucus, out: &Out, cmd: MemberCommand) -> Result<()> {
    match cmd {
        MemberCommand::Add(a) => {
            let w = caucus.open_workshop(&a.workshop)?;
            let m = w.add_member(NewMember { name: a.name, delegation: a.delegation, role: a.role, group: a.group })?;
            out.emit(&m, || m.id.clone())
        }
        MemberCommand::List { workshop } => {
            let w = caucus.open_workshop(&workshop)?;
            let members = w.members();
            out.emit(&members, || members.iter().map(member_line).collect::<Vec<_>>().join("\n"))
        }
        MemberCommand::Remove { workshop, member } => {
            let w = caucus.open_workshop(&workshop)?;
            let m = w.remove_member(&member)?;
            out.emit(&m, || format!("removed {} ({})", m.name, m.id))
        }
    }
}

fn comment(caucus: &Caucus, out: &Out, cmd: CommentCommand) -> Result<()> {
    match cmd {
        CommentCommand::Add { workshop, quote, body, author, in_para, kind, propose, proposal_kind } => {
            let w = caucus.open_workshop(&workshop)?;
            let in_para = in_para.map(position).transpose()?;
            let proposal = propose.map(|text| caucus::model::notes::Proposal { kind: proposal_kind, text });
            let options = caucus::workshop::CommentOptions { kind, proposal };
            let t = w.add_comment_with(&quote, &body, author.as_deref(), in_para, &options)?;
            out.emit(&t, || t.id.clone())
        }
        CommentCommand::Support { workshop, id, member, withdraw } => {
            let w = caucus.open_workshop(&workshop)?;
            let t = w.support(&id, member.as_deref(), withdraw)?;
            out.emit(&t, || thread_text(&w, &t))
        }
        CommentCommand::Outcome { workshop, id, outcome, observation } => {
            let w = caucus.open_workshop(&workshop)?;
            let t = w.record_outcome(&id, outcome, &observation)?;
            out.emit(&t, || thread_text(&w, &t))
        }
        CommentCommand::Apply { workshop, id, force } => {
            let w = caucus.open_workshop(&workshop)?;
            let target = w.proposal_target(&id)?;
            if target.stale && !force && !out.json {
                println!("{id}: the words it was made against, “{}”, now read “{}”\n    proposes: {}", target.original, target.current, target.proposed);
            }
            let t = w.apply_proposal(&id, force)?;
            out.emit(&t, || thread_text(&w, &t))
        }
        CommentCommand::Reply { workshop, id, body, author } => {
            let w = caucus.open_workshop(&workshop)?;
            let t = w.reply(&id, &body, author.as_deref())?;
            out.emit(&t, || thread_text(&w, &t))
        }
        CommentCommand::List { workshop } => {
            let w = caucus.open_workshop(&workshop)?;
            let threads = w.threads();
            out.emit(&threads, || threads.iter().map(|t| thread_text(&w, t)).collect::<Vec<_>>().join("\n\n"))
        }
        CommentCommand::Table { workshop, format, open, delegation, kind, output } => {
            let w = caucus.open_workshop(&workshop)?;
            let filter = caucus::workshop::TableFilter { open_only: open, delegation, kind };
            let table = w.comment_table(&filter);
            if output.is_none() && out.json {
                return out.emit(&table, String::new);
            }
            let rendered = caucus::export::comment_table::render(&table, format).map_err(caucus::Error::from)?;
            match output {
                Some(path) => {
                    write_atomically(&path, &rendered)?;
                    out.emit(&serde_json::json!({ "written": path, "bytes": rendered.len(), "rows": table.rows.len() }), || {
                        format!("wrote {} ({} rows, {} bytes)", path.display(), table.rows.len(), rendered.len())
                    })
                }
                None => {
                    std::io::stdout().lock().write_all(&rendered)?;
                    Ok(())
                }
            }
        }
        CommentCommand::Import { workshop, file, author } => {
            let w = caucus.open_workshop(&workshop)?;
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let report = w.import_comment_table(&file.to_string_lossy(), &bytes, author.as_deref())?;
            out.emit(&report, || {
                let mut lines = vec![format!(
                    "imported {} rows: {} anchored, {} unanchored",
                    report.rows,
                    report.anchored,
                    report.unanchored.len()
                )];
                for u in &report.unanchored {
                    lines.push(format!("  row {}: {} (thread {})", u.source_row, u.why, u.thread));
                }
                if report.outcomes > 0 {
                    lines.push(format!("{} outcomes recorded", report.outcomes));
                }
                if report.supports > 0 {
                    lines.push(format!("{} supports recorded", report.supports));
                }
                if report.blank_rows > 0 {
                    lines.push(format!("{} blank rows skipped", report.blank_rows));
                }
                if report.tables_without_headings > 0 {
                    lines.push(format!("{} tables without a comment table's headings not read", report.tables_without_headings));
                }
                lines.join("\n")
            })
        }
        CommentCommand::ImportWord { workshop, file, author } => {
            let w = caucus.open_workshop(&workshop)?;
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let report = w.import_word_proposals(&bytes, author.as_deref())?;
            out.emit(&report, || {
                let mut lines = vec![format!(
                    "{} paragraphs with tracked changes: {} proposals, {} matched no paragraph of the draft",
                    report.changed_paragraphs,
                    report.proposals.len(),
                    report.unmatched.len()
                )];
                for p in &report.proposals {
                    lines.push(format!("  Word paragraph {} -> draft paragraph {} by {} (thread {})", p.word_paragraph, p.position + 1, p.matched_by, p.thread));
                }
                for u in &report.unmatched {
                    lines.push(format!("  Word paragraph {}: {}", u.word_paragraph, u.why));
                }
                lines.push(format!("Word authors: {}", report.word_authors.join(", ")));
                lines.join("\n")
            })
        }
        CommentCommand::Resolve { workshop, id } => {
            let w = caucus.open_workshop(&workshop)?;
            let t = w.set_resolved(&id, true)?;
            out.emit(&t, || format!("resolved {}", t.id))
        }
        CommentCommand::Reopen { workshop, id } => {
            let w = caucus.open_workshop(&workshop)?;
            let t = w.set_resolved(&id, false)?;
            out.emit(&t, || format!("reopened {}", t.id))
        }
    }
}

/// 1-based position from the command line → 0-based index.
fn position(n: usize) -> Result<usize> {
    if n == 0 {
        bail!("paragraph positions start at 1");
    }
    Ok(n - 1)
}

fn print_paragraph(out: &Out, w: &Workshop, id: &str) -> Result<()> {
    let paragraphs = w.paragraphs();
    let Some((i, p)) = paragraphs.iter().enumerate().find(|(_, p)| p.para.id == id) else {
        bail!("paragraph {id} is no longer in the draft");
    };
    out.emit(p, || outline_line(i, p))
}

fn outline_line(i: usize, p: &NumberedParagraph) -> String {
    let indent = if p.para.kind == ParaKind::Item { "   ".repeat(p.para.level.max(1) as usize) } else { String::new() };
    let number = p.number.as_deref().map(|n| format!("{n} ")).unwrap_or_default();
    format!("{:>3}  {:<9}  {indent}{number}{}", i + 1, p.para.kind.as_str(), caucus::cites::visible_text(&p.para.spans))
}

fn outline(paragraphs: &[NumberedParagraph]) -> String {
    paragraphs.iter().enumerate().map(|(i, p)| outline_line(i, p)).collect::<Vec<_>>().join("\n")
}

fn member_line(m: &Member) -> String {
    let removed = m.removed.as_deref().map(|r| format!("  (removed {r})")).unwrap_or_default();
    format!("{}  {:<11}  {:<24}  {} — {}{removed}", m.id, m.role.as_str(), m.group.as_str(), m.name, m.delegation)
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

fn thread_text(w: &Workshop, t: &Thread) -> String {
    let name = |id: &str| w.member(id).map_or_else(|_| id.to_string(), |m| m.full_name());
    let state = if t.resolved { "resolved" } else { "open" };
    let place = match &t.anchor {
        Anchor::Attached { position, .. } => format!("paragraph {}", position + 1),
        Anchor::Orphaned => "ORPHANED: its text was deleted".to_string(),
    };
    // Who wrote what, exactly as the checked records say: "Kenya, recorded by the Secretariat".
    let who = |author: &str, recorded_by: Option<&str>, edited: bool| {
        let mut s = name(author);
        if let Some(by) = recorded_by {
            s = format!("{s}, recorded by {}", name(by));
        }
        if edited {
            s.push_str(" (edited)");
        }
        s
    };
    let late = if t.late { "  LATE" } else { "" };
    let mut lines = vec![
        format!("{}  [{state}]{late}  {}, for {}, on “{}” — {place}", t.id, t.kind, t.delegation, t.quote),
        format!("    {}: {}", who(&t.author, t.recorded_by.as_deref(), t.edited), t.body),
    ];
    if let Some(p) = &t.proposal {
        lines.push(format!("    proposes ({}): {}", p.kind, p.text));
    }
    if let Some(a) = &t.applied {
        lines.push(format!("    applied to the draft by {} at {}", name(&a.by), a.created));
    }
    if !t.supporters.is_empty() {
        lines.push(format!("    supported by {}", t.supporters.join(", ")));
    }
    if let Some(o) = &t.outcome {
        let observation = if o.observation.is_empty() { String::new() } else { format!(": {}", o.observation) };
        lines.push(format!("    outcome {} ({}){observation}", o.outcome, name(&o.by)));
    }
    for r in &t.replies {
        lines.push(format!("    ↳ {}: {}", who(&r.author, r.recorded_by.as_deref(), r.edited), r.body));
    }
    lines.join("\n")
}

/// Writes via a temporary file and rename, so a crash never leaves half an export.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(".{}.tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("export")));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// `caucus invite` (the chair's device signs a member's token) and `caucus join` (another device
/// records the workshop, its member identity and token, and syncs from the token's relay).
fn invite_or_join(caucus: &Caucus, _dir: &std::path::Path, out: &Out, cmd: Command) -> Result<()> {
    use caucus::sync::invitation;
    match cmd {
        Command::Invite { workshop, member, expires, relay, cert_fingerprint, link } => {
            let w = caucus.open_workshop(&workshop)?;
            let issued = invitation::invite(caucus, &w, &member, expires, relay.as_deref(), cert_fingerprint.as_deref())?;
            // Standard output stays the one thing asked for (scripts pass it to `caucus join`);
            // the other form goes to the person at the terminal.
            if !out.json {
                if link {
                    eprintln!("as a token: {}", issued.token);
                } else {
                    eprintln!("as a link: {}", issued.link);
                }
            }
            out.emit(
                &serde_json::json!({ "token": issued.token, "link": issued.link, "member": issued.member, "role": issued.role, "expires": issued.expires }),
                || if link { issued.link.clone() } else { issued.token.clone() },
            )
        }
        Command::Join { token: text, timeout } => {
            let (w, claims) = invitation::join(caucus, &text)?;
            let relay = match invitation::relay_of(caucus, &w)? {
                Some((relay, trust)) => {
                    let options = invitation::sync_options(caucus, &w, trust, timeout)?;
                    let report = runtime()?.block_on(sync_once(&w, &relay, &options))?;
                    invitation::check_received(&w, &claims.member)?;
                    Some(report.relay)
                }
                None => None,
            };
            let value = serde_json::json!({
                "workshop": claims.workshop, "member": claims.member, "role": claims.role, "synced_from": relay,
            });
            out.emit(&value, || match &relay {
                Some(r) => format!("joined {} as {} ({}), synced from {r}", claims.workshop, claims.member, claims.role),
                None => format!(
                    "joined {} as {} ({}); the token names no relay: `caucus sync {} --to URL` fetches it",
                    claims.workshop, claims.member, claims.role, claims.workshop
                ),
            })
        }
        _ => bail!("not an invitation command"),
    }
}

/// The code of the first error in a chain that carries one: the core's [`caucus::Error`] and the
/// errors of the layers above it, sync and bundles. It lives here, at the top, so that the core's
/// error module depends on nothing above it.
fn code_of(e: &(dyn std::error::Error + 'static)) -> Option<&'static str> {
    use caucus::Coded;
    if let Some(e) = e.downcast_ref::<caucus::Error>() {
        return Some(e.code());
    }
    if let Some(e) = e.downcast_ref::<caucus::sync::SyncError>() {
        return Some(e.code());
    }
    // --- operate a relay ---
    if let Some(e) = e.downcast_ref::<caucus::store::BackupError>() {
        return Some(e.code());
    }
    if let Some(e) = e.downcast_ref::<OpenRefused>() {
        return Some(e.code());
    }
    if let Some(e) = e.downcast_ref::<caucus::sync::admin::AdminError>() {
        return Some(e.code());
    }
    // --- end operate a relay ---
    e.downcast_ref::<caucus::bundle::BundleError>().map(Coded::code)
}

#[cfg(test)]
mod tests {
    use super::code_of;

    #[test]
    fn the_cli_finds_the_code_of_the_core_of_sync_and_of_bundles() {
        assert_eq!(code_of(&caucus::Error::NoDataDir), Some("store.no_data_dir"));
        assert_eq!(code_of(&caucus::sync::SyncError::Timeout(3)), Some("sync.timeout"));
        assert_eq!(code_of(&caucus::bundle::BundleError::TooLarge), Some("bundle.too_large"));
        let core_under_sync = caucus::sync::SyncError::from(caucus::Error::NoSuchWorkshop("abc".into()));
        assert_eq!(code_of(&core_under_sync), Some("workshop.not_found"));
        assert_eq!(code_of(&std::io::Error::other("not ours")), None);
        let chain = anyhow::Error::new(caucus::bundle::BundleError::TooLarge).context("importing");
        assert_eq!(chain.chain().find_map(code_of), Some("bundle.too_large"), "found under a context");
    }
}
