// End-to-end: the chair's record (issue #14 §3–§4) in the real app, on a data directory that the
// `caucus` command line prepared: the sample, a milestone, then paragraph 1 changed, a second
// bracket added, both brackets put in package "Units" and one agreed. The Status view shows the
// package pending and the log naming the chair; the compare view narrows the redline to one
// delegation and restores one paragraph as the milestone holds it; the toolbar puts a bracket in a
// package through the app's pipe (the change and its log entry in one update the core accepts).
// Closed, the command line reads the restored text, the package and every entry in the log.

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
/** The bracket of the sample and the one the command line added, both in package "Units". */
let brackets;
/** Operative paragraph 1's id (changed since the milestone, then restored). */
let urges;
/** Operative paragraph 2's id, and the one typed before it and numbered 1 bis from the toolbar. */
let second;
let inserted;
/** The alternative typed for the sample's bracket and chosen. */
let chosen;
/** Item 1 b) (changed since the milestone, then undone with the rest of the chair's delegation's changes): id and text at the milestone. */
let item;

function cli(...args) {
  return execFileSync(CLI_BINARY, ["--data-dir", dataDir, ...args], {
    encoding: "utf8",
    env: { ...process.env, RUST_LOG: "warn" },
    timeout: 60_000,
  });
}

async function showStatus() {
  await driver.click(await driver.waitFor("[data-testid=nav-status]"));
  return driver.waitFor('[data-view=status]:not([hidden]) [data-testid=status-view][data-loaded="true"]');
}

async function showCompare() {
  await driver.click(await driver.waitFor("[data-testid=nav-milestones]"));
  // The panel's list is drawn again when it is read: press the button the page holds now.
  await waitUntil("the milestone's Compare button is pressed", () =>
    driver.run((name) => {
      const button = document.querySelector(`.milestone[data-name="${name}"] button`);
      button?.click();
      return button !== null;
    }, MILESTONE),
  );
  return driver.waitFor(".compare-bar");
}

before(async () => {
  checkPrerequisites({ cli: true });
  dataDir = await processes.tempDir("caucus-e2e-data-");
  cli("demo");
  workshop = JSON.parse(cli("--json", "list"))[0].id;
  cli("milestone", "create", workshop, MILESTONE);
  cli("para", "set", workshop, "8", "--text", "URGES all Parties to:");
  const shown = JSON.parse(cli("--json", "show", workshop)).paragraphs;
  urges = shown[7].id;
  item = { id: shown[9].id, text: shown[9].spans.map((s) => s.text).join("") };
  second = shown.find((p) => p.number === "2.").id;
  cli("para", "set", workshop, "10", "--text", item.text.replace("designate,", "designate without delay,"));
  cli("bracket", "add", workshop, "9", "competent national authorities", "--holder", "Cascadia");
  brackets = JSON.parse(cli("--json", "bracket", "list", workshop)).map((b) => b.id);
  assert.equal(brackets.length, 2);
  cli("bracket", "package", workshop, "Units", ...brackets);
  cli("bracket", "status", workshop, brackets[0], "agreed");

  ({ app, driver } = await launchApp(processes, { name: "record", dataDir }));
  await app.waitReady();
}, { timeout: 120_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

test("the Status view shows the package pending and the log of the chair's decisions", { timeout: 60_000 }, async () => {
  await showStatus();
  const pkg = await driver.waitFor('[data-section=packages] .holder[data-package="Units"]');
  assert.equal(await driver.attribute(pkg, "data-complete"), "false");
  assert.match(await driver.text(await driver.findFrom(pkg, ".holder-name")), /Package “Units” · pending: 1 of 2 brackets agreed/);
  const agreed = await driver.findFrom(pkg, `button[data-bracket="${brackets[0]}"]`);
  assert.ok(agreed, "the agreed bracket is listed in its package");
  const notes = await driver.run(() => [...document.querySelectorAll("[data-section=packages] .entry-note")].map((n) => n.textContent));
  assert.deepEqual(notes.sort(), ["agreed, pending the package", "open"]);

  const lines = await driver.run(() =>
    [...document.querySelectorAll("[data-testid=status-log] .log-line")].map((l) => ({ kind: l.getAttribute("data-kind"), who: l.querySelector(".log-who")?.textContent ?? "", what: l.querySelector(".log-what")?.textContent ?? "" })),
  );
  const kinds = new Set(lines.map((l) => l.kind));
  for (const kind of ["bracket-package", "bracket-status", "milestone", "stage", "outcome"]) assert.ok(kinds.has(kind), `${kind} in ${[...kinds]}`);
  const status = lines.find((l) => l.kind === "bracket-status");
  assert.match(status.what, /^set \[.+\] in paragraph 1 a\) to agreed$/);
  assert.match(status.who, /Dunmere/);
  await app.screenshot("record-status.png");
});

test("the compare view narrows the redline to one delegation and restores one paragraph", { timeout: 90_000 }, async () => {
  const bar = await showCompare();
  const select = await driver.findFrom(bar, "[data-testid=compare-author]");
  const options = await driver.run(() => [...document.querySelectorAll("[data-testid=compare-author] option")].map((o) => o.value));
  assert.ok(options.includes("") && options.length >= 2, `every delegation, then each: ${options}`);
  const author = options[1];
  await driver.run((value) => {
    document.querySelector(".compare-bar").dataset.stale = "true";
    const s = document.querySelector("[data-testid=compare-author]");
    s.value = value;
    s.dispatchEvent(new Event("change"));
  }, author);
  // The bar is drawn afresh with the narrowed redline.
  await waitUntil("the redline shows one delegation", () =>
    driver.run((value) => {
      const bar = document.querySelector(".compare-bar");
      return bar !== null && bar.dataset.stale !== "true" && bar.querySelector("[data-testid=compare-author]")?.value === value;
    }, author),
  );
  const authors = await driver.run(() => [...document.querySelectorAll(".page-compare .rev[data-author]")].map((n) => n.getAttribute("data-author")));
  assert.ok(authors.length > 0 && authors.every((a) => a === author), `only ${author}'s changes are marked: ${authors}`);
  assert.ok(select, "the filter is there");

  const restore = await driver.waitFor(`.page-compare [data-action=restore-paragraph][data-para="${urges}"]`);
  assert.match(await driver.attribute(restore, "aria-label"), /^Restore paragraph 1\. as it was at “Report to SC70”$/);
  await driver.click(restore);
  await waitUntil("the compare bar says the paragraph is back", () =>
    driver.run(() => /^The paragraph is as it was at “Report to SC70”/.test(document.querySelector("[data-testid=compare-status]")?.textContent ?? "")),
  );
  const changed = await driver.run((id) => document.querySelector(`.page-compare #p-${CSS.escape(id)}`)?.classList.contains("para-changed"), urges);
  assert.equal(changed, false, "paragraph 1 no longer differs from the milestone");
  assert.equal(await driver.run((id) => document.querySelector(`.page-compare #p-${CSS.escape(id)}`)?.classList.contains("para-changed"), item.id), true, "1 b) still does");
  await app.screenshot("record-compare.png");

  // The rest of the delegation's changes undone at once, asked twice.
  await driver.click(await driver.waitFor("[data-action=revert-author]"));
  await driver.click(await driver.waitFor("[data-action=revert-author-confirm]"));
  await waitUntil("the compare bar says the delegation's changes are undone", () =>
    driver.run((who) => (document.querySelector("[data-testid=compare-status]")?.textContent ?? "").startsWith(`${who}’s changes since “Report to SC70” are undone (paragraphs: 1 changed back)`), author),
  );
  assert.equal(await driver.run(() => document.querySelectorAll(".page-compare .para-changed").length), 0, "nothing differs from the milestone any more");
});

test("the toolbar puts the bracket at the cursor in a package, logged through the app's pipe", { timeout: 60_000 }, async () => {
  await driver.click(await driver.waitFor("[data-testid=nav-draft]"));
  const span = await driver.waitFor(`[data-testid=editor] span.bracket[data-bracket="${brackets[1]}"]`);
  await driver.click(span);
  const input = await driver.waitFor("[data-testid=bracket-package]:not([disabled])");
  await waitUntil("the toolbar shows the bracket's package", async () => (await driver.property(input, "value")) === "Units");
  await driver.run(() => {
    const i = document.querySelector("[data-testid=bracket-package]");
    i.value = "";
  });
  await driver.sendKeys(input, "Reporting\uE007");
  await waitUntil("the bracket shows its new package", () =>
    driver.run((id) => document.querySelector(`[data-testid=editor] span.bracket[data-bracket="${id}"]`)?.getAttribute("data-package") === "Reporting", brackets[1]),
  );
  await waitUntil("the Status view reads the package from the core", async () => {
    await showStatus();
    return driver.run(() => document.querySelector('[data-section=packages] .holder[data-package="Reporting"]') !== null);
  });
});

test("an alternative typed for a bracket is added right after it, and the chair's choice keeps it alone", { timeout: 60_000 }, async () => {
  await driver.click(await driver.waitFor("[data-testid=nav-draft]"));
  await driver.click(await driver.waitFor(`[data-testid=editor] span.bracket[data-bracket="${brackets[0]}"]`));
  const input = await driver.waitFor("[data-testid=bracket-alternative]:not([disabled])");
  assert.equal(await driver.property(await driver.find("[data-testid=bracket-choose]"), "disabled"), true, "no alternative yet: nothing to choose");
  await driver.sendKeys(input, "including through voluntary reporting\uE007");
  const alternative = () =>
    driver.run((first) => {
      const spans = [...document.querySelectorAll("[data-testid=editor] span.bracket")];
      const at = spans.findIndex((s) => s.getAttribute("data-bracket") === first);
      const next = spans[at + 1];
      return next && next.textContent === "including through voluntary reporting" ? next.getAttribute("data-bracket") : null;
    }, brackets[0]);
  await waitUntil("the alternative follows the bracket", async () => (await alternative()) !== null);
  chosen = await alternative();
  await driver.click(await driver.waitFor(`[data-testid=editor] span.bracket[data-bracket="${chosen}"]`));
  await driver.click(await driver.waitFor("[data-testid=bracket-choose]:not([disabled])"));
  await waitUntil("the other alternative's words are gone", () =>
    driver.run((first) => document.querySelector(`[data-testid=editor] span.bracket[data-bracket="${first}"]`) === null, brackets[0]),
  );
  assert.equal(await driver.run((id) => document.querySelector(`[data-testid=editor] span.bracket[data-bracket="${id}"]`)?.getAttribute("data-status"), chosen), "agreed");
});

test("a paragraph typed between 1. and 2. is numbered 1 bis from the toolbar, and 2. keeps its number", { timeout: 60_000 }, async () => {
  await driver.click(await driver.waitFor("[data-testid=nav-draft]"));
  await driver.click(await driver.waitFor(`[data-testid=editor] div.para[data-id="${urges}"]`));
  await driver.pressKeys("\uE010\uE007NOTES the proposal;");
  const typed = () =>
    driver.run(() => {
      const p = [...document.querySelectorAll("[data-testid=editor] div.para[data-kind=operative]")].find((e) => e.textContent === "NOTES the proposal;");
      return p ? { id: p.getAttribute("data-id"), number: p.getAttribute("data-number") } : null;
    });
  await waitUntil("the new operative paragraph is there", async () => (await typed())?.number === "2.");
  const numberOf = (id) => driver.run((i) => document.querySelector(`[data-testid=editor] div.para[data-id="${i}"]`)?.getAttribute("data-number"), id);
  assert.equal(await numberOf(second), "3.", "typed as a new paragraph, it pushed the next one down");
  const button = await driver.waitFor("[data-testid=numbering-inserted]:not([disabled])");
  assert.equal(await driver.attribute(button, "aria-pressed"), "false");
  await driver.click(button);
  await waitUntil("the new paragraph is numbered 1 bis.", async () => (await typed())?.number === "1 bis.");
  assert.equal(await numberOf(second), "2.", "the paragraph after it has its number back");
  assert.equal(await driver.attribute(await driver.find("[data-testid=numbering-inserted]"), "aria-pressed"), "true");
  inserted = (await typed()).id;
});

test("freezing a milestone can first number the inserted paragraphs in sequence", { timeout: 60_000 }, async () => {
  await driver.click(await driver.waitFor("[data-testid=nav-milestones]"));
  await driver.sendKeys(await driver.waitFor("#milestone-name"), "Report to SC71");
  await driver.click(await driver.find("[data-testid=milestone-renumber]"));
  await driver.click(await driver.find(".milestone-form button[type=submit]"));
  await driver.waitFor('.milestone[data-name="Report to SC71"]');
  await driver.click(await driver.waitFor("[data-testid=nav-draft]"));
  const numberOf = (id) => driver.run((i) => document.querySelector(`[data-testid=editor] div.para[data-id="${i}"]`)?.getAttribute("data-number"), id);
  await waitUntil("1 bis is numbered 2.", async () => (await numberOf(inserted)) === "2.");
  assert.equal(await numberOf(second), "3.");
});

test("closed, the command line reads the restored paragraph, the package and the log", { timeout: 60_000 }, async () => {
  await app.close();
  const shown = JSON.parse(cli("--json", "show", workshop));
  assert.equal(shown.paragraphs.find((p) => p.id === urges).spans.map((s) => s.text).join(""), "URGES Parties to:");
  assert.equal(shown.paragraphs.find((p) => p.id === item.id).spans.map((s) => s.text).join(""), item.text);
  assert.equal(shown.paragraphs.find((p) => p.id === inserted).number, "2.", "numbered in sequence before the milestone");
  assert.equal(JSON.parse(cli("--json", "milestone", "show", workshop, "Report to SC71")).paragraphs.find((p) => p.id === inserted).number, "2.");
  const list = JSON.parse(cli("--json", "bracket", "list", workshop));
  assert.equal(list.find((b) => b.id === brackets[1]).package, "Reporting");
  const log = JSON.parse(cli("--json", "log", workshop));
  const restore = log.find((l) => l.kind === "restore");
  assert.ok(restore && restore.detail.para === urges, JSON.stringify(log));
  assert.ok(log.some((l) => l.kind === "revert" && l.detail.delegation), JSON.stringify(log));
  assert.ok(log.some((l) => l.kind === "renumber" && l.detail.count === 1), JSON.stringify(log));
  assert.ok(log.some((l) => l.kind === "bracket-choose" && l.detail.bracket === chosen), JSON.stringify(log));
  const alt = list.find((b) => b.id === chosen);
  assert.ok(alt && alt.status === "agreed" && alt.alternative_of === brackets[0] && alt.text === "including through voluntary reporting", JSON.stringify(list));
  assert.ok(!list.some((b) => b.id === brackets[0]), "the other alternative's words are gone");
  const repackaged = log.filter((l) => l.kind === "bracket-package" && l.detail.bracket === brackets[1]).map((l) => l.detail.package);
  assert.deepEqual(repackaged, ["Units", "Reporting"]);
});
