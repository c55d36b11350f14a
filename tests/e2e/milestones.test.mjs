// End-to-end: milestones, the compare view and the export dialog of the real app (issue #5), on
// a data directory that the `caucus` command line prepared: the sample, a milestone "Report to
// SC70", then operative paragraph 1 changed from "URGES Parties to:" to "URGES all Parties to:".
// The milestones panel lives in the Milestones view (`[data-testid=nav-milestones]`).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { checkPrerequisites, CLI_BINARY, closeAll, launchApp, Processes } from "./harness.mjs";
import { findPara } from "./page.mjs";

const MILESTONE = "Report to SC70";
const NEW_MILESTONE = "Draft for CoP18";
const ESCAPE = "\uE00C";

const processes = new Processes();
let app;
let driver;
let dataDir;
let exportDir;
let workshop;

/** Runs the command line on the test's data directory; returns its standard output. */
function cli(...args) {
  return execFileSync(CLI_BINARY, ["--data-dir", dataDir, ...args], {
    encoding: "utf8",
    env: { ...process.env, RUST_LOG: "warn" },
    timeout: 60_000,
  });
}

const screenshot = (name) => app.screenshot(name);

/** Shows the Milestones view (its panel lists the milestones). */
async function showMilestones() {
  await driver.click(await driver.waitFor("[data-testid=nav-milestones]"));
  return driver.waitFor("[data-view=milestones] .side-panel");
}

const milestoneItem = (name) => `.milestone[data-name="${name}"]`;

before(async () => {
  checkPrerequisites({ cli: true });
  dataDir = await processes.tempDir("caucus-e2e-data-");
  exportDir = path.join(await processes.tempDir("caucus-e2e-exports-"), "exports");
  cli("demo");
  workshop = JSON.parse(cli("--json", "list"))[0].id;
  cli("milestone", "create", workshop, MILESTONE);
  cli("para", "set", workshop, "8", "--text", "URGES all Parties to:");

  ({ app, driver } = await launchApp(processes, { name: "milestones", dataDir, env: { CAUCUS_EXPORT_DIR: exportDir } }));
  await app.waitReady();
}, { timeout: 120_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

test("the milestones panel lists the milestone frozen with the command line", { timeout: 60_000 }, async () => {
  const panel = await showMilestones();
  assert.equal(await driver.property(await driver.findFrom(panel, ".panel-title"), "textContent"), "Milestones");
  const item = await driver.waitFor(milestoneItem(MILESTONE));
  assert.equal(await driver.text(await driver.findFrom(item, ".milestone-name")), MILESTONE);
  const time = await driver.findFrom(item, "time");
  assert.match(await driver.attribute(time, "datetime"), /^\d{4}-\d\d-\d\dT/);
  assert.match(await driver.text(time), /\d{4}/, "the date is shown");
  assert.ok(await driver.find("#milestone-name"), "the chair's device offers the form to freeze a milestone");
});

test("Compare shows the words inserted since the milestone, underlined, with the delegation", { timeout: 60_000 }, async () => {
  await showMilestones();
  const item = await driver.waitFor(milestoneItem(MILESTONE));
  await driver.click(await driver.findFrom(item, "button"));

  const bar = await driver.waitFor(".compare-bar");
  assert.equal(await driver.text(await driver.findFrom(bar, ".compare-title")), `Changes since “${MILESTONE}”`);
  assert.ok(await driver.findFrom(bar, ".legend ins"), "the legend shows an insertion");
  assert.ok(await driver.findFrom(bar, ".legend del"), "the legend shows a deletion");

  const para = await driver.waitFor('.page-compare .para[data-kind="operative"][data-number="1."]');
  const ins = await driver.findFrom(para, "ins");
  assert.match(await driver.text(ins), /\ball\b/);
  assert.match(await driver.attribute(ins, "title"), /^Inserted by \S/, "the delegation is in the tooltip");
  assert.equal(await driver.text(await driver.findFrom(para, ".text")), "URGES all Parties to:");
  assert.match(await driver.attribute(para, "class"), /\bpara-changed\b/);
  const decoration = await driver.executeScript(
    "return getComputedStyle(arguments[0]).textDecorationLine;",
    [ins],
  );
  assert.match(decoration, /underline/);
  assert.equal(
    await driver.attribute(await driver.find(`${milestoneItem(MILESTONE)} button`), "aria-pressed"),
    "true",
  );

  await screenshot("compare.png");

  await driver.click(await driver.findFrom(bar, '[data-action="back"]'));
  await driver.waitForGone(".compare-bar");
  // Back in the editor, with the live text and no revision marks.
  const live = await findPara(driver, (p) => p.kind === "operative" && p.number === "1.", "1.");
  assert.equal(live.text, "URGES all Parties to:");
  assert.equal(await driver.find("[data-testid=editor] ins"), null, "the draft shows no revision marks");
  assert.equal(await driver.property(await driver.find("div.view[data-view=draft]"), "hidden"), false, "the draft view is shown");
});

test("a milestone frozen in the app is listed, and the command line sees it", { timeout: 60_000 }, async () => {
  await showMilestones();
  const input = await driver.waitFor("#milestone-name");
  await driver.click(input);
  await driver.sendKeys(input, NEW_MILESTONE);
  await driver.click(await driver.find('.milestone-form button[type="submit"]'));

  const item = await driver.waitFor(milestoneItem(NEW_MILESTONE));
  assert.equal(await driver.text(await driver.findFrom(item, ".milestone-name")), NEW_MILESTONE);
  const status = await driver.waitFor(".form-status-ok");
  assert.equal(await driver.text(status), `Frozen as “${NEW_MILESTONE}”.`);
  const names = await Promise.all((await driver.findAll(".milestone .milestone-name")).map((el) => driver.text(el)));
  // The sample's own milestone, frozen when its draft went out for comments, is the oldest.
  assert.deepEqual(names, [NEW_MILESTONE, MILESTONE, "Draft sent for comments"], "newest first");

  const listed = JSON.parse(cli("--json", "milestone", "list", workshop)).map((m) => m.name);
  assert.deepEqual(listed, [...names].reverse(), "the command line lists them oldest first");

  await screenshot("milestones.png");

  // The same name again is refused with the core's code.
  const again = await driver.find("#milestone-name");
  await driver.sendKeys(again, NEW_MILESTONE);
  await driver.click(await driver.find('.milestone-form button[type="submit"]'));
  const error = await driver.waitFor(".form-status-error");
  assert.equal(await driver.attribute(error, "data-code"), "milestone.exists");
  assert.match(await driver.text(error), /exists already/);
  await driver.executeScript("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'));", [again]);
  await driver.waitForGone(".form-status-error");
});

test("the export dialog saves a DOCX with the changes since the milestone", { timeout: 90_000 }, async () => {
  const opener = await driver.find('.topbar [data-action="export"]');
  await driver.click(opener);
  const dialog = await driver.waitFor("dialog.export-dialog[open]");

  await driver.click(await driver.find('label[for="export-format-docx"]'));
  assert.equal(await driver.property(await driver.find("#export-format-docx"), "checked"), true);
  await driver.click(await driver.find("#export-since"));
  await driver.click(await driver.find(`#export-since option[value="${MILESTONE}"]`));
  assert.equal(await driver.property(await driver.find("#export-since"), "value"), MILESTONE);
  assert.equal(await driver.property(await driver.find(".field-marks"), "disabled"), false, "marks apply to Word with changes");
  assert.equal(await driver.property(await driver.find("#export-marks-tracked"), "checked"), true);
  await driver.click(await driver.find("#export-comments"));

  await driver.click(await driver.findFrom(dialog, 'button[type="submit"]'));
  const [found, result] = await driver.waitForAny([".export-result.export-ok", ".export-result.export-error"], 60_000);
  if (found.endsWith("export-error")) assert.fail(`the export failed: ${await driver.text(result)}`);

  const saved = await driver.attribute(result, "data-path");
  assert.equal(path.dirname(saved), exportDir, "saved in CAUCUS_EXPORT_DIR");
  assert.match(path.basename(saved), /^CoP18-Doc-79\.1-Annex-\d{4}-\d\d-\d\d\.docx$/);
  assert.equal(await driver.text(await driver.findFrom(result, ".result-path")), saved);
  assert.ok(existsSync(saved), `${saved} exists`);
  const docx = readFileSync(saved);
  assert.equal(docx.subarray(0, 2).toString("latin1"), "PK", "a zip file");
  assert.ok(docx.includes("word/document.xml"), "a Word document");

  await screenshot("export.png");

  await driver.pressKeys(ESCAPE);
  await driver.waitForGone("dialog.export-dialog[open]");
  const focused = await driver.activeElement();
  assert.equal(await driver.attribute(focused, "data-action"), "export", "the focus goes back to Export…");
});
