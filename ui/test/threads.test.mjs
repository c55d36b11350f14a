// The comments panel's reading of the notes, without a browser (issue #11 §5): a proposal's redline
// groups adjacent changed words into one deleted and one inserted phrase, as the core's
// `revision::group_changes` does; threads carry type, proposal, delegation, supporters and outcome
// folded from their records as the core folds them (`Notes::support_log`, `outcome_log`), and "late"
// by the stage in force when they were written (`policy::stage::is_late`); every Yjs name the
// webview uses for them is the core's (src/model/schema.rs).
// Run: `npm test` (node --test). The TypeScript modules are bundled first (./bundle.mjs).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";

import * as Y from "yjs";
import { bundled, ui } from "./bundle.mjs";

let m;

before(async () => {
  m = await bundled("threads", [
    'export * from "./src/editor/redline.ts";',
    'export * from "./src/editor/threads.ts";',
    'export * as names from "./src/collab/schema.ts";',
  ]);
});

/** The redline as text: ~~deleted~~ and __inserted__. */
const show = (pieces) => pieces.map((p) => (p.kind === "del" ? `~~${p.text}~~` : p.kind === "ins" ? `__${p.text}__` : p.text)).join("");

test("a redline groups adjacent changed words into one deleted phrase and one inserted phrase", () => {
  const before = "Parties trading in violation of the Convention must report";
  const after = "Parties trading illegally within one day must report";
  assert.equal(show(m.redline(before, after)), "Parties trading ~~in violation of the Convention~~__illegally within one day__ must report");
  // One word replaced; words only added; words only deleted (their spaces stay as they are).
  assert.equal(show(m.redline("urges all Parties", "urges the Parties")), "urges ~~all~~__the__ Parties");
  assert.equal(show(m.redline("urges Parties", "urges all range Parties")), "urges __all range __Parties");
  assert.equal(show(m.redline("urges all range Parties", "urges Parties")), "urges ~~all range ~~Parties");
  // A new paragraph is all inserted; an unchanged text has no marks.
  assert.equal(show(m.redline("", "Requests the Secretariat")), "__Requests the Secretariat__");
  assert.equal(show(m.redline("same words", "same words")), "same words");
  // The kept and deleted pieces give the target back; the kept and inserted ones, the proposal.
  const pieces = m.redline(before, after);
  assert.equal(pieces.filter((p) => p.kind !== "ins").map((p) => p.text).join(""), before);
  assert.equal(pieces.filter((p) => p.kind !== "del").map((p) => p.text).join(""), after);
});

/** A notes document with one thread of each shape, written as the core writes them. */
function notesDoc() {
  const doc = new Y.Doc();
  const { names: n } = m;
  const threads = doc.getMap(n.THREADS);
  const thread = (id, fields) => {
    const t = new Y.Map();
    threads.set(id, t);
    for (const [k, v] of Object.entries(fields)) t.set(k, v);
    return t;
  };
  doc.transact(() => {
    thread("c-old", { [n.THREAD_QUOTE]: "Parties", [n.THREAD_AUTHOR]: "m-kenya", [n.THREAD_BODY]: "Old.", [n.THREAD_CREATED]: "2026-11-01T10:00:00Z", [n.THREAD_RESOLVED]: false });
    const t = thread("c-new", {
      [n.THREAD_QUOTE]: "in violation of the Convention",
      [n.THREAD_AUTHOR]: "m-kenya",
      [n.THREAD_BODY]: "Shorter.",
      [n.THREAD_CREATED]: "2026-12-16T09:00:00Z",
      [n.THREAD_RESOLVED]: false,
      [n.THREAD_TYPE]: "editorial",
      [n.THREAD_DELEGATION]: "Kenya",
    });
    const proposal = new Y.Map();
    t.set(n.THREAD_PROPOSAL, proposal);
    proposal.set(n.PROPOSAL_KIND, "replace");
    proposal.set(n.PROPOSAL_TEXT, "illegally");
    thread("c-odd", { [n.THREAD_AUTHOR]: "m-x", [n.THREAD_BODY]: "?", [n.THREAD_CREATED]: "2026-12-01T00:00:00Z", [n.THREAD_TYPE]: "urgent" });
    const supports = doc.getMap(n.SUPPORTS);
    const record = (map, id, fields) => {
      const r = new Y.Map();
      map.set(id, r);
      for (const [k, v] of Object.entries(fields)) r.set(k, v);
    };
    const support = (id, delegation, kind, created) =>
      record(supports, id, { [n.SUPPORT_THREAD]: "c-new", [n.SUPPORT_DELEGATION]: delegation, [n.SUPPORT_MEMBER]: "m", [n.SUPPORT_KIND]: kind, [n.SUPPORT_CREATED]: created });
    support("s-1", "Japan", "support", "2026-12-16T10:00:00Z");
    support("s-2", "Borealia", "support", "2026-12-16T10:01:00Z");
    support("s-3", "Japan", "withdraw", "2026-12-16T10:02:00Z");
    support("s-4", "Japan", "support", "2026-12-16T10:03:00Z");
    support("s-5", "Arcadia", "support", "2026-12-16T10:04:00Z");
    support("s-6", "Arcadia", "withdraw", "2026-12-16T10:04:00Z");
    support("s-7", "Kenya", "support", "2026-12-16T10:05:00Z");
    const outcomes = doc.getMap(n.OUTCOMES);
    const outcome = (id, value, observation, created) =>
      record(outcomes, id, { [n.OUTCOME_THREAD]: "c-new", [n.OUTCOME_VALUE]: value, [n.OUTCOME_OBSERVATION]: observation, [n.OUTCOME_BY]: "m-chair", [n.OUTCOME_CREATED]: created });
    outcome("o-b", "rejected", "No.", "2026-12-17T10:00:00Z");
    outcome("o-a", "accepted-modified", "Merged.", "2026-12-17T10:00:00Z");
    outcome("o-c", "accepted", "Earlier.", "2026-12-17T09:00:00Z");
    outcome("o-d", "maybe", "Not an outcome.", "2026-12-18T09:00:00Z");
    const applications = doc.getMap(n.APPLICATIONS);
    const applied = (id, by, created) => record(applications, id, { [n.APPLIED_THREAD]: "c-new", [n.APPLIED_BY]: by, [n.APPLIED_CREATED]: created });
    applied("a-2", "m-secretariat", "2026-12-17T11:00:00Z");
    applied("a-1", "m-chair", "2026-12-17T11:00:00Z");
    applied("a-0", "m-late", "2026-12-18T11:00:00Z");
  });
  return doc;
}

test("threads carry type, proposal, delegation, supporters, outcome, application and late as the core reads them", () => {
  const stages = [
    { stage: "comment-round", deadline: "2026-12-15", created: "2026-12-01T00:00:00Z" },
  ];
  const threads = m.readThreads(notesDoc(), { speaksFor: (id) => ({ "m-kenya": "Kenya" })[id], stages });
  const byId = Object.fromEntries(threads.map((t) => [t.id, t]));
  const old = byId["c-old"];
  assert.deepEqual([old.kind, old.proposal, old.delegation, old.supporters, old.outcome, old.late], ["general", null, "Kenya", [], null, false], "an older thread reads as general, its author's delegation");
  const t = byId["c-new"];
  assert.equal(t.kind, "editorial");
  assert.deepEqual(t.proposal, { kind: "replace", text: "illegally" });
  // Japan withdrew and supported again (now after Borealia); Arcadia's same-second withdrawal sorts
  // after its support by record id; its own delegation is never a supporter.
  assert.deepEqual(t.supporters, ["Borealia", "Japan"]);
  // The latest record by time, then record id; a value that is no outcome is skipped.
  assert.deepEqual(t.outcome, { outcome: "rejected", observation: "No.", by: "m-chair", created: "2026-12-17T10:00:00Z" });
  assert.equal(t.late, true, "written the day after the deadline");
  assert.deepEqual(t.applied, { by: "m-chair", created: "2026-12-17T11:00:00Z" }, "the first application, by time then record id");
  assert.equal(old.applied, null);
  assert.equal(byId["c-odd"].kind, "general", "an unknown type reads as general");
});

test("a comment is late only after the deadline of the round in force when it was written", () => {
  const round = { stage: "comment-round", deadline: "2026-12-15", created: "2026-12-01T00:00:00Z" };
  const drafting = { stage: "drafting", deadline: null, created: "2026-12-20T00:00:00Z" };
  assert.equal(m.isLate([round], "2026-12-15T23:59:59Z"), false, "the deadline day counts");
  assert.equal(m.isLate([round], "2026-12-16T00:00:00Z"), true);
  assert.equal(m.isLate([round, drafting], "2026-12-21T00:00:00Z"), false, "drafting again: no deadline");
  assert.equal(m.isLate([round], "2026-11-30T00:00:00Z"), false, "before the round");
  assert.equal(m.isLate([{ ...round, deadline: null }], "2027-01-01T00:00:00Z"), false, "a round without a deadline");
});

test("the notes' names of issue #11 are the core's (src/model/schema.rs)", () => {
  const rust = readFileSync(join(ui, "..", "src", "model", "schema.rs"), "utf8");
  const core = new Map([...rust.matchAll(/pub const ([A-Z0-9_]+): &str = "([^"]*)";/g)].map((x) => [x[1], x[2]]));
  const wanted = [
    "THREAD_TYPE", "THREAD_PROPOSAL", "PROPOSAL_KIND", "PROPOSAL_TEXT", "THREAD_DELEGATION",
    "SUPPORTS", "SUPPORT_THREAD", "SUPPORT_DELEGATION", "SUPPORT_MEMBER", "SUPPORT_KIND", "SUPPORT_KIND_SUPPORT", "SUPPORT_KIND_WITHDRAW", "SUPPORT_CREATED",
    "OUTCOMES", "OUTCOME_THREAD", "OUTCOME_VALUE", "OUTCOME_OBSERVATION", "OUTCOME_BY", "OUTCOME_CREATED",
    "APPLICATIONS", "APPLIED_THREAD", "APPLIED_BY", "APPLIED_CREATED",
  ];
  for (const name of wanted) {
    assert.ok(core.has(name), `schema.rs defines ${name}`);
    assert.equal(m.names[name], core.get(name), `schema.ts mirrors ${name}`);
  }
  // Every string name the webview shares with the core has the core's value.
  for (const [name, value] of Object.entries(m.names)) {
    if (typeof value === "string" && core.has(name)) assert.equal(value, core.get(name), name);
  }
});
