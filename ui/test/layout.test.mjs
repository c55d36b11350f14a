// The editor's side of the layout contract, without a browser: the ProseMirror schema written through y-prosemirror gives the Yjs shape the Rust core reads (src/model/schema.rs, draft.rs), numbering follows the case table the Rust core also reads (tests/data/numbering-cases.json), comment anchors are the core's kind.
// Run: `npm test` (node --test). The TypeScript modules are bundled first (./bundle.mjs).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";

import { EditorState } from "prosemirror-state";
import { initProseMirrorDoc, prosemirrorToYXmlFragment, ySyncPlugin, yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import * as Y from "yjs";
import { bundled, ui } from "./bundle.mjs";

let m;

before(async () => {
  m = await bundled("editor", [
    'export * from "./src/editor/schema.ts";',
    'export * from "./src/editor/numbering.ts";',
    'export * from "./src/editor/ids.ts";',
    'export * from "./src/editor/anchors.ts";',
    'export { rewritePasted } from "./src/editor/paste.ts";',
    'export { alternativeRoot, alternativesInText, bracketInfo, parseHolders, setBracketHolders, setBracketPackage, setBracketStatus, MAX_HOLDERS } from "./src/editor/brackets.ts";',
    'export { caretColor } from "./src/editor/colors.ts";',
    'export { paragraphNumbers, layoutPlugin, layoutKey, setDraftKind } from "./src/editor/layout.ts";',
    'export * as names from "./src/collab/schema.ts";',
  ]);
});

/** A draft as the sample workshop has it: title, preamble, operative paragraphs, items on two levels, decisions. */
function sampleDoc() {
  const { schema } = m;
  const p = (id, kind, level, content, label = null) =>
    schema.nodes.para.create({ id, kind, level, label }, content.length ? content : undefined);
  const t = (text, ...marks) => schema.text(text, marks);
  const em = schema.marks.em.create();
  const strong = schema.marks.strong.create();
  const underline = schema.marks.underline.create();
  const bracket = schema.marks.bracket.create({ id: "b-abcdefghij" });
  return schema.nodes.doc.create(null, [
    p("p-title00000", "title", 0, [t("Draft resolution on combating wildlife cybercrime")]),
    p("p-pre0000000", "preamble", 0, [t("RECALLING", strong), t(" Resolution Conf. 11.3 "), t("(Rev. CoP18)", em), t(";")]),
    p("p-op10000000", "operative", 0, [t("URGES", strong), t(" Parties to:")]),
    p("p-it10000000", "item", 1, [t("adopt "), t("legislation", underline), t(";")]),
    p("p-it20000000", "item", 1, [t("share "), t("information with", bracket, em), t(" others; and")]),
    p("p-it30000000", "item", 2, [t("online;")]),
    p("p-it40000000", "item", 2, []),
    p("p-op20000000", "operative", 0, [t("DIRECTS the Secretariat to report.")]),
    p("p-head000000", "heading", 0, [t("Directed to Parties")]),
    p("p-dec1000000", "decision", 0, [t("Parties should")], "17.A"),
    p("p-dec2000000", "decision", 0, [t("The Secretariat shall")]),
  ]);
}

test("a draft written by y-prosemirror has the core's Yjs layout", () => {
  const { names } = m;
  const doc = sampleDoc();
  const ydoc = new Y.Doc();
  const body = ydoc.getXmlFragment(names.BODY);
  prosemirrorToYXmlFragment(doc, body);

  const elements = body.toArray();
  assert.equal(elements.length, doc.childCount);
  elements.forEach((el, i) => {
    const node = doc.child(i);
    assert.ok(el instanceof Y.XmlElement, "paragraphs are XmlElements");
    assert.equal(el.nodeName, names.PARA);
    const attrs = el.getAttributes();
    assert.equal(typeof attrs[names.ATTR_ID], "string");
    assert.equal(attrs[names.ATTR_ID], node.attrs.id);
    assert.equal(typeof attrs[names.ATTR_KIND], "string");
    assert.equal(typeof attrs[names.ATTR_LEVEL], "number", "level is a number, as the core writes it (Any::Number)");
    assert.equal(attrs[names.ATTR_LEVEL], node.attrs.level);
    if (node.attrs.label === null) assert.ok(!(names.ATTR_LABEL in attrs), "no label attribute when there is none");
    else assert.equal(attrs[names.ATTR_LABEL], node.attrs.label);
    const texts = el.toArray();
    if (node.content.size === 0) assert.ok(texts.every((c) => c instanceof Y.XmlText && c.length === 0));
    else {
      assert.equal(texts.length, 1, "a paragraph's text is one XmlText");
      assert.ok(texts[0] instanceof Y.XmlText);
      assert.equal(texts[0].toDelta().map((d) => d.insert).join(""), node.textContent);
    }
  });

  // As a peer (or the core) decodes it: PM's attribute objects (null prototype) travel as plain maps.
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(ydoc));
  const delta = (i) => peer.getXmlFragment(names.BODY).get(i).get(0).toDelta();
  assert.deepEqual(delta(1), [
    { insert: "RECALLING", attributes: { strong: {} } },
    { insert: " Resolution Conf. 11.3 " },
    { insert: "(Rev. CoP18)", attributes: { em: {} } },
    { insert: ";" },
  ]);
  assert.deepEqual(delta(3), [{ insert: "adopt " }, { insert: "legislation", attributes: { underline: {} } }, { insert: ";" }]);
  assert.deepEqual(delta(4), [
    { insert: "share " },
    { insert: "information with", attributes: { bracket: { id: "b-abcdefghij" }, em: {} } },
    { insert: " others; and" },
  ]);
  const every = elements.flatMap((el) => el.toArray().flatMap((t) => t.toDelta().flatMap((d) => Object.keys(d.attributes ?? {}))));
  for (const key of every) assert.ok([names.MARK_EM, names.MARK_STRONG, names.MARK_UNDERLINE, names.MARK_BRACKET].includes(key), `mark name ${key}`);

  // Read back from the peer's copy.
  const back = yXmlFragmentToProseMirrorRootNode(peer.getXmlFragment(names.BODY), m.schema);
  assert.ok(back.eq(doc), "reading the Yjs body back gives the same document");
  assert.equal(typeof peer.getXmlFragment(names.BODY).get(3).getAttribute(names.ATTR_LEVEL), "number");
});

test("a body written the core's way (explicit null marks, label attribute) reads as the same paragraphs", () => {
  const { names, schema } = m;
  const ydoc = new Y.Doc();
  const body = ydoc.getXmlFragment(names.BODY);
  ydoc.transact(() => {
    const el = new Y.XmlElement(names.PARA);
    body.insert(0, [el]);
    el.setAttribute(names.ATTR_ID, "p-core000000");
    el.setAttribute(names.ATTR_KIND, "decision");
    el.setAttribute(names.ATTR_LEVEL, 0);
    el.setAttribute(names.ATTR_LABEL, "17.B");
    const text = new Y.XmlText();
    el.insert(0, [text]);
    // src/model/draft.rs write_spans: every mark key set, null when off.
    const off = { em: null, strong: null, underline: null, bracket: null };
    text.insert(0, "The Secretariat ", { ...off });
    text.insert(16, "shall", { ...off, strong: {}, bracket: { id: "b-core000000" } });
    text.insert(21, " report", { ...off, em: {} });
  });
  const doc = yXmlFragmentToProseMirrorRootNode(body, schema);
  assert.equal(doc.childCount, 1);
  const para = doc.child(0);
  assert.deepEqual({ ...para.attrs }, { id: "p-core000000", kind: "decision", level: 0, label: "17.B" });
  assert.equal(para.textContent, "The Secretariat shall report");
  const runs = [];
  para.forEach((n) => runs.push([n.text, n.marks.map((mk) => (mk.type.name === "bracket" ? `bracket:${mk.attrs.id}` : mk.type.name))]));
  assert.deepEqual(runs, [
    ["The Secretariat ", []],
    ["shall", ["bracket:b-core000000", "strong"]],
    [" report", ["em"]],
  ]);
});

test("numbering follows the case table the Rust core is tested against (tests/data/numbering-cases.json)", () => {
  const { letters, roman, number, paragraphNumbers } = m;
  const cases = JSON.parse(readFileSync(join(ui, "..", "tests", "data", "numbering-cases.json"), "utf8"));
  assert.ok(cases.letters.length > 0 && cases.roman.length > 0 && cases.sequences.length > 0);
  for (const [n, expected] of cases.letters) assert.equal(letters(n), expected, `letters(${n})`);
  for (const [n, expected] of cases.roman) assert.equal(roman(n), expected, `roman(${n})`);
  for (const { name, paragraphs, numbers } of cases.sequences) {
    assert.deepEqual(number(paragraphs.map(([kind, level, label]) => ({ kind, level, label }))), numbers, name);
  }
  // The editor's document gives the same numbers as the table's rules.
  assert.deepEqual(paragraphNumbers(sampleDoc()), [null, null, "1.", "a)", "b)", "i)", "ii)", "2.", null, "17.A", "#2"]);
});

test("the layout plugin keeps data-number on every numbered paragraph through typing, splits and kind changes", () => {
  const { layoutPlugin, layoutKey, setDraftKind, schema } = m;
  let state = EditorState.create({ schema, doc: sampleDoc(), plugins: [layoutPlugin("resolution")] });
  const shown = () => {
    const set = layoutKey.getState(state).decorations;
    const numbers = [];
    const widgets = [];
    for (const d of set.find()) {
      if (d.type.attrs?.["data-number"] !== undefined) numbers.push([d.from, d.type.attrs["data-number"]]);
      else if (d.spec.key === "conference") widgets.push(d.from);
    }
    return { numbers, widgets };
  };
  const expected = () => {
    const out = [];
    const nums = m.paragraphNumbers(state.doc);
    let i = 0;
    state.doc.forEach((node, offset) => {
      const n = nums[i++];
      if (n !== null) out.push([offset, n]);
    });
    return out;
  };
  const firstOperative = () => {
    let at = -1;
    state.doc.forEach((node, offset) => {
      if (at < 0 && node.attrs.kind === "operative") at = offset;
    });
    return at;
  };
  assert.deepEqual(shown().numbers, expected());
  assert.deepEqual(shown().widgets, [firstOperative()], "the Conference line before the first operative paragraph");
  // Typing in the preamble moves everything after it.
  state = state.apply(state.tr.insertText("NOTING ", 1 + state.doc.child(0).nodeSize));
  assert.deepEqual(shown().numbers, expected());
  assert.deepEqual(shown().widgets, [firstOperative()]);
  // A new paragraph, then a kind change: numbers follow.
  const end = state.doc.child(0).nodeSize + state.doc.child(1).nodeSize + state.doc.child(2).nodeSize - 1;
  state = state.apply(state.tr.split(end, 1, [{ type: schema.nodes.para, attrs: { id: "p-newnewnewn", kind: "operative", level: 0 } }]));
  assert.deepEqual(shown().numbers, expected());
  assert.ok(expected().some(([, n]) => n === "3."), "one more operative paragraph");
  state = state.apply(state.tr.setNodeAttribute(0, "kind", "operative"));
  assert.deepEqual(shown().numbers, expected());
  assert.deepEqual(shown().widgets, [0], "the Conference line moves to the new first operative paragraph");
  // A draft of decisions has no Conference line.
  state = state.apply(setDraftKind(state, "decisions"));
  assert.deepEqual(shown().widgets, []);
  assert.deepEqual(shown().numbers, expected());
});

test("new and repeated paragraph ids are replaced by fresh ones like the core's", () => {
  const { schema, fixParagraphIds, newParagraphId, newBracketId } = m;
  assert.match(newParagraphId(), /^p-[a-z2-7]{10}$/);
  assert.match(newBracketId(), /^b-[a-z2-7]{10}$/);
  const para = (id, text) => schema.nodes.para.create({ id, kind: "text", level: 0 }, schema.text(text));
  const doc = schema.nodes.doc.create(null, [para("p-keepkeepke", "one"), para("p-keepkeepke", "two"), para("", "three"), para("p-otherother", "four")]);
  const state = EditorState.create({ schema, doc });
  const tr = fixParagraphIds(state);
  assert.ok(tr, "a fix is needed");
  const ids = [];
  tr.doc.forEach((n) => ids.push(n.attrs.id));
  assert.equal(ids[0], "p-keepkeepke", "the first paragraph keeps a repeated id");
  assert.equal(ids[3], "p-otherother");
  assert.match(ids[1], /^p-[a-z2-7]{10}$/);
  assert.match(ids[2], /^p-[a-z2-7]{10}$/);
  assert.equal(new Set(ids).size, 4);
  assert.equal(fixParagraphIds(state.apply(tr)), null, "then nothing more to fix");
});

test("pasted copies of paragraphs and brackets get new ids; moved ones keep theirs", () => {
  const { schema, rewritePasted } = m;
  const doc = sampleDoc();
  let from = 0;
  for (let i = 0; i < 4; i++) from += doc.child(i).nodeSize;
  const copied = doc.slice(from, from + doc.child(4).nodeSize);
  assert.equal(copied.content.childCount, 1, "the bracketed item");
  const { slice, renamed } = rewritePasted(copied, doc);
  const para = slice.content.child(0);
  assert.equal(para.attrs.id, "", "a copy of a paragraph of the draft loses its id (a fresh one follows)");
  assert.equal(para.attrs.kind, "item");
  assert.equal(renamed.size, 1);
  const fresh = renamed.get("b-abcdefghij");
  assert.match(fresh, /^b-[a-z2-7]{10}$/);
  const ids = [];
  para.forEach((n) => n.marks.forEach((mk) => mk.type.name === "bracket" && ids.push(mk.attrs.id)));
  assert.deepEqual(ids, [fresh]);
  assert.equal(para.textContent, doc.child(4).textContent, "the text is unchanged");

  // Pasted into a draft without them (cut and paste): ids kept.
  const other = schema.nodes.doc.create(null, [schema.nodes.para.create({ id: "p-elsewhere00", kind: "text", level: 0 })]);
  const kept = rewritePasted(copied, other);
  assert.equal(kept.slice.content.child(0).attrs.id, "p-it20000000");
  assert.equal(kept.renamed.size, 0);
});

test("caret colours become #rrggbb", () => {
  const { caretColor } = m;
  assert.equal(caretColor("#A1B2C3"), "#a1b2c3");
  assert.equal(caretColor("hsl(0 100% 50%)"), "#ff0000");
  assert.equal(caretColor("hsl(120, 100%, 25%)"), "#008000");
  assert.equal(caretColor("hsl(240 62% 40%)"), "#2727a5");
  assert.equal(caretColor("red; background: url(x)"), "#b0502a", "anything else: the accent colour");
  assert.equal(caretColor(undefined), "#b0502a");
});

/** An editor state bound to `body` as ySyncPlugin binds it (its mapping built from the Yjs body). */
function boundState(body) {
  const { doc, mapping } = initProseMirrorDoc(body, m.schema);
  return EditorState.create({ schema: m.schema, doc, plugins: [ySyncPlugin(body, { mapping })] });
}

test("comment anchors are relative positions in the paragraph's XmlText, and orphan when their words go", () => {
  const { names, relativeAt, encodeRelative, resolveAnchor } = m;
  const ydoc = new Y.Doc();
  const body = ydoc.getXmlFragment(names.BODY);
  prosemirrorToYXmlFragment(sampleDoc(), body);
  let state = boundState(body);

  // "information with" in the fifth paragraph.
  let start = -1;
  state.doc.descendants((node, pos) => {
    if (node.isText && node.text.includes("information with") && start < 0) start = pos + node.text.indexOf("information with");
  });
  assert.ok(start > 0);
  const end = start + "information with".length;
  const a = encodeRelative(relativeAt(state, start, "start"));
  const b = encodeRelative(relativeAt(state, end, "end"));
  assert.ok(a.every((n) => Number.isInteger(n) && n >= 0 && n < 256), "bytes for comment_add");
  const text = body.get(4).get(0);
  const ra = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Uint8Array.from(a)), ydoc);
  const rb = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(Uint8Array.from(b)), ydoc);
  assert.equal(ra.type, text, "the start is in the paragraph's XmlText (the core resolves it there)");
  assert.equal(rb.type, text, "so is the end");
  assert.deepEqual([ra.index, rb.index], [6, 22]);
  assert.equal(Y.decodeRelativePosition(Uint8Array.from(b)).assoc, -1, "the end sticks to the last quoted character");
  assert.deepEqual(resolveAnchor(state, Uint8Array.from(a), Uint8Array.from(b)), { from: start, to: end });

  // Someone types before the words and just after them: the anchor keeps exactly the words.
  text.insert(0, "kindly ");
  text.insert(22 + 7, " all");
  state = boundState(body);
  const moved = resolveAnchor(state, Uint8Array.from(a), Uint8Array.from(b));
  assert.ok(moved);
  assert.equal(state.doc.textBetween(moved.from, moved.to), "information with");

  // The words are deleted: the thread is orphaned, not lost.
  text.delete(6 + 7, 16);
  state = boundState(body);
  assert.equal(resolveAnchor(state, Uint8Array.from(a), Uint8Array.from(b)), null);
  assert.equal(resolveAnchor(state, Uint8Array.from([1, 2, 3]), Uint8Array.from([4])), null, "garbage bytes are an orphan, not an error");
});

test("bracket holders typed as one line are a clean list, set without touching the status", () => {
  const { parseHolders, setBracketHolders, setBracketStatus, bracketInfo, MAX_HOLDERS, names } = m;
  assert.deepEqual(parseHolders(" Kenya,European   Union ; ;japan, kenya,  "), ["Kenya", "European Union", "japan"]);
  assert.deepEqual(parseHolders(""), []);
  assert.equal(parseHolders(Array.from({ length: 80 }, (_, i) => `D${i}`).join(",")).length, MAX_HOLDERS);

  const doc = new Y.Doc();
  const brackets = doc.getMap(names.BRACKETS);
  // An entry written as a plain object (as an older peer might): it becomes a map, status kept.
  brackets.set("b-plainplain", { [names.BRACKET_STATUS]: "agreed-ad-ref", [names.BRACKET_HOLDERS]: ["Japan"] });
  setBracketHolders(doc, brackets, "b-plainplain", ["Kenya", "European Union"]);
  assert.ok(brackets.get("b-plainplain") instanceof Y.Map);
  assert.deepEqual(bracketInfo(brackets, "b-plainplain"), { status: "agreed-ad-ref", holders: ["Kenya", "European Union"] });
  // Status and holders are separate keys: setting one keeps the other.
  setBracketStatus(doc, brackets, "b-plainplain", "agreed", "m-chair");
  assert.deepEqual(bracketInfo(brackets, "b-plainplain").holders, ["Kenya", "European Union"]);
  // The status change and its log entry are one transaction; the entry names who and what.
  const log = [...doc.getMap(names.LOG).values()];
  assert.equal(log.length, 1);
  assert.deepEqual({ ...log[0], at: undefined }, { kind: "bracket-status", by: "m-chair", bracket: "b-plainplain", status: "agreed", at: undefined });
  assert.match(log[0].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // A package: set and taken out, each with its entry; the status and holders stay.
  m.setBracketPackage(doc, brackets, "b-plainplain", "  Units  ", "m-chair");
  assert.deepEqual(bracketInfo(brackets, "b-plainplain"), { status: "agreed", holders: ["Kenya", "European Union"], package: "Units" });
  m.setBracketPackage(doc, brackets, "b-plainplain", "Units", "m-chair");
  m.setBracketPackage(doc, brackets, "b-plainplain", "", "m-chair");
  assert.equal(bracketInfo(brackets, "b-plainplain").package, undefined);
  const kinds = [...doc.getMap(names.LOG).values()].map((e) => [e.kind, e.package ?? null]).sort();
  assert.deepEqual(kinds, [["bracket-package", "Units"], ["bracket-package", null], ["bracket-status", null]].sort(), "an unchanged package writes nothing");
  let updates = 0;
  doc.on("update", () => updates++);
  setBracketHolders(doc, brackets, "b-plainplain", []);
  assert.equal(updates, 1, "one transaction");
  assert.deepEqual(bracketInfo(brackets, "b-plainplain"), { status: "agreed", holders: [] });
});

test("a paragraph inserted between two others takes bis, then ter, as the core computes it", () => {
  const { insertedLabel } = m;
  const p = (kind, level = 0, label = null) => ({ kind, level, label });
  const paras = [p("preamble"), p("operative"), p("operative", 0, "bis"), p("item", 1), p("item", 1, "bis"), p("item", 2), p("item", 2), p("operative")];
  assert.equal(insertedLabel(paras, 0), null, "a preambular paragraph is never inserted");
  assert.equal(insertedLabel(paras, 1), null, "nothing of its kind before the first operative paragraph");
  assert.equal(insertedLabel(paras, 7), "ter", "after 1 bis comes 1 ter");
  assert.equal(insertedLabel(paras, 3), null, "the first item under its paragraph has nothing before it");
  assert.equal(insertedLabel(paras, 6), "bis", "a level-2 item after a level-2 item");
  assert.equal(insertedLabel(paras, 5), null, "the first level-2 item under its level-1 item");
  assert.equal(insertedLabel([p("operative"), ...Array.from({ length: 9 }, (_, i) => p("operative", 0, ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"][i])), p("operative")], 10), null, "past decies: renumber first");
});

test("a bracket's alternatives are the brackets naming its first, in the order of the text", () => {
  const { schema, alternativeRoot, alternativesInText, names } = m;
  const doc = new Y.Doc();
  const brackets = doc.getMap(names.BRACKETS);
  const entry = (id, of) => {
    const e = new Y.Map();
    brackets.set(id, e);
    e.set(names.BRACKET_STATUS, "open");
    if (of) e.set(names.BRACKET_ALTERNATIVE_OF, of);
  };
  entry("b-first00001");
  entry("b-second0001", "b-first00001");
  entry("b-other00001");
  brackets.set("b-plain00001", { status: "open", holders: [], alternativeOf: "b-first00001" });
  const mark = (id) => schema.marks.bracket.create({ id });
  const para = schema.nodes.para.create({ id: "p-1", kind: "operative", level: 0, label: null }, [
    schema.text("to "),
    schema.text("establish", [mark("b-first00001")]),
    schema.text("consider establishing", [mark("b-second0001")]),
    schema.text(" units "),
    schema.text("or", [mark("b-plain00001")]),
    schema.text(" and "),
    schema.text("else", [mark("b-other00001")]),
  ]);
  const state = EditorState.create({ schema, doc: schema.node("doc", null, [para]) });
  assert.equal(alternativeRoot(brackets, "b-second0001"), "b-first00001");
  assert.equal(alternativeRoot(brackets, "b-first00001"), "b-first00001");
  assert.deepEqual(alternativesInText(state, brackets, "b-second0001"), ["b-first00001", "b-second0001", "b-plain00001"]);
  assert.deepEqual(alternativesInText(state, brackets, "b-other00001"), ["b-other00001"]);
});
