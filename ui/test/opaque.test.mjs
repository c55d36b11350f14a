// Opening a draft never edits it, and nothing unknown is deleted (issue #16), without a browser: the
// editor's plugins (the opaque guard, y-prosemirror's sync and undo as patched by ui/patches/, the
// unique-ids and layout plugins) run on a headless view — plugin views updated after every
// transaction, as EditorView does — bound to a Yjs document that received, as from the core, a draft
// holding content the schema does not know. Every Yjs update the window makes is counted.
// Also: the provider holds back (never sends) a change made before any user input.
// Run: `npm test` (node --test). The TypeScript modules are bundled first (./bundle.mjs).

import assert from "node:assert/strict";
import { before, test } from "node:test";

import { EditorState, TextSelection } from "prosemirror-state";
import { ySyncPlugin, yUndoPlugin } from "y-prosemirror";
import * as Y from "yjs";

import { bodyJson, HOSTILE, para, writeHostile } from "./hostile.mjs";
import { bundled } from "./bundle.mjs";

let m;

before(async () => {
  m = await bundled("opaque", [
    'export * from "./src/editor/schema.ts";',
    'export * from "./src/editor/opaque.ts";',
    'export { uniqueIdsPlugin } from "./src/editor/ids.ts";',
    'export { layoutPlugin, paragraphNumbers } from "./src/editor/layout.ts";',
    'export { CoreProvider, WRITE_ON_LOAD } from "./src/collab/provider.ts";',
    'export * as names from "./src/collab/schema.ts";',
  ]);
});

/** The origin of what arrives from the core (the provider applies the core's frames with itself as origin). */
const CORE = Symbol("core");

/** The core's copy of a workshop's draft: meta, the usual paragraphs, then the hostile content. */
function coreDraft({ hostile = true, extra } = {}) {
  const doc = new Y.Doc({ gc: false });
  doc.transact(() => {
    const meta = doc.getMap("meta");
    meta.set("title", "Draft resolution");
    meta.set("kind", "resolution");
    meta.set("schemaVersion", 1);
    doc.getXmlFragment("body").insert(0, [
      para(Y, { id: "p-title00000", kind: "title", text: "DRAFT RESOLUTION" }),
      para(Y, { id: "p-op10000000", kind: "operative", text: "URGES Parties to act;" }),
      para(Y, { id: "p-op20000000", kind: "operative", text: "DIRECTS the Secretariat to report." }),
    ]);
  });
  if (hostile) writeHostile(Y, doc);
  if (extra) doc.transact(() => extra(doc));
  return doc;
}

/**
 * The window: a Yjs document that received the core's state, and the editor's plugins on a headless
 * view. `updates` lists every update the window's document made itself (what the provider would send).
 */
function openWindow(core, { editable = true } = {}) {
  const ydoc = new Y.Doc({ gc: false });
  const updates = [];
  ydoc.on("update", (update, origin) => {
    if (origin !== CORE) updates.push(update);
  });
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(core), CORE);
  const body = ydoc.getXmlFragment("body");
  const refused = [];
  const state = EditorState.create({
    schema: m.schema,
    plugins: [
      m.opaqueGuardPlugin(() => refused.push(true)),
      ySyncPlugin(body),
      yUndoPlugin({ protectedNodes: new Set(["para"]) }),
      m.uniqueIdsPlugin(() => editable),
      m.layoutPlugin("resolution"),
    ],
  });
  const pluginViews = [];
  const view = {
    state,
    editable,
    dispatch(tr) {
      const prev = view.state;
      view.state = view.state.apply(tr);
      for (const pv of pluginViews) pv.update?.(view, prev);
    },
    hasFocus: () => false,
  };
  for (const plugin of state.plugins) if (plugin.spec.view) pluginViews.push(plugin.spec.view(view));
  return {
    ydoc,
    view,
    updates,
    refused,
    /** Applies what a peer wrote (through the core) to the window's document. */
    receive(update) {
      Y.applyUpdate(ydoc, update, CORE);
    },
    destroy() {
      for (const pv of pluginViews) pv.destroy?.();
    },
  };
}

/** Top-level nodes of the editor: [type, attrs] (opaque nodes with their name). */
function shown(view) {
  const out = [];
  view.state.doc.forEach((n) => out.push(n.type.name === "opaque" ? ["opaque", n.attrs.name, n.attrs.text] : [n.type.name, n.attrs.id, n.textContent]));
  return out;
}

/** The position just inside the end of the top-level paragraph with id `id`. */
function endOf(view, id) {
  let pos = null;
  view.state.doc.forEach((n, offset) => {
    if (n.attrs.id === id && n.type.name === "para") pos = offset + n.nodeSize - 1;
  });
  assert.notEqual(pos, null, `paragraph ${id} is shown`);
  return pos;
}

test("a draft holding unknown content opens with zero Yjs updates, the unknown content shown as opaque blocks", () => {
  const core = coreDraft({
    extra: (doc) => {
      const body = doc.getXmlFragment("body");
      // More that upstream y-prosemirror deletes or rewrites on load: a stray XmlText, a paragraph
      // without an id, one repeating another's id, one with an attribute the schema does not know.
      const stray = new Y.XmlText();
      const noId = para(Y, { text: "No id" });
      const dup = para(Y, { id: "p-op10000000", text: "Same id as operative 1" });
      const extraAttr = para(Y, { id: "p-lang0000000", text: "With a lang attribute" });
      extraAttr.setAttribute("lang", "fr");
      body.insert(body.length, [stray, noId, dup, extraAttr]);
      stray.insert(0, "stray text");
    },
  });
  const before = bodyJson(Y, core);
  const w = openWindow(core);
  // A selection change runs y-prosemirror's diff from the editor to Yjs too.
  w.view.dispatch(w.view.state.tr.setSelection(TextSelection.create(w.view.state.doc, 1)));
  assert.equal(w.updates.length, 0, "the window wrote nothing");
  assert.deepEqual(bodyJson(Y, w.ydoc), before, "the body is as the core sent it");
  assert.ok(Y.equalSnapshots(Y.snapshot(w.ydoc), Y.snapshot(core)), "same state vector and delete set as the core's");

  assert.deepEqual(shown(w.view), [
    ["para", "p-title00000", "DRAFT RESOLUTION"],
    ["para", "p-op10000000", "URGES Parties to act;"],
    ["para", "p-op20000000", "DIRECTS the Secretariat to report."],
    ["opaque", HOSTILE.script, HOSTILE.scriptText],
    ["opaque", "para", HOSTILE.evilText],
    ["opaque", "para", `${HOSTILE.outerText} ${HOSTILE.innerText}`],
    ["para", HOSTILE.clampId, HOSTILE.clampText],
    ["opaque", "#text", "stray text"],
    ["para", "", "No id"],
    ["para", "p-op10000000", "Same id as operative 1"],
    ["para", "p-lang0000000", "With a lang attribute"],
  ]);
  // Out of range: held as written, shown clamped.
  let clamp = null;
  w.view.state.doc.forEach((n) => {
    if (n.attrs.id === HOSTILE.clampId) clamp = n;
  });
  assert.equal(clamp.attrs.kind, "evil");
  assert.equal(clamp.attrs.level, 99);
  const [, domAttrs] = m.schema.nodes.para.spec.toDOM(clamp);
  assert.equal(domAttrs["data-kind"], "text", "an unknown kind is shown as text");
  assert.equal(domAttrs["data-level"], "2", "level 99 is shown as 2");
  const [tag, opaqueAttrs, label] = m.schema.nodes.opaque.spec.toDOM(w.view.state.doc.child(3));
  assert.equal(tag, "div");
  assert.equal(opaqueAttrs.contenteditable, "false");
  assert.match(label[2], /cannot show \(“script”\).*read-only/);
  w.destroy();
});

test("typing in a known paragraph writes only the typed text; everything unknown stays as it was", () => {
  const core = coreDraft({
    extra: (doc) => {
      const extraAttr = para(Y, { id: "p-lang0000000", text: "With a lang attribute" });
      extraAttr.setAttribute("lang", "fr");
      doc.getXmlFragment("body").insert(doc.getXmlFragment("body").length, [extraAttr]);
    },
  });
  const before = bodyJson(Y, core);
  const w = openWindow(core);
  const typed = [
    ["p-op10000000", " now"],
    [HOSTILE.clampId, " (edited)"],
    ["p-lang0000000", " (edited)"],
  ];
  for (const [id, text] of typed) w.view.dispatch(w.view.state.tr.insertText(text, endOf(w.view, id)));
  assert.equal(w.updates.length, typed.length, "one update per keystroke transaction");
  for (const u of w.updates) Y.applyUpdate(core, u);

  const after = bodyJson(Y, core);
  const expected = structuredClone(before);
  const textOf = (id) => expected.find((e) => e.attrs?.id === id).children[0];
  for (const [id, text] of typed) {
    const delta = textOf(id).text;
    delta[delta.length - 1] = { ...delta[delta.length - 1], insert: delta[delta.length - 1].insert + text };
  }
  assert.deepEqual(after, expected, "the core's body differs only by the typed text (kind evil, level 99, lang kept)");
  w.destroy();
});

test("a local change that would remove, replace or move an opaque block is refused whole", async () => {
  const core = coreDraft();
  const w = openWindow(core);
  const doc = () => w.view.state.doc;
  const start = (i) => {
    let pos = 0;
    for (let k = 0; k < i; k++) pos += doc().child(k).nodeSize;
    return pos;
  };
  const attempts = {
    "delete a range across the script block": (s) => s.tr.delete(start(2) + 3, start(4) + 2),
    "delete the opaque block alone": (s) => s.tr.delete(start(3), start(4)),
    "type over a selection holding it": (s) => s.tr.setSelection(TextSelection.create(s.doc, start(2) + 1, start(6) + 1)).insertText("x"),
    "move it below the next paragraph": (s) => s.tr.delete(start(3), start(4)).insert(start(5) - doc().child(3).nodeSize, doc().child(3)),
    "insert a copy of it": (s) => s.tr.insert(start(1), doc().child(3)),
  };
  const before = doc();
  for (const [what, make] of Object.entries(attempts)) {
    const tr = make(w.view.state);
    assert.ok(m.touchesOpaque(tr), `${what}: seen as touching an opaque block`);
    w.view.dispatch(tr);
    assert.equal(doc(), before, `${what}: the editor is unchanged`);
  }
  await Promise.resolve(); // the refusal is reported after the transaction
  assert.equal(w.refused.length, Object.keys(attempts).length, "each refusal is reported");
  assert.equal(w.updates.length, 0, "nothing was written");
  // Right beside it, editing works.
  w.view.dispatch(w.view.state.tr.insertText("!", endOf(w.view, "p-op20000000")));
  assert.equal(w.updates.length, 1);
  assert.equal(m.countOpaque(doc()), 3);
  w.destroy();
});

test("a peer's change inside unknown content is shown, and the window writes nothing", () => {
  const core = coreDraft();
  const w = openWindow(core);
  const peer = new Y.Doc({ gc: false });
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(core));
  const seen = [];
  peer.on("update", (u) => seen.push(u));
  const script = peer.getXmlFragment("body").toArray().find((e) => e instanceof Y.XmlElement && e.nodeName === HOSTILE.script);
  script.get(0).insert(0, "// ");
  const nested = peer.getXmlFragment("body").toArray().find((e) => e instanceof Y.XmlElement && e.getAttribute("id") === HOSTILE.outerId);
  nested.delete(1, 1); // the nested paragraph goes: the outer one fits the schema again
  for (const u of seen) w.receive(u);
  const s = shown(w.view);
  assert.deepEqual(s[3], ["opaque", HOSTILE.script, `// ${HOSTILE.scriptText}`]);
  assert.deepEqual(s[5], ["para", HOSTILE.outerId, HOSTILE.outerText], "a paragraph that fits again is a paragraph again");
  assert.equal(w.updates.length, 0, "nothing was written");
  w.destroy();
});

test("without an opaque node type, the binding deletes unknown content on load, as upstream y-prosemirror does", () => {
  // The finding itself, reproduced: this is what the opaque node type (with the patch) prevents.
  const core = coreDraft();
  const ydoc = new Y.Doc({ gc: false });
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(core));
  let wrote = 0;
  ydoc.on("update", () => wrote++);
  const spec = m.schema.spec;
  const Schema = m.schema.constructor;
  const plain = new Schema({ nodes: spec.nodes.remove("opaque").update("doc", { content: "para+" }), marks: spec.marks });
  const state = EditorState.create({ schema: plain, plugins: [ySyncPlugin(ydoc.getXmlFragment("body"))] });
  const views = [];
  const view = {
    state,
    dispatch(tr) {
      const prev = view.state;
      view.state = view.state.apply(tr);
      for (const pv of views) pv.update?.(view, prev);
    },
    hasFocus: () => false,
  };
  for (const p of state.plugins) if (p.spec.view) views.push(p.spec.view(view));
  assert.ok(wrote > 0, "without the opaque node type, loading deletes the unknown content (upstream behaviour)");
  for (const pv of views) pv.destroy?.();
});

test("the draft's schema version is read as the core reads it; newer drafts are recognised", () => {
  const meta = new Y.Doc().getMap("meta");
  assert.equal(m.declaredSchemaVersion(meta), 1, "absent reads as 1");
  assert.equal(m.isNewerDraft(meta), false);
  for (const [value, read] of [[1, 1], [2, 2], ["3", 3], ["x", 1], [0, 1], [-3, 1], [1.5, 1], [true, 1], [1e12, 1e12]]) {
    meta.set("schemaVersion", value);
    assert.equal(m.declaredSchemaVersion(meta), read, JSON.stringify(value));
    assert.equal(m.isNewerDraft(meta), read > m.names.SCHEMA_VERSION);
  }
  assert.equal(m.names.SCHEMA_VERSION, 1);
  assert.equal(m.names.META_SCHEMA_VERSION, "schemaVersion");
});

test("the provider holds back, counts and never sends a change made before any user input", async () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  // Armed (someone typed): the change is sent (here the IPC fails: there is no shell in Node).
  const armedDoc = new Y.Doc();
  const armed = new m.CoreProvider("w-sample", armedDoc, "notes", null);
  armed.arm();
  armedDoc.getMap("threads").set("t", "x");
  await tick();
  assert.equal(armed.saveState().held, 0);
  assert.equal(armed.saveState().error?.code, "ipc_unavailable", "an armed provider tried to send it");

  // Not armed: held, counted, reported, never sent; and so is every later change.
  const doc = new Y.Doc();
  const provider = new m.CoreProvider("w-sample", doc, "notes", null);
  doc.getMap("threads").set("t", "x");
  await tick();
  assert.equal(provider.saveState().held, 1);
  assert.equal(provider.saveState().sent, 0);
  assert.equal(provider.saveState().pending, 0, "nothing queued");
  assert.equal(provider.saveState().error?.code, m.WRITE_ON_LOAD, "not replaced by a failed send: nothing was sent");
  provider.arm();
  doc.getMap("threads").set("u", "y");
  await tick();
  assert.equal(provider.saveState().held, 2, "later changes depend on the held one: held too");
  assert.equal(provider.saveState().error?.code, m.WRITE_ON_LOAD);
  provider.destroy();
  armed.destroy();
});
