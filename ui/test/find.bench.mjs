// How long Find takes on the big draft (DESIGN §6: the automerge-paper trace's final text, one
// paragraph per line): searching and building the decorations for a query, and a keystroke while the
// bar is open (the matches are found again). Prints medians of 7; asserts nothing (numbers go to
// BENCHMARKS.md). Run: `cd ui && node test/find.bench.mjs` (not part of `npm test`).

import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { EditorState } from "prosemirror-state";
import { join } from "node:path";

import { bundled, ui } from "./bundle.mjs";
const m = await bundled("findbench", ['export * from "./src/editor/schema.ts";', 'export * from "./src/editor/find.ts";']);
// The automerge-paper trace's final text (DESIGN §6's big draft), split into paragraphs at line breaks.
const trace = JSON.parse(gunzipSync(readFileSync(join(ui, "..", "tests", "data", "editing-traces", "automerge-paper.json.gz"))));
let text = trace.startContent ?? "";
for (const txn of trace.txns) for (const [pos, del, ins] of txn.patches) text = text.slice(0, pos) + ins + text.slice(pos + del);
const paras = text.split("\n").filter((l) => l.trim());
const doc = m.schema.nodes.doc.create(null, paras.map((p, i) => m.schema.nodes.para.create({ id: `p${i}` }, m.schema.text(p))));
let state = EditorState.create({ schema: m.schema, doc, plugins: [m.findPlugin()] });
console.log(`draft: ${paras.length} paragraphs, ${text.length} characters`);
for (const q of ["the", "CRDT", "a"]) {
  const times = [];
  let n = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const next = state.apply(state.tr.setMeta(m.findKey, { query: i % 2 ? q : q.toUpperCase(), near: 0 }));
    times.push(performance.now() - t);
    n = m.findState(next).matches.length;
  }
  times.sort((a, b) => a - b);
  console.log(`query "${q}": ${n} matches, median ${times[3].toFixed(1)} ms (search + decorations)`);
}
// Typing while the bar is open: one character inserted, matches recomputed.
state = state.apply(state.tr.setMeta(m.findKey, { query: "the", near: 0 }));
const times = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  state = state.apply(state.tr.insertText("x", 5));
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(`a keystroke with "the" open: median ${times[3].toFixed(1)} ms`);
