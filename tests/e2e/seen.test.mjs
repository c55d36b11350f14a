// End-to-end: "since you last looked" (issue #14 §5) in the real app. Two members' devices set up
// with the command line through a real relay (the chair, A; Kenya's delegate, K): A looks once
// (`caucus seen`), then K changes a paragraph, comments and replies, and syncs; A changes a
// paragraph of its own and syncs. A's window shows the count in the top bar, the paragraph K
// changed marked with K's delegation (and A's own not), the new thread and reply marked "New";
// opening the new thread marks it seen; "Mark all as seen" clears everything, and after a restart
// it stays cleared.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { checkPrerequisites, cli, cliJson, closeAll, launchApps, Processes, setUpWorkshop, waitUntil } from "./harness.mjs";

const processes = new Processes();
let devices;
let A;
/** What `caucus seen --json` says on A's device before its window opens. */
let expected;
/** Paragraph ids: the one Kenya changed, the one the chair changed. */
let kenyasPara;
let chairsPara;
let kenyasThread;
let repliedThread;

const KENYAS_TEXT = "DIRECTS the Secretariat to work with INTERPOL and ICCWC partners on guidance and training materials for Parties;";
const CHAIRS_TEXT = "RECOMMENDS that Parties take wildlife cybercrime into account in their national priorities;";

/** What the window shows of "since you last looked". */
function shown() {
  return A.driver.run(() => {
    const seen = document.querySelector(".seen");
    const count = document.querySelector("[data-testid=seen-count]");
    const visible = (el) => el && !el.hidden && el.getClientRects().length > 0;
    return {
      loaded: seen?.dataset.loaded === "true",
      count: seen ? Number(seen.dataset.count) : -1,
      label: visible(count) ? count.textContent : null,
      aria: count?.getAttribute("aria-label") ?? null,
      changed: [...document.querySelectorAll(".ProseMirror .para.seen-changed")].map((p) => ({
        id: p.getAttribute("data-id"),
        title: p.getAttribute("title"),
        flag: p.querySelector("[data-testid=seen-flag]")?.getAttribute("aria-label") ?? null,
      })),
      newThreads: [...document.querySelectorAll("[data-testid=thread]")]
        .filter((t) => visible(t.querySelector("[data-testid=seen-new]")))
        .map((t) => t.getAttribute("data-thread-id")),
      newReplies: [...document.querySelectorAll(".reply[data-new=true]")]
        .filter((r) => visible(r.querySelector("[data-testid=seen-new-reply]")))
        .map((r) => r.getAttribute("data-reply-id")),
    };
  });
}

before(async () => {
  checkPrerequisites({ cli: true });
  devices = await setUpWorkshop(processes, [
    { key: "kenya", name: "Ana Delegate", delegation: "Kenya", role: "delegate", group: "producer-country" },
  ]);
  const { workshop, relay, chair, kenya } = devices;
  // The chair's device looks once: what it holds now is seen.
  assert.equal(cliJson(chair.dataDir, "seen", workshop).first_look, true);
  // Kenya, offline: a paragraph changed, a new comment, a reply to Arcadia's; then a sync.
  cli(kenya.dataDir, "para", "set", workshop, "17", "--text", KENYAS_TEXT);
  kenyasThread = cli(kenya.dataDir, "comment", "add", workshop, "--quote", "search engines", "--body", "Which search engines?").trim();
  const threads = cliJson(kenya.dataDir, "comment", "list", workshop);
  repliedThread = threads.find((t) => t.delegation === "Arcadia").id;
  cli(kenya.dataDir, "comment", "reply", workshop, repliedThread, "--body", "Kenya supports raising awareness.");
  cli(kenya.dataDir, "sync", workshop, "--to", relay.url);
  // The chair changes a paragraph of its own, then takes Kenya's changes.
  cli(chair.dataDir, "para", "set", workshop, "18", "--text", CHAIRS_TEXT);
  cli(chair.dataDir, "sync", workshop, "--to", relay.url);
  expected = cliJson(chair.dataDir, "seen", workshop);
  const draft = cliJson(chair.dataDir, "show", workshop);
  const paragraphs = draft.paragraphs ?? draft.draft?.paragraphs;
  kenyasPara = paragraphs[16].id;
  chairsPara = paragraphs[17].id;
  [A] = await launchApps(processes, [{ name: "seen-chair", dataDir: chair.dataDir }]);
  await A.waitReady();
}, { timeout: 240_000 });

after(closeAll(processes, () => [A]), { timeout: 60_000 });

test("the command line lists exactly Kenya's changes on the chair's device", () => {
  assert.equal(expected.first_look, false);
  assert.deepEqual(expected.paragraphs.map((p) => [p.para_id, p.delegations]), [[kenyasPara, ["Kenya"]]]);
  const threads = Object.fromEntries(expected.threads.map((t) => [t.thread_id, t]));
  assert.equal(threads[kenyasThread]?.new_thread, true);
  assert.equal(threads[repliedThread]?.replies.length, 1);
  assert.equal(expected.count, 3);
});

test("the window counts what is new, marks Kenya's paragraph and the new comments, not the chair's own edit", { timeout: 90_000 }, async () => {
  const now = await waitUntil("the count and the marks", async () => {
    const s = await shown();
    return s.loaded && s.changed.length === 1 && s.newThreads.length === 1 && s.newReplies.length === 1 ? s : null;
  });
  assert.equal(now.count, 3);
  assert.equal(now.label, "3 new");
  assert.match(now.aria, /3 changes since you last looked/);
  assert.deepEqual(now.changed, [
    { id: kenyasPara, title: "Changed by Kenya since you last looked", flag: "Changed by Kenya since you last looked" },
  ]);
  assert.ok(!now.changed.some((c) => c.id === chairsPara), "the chair's own edit is not marked");
  assert.deepEqual(now.newThreads, [kenyasThread]);
  assert.deepEqual(now.newReplies, [expected.threads.find((t) => t.thread_id === repliedThread).replies[0]]);
  await A.driver.run((id) => document.querySelector(`.para[data-id="${id}"]`)?.scrollIntoView({ block: "center" }), kenyasPara);
  await A.screenshot("seen-marks.png");
  await A.driver.run((id) => document.querySelector(`[data-testid=thread][data-thread-id="${id}"]`)?.scrollIntoView({ block: "start" }), repliedThread);
  await A.screenshot("seen-comments.png");

  // The list in the top bar names what changed, by whom.
  await A.driver.click(await A.driver.find("[data-testid=seen-count]"));
  const entries = await A.driver.run(() => [...document.querySelectorAll("[data-testid=seen-list] li")].map((li) => li.textContent));
  // In the draft's order: Arcadia's thread (operative paragraph 2) before Kenya's (3).
  assert.deepEqual(entries, ["Paragraph 4 changed by Kenya", "1 new reply by Kenya on paragraph 2", "New comment by Kenya on paragraph 3"]);
  await A.screenshot("seen-list.png");
  await A.driver.run(() => document.querySelector("#seen-popover .icon-button").click());
});

test("opening the new thread marks it seen", { timeout: 60_000 }, async () => {
  await A.driver.run((id) => document.querySelector(`[data-testid=thread][data-thread-id="${id}"] .thread-head`).click(), kenyasThread);
  const after = await waitUntil("the thread seen", async () => {
    const s = await shown();
    return s.newThreads.length === 0 ? s : null;
  });
  assert.equal(after.count, 2);
  assert.equal(after.label, "2 new");
  assert.equal(after.changed.length, 1, "the paragraph stays marked");
});

test("Mark all as seen clears the count and the marks, and they stay cleared after a restart", { timeout: 120_000 }, async () => {
  await A.driver.click(await A.driver.find("[data-testid=seen-count]"));
  await A.driver.click(await A.driver.waitFor("[data-testid=seen-mark-all]"));
  const cleared = await waitUntil("everything seen", async () => {
    const s = await shown();
    return s.count === 0 && s.changed.length === 0 && s.newReplies.length === 0 ? s : null;
  });
  assert.equal(cleared.label, null, "no count is shown");
  assert.deepEqual(cleared.newThreads, []);
  await A.screenshot("seen-cleared.png");

  await A.restart();
  const again = await waitUntil("read after the restart", async () => {
    const s = await shown();
    return s.loaded ? s : null;
  });
  assert.equal(again.count, 0);
  assert.deepEqual(again.changed, []);
  assert.deepEqual(again.newThreads, []);
  assert.deepEqual(again.newReplies, []);
});
