// What the window holds typed and not saved (views/typed.ts), without a browser: the places that
// hold text, the kinds the question names, and that the core is told only when the answer to
// "does the window hold any?" changes. Run: `npm test` (node --test).

import assert from "node:assert/strict";
import { before, test } from "node:test";

import { bundled } from "./bundle.mjs";

let m;

before(async () => {
  m = await bundled("typed", ['export { Typed } from "./src/views/typed.ts";']);
});

test("the window holds typed text while any place does, and says so once per change", () => {
  const typed = new m.Typed();
  const told = [];
  typed.onChange((holds) => told.push(holds));
  assert.equal(typed.holds, false);
  typed.set("versions", "translation", true);
  typed.set("versions", "translation", true);
  typed.set("reply:t1", "reply", true);
  assert.equal(typed.holds, true);
  assert.deepEqual(typed.kinds, ["translation", "reply"]);
  typed.set("versions", "translation", false);
  assert.equal(typed.holds, true, "the reply is still being written");
  typed.set("reply:t1", "reply", false);
  assert.equal(typed.holds, false);
  assert.deepEqual(told, [true, false], "told when it starts holding and when it stops");
});

test("a form that goes releases its places only; discarding clears every place", () => {
  const typed = new m.Typed();
  const told = [];
  typed.onChange((holds) => told.push(holds));
  typed.set("comment", "comment", true);
  typed.set("reply:t1", "reply", true);
  typed.set("reply:t2", "reply", true);
  typed.set("versions", "translation", true);
  typed.release("comment");
  typed.release("reply:");
  assert.deepEqual(typed.kinds, ["translation"], "the translation typed in Versions is still held");
  assert.deepEqual(told, [true]);
  typed.clear();
  assert.equal(typed.holds, false);
  assert.deepEqual(told, [true, false]);
  typed.clear();
  assert.deepEqual(told, [true, false], "nothing more to say");
});
