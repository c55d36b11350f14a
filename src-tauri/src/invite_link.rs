//! Invitation links handed to the app (`caucus://join?token=…`): found in its arguments at start or in a second start's (forwarded by `instance`), or given by the system (the deep-link plugin's event, on macOS); kept until the window listens, then sent to it, which shows Join with the token filled in and asks before joining.
//!
//! **Invariant:** a link only ever fills in the Join form; joining takes the member's own click.
//! A join link without a valid invitation reaches the window as its error (`auth.malformed`), so
//! the person who clicked it learns why nothing happened; other `caucus:` links (`caucus:open`)
//! only bring the window forward. Tokens are never logged.

use std::sync::{Arc, Mutex};

use caucus::sync::invitation;

use crate::dto::{ErrorDto, JoinLinkDto};

/// Takes a link to the window; answers whether the window got it (false: it went away).
pub type LinkListener = Arc<dyn Fn(&JoinLinkDto) -> bool + Send + Sync>;

/// The links that arrived, and the window's listener once it listens.
#[derive(Default)]
pub struct InviteLinks {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The last link not yet taken by a window (a newer one replaces it: the last click wins).
    pending: Option<JoinLinkDto>,
    listener: Option<LinkListener>,
}

/// Whether `arg` is meant as an invitation link: the `caucus:` scheme (in any case) and the `join`
/// action (`caucus://join…` or `caucus:join…`). Other `caucus:` links only bring the window forward.
fn is_join_link(arg: &str) -> bool {
    let scheme = invitation::LINK_SCHEME;
    let arg = arg.trim();
    let Some(rest) = arg.get(scheme.len() + 1..).filter(|_| arg.get(..scheme.len() + 1).is_some_and(|p| p.eq_ignore_ascii_case(&format!("{scheme}:")))) else {
        return false;
    };
    let action = rest.trim_start_matches('/');
    let action = action.split(['?', '/', '#']).next().unwrap_or_default();
    if !action.eq_ignore_ascii_case("join") {
        tracing::warn!("a caucus: link that is not an invitation: only the window is brought forward");
        return false;
    }
    true
}

/// The invitation links among a start's arguments (the program's name left out), each read to its
/// token or to the error that says why it is not a valid invitation.
pub fn links_in(args: &[String]) -> Vec<JoinLinkDto> {
    args.iter()
        .filter(|a| is_join_link(a))
        .map(|a| match invitation::token_of(a) {
            Ok(token) => JoinLinkDto { token: Some(token), error: None },
            Err(err) => JoinLinkDto { token: None, error: Some(ErrorDto::from(err)) },
        })
        .collect()
}

impl InviteLinks {
    /// A link arrived: to the window if it listens, else kept for it.
    pub fn arrived(&self, link: JoinLinkDto) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        tracing::info!(valid = link.token.is_some(), "an invitation link arrived");
        let delivered = state.listener.as_ref().is_some_and(|listen| listen(&link));
        if !delivered {
            state.listener = None;
            state.pending = Some(link);
        }
    }

    /// The window listens (again, after a reload: it replaces the earlier listener); a link that
    /// arrived before is sent at once.
    pub fn watch(&self, listener: LinkListener) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(link) = state.pending.take() {
            if !listener(&link) {
                state.pending = Some(link);
                return;
            }
        }
        state.listener = Some(listener);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_link_among_the_arguments_is_read_to_its_token_and_anything_else_is_left_alone() {
        let token = "caucus1.eyJ3cyI6ImFiYyJ9.c2ln";
        let link = invitation::link(token);
        assert_eq!(link, format!("caucus://join?token={token}"));
        assert_eq!(links_in(&args(&[&link])), vec![JoinLinkDto { token: Some(token.into()), error: None }]);
        // Other arguments are not links; the other spelling and a capitalised scheme are.
        let other = format!("CAUCUS:join?token={token}");
        assert_eq!(links_in(&args(&["--verbose", "caucus.txt", &other])), vec![JoinLinkDto { token: Some(token.into()), error: None }]);
        assert!(links_in(&args(&["--verbose", "/tmp/caucus:x"])).is_empty());
        // Other actions are not invitations: the window is only brought forward.
        assert!(links_in(&args(&["caucus:open", "caucus://leave?token=x", "caucus:"])).is_empty());
        // A join link that carries no valid invitation reaches the window as an error with a code.
        for bad in ["caucus://join", "caucus://join?tok=x", "caucus://join?token=", "caucus:join/elsewhere?token=x"] {
            let read = links_in(&args(&[bad]));
            assert_eq!(read.len(), 1, "{bad}");
            assert_eq!(read[0].token, None, "{bad}");
            assert_eq!(read[0].error.as_ref().map(|e| e.code), Some("auth.malformed"), "{bad}");
        }
    }

    #[test]
    fn a_link_waits_for_the_window_and_a_listening_window_gets_it_at_once() {
        let links = InviteLinks::default();
        let got = Arc::new(Mutex::new(Vec::new()));
        let first = JoinLinkDto { token: Some("caucus1.a.b".into()), error: None };
        let second = JoinLinkDto { token: Some("caucus1.c.d".into()), error: None };
        // Before the window listens (the app's own start argument): kept, the last one wins.
        links.arrived(JoinLinkDto { token: Some("caucus1.old.x".into()), error: None });
        links.arrived(first.clone());
        let sink = Arc::clone(&got);
        links.watch(Arc::new(move |l: &JoinLinkDto| {
            sink.lock().unwrap().push(l.clone());
            true
        }));
        assert_eq!(*got.lock().unwrap(), vec![first.clone()]);
        // A second start's link goes straight to the listening window.
        links.arrived(second.clone());
        assert_eq!(*got.lock().unwrap(), vec![first, second.clone()]);
        // A window that went away (the send fails): the link waits for the next one.
        links.watch(Arc::new(|_: &JoinLinkDto| false));
        links.arrived(second.clone());
        let again = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&again);
        links.watch(Arc::new(move |l: &JoinLinkDto| {
            sink.lock().unwrap().push(l.clone());
            true
        }));
        assert_eq!(*again.lock().unwrap(), vec![second]);
    }
}
