// End-to-end: the Versions view of the real app (issue #15 §2) on the sample workshop, whose French
// version has one outdated paragraph (paragraph 2, which the comment round changed) and one missing
// (item 1 b) ii)). The chair sees both counted on the Versions tab, reads the original beside the
// French with what changed in the original marked, filters to the outdated and the missing, and
// translates the missing paragraph; the counts follow, and the command line reads the translation.
// A revision typed in one paragraph and not saved stays while the view renders anew, and leaving
// the workshop, switching the language or closing the window asks before it would be lost.

import assert from "node:assert/strict";
import { test, before, after } from "node:test";

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { askToClose, checkPrerequisites, cli, cliJson, closeAll, launchApp, LOGS, Processes, processAlive, waitUntil } from "./harness.mjs";

const processes = new Processes();
let app;
let driver;
let dataDir;
let workshop;

const TRANSLATION = "la collecte, la conservation et l'analyse des preuves numériques;";
/** Typed at the end of the outdated paragraph's French and never saved. */
const REVISING = " (en cours de révision)";

/** The rows the view shows now, read in one script (the view renders anew after each read). */
function rows() {
  return driver.run(() =>
    [...document.querySelectorAll("[data-testid=versions-row]")].map((row) => ({
      status: row.dataset.status,
      original: row.querySelector(".versions-original .versions-text")?.textContent ?? "",
      inserted: [...row.querySelectorAll(".versions-diff ins")].map((n) => n.textContent).join(""),
      translation: row.querySelector("[data-testid=versions-edit]")?.value ?? null,
    })),
  );
}

const count = () => driver.run(() => document.querySelector("[data-testid=versions-count]")?.textContent ?? null);

/** The app's log (its stderr, under tauri-driver). */
function appLog() {
  const file = path.join(LOGS, "versions.tauri-driver.log");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

/** The window's question about typed text, answered "Keep editing"; returns what it said. */
async function keepEditing() {
  const message = await driver.run(() => document.querySelector("[data-testid=discard-dialog][open] [data-testid=discard-message]")?.textContent ?? null);
  assert.ok(message, "the question is asked in the window");
  assert.equal(await driver.attribute(await driver.activeElement(), "data-testid"), "discard-keep", "Keep editing is the default");
  await driver.clickSelector("[data-testid=discard-keep]");
  await driver.waitForGone("[data-testid=discard-dialog][open]");
  return message;
}

before(async () => {
  checkPrerequisites({ cli: true });
  dataDir = await processes.tempDir("caucus-e2e-versions-");
  cli(dataDir, "demo");
  workshop = cliJson(dataDir, "list")[0].id;
  ({ app, driver } = await launchApp(processes, { name: "versions", dataDir }));
  await app.waitReady();
}, { timeout: 120_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

test("the Versions tab counts the French version's outdated and missing paragraphs for the chair", { timeout: 60_000 }, async () => {
  await waitUntil("the versions' count in the top bar", async () => (await count()) === "1·1");
  const label = await driver.run(() => document.querySelector("[data-testid=nav-versions]")?.getAttribute("aria-label"));
  assert.equal(label, "Versions: French: 1 outdated, 1 missing", "the tab says what the count means");
});

test("the original stands beside the French, with what changed in the original marked, and filters", { timeout: 60_000 }, async () => {
  await driver.clickSelector("[data-testid=nav-versions]");
  await driver.waitFor("[data-testid=versions-row]");
  const all = await rows();
  assert.equal(all.length, 19, "every paragraph of the original, in its order");
  assert.deepEqual(
    all.map((r) => r.status).filter((s) => s !== "current"),
    ["missing", "outdated"],
  );
  const outdated = all.find((r) => r.status === "outdated");
  assert.match(outdated.original, /^2\. ENCOURAGES Parties to carry out campaigns/);
  assert.equal(outdated.inserted.trim(), "carry out campaigns to reduce demand for, and", "the word diff shows the proposal the round applied");
  assert.match(outdated.translation, /^ENCOURAGE les Parties/, "the earlier translation stays, to be revised");

  await driver.clickSelector("[data-testid=versions-filter-outdated]");
  await waitUntil("only the outdated paragraph", async () => (await rows()).length === 1);
  assert.equal((await rows())[0].status, "outdated");
  await driver.clickSelector("[data-testid=versions-filter-missing]");
  await waitUntil("only the missing paragraph", async () => {
    const shown = await rows();
    return shown.length === 1 && shown[0].status === "missing";
  });
  await app.screenshot("versions-missing");
});

test("a revision typed and not saved stays through the view's filters", { timeout: 60_000 }, async () => {
  await driver.clickSelector("[data-testid=versions-filter-outdated]");
  const field = await driver.waitFor("[data-status=outdated] [data-testid=versions-edit]");
  await driver.sendKeys(field, REVISING);
  // Another filter renders the view anew without the paragraph, and "all" brings it back.
  await driver.clickSelector("[data-testid=versions-filter-missing]");
  await waitUntil("only the missing paragraph", async () => (await rows()).every((r) => r.status === "missing"));
  await driver.clickSelector("[data-testid=versions-filter-all]");
  await waitUntil("every paragraph", async () => (await rows()).length === 19);
  const outdated = (await rows()).find((r) => r.status === "outdated");
  assert.ok(outdated.translation.endsWith(REVISING), `the typed revision is still there: ${outdated.translation}`);
  await driver.clickSelector("[data-testid=versions-filter-missing]");
  await waitUntil("only the missing paragraph", async () => (await rows()).every((r) => r.status === "missing"));
});

test("leaving the workshop, switching the language or closing the window asks first about the revision typed", { timeout: 90_000 }, async () => {
  const revisionKept = async () => {
    await driver.clickSelector("[data-testid=nav-versions]");
    await driver.clickSelector("[data-testid=versions-filter-all]");
    await waitUntil("every paragraph", async () => (await rows()).length === 19);
    const outdated = (await rows()).find((r) => r.status === "outdated");
    assert.ok(outdated.translation.endsWith(REVISING), `the typed revision is still there: ${outdated.translation}`);
  };
  // Opening another workshop (here a new one) asks; "Keep editing" keeps the window where it is.
  const title = await driver.run(() => document.title);
  await driver.clickSelector("[data-testid=nav-workshops]");
  await driver.sendKeys(await driver.waitFor("#create-title-input"), "Somewhere else");
  await driver.clickSelector("[data-testid=create-submit]");
  await driver.waitFor("[data-testid=discard-dialog][open]");
  await app.screenshot("versions-discard-question");
  assert.match(await keepEditing(), /not saved yet: a translation in Versions/);
  await driver.waitFor("[data-testid=create-status][data-code='app.typed_kept']");
  assert.equal(await driver.run(() => document.title), title, "the sample workshop is still open");
  await revisionKept();

  // Switching the language reloads the window: asked too, and kept.
  await driver.clickSelector("[data-testid=nav-workshops]");
  await driver.click(await driver.waitFor('[data-testid=language-workshops] option[value="fr"]'));
  await driver.waitFor("[data-testid=discard-dialog][open]");
  await keepEditing();
  await driver.waitFor("[data-testid=notice][data-code='app.language_typed_kept']");
  assert.equal(await driver.run(() => document.documentElement.lang), "en", "the window was not reloaded");
  await revisionKept();

  // Closing the window (a window manager's close button) is held by the core, which asks natively;
  // closing that question keeps the window with its text.
  const { pid, asked } = askToClose(dataDir);
  assert.equal(asked, 1, "the window was asked to close");
  await waitUntil("the close is held", () => appLog().includes("closing the window was held: it holds text typed and not saved"));
  await waitUntil("the question is shown, and closing it keeps the window", () => {
    askToClose(dataDir, "Unsaved text");
    return appLog().includes("the window stays open, as chosen");
  }, { everyMs: 250 });
  assert.ok(processAlive(pid), "the app still runs");
  await revisionKept();
  assert.ok(!appLog().includes("closes with text typed and not saved"), "nothing was closed unsaved");
  await driver.clickSelector("[data-testid=versions-filter-missing]");
  await waitUntil("only the missing paragraph", async () => (await rows()).every((r) => r.status === "missing"));
});

test("the chair translates the missing paragraph: the counts follow and the command line reads it", { timeout: 90_000 }, async () => {
  const field = await driver.waitFor("[data-status=missing] [data-testid=versions-edit]");
  await driver.sendKeys(field, TRANSLATION);
  await driver.clickSelector("[data-status=missing] [data-testid=versions-save]");
  await driver.waitFor("[data-testid=versions-empty]");
  await waitUntil("the count without a missing paragraph", async () => (await count()) === "1·0");
  await driver.clickSelector("[data-testid=versions-filter-all]");
  await waitUntil("the paragraph current", async () => (await rows()).some((r) => r.translation === TRANSLATION && r.status === "current"));
  const outdated = (await rows()).find((r) => r.status === "outdated");
  assert.ok(outdated.translation.endsWith(REVISING), `saving another paragraph keeps the revision typed here: ${outdated.translation}`);
  await app.screenshot("versions-all");

  await app.close();
  // The data directory is the app's until its process has ended.
  let status = null;
  await waitUntil("the app let go of its data directory", async () => {
    try {
      status = cliJson(dataDir, "lang", "status", workshop, "--lang", "fr")[0];
      return true;
    } catch (err) {
      if (/store\.in_use/.test(err.message)) return false;
      throw err;
    }
  });
  assert.equal(status.missing, 0);
  assert.ok(status.paragraphs.some((p) => p.translation?.text === TRANSLATION), "saved in the device's store");
});
