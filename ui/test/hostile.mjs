// Draft content this version of Caucus cannot show, written the way an unmodified Yjs client can write it
// (issue #16): shared by the webview's Node tests (ui/test/opaque.test.mjs) and the end-to-end test
// (tests/e2e/unknown-content.test.mjs, through `caucus serve --open`). `Y` is the caller's yjs module,
// so that each side uses its own copy of yjs.

/** Ids of the paragraphs written here (their text says what each is). */
export const HOSTILE = {
  script: "script",
  evilId: "p-evil000000",
  outerId: "p-outer00000",
  innerId: "p-inner00000",
  clampId: "p-clamp00000",
  clampText: "Kind and level out of range, plain text",
  evilText: "Text with an unknown mark",
  outerText: "Outer paragraph ",
  innerText: "nested paragraph",
  scriptText: "alert('written by a peer')",
};

/** A `para` element of the core's layout: attributes, then one XmlText (with `marks` on all of it). */
export function para(Y, { id, kind = "text", level = 0, label, text = "", marks } = {}) {
  const el = new Y.XmlElement("para");
  if (id !== undefined) el.setAttribute("id", id);
  el.setAttribute("kind", kind);
  el.setAttribute("level", level);
  if (label) el.setAttribute("label", label);
  const t = new Y.XmlText();
  el.insert(0, [t]);
  if (text) t.insert(0, text, marks ?? {});
  return el;
}

/**
 * Appends to `body` (the draft's XmlFragment, in a document already holding the draft) what the
 * finding's delegate wrote: an unknown element `script`, a `para` with kind `evil` and level 99 whose
 * text carries an unknown mark, and a `para` nested in a `para`; and a `para` with kind `evil` and level 99
 * and plain text (shown clamped). In one transaction.
 */
export function writeHostile(Y, doc) {
  const body = doc.getXmlFragment("body");
  doc.transact(() => {
    const script = new Y.XmlElement(HOSTILE.script);
    const code = new Y.XmlText();
    script.insert(0, [code]);
    code.insert(0, HOSTILE.scriptText);
    const evil = para(Y, { id: HOSTILE.evilId, kind: "evil", level: 99, text: HOSTILE.evilText, marks: { blink: {}, em: {} } });
    const outer = para(Y, { id: HOSTILE.outerId, text: HOSTILE.outerText });
    outer.insert(1, [para(Y, { id: HOSTILE.innerId, text: HOSTILE.innerText })]);
    const clamp = para(Y, { id: HOSTILE.clampId, kind: "evil", level: 99, text: HOSTILE.clampText });
    body.insert(body.length, [script, evil, outer, clamp]);
  });
}

/**
 * Everything in the body as plain values (element names, every attribute, text with its formatting
 * attributes, nesting), to compare a body before and after.
 */
export function bodyJson(Y, doc) {
  const walk = (node) => {
    if (node instanceof Y.XmlText) return { text: node.toDelta() };
    if (node instanceof Y.XmlElement) return { name: node.nodeName, attrs: node.getAttributes(), children: node.toArray().map(walk) };
    if (node instanceof Y.XmlHook) return { hook: node.hookName };
    return { other: String(node) };
  };
  return doc.getXmlFragment("body").toArray().map(walk);
}
