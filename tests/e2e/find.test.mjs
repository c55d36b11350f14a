// End-to-end: Find (and replace) in the real app (issue #14 §5), on the sample workshop, as its chair
// (who may edit the draft). Ctrl+F opens the find bar with the focus in its field; the count says
// "1 of N" where N is what the draft's paragraphs hold (case-insensitive; "Match case" narrows it);
// Enter, Shift+Enter and F3 move the current match; Replace all changes every match and ONE Ctrl+Z
// takes it all back (one undo step); Escape closes the bar and gives the focus back to the draft; in
// the comments (thread text and replies) the count is what the panel shows. An observer (who may not
// edit the draft, so has no toolbar) finds too, and is offered no Replace. Screenshots of the bar.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { checkPrerequisites, closeAll, launchApp, Processes, setUpWorkshop, waitUntil } from "./harness.mjs";
import { EDITOR, findPara, paragraphs, placeCaret } from "./page.mjs";

const CONTROL = "\uE009";
const SHIFT = "\uE008";
const ENTER = "\uE007";
const ESCAPE = "\uE00C";
const F3 = "\uE033";

const processes = new Processes();
let app;
let observer;

before(async () => {
  ({ app } = await launchApp(processes, { name: "find" }));
  await app.waitReady();
}, { timeout: 90_000 });

after(closeAll(processes, () => [app, observer]), { timeout: 30_000 });

/** Occurrences of `query` in `texts` (case-insensitive unless `matchCase`), never across two texts. */
function occurrences(texts, query, matchCase = false) {
  let n = 0;
  for (const t of texts) {
    const hay = matchCase ? t : t.toLowerCase();
    const needle = matchCase ? query : query.toLowerCase();
    for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) n++;
  }
  return n;
}

const count = () => app.driver.run(() => document.querySelector("[data-testid=find-count]")?.textContent ?? null);
/** Waits for the bar's count to be `expected` (a string, or a RegExp it matches). */
const waitCount = (what, expected) =>
  waitUntil(what, async () => {
    const now = await count();
    return (expected instanceof RegExp ? expected.test(now ?? "") : now === expected) ? now : null;
  }, { timeoutMs: 10000 }).catch(async (err) => {
    throw new Error(`${err.message}; the bar says ${JSON.stringify(await count())}, expected ${JSON.stringify(expected)}`);
  });
const activeTestId = () => app.driver.run(() => document.activeElement?.getAttribute("data-testid") ?? (document.activeElement?.classList.contains("ProseMirror") ? "editor" : document.activeElement?.tagName));

async function typeQuery(text) {
  const { driver } = app;
  const input = await driver.find("[data-testid=find-input]");
  await driver.run(() => {
    const i = document.querySelector("[data-testid=find-input]");
    i.value = "";
    i.dispatchEvent(new Event("input"));
  });
  await driver.sendKeys(input, text);
}

test("Ctrl+F finds in the draft: count, next and previous, match case, highlights", { timeout: 90_000 }, async () => {
  const { driver } = app;
  const texts = (await paragraphs(driver)).map((p) => p.text);
  const total = occurrences(texts, "parties");
  assert.ok(total >= 3, `the sample says "Parties" several times: ${total}`);
  const exact = occurrences(texts, "parties", true);
  assert.ok(exact < total, "some are capitalised");

  const first = await findPara(driver, (p) => p.kind === "title" || p.kind === "text", "the first paragraph");
  await driver.click(await driver.find(EDITOR));
  await placeCaret(driver, first.id, "start");
  assert.equal(await driver.run(() => document.querySelector("[data-testid=find-bar]").hidden), true, "no bar before Ctrl+F");
  await driver.chord([CONTROL], "f");
  await driver.waitFor("[data-testid=find-bar]:not([hidden])");
  assert.equal(await activeTestId(), "find-input", "the focus is in the find field");
  const bar = await driver.run(() => {
    const b = document.querySelector("[data-testid=find-bar]");
    const c = document.querySelector("[data-testid=find-count]");
    return { role: b.getAttribute("role"), label: b.getAttribute("aria-label"), countRole: c.getAttribute("role"), live: c.getAttribute("aria-live") };
  });
  assert.deepEqual(bar, { role: "region", label: "Find", countRole: "status", live: "polite" }, "a labelled region with a live count");

  await driver.sendKeys(await driver.find("[data-testid=find-input]"), "parties");
  await waitCount("the count appears", `1 of ${total}`);
  const painted = await driver.run(() => ({
    matches: document.querySelectorAll(".ProseMirror .find-match").length,
    current: [...document.querySelectorAll(".ProseMirror .find-current")].map((e) => e.textContent).join(""),
  }));
  assert.ok(painted.matches >= total, `every match is highlighted: ${painted.matches}`);
  assert.equal(painted.current.toLowerCase(), "parties", "the current match is marked apart");
  await app.screenshot("find-bar.png");

  await driver.pressKeys(ENTER);
  await waitCount("Enter goes to the next match", `2 of ${total}`);
  await driver.chord([SHIFT], ENTER);
  await waitCount("Shift+Enter goes back", `1 of ${total}`);
  await driver.pressKeys(F3);
  await waitCount("F3 goes to the next match", `2 of ${total}`);
  await driver.chord([SHIFT], ENTER);
  await driver.chord([SHIFT], ENTER);
  await waitCount("previous from the first wraps to the last", `${total} of ${total}`);

  await driver.click(await driver.find("[data-testid=find-case]"));
  await waitCount("Match case narrows the count", exact === 0 ? "No matches" : `1 of ${exact}`);
  await driver.click(await driver.find("[data-testid=find-case]"));
  await waitCount("and back", `1 of ${total}`);

  await driver.pressKeys(ESCAPE);
  await driver.waitFor("[data-testid=find-bar][hidden]");
  assert.equal(await activeTestId(), "editor", "Escape gives the focus back to the draft");
  assert.equal(await driver.run(() => document.querySelectorAll(".ProseMirror .find-match").length), 0, "no highlight once closed");
});

test("Replace all changes every match as one change: one Ctrl+Z takes it all back", { timeout: 90_000 }, async () => {
  const { driver } = app;
  const before = (await paragraphs(driver)).map((p) => [p.id, p.text]);
  const total = occurrences(before.map(([, t]) => t), "parties");
  await driver.click(await driver.find(EDITOR));
  await driver.chord([CONTROL], "f");
  await driver.waitFor("[data-testid=find-bar]:not([hidden])");
  await typeQuery("parties");
  // The current match is the first after the caret (wherever the click put it).
  await waitCount("the count", new RegExp(`^\\d+ of ${total}$`));
  assert.equal(await driver.run(() => document.querySelector(".find-replace-row").hidden), false, "the chair may replace");
  await driver.sendKeys(await driver.find("[data-testid=find-replace-input]"), "Members");
  await app.screenshot("find-replace.png");
  await driver.click(await driver.find("[data-testid=find-replace-all]"));
  await waitCount("the bar says what it did", `Replaced ${total}. No matches.`);
  const after = (await paragraphs(driver)).map((p) => [p.id, p.text]);
  assert.equal(occurrences(after.map(([, t]) => t), "parties"), 0, "no match is left");
  assert.equal(occurrences(after.map(([, t]) => t), "Members", true) - occurrences(before.map(([, t]) => t), "Members", true), total);
  assert.deepEqual(after.map(([id]) => id), before.map(([id]) => id), "the same paragraphs");

  await driver.pressKeys(ESCAPE);
  await driver.waitFor("[data-testid=find-bar][hidden]");
  await driver.chord([CONTROL], "z");
  const undone = await waitUntil("one Ctrl+Z takes back every replacement", async () => {
    const now = (await paragraphs(driver)).map((p) => [p.id, p.text]);
    return occurrences(now.map(([, t]) => t), "parties") > 0 ? now : null;
  }, { timeoutMs: 10000 });
  assert.deepEqual(undone, before, "the draft is as it was before Replace all, after ONE undo");
});

test("in the comments the count is what the panel's threads and replies say", { timeout: 60_000 }, async () => {
  const { driver } = app;
  const shown = await driver.run(() =>
    [...document.querySelectorAll("[data-testid=comments-panel] .thread-body, [data-testid=comments-panel] .reply-body-text")]
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => e.textContent),
  );
  assert.ok(shown.length > 0, "the sample has comments");
  // A word of the first comment that appears in the comments at least once.
  const word = shown[0].split(/[^\p{L}]+/u).find((w) => w.length >= 6);
  assert.ok(word, `a word to find in ${JSON.stringify(shown[0])}`);
  const total = occurrences(shown, word);
  await driver.click(await driver.find(EDITOR));
  await driver.chord([CONTROL], "f");
  await driver.waitFor("[data-testid=find-bar]:not([hidden])");
  await driver.click(await driver.find("[data-testid=find-scope-comments]"));
  await typeQuery(word);
  await waitCount("the comments' count (from the first comment)", `1 of ${total}`);
  const marked = await driver.run(() => ({
    marks: [...document.querySelectorAll("[data-testid=comments-panel] mark.find-hit")].map((m) => m.textContent.toLowerCase()),
    current: document.querySelectorAll("[data-testid=comments-panel] mark.find-current").length,
  }));
  assert.deepEqual(marked.marks, Array(total).fill(word.toLowerCase()), "each match is marked, and only the matches");
  assert.equal(marked.current, 1, "one current match");
  assert.equal(await driver.attribute(await driver.find("[data-testid=find-scope-comments]"), "aria-pressed"), "true");
  assert.equal(await driver.run(() => document.querySelector(".find-replace-row").hidden), true, "nothing to replace in the comments");
  if (total > 1) {
    await driver.pressKeys(ENTER);
    await waitCount("next in the comments", `2 of ${total}`);
  }
  await app.screenshot("find-comments.png");
  await driver.pressKeys(ESCAPE);
  await driver.waitFor("[data-testid=find-bar][hidden]");
  const after = await driver.run(() => ({
    marks: document.querySelectorAll("[data-testid=comments-panel] mark.find-hit").length,
    texts: [...document.querySelectorAll("[data-testid=comments-panel] .thread-body, [data-testid=comments-panel] .reply-body-text")]
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => e.textContent),
  }));
  assert.equal(after.marks, 0, "closing takes the marks out");
  assert.deepEqual(after.texts, shown, "and the comments read as before");
});

test("an observer finds in the draft but is offered no Replace (the toolbar's rule)", { timeout: 240_000 }, async () => {
  checkPrerequisites({ cli: true });
  const devices = await setUpWorkshop(processes, [{ key: "observer", name: "Olga Observer", delegation: "TRAFFIC", role: "observer", group: "ngo" }]);
  ({ app: observer } = await launchApp(processes, { name: "find-observer", dataDir: devices.observer.dataDir }));
  await observer.waitReady();
  const { driver } = observer;
  assert.equal(await driver.run(() => document.querySelector("[data-testid=editor-toolbar]")), null, "no toolbar: the draft is read-only here");
  const total = occurrences((await paragraphs(driver)).map((p) => p.text), "parties");
  await driver.click(await driver.find(EDITOR));
  await driver.chord([CONTROL], "f");
  await driver.waitFor("[data-testid=find-bar]:not([hidden])");
  await driver.sendKeys(await driver.find("[data-testid=find-input]"), "parties");
  const shown = await waitUntil("the observer's count", () =>
    driver.run(() => {
      const c = document.querySelector("[data-testid=find-count]")?.textContent ?? "";
      return /^\d+ of \d+$/.test(c) ? { count: c, replaceHidden: document.querySelector(".find-replace-row").hidden } : null;
    }),
  );
  assert.match(shown.count, new RegExp(`^\\d+ of ${total}$`));
  assert.equal(shown.replaceHidden, true, "no Replace for whoever may not edit the draft");
  await observer.screenshot("find-observer.png");
});
