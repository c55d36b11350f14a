// End-to-end: the comment table in the real app (issue #11 §3 and §5). Two app instances — the
// chair's device and a Kenyan delegate's, each with its own data directory — on the sample
// workshop, set up with the real command line and a `caucus serve` relay on loopback. The chair
// exports the comment table from the Export dialog as XLSX (every comment) and as DOCX (open
// comments only), saved where the Save dialog answers (the harness answers it: WebDriver cannot
// drive a native dialog), with "Open" and "Show in folder" offered; LibreOffice reads both files back, and their rows are the sample's. The
// delegate imports a CSV table made here (picked in the Open dialog, which the harness answers), one row citing paragraph 2 and one citing a paragraph
// the draft does not have: the panel's report says 2 rows, 1 anchored, 1 unanchored with why, and
// both threads appear in the panel. A damaged file shows its error code and adds no thread; closed,
// `caucus comment list` on the delegate's data directory has exactly the imported threads.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { checkPrerequisites, cliJson, closeAll, launchApps, Processes, setUpWorkshop, waitUntil } from "./harness.mjs";

const ESCAPE = "\uE00C";
const HEADINGS = ["Delegation", "Paragraph", "Line (PDF)", "Type", "Comment", "Proposed change", "Outcome and observation"];
/** The delegate's table: paragraph 2 exists in the sample, paragraph 99 does not. */
const ON_PARAGRAPH = "Campaigns need a budget line of their own.";
const PROPOSED = "carry out well-funded campaigns to reduce demand";
const NOWHERE = "A paragraph on training customs officers is missing.";
const TABLE_CSV = [
  "Delegation,Paragraph,Type,Comment,Proposed change",
  `Kenya,2,Technical,${ON_PARAGRAPH},${PROPOSED}`,
  `Kenya,paragraph 99,General,${NOWHERE},`,
  "",
].join("\r\n");
/** Comments of the sample: one open (Borealia on paragraph 4), one with an outcome (Arcadia). */
const OPEN_COMMENT = "The guidance is needed whether or not external funding is found.";
const DECIDED_COMMENT = "Awareness alone does not change buying habits";

const processes = new Processes();
let devices;
/** The chair's (A) and the delegate's (K, Kenya) app instances. */
let A, K;
let exportDir;
let scratch;
/** Threads in the delegate's panel before the import. */
let threadsBefore;

before(async () => {
  checkPrerequisites({ cli: true });
  assert.ok(existsSync("/usr/bin/soffice") || hasCommand("soffice"), "LibreOffice reads the exported tables back: install libreoffice-writer-nogui and libreoffice-calc-nogui (scripts/setup.sh)");
  devices = await setUpWorkshop(processes, [
    { key: "delegate", name: "Ana Delegate", delegation: "Kenya", role: "delegate", group: "producer-country" },
  ]);
  scratch = await processes.tempDir("caucus-e2e-table-");
  exportDir = path.join(scratch, "exports");
  [A, K] = await launchApps(processes, [
    { name: "table-chair", dataDir: devices.chair.dataDir, env: { CAUCUS_EXPORT_DIR: exportDir } },
    { name: "table-delegate", dataDir: devices.delegate.dataDir },
  ]);
  for (const app of [A, K]) await app.waitReady();
}, { timeout: 240_000 });

after(closeAll(processes, () => [A, K]), { timeout: 60_000 });

function hasCommand(name) {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** LibreOffice headless converts `file` with `filter` into `scratch/lo`; returns the output's text. */
function readWithLibreOffice(file, filter, ext) {
  const out = path.join(scratch, "lo");
  mkdirSync(out, { recursive: true });
  // A profile of its own, so that no other office on this machine holds its lock.
  const profile = `file://${path.join(scratch, "lo-profile")}`;
  execFileSync("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", filter, "--outdir", out, file], {
    timeout: 180_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const converted = path.join(out, `${path.basename(file, path.extname(file))}.${ext}`);
  assert.ok(existsSync(converted), `LibreOffice read ${path.basename(file)} and wrote ${converted}`);
  return readFileSync(converted, "utf8");
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function csvRecords(text) {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => r.some((f) => f !== ""));
}

/** Exports the comment table from the open dialog; returns { path, text } of the new result. */
async function exportTable(driver, previous) {
  await driver.click(await driver.find('.export-dialog button[type="submit"]'));
  const result = await waitUntil(
    "the comment table is saved (or the export fails)",
    () =>
      driver.run((prev) => {
        const r = document.querySelector(".export-result");
        if (!r) return null;
        if (r.classList.contains("export-error")) return { error: r.textContent };
        const p = r.getAttribute("data-path");
        return r.classList.contains("export-ok") && p && p !== prev ? { path: p, text: r.textContent, what: r.dataset.what } : null;
      }, previous ?? null),
    { timeoutMs: 60_000 },
  );
  if (result.error) assert.fail(`the export failed: ${result.error}`);
  assert.equal(result.what, "table");
  return result;
}

/** The delegate's panel: every thread's id, text, delegation, kind and whether it is on a paragraph. */
function panelThreads(driver) {
  return driver.run(() =>
    [...document.querySelectorAll("[data-testid=comments-panel] [data-testid=thread]")].map((t) => ({
      id: t.getAttribute("data-thread-id"),
      text: t.textContent,
      delegation: t.getAttribute("data-delegation"),
      kind: t.getAttribute("data-kind"),
      orphaned: t.getAttribute("data-orphaned"),
      unanchored: t.getAttribute("data-unanchored"),
    })),
  );
}

/**
 * Chooses `file` in the panel's "Import comment table…" (the Open dialog `app` answers with it, as
 * the harness sets up: WebDriver cannot drive the native dialog); returns the report once it is final.
 */
async function importFile(app, file) {
  const { driver } = app;
  app.answerOpenDialog(file);
  await driver.click(await driver.waitFor("[data-testid=table-import-button]"));
  await driver.waitFor("[data-testid=table-import-form]:not([hidden])");
  await driver.click(await driver.find("[data-testid=table-import-choose]"));
  const [, report] = await driver.waitForAny(
    ["[data-testid=table-import-report][data-state=ok]", "[data-testid=table-import-report][data-state=error]"],
    60_000,
  );
  return report;
}

test("the chair exports the comment table as XLSX and, open comments only, as DOCX; LibreOffice reads both", { timeout: 600_000 }, async () => {
  const { driver } = A;
  await driver.click(await driver.find('.topbar [data-action="export"]'));
  await driver.waitFor("dialog.export-dialog[open]");
  await driver.click(await driver.find('label[for="export-what-table"]'));
  await driver.waitFor('[data-options="table"]:not([hidden])');
  assert.equal(await driver.property(await driver.find('[data-options="draft"]'), "hidden"), true, "the draft's options give way");
  assert.equal(await driver.text(await driver.find("#export-title")), "Export the comment table");

  // XLSX, every comment.
  await driver.click(await driver.find('label[for="export-table-format-xlsx"]'));
  assert.equal(await driver.property(await driver.find("#export-table-format-xlsx"), "checked"), true);
  const xlsx = await exportTable(driver);
  assert.equal(path.dirname(xlsx.path), exportDir, "saved where the Save dialog answered (the harness's answer: CAUCUS_EXPORT_DIR)");
  for (const action of ["open-file", "show-in-folder"]) {
    assert.ok(await driver.find(`.export-result [data-action="${action}"]`), `the dialog offers ${action} for the saved file`);
  }
  assert.match(path.basename(xlsx.path), /^CoP18-Doc-79\.1-Annex-comments-\d{4}-\d\d-\d\d\.xlsx$/);
  const rows = Number(/\((\d+) comments?, /.exec(xlsx.text)?.[1]);
  assert.ok(rows >= 4, `the dialog says how many comments: ${xlsx.text}`);
  assert.equal(readFileSync(xlsx.path).subarray(0, 2).toString("latin1"), "PK", "a zip file");
  await A.screenshot("table-export.png");

  const sheet = csvRecords(readWithLibreOffice(xlsx.path, "csv:Text - txt - csv (StarCalc):44,34,76,1", "csv"));
  assert.deepEqual(sheet[0], HEADINGS, "the heading row");
  assert.equal(sheet.length - 1, rows, "one row per comment, as the dialog said");
  const arcadia = sheet.find((r) => r[0] === "Arcadia");
  assert.ok(arcadia, `a row of Arcadia: ${JSON.stringify(sheet)}`);
  assert.equal(arcadia[1], "2");
  assert.equal(arcadia[3], "Technical");
  assert.ok(arcadia[4].startsWith(DECIDED_COMMENT), arcadia[4]);
  assert.match(arcadia[6], /^Accepted/);
  for (const delegation of ["Borealia", "Cascadia"]) assert.ok(sheet.some((r) => r[0].startsWith(delegation)), `a row of ${delegation}`);

  // DOCX, open comments only: the decided comment is left out.
  await driver.click(await driver.find('label[for="export-table-format-docx"]'));
  await driver.click(await driver.find("#export-table-open"));
  assert.equal(await driver.property(await driver.find("#export-table-open"), "checked"), true);
  const docx = await exportTable(driver, xlsx.path);
  assert.match(path.basename(docx.path), /^CoP18-Doc-79\.1-Annex-comments-\d{4}-\d\d-\d\d\.docx$/);
  const openRows = Number(/\((\d+) comments?, /.exec(docx.text)?.[1]);
  assert.ok(openRows > 0 && openRows < rows, `open comments only: ${openRows} of ${rows}`);
  await A.screenshot("table-export-docx.png");
  const text = readWithLibreOffice(docx.path, "txt:Text (encoded):UTF8", "txt");
  for (const heading of HEADINGS) assert.ok(text.includes(heading), `the Word table has the heading ${heading}`);
  assert.ok(text.includes(OPEN_COMMENT), "an open comment is in the Word table");
  assert.ok(!text.includes(DECIDED_COMMENT), "a comment with an outcome is not");

  await driver.pressKeys(ESCAPE);
  await driver.waitForGone("dialog.export-dialog[open]");
});

test("the chair may import a table on a member's behalf", { timeout: 60_000 }, async () => {
  const { driver } = A;
  await driver.click(await driver.waitFor("[data-testid=table-import-button]"));
  await driver.waitFor("[data-testid=table-import-form]:not([hidden])");
  const choices = await driver.run(() =>
    [...document.querySelectorAll("[data-testid=table-import-as] option")].map((o) => o.textContent),
  );
  assert.equal(choices[0], "Myself");
  assert.ok(choices.some((c) => c.includes("Ana Delegate")), `the delegate is offered: ${JSON.stringify(choices)}`);
  await driver.click(await driver.find("[data-testid=table-import-cancel]"));
  await driver.waitFor("[data-testid=table-import-form][hidden]");
});

test("a delegate imports a CSV table: the report says 2 rows, 1 anchored, 1 unanchored with why; the threads show", { timeout: 120_000 }, async () => {
  const { driver } = K;
  threadsBefore = (await panelThreads(driver)).length;
  const file = path.join(scratch, "Kenya — comments.csv");
  writeFileSync(file, TABLE_CSV);
  const report = await importFile(K, file);
  assert.equal(await driver.attribute(report, "data-state"), "ok", `the import failed: ${await driver.text(report)}`);
  assert.equal(
    await driver.text(await driver.find("[data-testid=import-summary]")),
    "2 rows imported: 1 on its paragraph, 1 on no paragraph.",
  );
  assert.ok((await driver.text(report)).includes("Kenya — comments.csv"), "the report names the file (its name crossed the header intact)");
  const unanchored = await driver.findAll("[data-testid=import-unanchored]");
  assert.equal(unanchored.length, 1);
  assert.equal(await driver.attribute(unanchored[0], "data-row"), "3", "the row in the file, headings counted");
  assert.match(await driver.text(unanchored[0]), /paragraph 99.*matches no paragraph/);
  assert.equal(
    await driver.run(() => document.querySelector("[data-testid=table-import-as]")?.closest("label")?.hidden),
    true,
    "a delegate imports as themselves only: no \"On behalf of\"",
  );

  const shown = await waitUntil("both imported threads show in the panel", async () => {
    const threads = await panelThreads(driver);
    const on = threads.find((t) => t.text.includes(ON_PARAGRAPH));
    const nowhere = threads.find((t) => t.text.includes(NOWHERE));
    return on && nowhere ? { on, nowhere, count: threads.length } : null;
  });
  assert.equal(shown.count, threadsBefore + 2);
  assert.deepEqual([shown.on.delegation, shown.on.kind, shown.on.orphaned], ["Kenya", "technical", "false"], "on paragraph 2");
  assert.deepEqual([shown.nowhere.delegation, shown.nowhere.unanchored], ["Kenya", "true"], "on no paragraph");
  assert.ok(shown.on.text.includes(PROPOSED), "the proposed change is shown");
  await K.screenshot("table-import.png");
  await driver.run((id) => document.querySelector(`[data-thread-id="${id}"]`)?.scrollIntoView({ block: "center" }), shown.nowhere.id);
  await K.screenshot("table-import-threads.png");
});

test("a damaged file shows its error code and adds no thread", { timeout: 120_000 }, async () => {
  const { driver } = K;
  const before = (await panelThreads(driver)).length;
  assert.equal(before, threadsBefore + 2, "after the import of the previous test");
  const file = path.join(scratch, "broken.xlsx");
  writeFileSync(file, Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.from("not a spreadsheet at all")]));
  const report = await importFile(K, file);
  assert.equal(await driver.attribute(report, "data-state"), "error", `the damaged file was imported: ${await driver.text(report)}`);
  assert.equal(await driver.attribute(report, "data-code"), "table.damaged");
  const text = await driver.text(report);
  assert.ok(text.includes("Error code: table.damaged") && text.includes("Nothing was changed."), text);
  assert.equal((await panelThreads(driver)).length, before);
  await K.screenshot("table-import-error.png");
});

test("the core has exactly the imported threads", { timeout: 60_000 }, async () => {
  assert.ok(threadsBefore !== undefined, "the import test ran");
  await K.close();
  const stored = cliJson(devices.delegate.dataDir, "comment", "list", devices.workshop);
  assert.equal(stored.length, threadsBefore + 2, "the damaged file added nothing");
  const on = stored.find((t) => t.body.includes(ON_PARAGRAPH));
  const nowhere = stored.find((t) => t.body.includes(NOWHERE));
  assert.ok(on && nowhere, "both rows are threads");
  assert.equal(on.author, devices.delegate.member);
  assert.equal(on.proposal?.text, PROPOSED);
  assert.equal(on.anchor?.state, "attached", JSON.stringify(on.anchor));
  assert.notEqual(nowhere.anchor?.state, "attached", JSON.stringify(nowhere.anchor));
});
