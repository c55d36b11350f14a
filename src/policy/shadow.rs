//! The draft's shadow (issues #16, #17): a second `yrs::Doc` kept equal to the live draft, to which an untrusted draft update is applied first, so that only what it changed is inspected (the draft's structure, bracket status and holders, metadata) before anything of it reaches the live document.
//!
//! Invariant: the shadow holds everything the live draft holds (every committed live update is
//! applied to it too, [`Shadow::follow`]), plus at most updates that were checked and are on their
//! way to the live draft. A refused update leaves it (the shadow is dropped and rebuilt from the
//! live draft at the next check); so does any update the shadow could not take in order.
//!
//! What an update changed is found by observers on the shadow's roots (`body` deep, `brackets`
//! deep, `meta`), which see only the types the transaction touched: a keystroke costs one text
//! event, never a walk of the draft. Content a transaction creates whole (a pasted paragraph) is
//! walked once, as it arrives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use yrs::types::text::YChange;
use yrs::types::{Attrs, Change, Delta, EntryChange, Event, PathSegment};
use yrs::updates::decoder::Decode;
use yrs::{
    Any, DeepObservable, Doc, Map, MapRef, Observable, Out, ReadTxn, Text, Transact, Update, Xml, XmlElementRef, XmlFragment,
    XmlOut, XmlTextRef,
};

use crate::model::draft::{read_bracket, schema_version_of};
use crate::model::schema::*;
use crate::model::types::{BracketInfo, ParaKind};
use crate::model::{new_doc, DocName};

/// What one check's updates changed in the draft, as the shadow's observers saw it.
#[derive(Debug, Default, Clone)]
pub struct Found {
    /// The first break of the draft's structure (no draft text in it: names and kinds only).
    pub structure: Option<String>,
    /// Whether any `meta` entry changed.
    pub meta: bool,
    /// Bracket entries changed: (id, before, after); `None` after: removed; no id: a change in a
    /// shape this schema never writes.
    pub brackets: Vec<(Option<String>, Before, Option<BracketInfo>)>,
    /// Log entries written (issue #14 §4): `Ok` a new entry (`None`: one this build cannot read),
    /// `Err(())` an entry changed or removed.
    pub log: Vec<Result<Option<crate::model::types::LogEntry>, ()>>,
    /// Agreed marks changed (issue #14 §1): paragraph id → the mark after (`None`: withdrawn;
    /// `Some(Err)`: an entry no endpoint reads).
    pub agreed: Vec<(String, Option<Result<crate::model::types::AgreedMark, ()>>)>,
    /// The schema version the draft declares once the updates are applied.
    pub schema_version: u32,
    /// Observers do nothing (the shadow follows the live draft: nothing to judge).
    quiet: bool,
    /// Whether text events are walked (their delta costs a walk of the paragraph's text): only
    /// when an update carries more than strings, formats and deletions, whose formats are
    /// checked from the update's bytes instead ([`check_formats`]).
    text_deep: bool,
}

/// A bracket entry before a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Before {
    /// The entry is new.
    New,
    Was(BracketInfo),
    /// A whole Y.Map entry replaced or removed (its old fields are gone): only a change the
    /// chair or the Secretariat may make.
    Unknown,
}

impl Found {
    fn structure(&mut self, why: impl FnOnce() -> String) {
        if self.structure.is_none() {
            self.structure = Some(why());
        }
    }
}

/// A shadow copy of the draft and its observers.
struct ShadowDoc {
    doc: Doc,
    meta: MapRef,
    found: Arc<Mutex<Found>>,
    /// The length of the state it was built from: what rebuilding it costs, roughly.
    built_from: usize,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl ShadowDoc {
    fn new(state: &[u8]) -> Result<ShadowDoc, String> {
        let doc = new_doc(DocName::Draft, 1);
        let body = doc.get_or_insert_xml_fragment(BODY);
        let meta = doc.get_or_insert_map(META);
        let brackets = doc.get_or_insert_map(BRACKETS);
        let agreed = doc.get_or_insert_map(AGREED);
        let log = doc.get_or_insert_map(LOG);
        let update = Update::decode_v1(state).map_err(|e| e.to_string())?;
        doc.transact_mut().apply_update(update).map_err(|e| e.to_string())?;
        let found: Arc<Mutex<Found>> = Arc::default();
        let f = Arc::clone(&found);
        body.observe_deep("policy", move |txn, events| {
            let mut found = lock(&f);
            if found.quiet {
                return;
            }
            let deep = found.text_deep;
            for event in events.iter() {
                if let Err(why) = body_event(txn, event, deep) {
                    found.structure(|| why);
                }
            }
        });
        let f = Arc::clone(&found);
        brackets.observe_deep("policy", move |txn, events| {
            let mut found = lock(&f);
            if found.quiet {
                return;
            }
            for event in events.iter() {
                bracket_event(txn, event, &mut found);
            }
        });
        let f = Arc::clone(&found);
        let marks = agreed.clone();
        agreed.observe_deep("policy", move |txn, events| {
            let mut found = lock(&f);
            if found.quiet {
                return;
            }
            // The paragraph ids whose entry changed: the root's keys, or the entry an inner
            // change was made in; each judged by what it holds after the transaction.
            let mut ids: Vec<String> = Vec::new();
            for event in events.iter() {
                match event {
                    yrs::types::Event::Map(e) if e.path().is_empty() => ids.extend(e.keys(txn).keys().map(|k| k.to_string())),
                    e => {
                        if let Some(yrs::types::PathSegment::Key(k)) = e.path().front() {
                            ids.push(k.to_string());
                        }
                    }
                }
            }
            for id in ids {
                if found.agreed.iter().any(|(seen, _)| *seen == id) {
                    continue;
                }
                let after = marks.get(txn, &id).map(|v| crate::model::draft::read_agreed(txn, &v).ok_or(()));
                found.agreed.push((id, after));
            }
        });
        let f = Arc::clone(&found);
        log.observe_deep("policy", move |txn, events| {
            let mut found = lock(&f);
            if found.quiet {
                return;
            }
            for event in events.iter() {
                match event {
                    Event::Map(e) if e.path().is_empty() => {
                        for (id, change) in e.keys(txn) {
                            match change {
                                EntryChange::Inserted(new) => found.log.push(Ok(crate::model::draft::read_log_entry(id, new))),
                                EntryChange::Updated(..) | EntryChange::Removed(_) => found.log.push(Err(())),
                            }
                        }
                    }
                    // A change inside an entry: entries are plain objects, never shared types.
                    _ => found.log.push(Err(())),
                }
            }
        });
        let f = Arc::clone(&found);
        meta.observe("policy", move |txn, event| {
            let mut found = lock(&f);
            if !found.quiet && !event.keys(txn).is_empty() {
                found.meta = true;
            }
        });
        Ok(ShadowDoc { doc, meta, found, built_from: state.len() })
    }

    /// Applies `update` in its own transaction if the shadow can take it whole
    /// ([`crate::update::check_in_order`]): `Ok(false)` when it is skipped as out of order.
    fn apply(&self, update: &[u8], seen: &crate::update::guard::Seen) -> Result<bool, String> {
        let decoded = Update::decode_v1(update).map_err(|e| e.to_string())?;
        if crate::update::check_in_order(&self.doc.transact().state_vector(), &decoded, &seen.ids).is_err() {
            return Ok(false);
        }
        let doc = self.doc.clone();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.transact_mut().apply_update(decoded))) {
            Ok(Ok(())) => Ok(true),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err("the update is inconsistent with the document".into()),
        }
    }
}

/// The live draft's shadow. Created empty; built from the live draft at the first check.
#[derive(Clone, Default)]
pub struct Shadow(Arc<Mutex<Option<ShadowDoc>>>);

impl Shadow {
    /// Called with every update committed to the live draft (its update observer, under the live
    /// draft's lock): applied to the shadow too, its findings dropped. A shadow that cannot take
    /// it is dropped (rebuilt at the next check).
    pub fn follow(&self, update: &[u8]) {
        let mut shadow = lock(&self.0);
        let Some(doc) = shadow.as_ref() else { return };
        lock(&doc.found).quiet = true;
        let applied = crate::update::guard::walk_v1(update).map_err(|e| e.to_string()).and_then(|seen| doc.apply(update, &seen));
        lock(&doc.found).quiet = false;
        match applied {
            Ok(true) => {}
            Ok(false) | Err(_) => {
                tracing::debug!("the draft's shadow missed a live update; it is rebuilt at the next check");
                *shadow = None;
            }
        }
    }

    /// Drops the shadow: the next check rebuilds it from the live draft.
    pub fn discard(&self) {
        *lock(&self.0) = None;
    }

    /// Whether the shadow must be built (from the live draft) before a check.
    pub fn is_built(&self) -> bool {
        lock(&self.0).is_some()
    }

    /// The length of the encoded draft the shadow was built from, while it is held: a holder
    /// that weighs its memory against rebuilding it ([`crate::sync::relay`]'s quiet rooms).
    pub fn built_from(&self) -> Option<usize> {
        lock(&self.0).as_ref().map(|d| d.built_from)
    }

    /// Builds the shadow from the live draft's whole state (call under the live draft's lock).
    pub fn build(&self, state: &[u8]) -> Result<(), String> {
        let mut shadow = lock(&self.0);
        if shadow.is_none() {
            *shadow = Some(ShadowDoc::new(state)?);
        }
        Ok(())
    }

    /// Applies untrusted `updates` (in order; one out of order is skipped, as the live draft will
    /// skip it) and hands what they changed to `judge`. If the judge refuses, or an update cannot
    /// be applied, the shadow is dropped (rebuilt from the live draft at the next check), so no
    /// refused change stays in it. `None` when the shadow is not built (`judge` is left).
    pub fn check<E, J: FnOnce(&Found) -> Result<(), E>>(
        &self,
        updates: &[&[u8]],
        judge: &mut Option<J>,
        undecodable: impl Fn(String) -> E,
    ) -> Option<Result<(), E>> {
        let mut shadow = lock(&self.0);
        let doc = shadow.as_ref()?;
        let Some(judge) = judge.take() else { return Some(Err(undecodable("the update was checked already".into()))) };
        let mut seen = Vec::with_capacity(updates.len());
        for update in updates {
            match crate::update::guard::walk_v1(update) {
                Ok(s) => seen.push(s),
                Err(e) => return Some(Err(undecodable(e.to_string()))),
            }
        }
        let mut bytes_found = Found { text_deep: seen.iter().any(|s| !s.text_only()), ..Found::default() };
        for (update, s) in updates.iter().zip(&seen) {
            if let Err(why) = check_formats(update, s) {
                bytes_found.structure(|| why);
            }
        }
        *lock(&doc.found) = bytes_found;
        for (update, s) in updates.iter().zip(&seen) {
            if let Err(e) = doc.apply(update, s) {
                *shadow = None;
                return Some(Err(undecodable(e)));
            }
        }
        let mut found = std::mem::take(&mut *lock(&doc.found));
        found.schema_version = schema_version_of(doc.meta.get(&doc.doc.transact(), META_SCHEMA_VERSION).as_ref());
        let verdict = judge(&found);
        if verdict.is_err() {
            *shadow = None;
        }
        Some(verdict)
    }
}

// --- structure -----------------------------------------------------------------------------------

/// A name from the update, for a message: short and escaped.
fn name(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out.escape_debug().to_string()
}

/// The update's formatting attributes and embeds, from its bytes: text events then need no walk
/// of their paragraph's text.
fn check_formats(update: &[u8], seen: &crate::update::guard::Seen) -> Result<(), String> {
    if seen.contents & (1 << 5) != 0 {
        return Err("a para's text holds an embedded object".into());
    }
    for (key, value) in &seen.formats {
        let key = update.get(key.clone()).map(String::from_utf8_lossy).unwrap_or_default();
        let value = update.get(value.clone()).map(String::from_utf8_lossy).unwrap_or_default();
        let value = Any::from_json(&value).map_err(|_| format!("the mark {} has a value that is not JSON", name(&key)))?;
        let mut attrs = Attrs::new();
        attrs.insert(Arc::from(key.as_ref()), value);
        check_marks(Some(&attrs))?;
    }
    Ok(())
}

fn body_event(txn: &yrs::TransactionMut, event: &Event, deep: bool) -> Result<(), String> {
    match event {
        Event::XmlFragment(e) => {
            let in_body = match e.target() {
                XmlOut::Fragment(_) => true,
                XmlOut::Element(el) => {
                    check_element_tag(el)?;
                    for (key, change) in e.keys(txn) {
                        if let EntryChange::Inserted(v) | EntryChange::Updated(_, v) = change {
                            check_attribute(key, v)?;
                        }
                    }
                    false
                }
                XmlOut::Text(_) => return Err("text events reported as elements".into()),
            };
            for change in e.delta(txn) {
                if let Change::Added(values) = change {
                    for value in values {
                        match (in_body, value) {
                            (true, Out::YXmlElement(el)) => check_para(txn, el)?,
                            (true, _) => return Err("the body holds something other than a para".into()),
                            (false, Out::YXmlText(t)) => check_text(txn, t)?,
                            (false, Out::YXmlElement(el)) => return Err(format!("a <{}> inside a para", name(el.tag()))),
                            (false, _) => return Err("a para holds something other than text".into()),
                        }
                    }
                }
            }
            Ok(())
        }
        Event::XmlText(e) => {
            if !e.keys(txn).is_empty() {
                return Err("a para's text carries attributes".into());
            }
            if !deep {
                // Strings, formats (checked from the bytes) and deletions only.
                return Ok(());
            }
            for delta in e.delta(txn) {
                match delta {
                    Delta::Inserted(value, attrs) => {
                        if !matches!(value, Out::Any(Any::String(_))) {
                            return Err("a para's text holds an embedded object".into());
                        }
                        check_marks(attrs.as_deref())?;
                    }
                    Delta::Retain(_, attrs) => check_marks(attrs.as_deref())?,
                    Delta::Deleted(_) => {}
                }
            }
            Ok(())
        }
        _ => Err("the body holds a type other than XML".into()),
    }
}

fn check_element_tag(el: &XmlElementRef) -> Result<(), String> {
    if el.tag().as_ref() != PARA {
        return Err(format!("an element <{}> in the body (only para)", name(el.tag())));
    }
    Ok(())
}

/// A para as a whole (new in this transaction): its name, attributes and text.
fn check_para<T: ReadTxn>(txn: &T, el: &XmlElementRef) -> Result<(), String> {
    check_element_tag(el)?;
    for (key, value) in el.attributes(txn) {
        check_attribute(key, &value)?;
    }
    let mut children = 0;
    for child in el.children(txn) {
        children += 1;
        match child {
            XmlOut::Text(t) => check_text(txn, &t)?,
            XmlOut::Element(inner) => return Err(format!("a <{}> inside a para", name(inner.tag()))),
            XmlOut::Fragment(_) => return Err("a fragment inside a para".into()),
        }
    }
    if children != el.len(txn) {
        return Err("a para holds something other than text".into());
    }
    Ok(())
}

fn check_text<T: ReadTxn>(txn: &T, text: &XmlTextRef) -> Result<(), String> {
    if text.attributes(txn).next().is_some() {
        return Err("a para's text carries attributes".into());
    }
    for run in text.diff(txn, YChange::identity) {
        if !matches!(run.insert, Out::Any(Any::String(_))) {
            return Err("a para's text holds an embedded object".into());
        }
        check_marks(run.attributes.as_deref())?;
    }
    Ok(())
}

/// A para's attribute: `id` and `label` strings, `kind` one of [`ParaKind::ALL`], `level` 0..=2.
pub fn check_attribute(key: &str, value: &Out) -> Result<(), String> {
    let Out::Any(value) = value else { return Err(format!("the para attribute {} holds a shared type", name(key))) };
    let ok = match key {
        ATTR_ID | ATTR_LABEL => matches!(value, Any::String(_) | Any::Null),
        ATTR_KIND => matches!(value, Any::String(k) if ParaKind::ALL.iter().any(|p| p.as_str() == k.as_ref())),
        ATTR_LEVEL => match value {
            Any::Number(n) => n.as_i64().is_some_and(|n| (0..=2).contains(&n)),
            Any::String(s) => matches!(s.as_ref(), "0" | "1" | "2"),
            _ => false,
        },
        _ => return Err(format!("an unknown para attribute {}", name(key))),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("the para attribute {} is out of range", name(key)))
    }
}

/// Formatting: only em, strong, underline (set or cleared) and bracket with a string id.
pub fn check_marks(attrs: Option<&Attrs>) -> Result<(), String> {
    for (key, value) in attrs.into_iter().flatten() {
        let ok = match (key.as_ref(), value) {
            (MARK_EM | MARK_STRONG | MARK_UNDERLINE | MARK_BRACKET, Any::Null | Any::Undefined) => true,
            (MARK_EM | MARK_STRONG | MARK_UNDERLINE, Any::Map(_) | Any::Bool(true)) => true,
            (MARK_BRACKET, Any::Map(m)) => matches!(m.get(MARK_BRACKET_ID), Some(Any::String(_))),
            (MARK_EM | MARK_STRONG | MARK_UNDERLINE | MARK_BRACKET, _) => {
                return Err(format!("the mark {} has a value out of range", name(key)));
            }
            _ => false,
        };
        if !ok {
            return Err(format!("an unknown mark {}", name(key)));
        }
    }
    Ok(())
}

// --- brackets ------------------------------------------------------------------------------------

fn before_of<T: ReadTxn>(txn: &T, old: &Out) -> Before {
    match old {
        Out::Any(Any::Map(_)) => Before::Was(read_bracket(txn, old)),
        _ => Before::Unknown,
    }
}

fn bracket_event(txn: &yrs::TransactionMut, event: &Event, found: &mut Found) {
    let Event::Map(e) = event else {
        // A nested array or text inside an entry: not a shape this schema writes.
        found.brackets.push((None, Before::Unknown, None));
        return;
    };
    let path = e.path();
    if path.is_empty() {
        for (id, change) in e.keys(txn) {
            let id = Some(id.to_string());
            match change {
                EntryChange::Inserted(new) => found.brackets.push((id, Before::New, Some(read_bracket(txn, new)))),
                EntryChange::Updated(old, new) => found.brackets.push((id, before_of(txn, old), Some(read_bracket(txn, new)))),
                EntryChange::Removed(old) => found.brackets.push((id, before_of(txn, old), None)),
            }
        }
        return;
    }
    let id = match (path.len(), path.front()) {
        (1, Some(PathSegment::Key(id))) => id.to_string(),
        _ => {
            found.brackets.push((None, Before::Unknown, None));
            return;
        }
    };
    // An entry's fields changed in place: its state before is its fields now, with the changed
    // ones as they were.
    let entry = e.target();
    let mut before: HashMap<String, Any> = HashMap::new();
    for (key, value) in entry.iter(txn) {
        if let Out::Any(v) = value {
            before.insert(key.to_string(), v);
        }
    }
    for (key, change) in e.keys(txn) {
        match change {
            EntryChange::Inserted(_) => {
                before.remove(key.as_ref());
            }
            EntryChange::Updated(old, _) | EntryChange::Removed(old) => match old {
                Out::Any(v) => {
                    before.insert(key.to_string(), v.clone());
                }
                _ => {
                    found.brackets.push((Some(id), Before::Unknown, None));
                    return;
                }
            },
        }
    }
    let was = read_bracket(txn, &Out::Any(Any::from(before)));
    let now = read_bracket(txn, &Out::YMap(entry.clone()));
    found.brackets.push((Some(id), Before::Was(was), Some(now)));
}
