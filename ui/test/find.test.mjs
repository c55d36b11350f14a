// Find and replace (issue #14 §5), without a browser: the pure matching (case folding, matches in the
// paragraphs' text, never across a paragraph nor into an opaque block), and Replace all on a headless view
// bound to a Yjs draft with y-prosemirror's sync and undo (as the editor mounts them): one Yjs transaction
// and one undo step, also where content this version cannot show lies between the matches.
// Run: `npm test` (node --test). The TypeScript modules are bundled first (./bundle.mjs).

import assert from "node:assert/strict";
import { before, test } from "node:test";

import { EditorState } from "prosemirror-state";
import { undoCommand, ySyncPlugin, yUndoPlugin } from "y-prosemirror";
import * as Y from "yjs";

import { bundled } from "./bundle.mjs";
import { para, writeHostile } from "./hostile.mjs";

let m;

before(async () => {
  m = await bundled("find", [
    'export * from "./src/editor/schema.ts";',
    'export * from "./src/editor/find.ts";',
    'export { opaqueGuardPlugin } from "./src/editor/opaque.ts";',
  ]);
});

test("matching is case-insensitive unless asked, left to right, never overlapping", () => {
  assert.deepEqual(m.findInText("Parties, PARTIES and parties", "parties", false), [0, 9, 21]);
  assert.deepEqual(m.findInText("Parties, PARTIES and parties", "parties", true), [21]);
  assert.deepEqual(m.findInText("aaaa", "aa", false), [0, 2]);
  assert.deepEqual(m.findInText("anything", "", false), []);
  // A letter whose lower case is longer (İ → i̇) keeps its length: the indexes stay the text's.
  assert.equal(m.foldCase("İstanbul").length, "İstanbul".length);
  assert.deepEqual(m.findInText("İstanbul and Istanbul", "istanbul", false), [13]);
  assert.equal(m.countText("x", 12, 2), "3 of 12");
  assert.equal(m.countText("x", 0, 0), "No matches");
  assert.equal(m.countText("", 0, 0), "");
});

test("matches are found in each paragraph's text across marks, never across paragraphs", () => {
  const { schema } = m;
  const p = (...content) => schema.nodes.para.create({ id: `p-${Math.random().toString(36).slice(2, 12)}` }, content);
  const doc = schema.nodes.doc.create(null, [
    p(schema.text("URGES "), schema.text("Par", [schema.marks.strong.create()]), schema.text("ties to act")),
    p(schema.text("Parties")),
    p(schema.text("tiesParties end")),
  ]);
  const found = m.draftMatches(doc, "parties", false);
  assert.equal(found.length, 3);
  for (const f of found) assert.equal(doc.textBetween(f.from, f.to), f.block === 0 ? "Parties" : "Parties");
  assert.deepEqual(found.map((f) => f.block), [0, 1, 2]);
  // "ties" + "Par" across the paragraph break is not a match.
  assert.deepEqual(m.draftMatches(doc, "tiesPar", false).map((f) => f.block), [2]);
  assert.equal(m.draftMatches(doc, "Parties", true).length, 3);
  assert.equal(m.draftMatches(doc, "PARTIES", true).length, 0);
});

/** A Yjs draft (as the core holds it) with the editor's sync, undo, opaque guard and find plugins on a headless view. */
function openDraft(fill) {
  const ydoc = new Y.Doc({ gc: false });
  fill(ydoc);
  const updates = [];
  ydoc.on("update", (u) => updates.push(u));
  const refused = [];
  const state = EditorState.create({
    schema: m.schema,
    plugins: [m.opaqueGuardPlugin(() => refused.push(true)), ySyncPlugin(ydoc.getXmlFragment("body")), yUndoPlugin({ protectedNodes: new Set(["para"]) }), m.findPlugin()],
  });
  const pluginViews = [];
  const view = {
    state,
    editable: true,
    dispatch(tr) {
      const prev = view.state;
      view.state = view.state.apply(tr);
      for (const pv of pluginViews) pv.update?.(view, prev);
    },
    hasFocus: () => false,
  };
  for (const plugin of state.plugins) if (plugin.spec.view) pluginViews.push(plugin.spec.view(view));
  return { ydoc, view, updates, refused, destroy: () => pluginViews.forEach((pv) => pv.destroy?.()) };
}

const texts = (view) => {
  const out = [];
  view.state.doc.forEach((n) => out.push(n.type.name === "opaque" ? "[opaque]" : n.textContent));
  return out;
};

function search(view, query, matchCase = false) {
  view.dispatch(view.state.tr.setMeta(m.findKey, { query, matchCase, near: 0 }));
  return m.findState(view.state);
}

test("Replace all is one Yjs transaction and one undo step; Replace moves to the next match", () => {
  const w = openDraft((doc) =>
    doc.getXmlFragment("body").insert(0, [
      para(Y, { id: "p-op1", kind: "operative", text: "URGES Parties to act; Parties shall report" }),
      para(Y, { id: "p-op2", kind: "operative", text: "DIRECTS the Secretariat to assist parties" }),
      para(Y, { id: "p-op3", kind: "operative", text: "Nothing here" }),
    ]),
  );
  // Typing first: Replace all must not fold into that undo step.
  w.view.dispatch(w.view.state.tr.insertText(" now", w.view.state.doc.content.size - 1));
  const typed = texts(w.view);
  const found = search(w.view, "parties");
  assert.equal(found.matches.length, 3);
  assert.equal(found.decorations.find().length, 3, "every match is painted");
  const before = w.updates.length;
  assert.equal(m.replaceAll(w.view, "Member States"), 3);
  assert.equal(w.updates.length - before, 1, "one Yjs transaction");
  assert.deepEqual(texts(w.view), ["URGES Member States to act; Member States shall report", "DIRECTS the Secretariat to assist Member States", "Nothing here now"]);
  assert.equal(m.findState(w.view.state).matches.length, 0, "the count follows");
  assert.equal(w.ydoc.getXmlFragment("body").get(0).get(0).toString(), "URGES Member States to act; Member States shall report");

  assert.ok(undoCommand(w.view.state, w.view.dispatch), "one undo");
  assert.deepEqual(texts(w.view), typed, "one undo takes back every replacement, and only them");
  assert.equal(m.findState(w.view.state).matches.length, 3);

  // Replace: the current match goes, the next one becomes current.
  search(w.view, "parties");
  assert.equal(m.findState(w.view.state).current, 0);
  assert.ok(m.replaceCurrent(w.view, "States"));
  const after = m.findState(w.view.state);
  assert.equal(after.matches.length, 2);
  assert.equal(w.view.state.doc.textBetween(after.matches[after.current].from, after.matches[after.current].to), "Parties");
  assert.equal(after.matches[after.current].from, after.matches[0].from);
  assert.match(texts(w.view)[0], /^URGES States to act; Parties/);
  w.destroy();
});

test("Replace all around content this version cannot show: never inside it, refused by nothing, still one undo step", () => {
  const w = openDraft((doc) => {
    doc.getXmlFragment("body").insert(0, [para(Y, { id: "p-op1", kind: "operative", text: "URGES Parties to act" })]);
    writeHostile(Y, doc);
    doc.getXmlFragment("body").insert(doc.getXmlFragment("body").length, [para(Y, { id: "p-op9", kind: "operative", text: "INVITES Parties" })]);
  });
  const shown = texts(w.view);
  assert.ok(shown.includes("[opaque]"), "the draft holds opaque blocks");
  const found = search(w.view, "parties");
  assert.equal(found.matches.length, 2, "nothing is found inside an opaque block");
  assert.ok(m.replaceSegments(w.view.state.doc, found.matches).length > 1, "an opaque block lies between the matches");
  const hostile = JSON.stringify(w.ydoc.getXmlFragment("body").toArray().slice(1, -1).map((n) => n.toString()));
  assert.equal(m.replaceAll(w.view, "States"), 2);
  assert.deepEqual(w.refused, [], "the opaque guard refused nothing");
  const now = texts(w.view);
  assert.equal(now[0], "URGES States to act");
  assert.equal(now[now.length - 1], "INVITES States");
  assert.equal(JSON.stringify(w.ydoc.getXmlFragment("body").toArray().slice(1, -1).map((n) => n.toString())), hostile, "the unknown content is as written");
  assert.ok(undoCommand(w.view.state, w.view.dispatch));
  assert.deepEqual(texts(w.view), shown, "one undo takes back both sides");
  w.destroy();
});
