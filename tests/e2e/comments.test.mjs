// End-to-end: comment threads in the real app. Selected words → comment; the thread shows its
// quote and the words are highlighted; a reply; resolve and reopen (also straight from the reply
// box); the highlight stays on the words while text is typed before them; deleting the words
// orphans the thread, which keeps its quote. Closed, `caucus --json comment list` on the app's data directory shows the same thread.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { checkPrerequisites, cliJson, closeAll, launchApp, Processes, waitUntil } from "./harness.mjs";
import { EDITOR, findPara, inPage, notices, selectWords, typeInto, waitForParaText, waitStill } from "./page.mjs";

const BACKSPACE = "\uE003";
const WORDS = "search engines";
const BODY = "Do search engines fall under this paragraph?";
const REPLY = "Yes: they index the listings.";

const processes = new Processes();
let app;
let para;
let threadId;

before(async () => {
  checkPrerequisites({ cli: true });
  ({ app } = await launchApp(processes, { name: "comments" }));
  await app.waitReady();
  para = await findPara(app.driver, (p) => p.kind === "operative" && p.text.includes(WORDS), `with "${WORDS}"`);
}, { timeout: 90_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

const thread = () => `[data-testid=thread][data-thread-id="${threadId}"]`;

/** The text under the highlights of thread `id` (outermost anchor spans, in order). */
function anchoredText(id) {
  return inPage(
    app.driver,
    (editorSel, tid) => {
      const spans = [...document.querySelectorAll(`${editorSel} span.comment-anchor`)].filter((s) =>
        (s.getAttribute("data-thread-ids") ?? "").split(/\s+/).includes(tid),
      );
      return spans.filter((s) => !spans.some((o) => o !== s && o.contains(s))).map((s) => paraText(s)).join("");
    },
    EDITOR,
    id,
  );
}

test("a comment on selected words: its thread, the highlight, a reply, resolve and reopen", { timeout: 60_000 }, async () => {
  const { driver } = app;
  assert.equal(await selectWords(driver, para.id, WORDS), WORDS);
  await driver.click(await driver.waitFor("[data-testid=comment-button]"));
  const body = await driver.waitFor("[data-testid=comment-body]");
  await driver.click(body);
  await driver.sendKeys(body, BODY);
  await driver.click(await driver.find("[data-testid=comment-submit]"));
  threadId = await waitUntil("the new thread is listed", () =>
    driver.run((text) => {
      const t = [...document.querySelectorAll("[data-testid=thread][data-thread-id]")].find((x) => x.textContent.includes(text));
      return t?.getAttribute("data-thread-id") ?? null;
    }, BODY),
  );
  assert.equal(await driver.property(await driver.find(`${thread()} .thread-quote`), "textContent"), WORDS);
  assert.equal(await anchoredText(threadId), WORDS);

  const reply = await driver.waitFor(`${thread()} [data-testid=reply-body]`);
  await driver.click(reply);
  await driver.sendKeys(reply, REPLY);
  await driver.click(await driver.find(`${thread()} [data-testid=reply-submit]`));
  await waitUntil("the reply is listed", async () => (await driver.run((sel) => document.querySelector(sel)?.textContent ?? "", `${thread()} .reply`)).includes(REPLY));

  // With the focus still in the reply form, a click on Resolve is lost (see the next test): this
  // one checks resolving itself, so the focus leaves the form first.
  await driver.run(() => document.activeElement?.blur());
  for (const resolved of [true, false]) {
    await waitStill(driver, `${thread()} [data-testid=thread-resolve]`);
    await driver.click(await driver.find(`${thread()} [data-testid=thread-resolve]`));
    await driver.waitFor(`${thread()}[data-resolved=${resolved}]`, 10000).catch(async (err) => {
      throw new Error(`${err.message}; the button reads "${await driver.run((sel) => document.querySelector(sel)?.textContent, `${thread()} [data-testid=thread-resolve]`)}"; notices: ${JSON.stringify(await notices(driver))}`);
    });
  }
});

test("Resolve takes one click also while the reply box has the focus", { timeout: 60_000 }, async () => {
  assert.ok(threadId, "the thread of the first test");
  const { driver } = app;
  await driver.click(await driver.waitFor(`${thread()} [data-testid=reply-body]`));
  await waitStill(driver, `${thread()} [data-testid=thread-resolve]`);
  await driver.click(await driver.find(`${thread()} [data-testid=thread-resolve]`));
  await driver.waitFor(`${thread()}[data-resolved=true]`, 5000).catch((err) => {
    throw new Error(`${err.message}: the click on Resolve was lost (the reply form shrinks when it loses the focus, between mousedown and mouseup)`);
  });
  await driver.click(await driver.find(`${thread()} [data-testid=thread-resolve]`));
  await driver.waitFor(`${thread()}[data-resolved=false]`, 5000);
});

test("the highlight stays on its words while text is typed before them", { timeout: 60_000 }, async () => {
  assert.ok(threadId, "the thread of the first test");
  const prefix = "Also, ";
  await typeInto(app.driver, para.id, prefix, { where: "start" });
  await waitForParaText(app.driver, para.id, prefix + para.text);
  await waitUntil("the highlight covers the same words", async () => (await anchoredText(threadId)) === WORDS, { timeoutMs: 10000 });
  para = { ...para, text: prefix + para.text };
});

test("deleting the words orphans the thread, which keeps its quote", { timeout: 60_000 }, async () => {
  assert.ok(threadId, "the thread of the first test");
  const { driver } = app;
  await selectWords(driver, para.id, WORDS);
  await driver.pressKeys(BACKSPACE);
  await waitForParaText(driver, para.id, para.text.replace(WORDS, ""));
  await driver.waitFor(`${thread()}[data-orphaned=true]`, 10000);
  assert.equal(await driver.property(await driver.find(`${thread()} .thread-quote`), "textContent"), WORDS);
  assert.equal(await anchoredText(threadId), "", "nothing is highlighted for it any more");
  await driver.waitFor("[data-testid=save-state][data-state=saved]", 15000);
  await app.screenshot("comments-orphaned.png");
});

test("the core has the thread as the window showed it", { timeout: 60_000 }, async () => {
  assert.ok(threadId, "the thread of the first test");
  await app.close();
  const [{ id }] = cliJson(app.dataDir, "list");
  const stored = cliJson(app.dataDir, "comment", "list", id).find((t) => t.id === threadId);
  assert.ok(stored, "the thread is stored");
  assert.equal(stored.body, BODY);
  assert.equal(stored.quote, WORDS);
  assert.equal(stored.para_id, para.id);
  assert.equal(stored.resolved, false);
  assert.deepEqual(stored.replies.map((r) => r.body), [REPLY]);
  assert.notEqual(stored.anchor?.state, "attached", `the core sees the anchor orphaned too: ${JSON.stringify(stored.anchor)}`);
});
