// End-to-end: the workshops list of the real app. On an empty data directory the app opens the
// sample; importing a .txt file (picked in the Open dialog, which the app answers from the harness's
// answer file: WebDriver cannot drive a native dialog) creates and opens a new workshop with that
// text, and so does a Word document (Caucus's own DOCX of the sample, made with the command line);
// a cancelled Open dialog changes nothing; Export saves where the Save dialog answers and offers
// "Open" and "Show in folder";
// creating one from the form opens it with this device as chair; the app reopens the
// workshop chosen last after a restart.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { cli, cliJson, closeAll, launchApp, Processes, waitUntil } from "./harness.mjs";
import { paragraphs } from "./page.mjs";

const IMPORTED = [
  "DRAFT DECISION ON ONLINE TRADE IN EELS",
  "",
  "RECALLING Resolution Conf. 11.3 (Rev. CoP18);",
  "",
  "THE CONFERENCE OF THE PARTIES TO THE CONVENTION",
  "",
  "1. URGES Parties to report on online trade in eels;",
  "",
  "2. DIRECTS the Secretariat to compile the reports.",
  "",
].join("\n");

const processes = new Processes();
let app;
let sampleId;

before(async () => {
  ({ app } = await launchApp(processes, { name: "workshops" }));
  await app.waitReady();
  sampleId = (await app.driver.invoke("workshop_current")).id;
}, { timeout: 90_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

const current = async () => (await app.driver.invoke("workshop_current")).id;

async function showWorkshops() {
  const { driver } = app;
  await driver.click(await driver.waitFor("[data-testid=nav-workshops]"));
  return driver.waitFor("[data-testid=workshop-item]");
}

/** Waits until another workshop than `previous` is open and its editor is ready; returns its id. */
async function switchedFrom(previous, what) {
  const id = await waitUntil(what, async () => {
    const now = await current();
    return now !== previous ? now : null;
  }, { timeoutMs: 30000, everyMs: 200 });
  await app.waitReady();
  return id;
}

test("importing a .txt file opens a new workshop with its text", { timeout: 90_000 }, async () => {
  const { driver } = app;
  await showWorkshops();
  assert.ok(await driver.find(`[data-testid=workshop-item][data-id="${sampleId}"]`), "the sample is listed");

  const file = path.join(await processes.tempDir("caucus-e2e-import-"), "eels.txt");
  writeFileSync(file, IMPORTED);
  // Cancelled first: nothing happens, the sample stays open.
  app.answerOpenDialog(null);
  await driver.click(await driver.find("[data-testid=import-choose]"));
  await waitUntil("the cancelled dialog's click is handled", () => driver.run(() => document.querySelector("[data-testid=import-status]")?.className === "form-status"));
  assert.equal(await current(), sampleId, "a cancelled Open dialog imports nothing");

  app.answerOpenDialog(file);
  await driver.click(await driver.find("[data-testid=import-choose]"));
  const imported = await switchedFrom(sampleId, "the imported workshop opens");

  const paras = await paragraphs(driver);
  assert.deepEqual(
    paras.map((p) => [p.kind, p.number, p.text]),
    [
      ["title", null, "DRAFT DECISION ON ONLINE TRADE IN EELS"],
      ["preamble", null, "RECALLING Resolution Conf. 11.3 (Rev. CoP18);"],
      ["operative", "1.", "URGES Parties to report on online trade in eels;"],
      ["operative", "2.", "DIRECTS the Secretariat to compile the reports."],
    ],
  );
  const info = await driver.invoke("workshop_current");
  assert.equal(info.me?.role, "chair", "the device that imports chairs the new workshop");

  await showWorkshops();
  const ids = await driver.run(() => [...document.querySelectorAll("[data-testid=workshop-item]")].map((i) => i.getAttribute("data-id")));
  assert.deepEqual(new Set(ids), new Set([sampleId, imported]));
});

test("importing a Word document opens a new workshop with its paragraphs", { timeout: 90_000 }, async () => {
  const { driver } = app;
  const elsewhere = await processes.tempDir("caucus-e2e-word-");
  cli(elsewhere, "demo");
  const [{ id }] = cliJson(elsewhere, "list");
  const file = path.join(elsewhere, "sample.docx");
  cli(elsewhere, "export", id, "--format", "docx", "-o", file);
  const expected = cliJson(elsewhere, "show", id).paragraphs.map((p) => [p.kind, p.number ?? null]);

  await showWorkshops();
  const before = await current();
  app.answerOpenDialog(file);
  await driver.click(await driver.find("[data-testid=import-choose]"));
  await switchedFrom(before, "the workshop imported from Word opens");
  const paras = await paragraphs(driver);
  assert.deepEqual(paras.map((p) => [p.kind, p.number ?? null]), expected, "the sample's structure, paragraph for paragraph");
  assert.ok(paras.some((p) => p.text.includes("[including through mandatory reporting obligations]") || p.text.includes("including through mandatory reporting obligations")));
});

test("Export asks where to save: the file goes where the Save dialog answers, with Open and Show in folder", { timeout: 120_000 }, async () => {
  const { driver } = app;
  await driver.click(await driver.waitFor("[data-testid=nav-draft]"));
  await driver.click(await driver.find('.topbar [data-action="export"]'));
  await driver.waitFor("dialog.export-dialog[open]");
  await driver.click(await driver.find('label[for="export-format-md"]'));
  await driver.click(await driver.find('.export-dialog button[type="submit"]'));
  const saved = await waitUntil("the draft is saved (or the export fails)", () =>
    driver.run(() => {
      const r = document.querySelector(".export-result");
      if (r?.classList.contains("export-error")) return { error: r.textContent };
      return r?.classList.contains("export-ok") ? { path: r.dataset.path, actions: [...r.querySelectorAll("[data-action]")].map((b) => b.textContent) } : null;
    }),
  );
  if (saved.error) assert.fail(`the export failed: ${saved.error}`);
  assert.equal(path.dirname(saved.path), app.saveDir, "saved where the Save dialog answered");
  assert.ok(readFileSync(saved.path, "utf8").length > 0, "the file is written");
  assert.deepEqual(saved.actions, ["Open", "Show in folder"]);
  await app.screenshot("export-saved.png");
  // Only files this run exported are opened or shown: the shell refuses any other path.
  const refused = await driver.runAsync(() => window.__TAURI_INTERNALS__.invoke("export_reveal", { path: "/etc/passwd" }).then(() => "revealed", (e) => e.code));
  assert.equal(refused, "file.not_exported");
  await driver.click(await driver.find('.export-dialog [data-action="close"]'));
  await driver.waitForGone("dialog.export-dialog[open]");
});

test("a workshop created from the form opens; the one chosen last opens after a restart", { timeout: 120_000 }, async () => {
  const { driver } = app;
  await showWorkshops();
  const before = await current();
  const title = await driver.waitFor("[data-testid=create-form] input[type=text], [data-testid=create-form] input:not([type])");
  await driver.click(title);
  await driver.sendKeys(title, "Wildlife cybercrime working group");
  await driver.click(await driver.find("[data-testid=create-submit]"));
  const created = await switchedFrom(before, "the created workshop opens");
  const info = await driver.invoke("workshop_current");
  assert.equal(info.title, "Wildlife cybercrime working group");
  assert.equal(info.me?.role, "chair");
  assert.equal(await driver.property(await driver.find("[data-testid=editor] .ProseMirror"), "contentEditable"), "true");

  // Back to the sample from the list; after a restart the app opens it again.
  await showWorkshops();
  await driver.click(await driver.waitFor(`[data-testid=workshop-item][data-id="${sampleId}"]`));
  await switchedFrom(created, "the sample opens again");
  await app.restart();
  assert.equal(await current(), sampleId, "the workshop chosen last opens at start");
});
