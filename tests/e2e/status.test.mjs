// End-to-end: the Status view (issue #14 §1) of the real app, on a data directory that the
// `caucus` command line prepared: the sample (a comment round under way, a bracket held by
// Borealia), a milestone "Report to SC70", then operative paragraph 1 changed. The view must show
// what `caucus status --json` computes for the same data directory (read before the app starts:
// the command line only reads), name the delegations holding brackets, show an entry's place in
// the draft, and follow a change of the notes while it is shown.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";

import { checkPrerequisites, CLI_BINARY, closeAll, launchApp, Processes, waitUntil } from "./harness.mjs";

const MILESTONE = "Report to SC70";

const processes = new Processes();
let app;
let driver;
let dataDir;
let workshop;
/** `caucus status --json` for the data directory, as the app starts on it. */
let expected;
/** An open thread of the sample alone on its paragraph (so resolving it settles the paragraph). */
let lonelyThread;

/** Runs the command line on the test's data directory; returns its standard output. */
function cli(...args) {
  return execFileSync(CLI_BINARY, ["--data-dir", dataDir, ...args], {
    encoding: "utf8",
    env: { ...process.env, RUST_LOG: "warn" },
    timeout: 60_000,
  });
}

/** Shows the Status view; resolves once it shows what the core computed. */
async function showStatus() {
  await driver.click(await driver.waitFor("[data-testid=nav-status]"));
  return driver.waitFor('[data-view=status]:not([hidden]) [data-testid=status-view][data-loaded="true"]');
}

/** The counts the view shows: {agreed, "agreed-ad-ref", open, total} as numbers. */
function shownCounts() {
  return driver.run(() => {
    const counts = {};
    for (const item of document.querySelectorAll("[data-testid=status-view] [data-count]")) {
      counts[item.getAttribute("data-count")] = Number(item.querySelector(".legend-count")?.textContent);
    }
    return counts;
  });
}

/** page: where the draft stands after a jump: the view shown, the paragraph's box, the selection. */
function pageDraftPlace(paraId) {
  const view = document.querySelector("div.view[data-view=draft]");
  const para = document.querySelector(`[data-testid=editor] div.para[data-id="${CSS.escape(paraId)}"]`);
  const box = para?.getBoundingClientRect();
  const topbar = document.querySelector(".topbar")?.getBoundingClientRect().bottom ?? 0;
  const active = document.activeElement;
  return {
    draftShown: view !== null && !view.hidden,
    inView: box ? box.top >= topbar && box.bottom <= window.innerHeight && box.height > 0 : false,
    focusInEditor: active !== null && active.closest("[data-testid=editor]") !== null,
    selected: getSelection()?.toString().replace(/\u00a0/g, " ") ?? "",
    selectionInPara: para !== null && getSelection()?.anchorNode != null && para.contains(getSelection().anchorNode),
  };
}

before(async () => {
  checkPrerequisites({ cli: true });
  dataDir = await processes.tempDir("caucus-e2e-data-");
  cli("demo");
  workshop = JSON.parse(cli("--json", "list"))[0].id;
  cli("milestone", "create", workshop, MILESTONE);
  cli("para", "set", workshop, "8", "--text", "URGES all Parties to:");
  expected = JSON.parse(cli("status", workshop, "--json"));
  // A thread awaiting an outcome on a paragraph that nothing else keeps open.
  const threads = JSON.parse(cli("--json", "comment", "list", workshop));
  const open = expected.paragraphs.filter((p) => p.status === "open" && p.open_brackets === 0 && p.open_threads === 1);
  lonelyThread = threads.find(
    (t) => !t.resolved && t.outcome === null && t.anchor?.state === "attached" && open.some((p) => p.position === t.anchor.position),
  );
  assert.ok(lonelyThread, "the sample has a paragraph kept open by one comment alone");

  ({ app, driver } = await launchApp(processes, { name: "status", dataDir }));
  await app.waitReady();
}, { timeout: 120_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

test("the Status view shows the counts `caucus status` computes, with the changes since the milestone", { timeout: 60_000 }, async () => {
  assert.ok(expected.counts.total > 0 && expected.counts.open > 0, `the sample is under negotiation: ${JSON.stringify(expected.counts)}`);
  const view = await showStatus();
  assert.equal(await driver.attribute(await driver.find("[data-testid=nav-status]"), "aria-current"), "page");
  assert.equal(await driver.text(await driver.findFrom(view, "h1")), "Where the negotiation stands");
  assert.match(await driver.text(await driver.find("[data-testid=status-workshop]")), new RegExp(`${expected.title}$`));

  const { agreed, agreed_ad_ref, open, total } = expected.counts;
  assert.deepEqual(await shownCounts(), { agreed, "agreed-ad-ref": agreed_ad_ref, open, total });
  const bar = await driver.find("[data-testid=status-progress]");
  assert.equal(await driver.attribute(bar, "role"), "img");
  const label = await driver.attribute(bar, "aria-label");
  assert.match(label, new RegExp(`${agreed} agreed, ${agreed_ad_ref} agreed ad referendum and ${open} open, of ${total} paragraphs`));
  const parts = await driver.run(() =>
    [...document.querySelectorAll("[data-testid=status-progress] .progress-part")].map((p) => [p.getAttribute("data-part"), Math.round(p.getBoundingClientRect().width)]),
  );
  assert.deepEqual(parts.map(([key]) => key), [["agreed", agreed], ["agreed-ad-ref", agreed_ad_ref], ["open", open]].filter(([, n]) => n > 0).map(([key]) => key));
  assert.ok(parts.every(([, width]) => width > 0), `every part is drawn: ${JSON.stringify(parts)}`);

  // The comments awaiting an outcome, one row per delegation, as the core counts them.
  const rows = await driver.run(() =>
    [...document.querySelectorAll("[data-section=undisposed] tbody tr")].map((r) => [r.getAttribute("data-delegation"), Number(r.querySelector(".total")?.textContent)]),
  );
  assert.deepEqual(rows, expected.undisposed.map((u) => [u.delegation, u.total]));

  // The changes since the milestone: the paragraph the command line changed.
  assert.ok(expected.since, "the status counts the changes since the milestone");
  const since = await driver.find("[data-section=since] .since-lead");
  assert.equal(await driver.attribute(since, "data-milestone"), MILESTONE);
  const edited = await driver.find('[data-section=since] [data-change="edited"]');
  assert.equal(await driver.text(edited), `${expected.since.edited} paragraph${expected.since.edited === 1 ? "" : "s"} with words changed`);

  // The open paragraphs, each with what keeps it open.
  const openParas = await driver.run(() => [...document.querySelectorAll("[data-section=open] [data-para]")].map((b) => b.getAttribute("data-para")));
  assert.deepEqual(openParas, expected.paragraphs.filter((p) => p.status === "open").map((p) => p.id));

  await app.screenshot("status.png");
});

test("the holders list names the delegation holding a bracket, with its words", { timeout: 60_000 }, async () => {
  await showStatus();
  const [delegation, ids] = Object.entries(expected.holders)[0] ?? [];
  assert.ok(delegation, "the sample has a bracket held by a delegation");
  const bracket = expected.open_brackets.find((b) => b.id === ids[0]);
  // Read in one script: the view may render again between WebDriver requests (the window
  // refreshes it when the draft or the notes change), which would leave found elements stale.
  const shown = await waitUntil(`${delegation} is listed with its bracket`, () =>
    driver.run(
      (d, id) => {
        const group = document.querySelector(`[data-section=holders] .holder[data-delegation="${d}"]`);
        const entry = group?.querySelector(`button[data-bracket="${id}"]`);
        const text = (el) => el?.innerText.trim() ?? null;
        return entry ? { name: text(group.querySelector(".holder-name")), words: text(entry.querySelector(".entry-words")), citation: text(entry.querySelector(".entry-citation")) } : null;
      },
      delegation,
      bracket.id,
    ),
  );
  assert.match(shown.name, new RegExp(`^${delegation}`));
  assert.equal(shown.words, `[${bracket.text}]`);
  assert.equal(shown.citation, bracket.citation);
});

test("choosing a bracket, or an open paragraph, shows it selected in the draft", { timeout: 60_000 }, async () => {
  // The draft scrolled to the top first, so that the jump has to bring the paragraph into view.
  await driver.run(() => window.scrollTo(0, 0));
  await showStatus();
  const bracket = expected.open_brackets.find((b) => b.status === "open" && b.holders.length > 0);
  const paraId = expected.paragraphs.find((p) => p.position === bracket.position).id;
  await driver.clickSelector(`[data-section=holders] button[data-bracket="${bracket.id}"]`);
  const place = await waitUntil("the bracket's paragraph shown and selected", async () => {
    const p = await driver.run(pageDraftPlace, paraId);
    return p.draftShown && p.inView && p.selected ? p : false;
  });
  assert.equal(place.selected, bracket.text, "the bracket's words are selected");
  assert.ok(place.selectionInPara && place.focusInEditor, JSON.stringify(place));
  assert.equal(await driver.attribute(await driver.find("[data-testid=nav-draft]"), "aria-current"), "page");
  await app.screenshot("status-jump.png");

  // The last open paragraph (furthest down the page), by keyboard: Tab to it, then Enter.
  await driver.run(() => window.scrollTo(0, 0));
  await showStatus();
  const last = expected.paragraphs.filter((p) => p.status === "open").at(-1);
  await driver.run((id) => document.querySelector(`[data-section=open] button[data-para="${CSS.escape(id)}"]`).focus(), last.id);
  await driver.pressKeys("\uE007");
  const shown = await waitUntil("the open paragraph shown and selected", async () => {
    const p = await driver.run(pageDraftPlace, last.id);
    return p.draftShown && p.inView && p.selectionInPara ? p : false;
  });
  assert.ok(shown.focusInEditor, JSON.stringify(shown));
});

test("while the Status view is shown, a comment disposed of updates it", { timeout: 60_000 }, async () => {
  await showStatus();
  const before = await shownCounts();
  // The same command the comments panel calls; the change reaches the window through its notes.
  await driver.invoke("comment_resolve", { thread: lonelyThread.id, resolved: true });
  const after = await waitUntil("the Status view counts the paragraph as agreed", async () => {
    const counts = await shownCounts();
    return counts.agreed === before.agreed + 1 ? counts : false;
  });
  assert.equal(after.open, before.open - 1);
  assert.equal(await driver.find(`[data-section=open] button[data-para="${lonelyThread.anchor.para_id}"]`), null, "no longer listed as open");
  await app.screenshot("status-after-resolve.png");
});
