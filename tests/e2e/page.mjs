// The draft editor as the end-to-end tests see it, through the contract's test hooks
// (`[data-testid=editor] .ProseMirror`, `div.para[data-id][data-number]`): reading paragraphs,
// placing the caret, selecting words, typing, and the in-page probes of the timed measurements.
// Functions marked "page:" run inside the webview (their source is sent through WebDriver, after
// `paraText`), so they use nothing else from this module's scope. (The CSP forbids eval in the
// page, so helpers travel as source, not as strings to compile there.)

import { waitUntil } from "./harness.mjs";

export const EDITOR = "[data-testid=editor] .ProseMirror";

/** page: the text of a paragraph element, without widgets (remote carets) and with plain spaces. */
export function pageParaText(el) {
  const copy = el.cloneNode(true);
  for (const w of copy.querySelectorAll(".ProseMirror-widget, [contenteditable=false], .ProseMirror-yjs-cursor")) w.remove();
  return copy.textContent.replace(/\u00a0/g, " ");
}

/** Calls the page function `fn` with JSON `args`, with `paraText` defined beside it. */
export function inPage(driver, fn, ...args) {
  return driver.execute(`const paraText = ${pageParaText};\nreturn (${fn}).apply(null, arguments);`, args);
}

/** page: every paragraph of the editor: {id, kind, level, number, text}; null before the editor exists. */
function pageParagraphs(editorSelector) {
  const editor = document.querySelector(editorSelector);
  if (!editor) return null;
  return [...editor.querySelectorAll("div.para")].map((el) => ({
    id: el.getAttribute("data-id"),
    kind: el.getAttribute("data-kind"),
    level: el.getAttribute("data-level"),
    number: el.getAttribute("data-number"),
    text: paraText(el),
  }));
}

/** The editor's paragraphs as {id, kind, level, number, text}. */
export async function paragraphs(driver) {
  const paras = await inPage(driver, pageParagraphs, EDITOR);
  if (!paras) throw new Error(`${EDITOR} is not in the window`);
  return paras;
}

/** The text of the paragraph `id` (null if there is none). */
export async function paraText(driver, id) {
  return (await paragraphs(driver)).find((p) => p.id === id)?.text ?? null;
}

/** Waits until paragraph `id` reads `text` (or satisfies the predicate); returns its text. */
export async function waitForParaText(driver, id, expected, { timeoutMs = 20000, what } = {}) {
  const ok = typeof expected === "function" ? expected : (t) => t === expected;
  let last = null;
  try {
    return await waitUntil(
      what ?? `paragraph ${id} to read ${JSON.stringify(expected)}`,
      async () => {
        last = await paraText(driver, id);
        return last !== null && ok(last) ? last : false;
      },
      { timeoutMs, everyMs: 50 },
    );
  } catch (err) {
    throw new Error(`${err.message}; it reads ${JSON.stringify(last)}`);
  }
}

/** The first paragraph matching `select(p)`. */
export async function findPara(driver, select, what) {
  const para = (await paragraphs(driver)).find(select);
  if (!para) throw new Error(`no paragraph ${what} in the editor`);
  return para;
}

/**
 * page: focuses the editor and puts the caret at the start or end of paragraph `id`'s text,
 * with a DOM selection, then has ProseMirror read it at once (a synchronous selectionchange:
 * the browser's own event comes later, and ProseMirror resets a DOM selection it has not read
 * 20 ms after a focus).
 */
function pagePlaceCaret(editorSelector, id, where) {
  const editor = document.querySelector(editorSelector);
  const para = editor?.querySelector(`div.para[data-id="${CSS.escape(id)}"]`);
  if (!para) return `no paragraph ${id}`;
  editor.focus();
  const texts = [];
  const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT, {
    // Widgets inside the paragraph (a read-only editor is contenteditable=false as a whole).
    acceptNode: (n) => {
      const widget = n.parentElement.closest(".ProseMirror-widget, [contenteditable=false]");
      return widget && para.contains(widget) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  while (walker.nextNode()) texts.push(walker.currentNode);
  const range = document.createRange();
  if (texts.length === 0) {
    range.selectNodeContents(para);
    range.collapse(where === "start");
  } else if (where === "start") {
    range.setStart(texts[0], 0);
    range.collapse(true);
  } else {
    const last = texts[texts.length - 1];
    range.setStart(last, last.data.length);
    range.collapse(true);
  }
  const sel = getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  document.dispatchEvent(new Event("selectionchange"));
  return null;
}

/** Puts the caret at the start or end of paragraph `id`; ProseMirror has taken the selection on return. */
export async function placeCaret(driver, id, where = "end") {
  const err = await driver.run(pagePlaceCaret, EDITOR, id, where);
  if (err) throw new Error(err);
}

/** Types `text` at the start or end of paragraph `id`, key by key. */
export async function typeInto(driver, id, text, { where = "end", pauseMs = 0 } = {}) {
  await placeCaret(driver, id, where);
  await driver.pressKeys(text, { pauseMs });
}

/**
 * page: selects, with a DOM Range, the first occurrence of `words` in paragraph `id`'s text (text
 * nodes outside widgets); returns the selection's text, or an error string.
 */
function pageSelectWords(editorSelector, id, words) {
  const editor = document.querySelector(editorSelector);
  const para = editor?.querySelector(`div.para[data-id="${CSS.escape(id)}"]`);
  if (!para) return { error: `no paragraph ${id}` };
  const nodes = [];
  const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT, {
    // Widgets inside the paragraph (a read-only editor is contenteditable=false as a whole).
    acceptNode: (n) => {
      const widget = n.parentElement.closest(".ProseMirror-widget, [contenteditable=false]");
      return widget && para.contains(widget) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  let all = "";
  while (walker.nextNode()) {
    nodes.push({ node: walker.currentNode, from: all.length });
    all += walker.currentNode.data;
  }
  const at = all.replace(/\u00a0/g, " ").indexOf(words);
  if (at < 0) return { error: `"${words}" is not in paragraph ${id}: ${all}` };
  const locate = (offset, isEnd) => {
    for (const { node, from } of nodes) {
      const to = from + node.data.length;
      if (offset < to || (isEnd && offset === to)) return [node, offset - from];
    }
    const last = nodes[nodes.length - 1];
    return [last.node, last.node.data.length];
  };
  const range = document.createRange();
  range.setStart(...locate(at, false));
  range.setEnd(...locate(at + words.length, true));
  // ProseMirror reads a selection only in a focused editable view (a read-only one: any time).
  if (editor.isContentEditable && document.activeElement !== editor) editor.focus();
  const sel = getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  // Read by ProseMirror at once (a read-only view is not focusable, but it still reads a selection in it).
  document.dispatchEvent(new Event("selectionchange"));
  return { selected: sel.toString() };
}

/** Selects `words` in paragraph `id`; returns the selected text as the page sees it (ProseMirror has it). */
export async function selectWords(driver, id, words) {
  const res = await driver.run(pageSelectWords, EDITOR, id, words);
  if (res.error) throw new Error(res.error);
  return res.selected;
}

/**
 * Waits until the element `selector` stays where it is (same box over three polls 100 ms apart), so
 * that a WebDriver click — which aims at the centre computed beforehand — lands on it while the
 * layout around it settles (e.g. a form that shrinks after it was sent).
 */
export async function waitStill(driver, selector, timeoutMs = 5000) {
  let last = null;
  let still = 0;
  await waitUntil(`${selector} stops moving`, async () => {
    const box = await driver.run((sel) => {
      const r = document.querySelector(sel)?.getBoundingClientRect();
      return r ? [r.x, r.y, r.width, r.height].join(",") : null;
    }, selector);
    still = box !== null && box === last ? still + 1 : 0;
    last = box;
    return still >= 2;
  }, { timeoutMs, everyMs: 100 });
}

/** The window's error notices (`[data-testid=notice]`) as "code: text" lines, to explain a failure. */
export function notices(driver) {
  return driver.run(() =>
    [...document.querySelectorAll("[data-testid=notice]")].map((n) => `${n.getAttribute("data-code")}: ${n.textContent.trim()}`),
  );
}

// ---- in-page probes of the timed measurements -----------------------------------------------------

/** page: records Date.now() at every keydown (capture phase, before the editor sees it). */
function pageRecordKeydowns() {
  const probe = { keys: [] };
  window.__e2eKeys = probe;
  document.addEventListener("keydown", (e) => probe.keys.push([Date.now(), e.key]), true);
  return true;
}

/** Starts recording keydown times (Date.now()) in this window. */
export function recordKeydowns(driver) {
  return driver.run(pageRecordKeydowns);
}

/** The recorded keydowns: [[Date.now(), key], …]. */
export function keydowns(driver) {
  return driver.run(() => window.__e2eKeys?.keys ?? []);
}

/**
 * page: a MutationObserver on the editor that records [Date.now(), text] each time paragraph
 * `id`'s text changes (the paragraph is looked up again each time: ProseMirror may redraw it).
 */
function pageWatchPara(editorSelector, id) {
  const editor = document.querySelector(editorSelector);
  const read = () => {
    const el = editor.querySelector(`div.para[data-id="${CSS.escape(id)}"]`);
    return el ? paraText(el) : null;
  };
  const probe = { changes: [[Date.now(), read()]] };
  window.__e2eWatch = probe;
  probe.observer = new MutationObserver(() => {
    const text = read();
    if (text !== probe.changes[probe.changes.length - 1][1]) probe.changes.push([Date.now(), text]);
  });
  probe.observer.observe(editor, { subtree: true, childList: true, characterData: true });
  return true;
}

/** Starts recording paragraph `id`'s text changes with their Date.now(). */
export function watchPara(driver, id) {
  return inPage(driver, pageWatchPara, EDITOR, id);
}

/** The recorded changes [[Date.now(), text], …], and stops recording. */
export function watchedChanges(driver) {
  return driver.run(() => {
    const probe = window.__e2eWatch;
    probe?.observer.disconnect();
    return probe?.changes ?? [];
  });
}

/** page: records [Date.now(), value] each time attribute `attr` of the element `selector` changes. */
function pageWatchAttribute(selector, attr) {
  const el = document.querySelector(selector);
  if (!el) return false;
  const probe = { changes: [[Date.now(), el.getAttribute(attr)]] };
  window.__e2eAttr = probe;
  probe.observer = new MutationObserver(() => probe.changes.push([Date.now(), el.getAttribute(attr)]));
  probe.observer.observe(el, { attributes: true, attributeFilter: [attr] });
  return true;
}

/** Starts recording the changes of one attribute of one element (e.g. the save state). */
export async function watchAttribute(driver, selector, attr) {
  if (!(await driver.run(pageWatchAttribute, selector, attr))) throw new Error(`${selector} is not in the window`);
}

/** The recorded [[Date.now(), value], …], and stops recording. */
export function watchedAttribute(driver) {
  return driver.run(() => {
    const probe = window.__e2eAttr;
    probe?.observer.disconnect();
    return probe?.changes ?? [];
  });
}

/**
 * page: typing latency: for every keydown, the time (performance.now()) from the keydown to the
 * next animation frame after the editor's DOM changed.
 */
function pageTypingProbe(editorSelector) {
  const editor = document.querySelector(editorSelector);
  const probe = { pending: [], samples: [] };
  window.__e2eTyping = probe;
  document.addEventListener("keydown", () => probe.pending.push(performance.now()), true);
  probe.observer = new MutationObserver(() => {
    if (probe.pending.length === 0) return;
    const starts = probe.pending.splice(0);
    requestAnimationFrame(() => {
      const now = performance.now();
      for (const t of starts) probe.samples.push(now - t);
    });
  });
  probe.observer.observe(editor, { subtree: true, childList: true, characterData: true });
  return true;
}

export function startTypingProbe(driver) {
  return driver.run(pageTypingProbe, EDITOR);
}

/** How many typing latencies were recorded so far (the probe keeps recording). */
export function typingSampleCount(driver) {
  return driver.run(() => window.__e2eTyping?.samples.length ?? 0);
}

/** The typing latencies (ms) recorded so far, and keydowns still waiting for a DOM change. */
export function typingSamples(driver) {
  return driver.run(() => {
    const probe = window.__e2eTyping;
    probe?.observer.disconnect();
    return { samples: probe?.samples ?? [], unanswered: probe?.pending.length ?? 0 };
  });
}
