// "Since you last looked" in the draft (issue #14 §5), without a browser: the seen plugin draws a
// node decoration (class, tooltip, who) and a flag with the accessible sentence on exactly the
// paragraphs the core named, follows them while the text changes, and draws nothing once cleared.
// Run: `npm test` (node --test). The TypeScript modules are bundled first (./bundle.mjs).

import assert from "node:assert/strict";
import { before, test } from "node:test";

import { EditorState } from "prosemirror-state";

import { bundled } from "./bundle.mjs";

let m;

before(async () => {
  m = await bundled("seen", ['export * from "./src/editor/schema.ts";', 'export * from "./src/editor/seen.ts";']);
});

function draft() {
  const { schema } = m;
  const p = (id, text) => schema.node("para", { id, kind: "operative" }, schema.text(text));
  const doc = schema.node("doc", null, [p("p-one", "URGES Parties to act;"), p("p-two", "DIRECTS the Secretariat to report;"), p("p-three", "DECIDES to review it.")]);
  return EditorState.create({ schema, doc, plugins: [m.seenPlugin()] });
}

/** (paragraph id, class, title, who) of each paragraph decoration, in document order. */
function marked(state) {
  const set = m.seenKey.getState(state).decorations;
  return set
    .find()
    .filter((d) => d.type.attrs?.class === "seen-changed")
    .map((d) => [state.doc.nodeAt(d.from).attrs.id, d.type.attrs.title, d.type.attrs["data-seen-by"]]);
}

test("the paragraphs the core named are marked with who changed them, and only those", () => {
  let state = draft();
  assert.deepEqual(marked(state), [], "nothing before the core says");
  state = state.apply(state.tr.setMeta(m.seenKey, new Map([["p-two", ["Kenya", "Peru"]], ["p-gone", ["Chile"]]])));
  assert.deepEqual(marked(state), [["p-two", "Changed by Kenya and Peru since you last looked", "Kenya, Peru"]]);
  const flags = m.seenKey.getState(state).decorations.find().filter((d) => d.spec.key?.startsWith("seen:"));
  assert.equal(flags.length, 1, "one flag, with the accessible sentence");
  assert.equal(m.changedSentence(["Kenya", "Peru", "Chile"]), "Changed by Kenya, Peru and Chile since you last looked");
  assert.equal(m.changedSentence([]), "Changed by another member since you last looked");
});

test("the marks follow their paragraphs while the text changes, and go when cleared", () => {
  let state = draft();
  state = state.apply(state.tr.setMeta(m.seenKey, new Map([["p-three", ["Kenya"]]])));
  state = state.apply(state.tr.insertText("Firmly ", 1));
  assert.deepEqual(marked(state).map(([id]) => id), ["p-three"]);
  state = state.apply(state.tr.setMeta(m.seenKey, new Map()));
  assert.deepEqual(marked(state), []);
});
