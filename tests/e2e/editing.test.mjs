// End-to-end: editing the draft in the real app, and what the core then holds. Tab / Shift-Tab
// change an item's level and the computed numbering follows; Ctrl+Z / Ctrl+Y undo and redo typing;
// selected words put in square brackets with a status and holders; a decision labelled. Closed, the app's data directory is read
// with `caucus --json show`: the core has the level, the text and the bracket with its status and holders.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { checkPrerequisites, cliJson, closeAll, launchApp, Processes, waitUntil } from "./harness.mjs";
import { findPara, paragraphs, placeCaret, selectWords, typeInto, waitForParaText } from "./page.mjs";

const TAB = "\uE004";
const SHIFT = "\uE008";
const CONTROL = "\uE009";

const processes = new Processes();
let app;

before(async () => {
  checkPrerequisites({ cli: true });
  ({ app } = await launchApp(processes, { name: "editing" }));
  await app.waitReady();
}, { timeout: 90_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

const chord = (modifiers, key) => app.driver.chord(modifiers, key);

/** The numbers and levels of the items after operative paragraph 1, in order. */
async function items() {
  const paras = await paragraphs(app.driver);
  const start = paras.findIndex((p) => p.kind === "operative" && p.number === "1.");
  const out = [];
  for (const p of paras.slice(start + 1)) {
    if (p.kind !== "item") break;
    out.push([p.number, p.level]);
  }
  return out;
}

test("Tab and Shift-Tab change an item's level and the numbering follows", { timeout: 60_000 }, async () => {
  const before = await items();
  assert.deepEqual(before.slice(0, 5), [["a)", "1"], ["b)", "1"], ["i)", "2"], ["ii)", "2"], ["c)", "1"]]);
  const c = await findPara(app.driver, (p) => p.kind === "item" && p.number === "c)", "c)");
  await placeCaret(app.driver, c.id, "start");
  await app.driver.pressKeys(TAB);
  await waitUntil("c) becomes iii), d) becomes c)", async () => {
    const now = await items();
    return JSON.stringify(now.slice(0, 6)) === JSON.stringify([["a)", "1"], ["b)", "1"], ["i)", "2"], ["ii)", "2"], ["iii)", "2"], ["c)", "1"]]) ? now : null;
  }, { timeoutMs: 10000 });
  assert.equal((await paragraphs(app.driver)).find((p) => p.id === c.id).text, c.text, "the text did not change");

  await chord([SHIFT], TAB);
  await waitUntil("Shift-Tab brings it back", async () => JSON.stringify(await items()) === JSON.stringify(before), { timeoutMs: 10000 });

  // Once more, to leave it at level 2 for the check on disk.
  await app.driver.pressKeys(TAB);
  await waitUntil("level 2 again", async () => (await paragraphs(app.driver)).find((p) => p.id === c.id).level === "2", { timeoutMs: 10000 });
});

/**
 * Presses `key` with Control until paragraph `id` reads `goal`, waiting after each press for the
 * text to change; returns the texts seen after each press. How many presses it takes is not fixed:
 * the undo manager groups changes less than its capture time (500 ms) apart, and on a busy machine
 * the keys of one typing burst can arrive further apart than that.
 */
async function pressUntil(key, id, goal, what, maxPresses) {
  const seen = [];
  let text = (await paragraphs(app.driver)).find((p) => p.id === id).text;
  while (text !== goal) {
    assert.ok(seen.length < maxPresses, `${what}: still ${JSON.stringify(text)} after ${seen.length} presses`);
    const before = text;
    await chord([CONTROL], key);
    text = await waitForParaText(app.driver, id, (t) => t !== before, { what: `${what}: press ${seen.length + 1} changes the paragraph` });
    seen.push(text);
  }
  return seen;
}

test("Ctrl+Z undoes typing and Ctrl+Y redoes it", { timeout: 60_000 }, async () => {
  const p = await findPara(app.driver, (q) => q.kind === "operative" && q.number === "3.", "3.");
  const typed = " as a matter of priority";
  await typeInto(app.driver, p.id, typed);
  await waitForParaText(app.driver, p.id, p.text + typed);
  // Each Ctrl+Z takes back one group of the typing, newest first, and nothing else.
  const undone = await pressUntil("z", p.id, p.text, "Ctrl+Z undoes the typing", typed.length);
  for (const text of undone) {
    assert.ok(text.startsWith(p.text) && typed.startsWith(text.slice(p.text.length)), `after Ctrl+Z the paragraph is the original plus a prefix of the typing: ${JSON.stringify(text)}`);
  }
  // Ctrl+Y puts the same groups back, oldest first.
  const redone = await pressUntil("y", p.id, p.text + typed, "Ctrl+Y redoes it", undone.length);
  assert.deepEqual(redone, [...undone.slice(0, -1).reverse(), p.text + typed], "redo retraces the undo steps");
});

test("selected words go in square brackets with a status", { timeout: 60_000 }, async () => {
  const { driver } = app;
  const words = "public awareness";
  const p = await findPara(driver, (q) => q.kind === "operative" && q.text.includes(words), `with "${words}"`);
  assert.equal(await selectWords(driver, p.id, words), words);
  await driver.click(await driver.waitFor("[data-testid=bracket-add]"));
  const bracket = await waitUntil("the words are bracketed", () =>
    driver.run((id, w) => {
      const spans = [...document.querySelectorAll(`[data-testid=editor] div.para[data-id="${id}"] span.bracket`)];
      const span = spans.find((s) => s.textContent === w);
      return span ? { id: span.getAttribute("data-bracket"), status: span.getAttribute("data-status") } : null;
    }, p.id, words),
  { timeoutMs: 10000 });
  assert.equal(bracket.status, "open");
  // Drawn with [ and ] by CSS around the text.
  const [open, close] = await driver.run((id) => {
    const span = document.querySelector(`span.bracket[data-bracket="${id}"]`);
    return [getComputedStyle(span, "::before").content, getComputedStyle(span, "::after").content];
  }, bracket.id);
  assert.match(open, /\[/);
  assert.match(close, /\]/);

  // The caret inside the bracket: the status select applies to it.
  await selectWords(driver, p.id, "awareness");
  await driver.click(await driver.waitFor("[data-testid=bracket-status]"));
  await driver.click(await driver.waitFor('[data-testid=bracket-status] option[value="agreed-ad-ref"]'));
  await waitUntil("the bracket shows its new status", () =>
    driver.run((id) => document.querySelector(`span.bracket[data-bracket="${id}"]`)?.getAttribute("data-status") === "agreed-ad-ref", bracket.id),
  { timeoutMs: 10000 });

  // Who holds it: typed in the toolbar as one line, shown on the bracket.
  await selectWords(driver, p.id, "awareness");
  const holders = await driver.waitFor("[data-testid=bracket-holders]");
  await driver.click(holders);
  await driver.sendKeys(holders, "Kenya,  European Union; kenya\uE007");
  await waitUntil("the bracket names its holders", () =>
    driver.run((id) => document.querySelector(`span.bracket[data-bracket="${id}"]`)?.title ?? "", bracket.id)
      .then((title) => title.endsWith("held by Kenya, European Union")),
  { timeoutMs: 10000 });
  await driver.waitFor("[data-testid=save-state][data-state=saved]", 15000);
  await selectWords(driver, p.id, "public");
  assert.equal(await driver.run(() => document.querySelector("[data-testid=bracket-holders]").value), "Kenya, European Union");
  await app.screenshot("brackets.png");
});

test("a paragraph made a decision takes its label from the toolbar", { timeout: 60_000 }, async () => {
  const { driver } = app;
  const last = (await paragraphs(driver)).at(-1);
  await placeCaret(driver, last.id, "end");
  await driver.click(await driver.waitFor("[data-testid=kind-select]"));
  await driver.click(await driver.waitFor('[data-testid=kind-select] option[value="decision"]'));
  await waitUntil("a numbered decision", async () => (await paragraphs(driver)).find((p) => p.id === last.id)?.kind === "decision", { timeoutMs: 10000 });
  const label = await driver.waitFor("[data-testid=label-input]");
  await driver.click(label);
  await driver.sendKeys(label, "17.X\uE007");
  await waitUntil("the decision is labelled 17.X", async () => (await paragraphs(driver)).find((p) => p.id === last.id)?.number === "17.X", { timeoutMs: 10000 });
  await driver.waitFor("[data-testid=save-state][data-state=saved]", 15000);
});

test("the core holds what was edited", { timeout: 60_000 }, async () => {
  const paras = await paragraphs(app.driver);
  await app.close();
  const [{ id }] = cliJson(app.dataDir, "list");
  const view = cliJson(app.dataDir, "show", id);
  for (const shown of paras) {
    const stored = view.paragraphs.find((p) => p.id === shown.id);
    assert.ok(stored, `paragraph ${shown.id} is stored`);
    assert.equal(stored.spans.map((s) => s.text).join(""), shown.text, `the text of ${shown.id}`);
    assert.equal(String(stored.level), shown.level, `the level of ${shown.id}`);
    assert.equal(stored.number, shown.number, `the number of ${shown.id}`);
  }
  const withBracket = view.paragraphs.flatMap((p) => p.spans).filter((s) => s.marks?.bracket && s.text === "public awareness");
  assert.equal(withBracket.length, 1, "the bracketed words are one span");
  assert.equal(view.brackets[withBracket[0].marks.bracket]?.status, "agreed-ad-ref");
  assert.deepEqual(view.brackets[withBracket[0].marks.bracket]?.holders, ["Kenya", "European Union"]);
});
