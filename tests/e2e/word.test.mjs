// End-to-end: a delegation's returned Word draft in the real app (issue #14 §6). The chair's device
// exports the sample's draft as DOCX with the real command line; the file is then edited as Word
// edits with Track Changes on (a real w:del and w:ins by "Jane Doe" in paragraph 2, written into
// word/document.xml by python3's zipfile); a Kenyan delegate's app instance imports it from the
// comments panel's import form ("Returned Word draft…", the Open dialog answered by the
// harness): the report says one paragraph with tracked changes, one proposal, and the thread shows
// with the Word author. Closed, `caucus comment list` has the proposal, Kenya's, with the Word text.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";

import { checkPrerequisites, cli, cliJson, closeAll, launchApps, Processes, setUpWorkshop, waitUntil } from "./harness.mjs";

/** The words changed in paragraph 2 of the sample: "raise" deleted, "build" inserted. */
const BEFORE = "and raise public awareness";
const AFTER = "and build public awareness";

/** Edits word/document.xml of the file in place: "raise" in the `<w:t>` of paragraph 2 ("ENCOURAGES Parties to …") becomes a tracked change. */
const EDIT = `
import re, sys, zipfile
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    parts = [(i, z.read(i.filename)) for i in z.infolist()]
out = []
done = False
for info, data in parts:
    if info.filename == "word/document.xml":
        xml = data.decode("utf-8")
        m = re.search(r"(<w:t[^>]*>)(ENCOURAGES Parties to [^<]*?and )raise public awareness", xml)
        if not m:
            sys.exit("no run holding 'ENCOURAGES Parties to ... and raise public awareness' in word/document.xml")
        change = ('</w:t></w:r>'
            '<w:del w:id="9001" w:author="Jane Doe" w:date="2026-11-20T10:00:00Z"><w:r><w:delText>raise</w:delText></w:r></w:del>'
            '<w:ins w:id="9002" w:author="Jane Doe" w:date="2026-11-20T10:00:00Z"><w:r><w:t>build</w:t></w:r></w:ins>'
            '<w:r><w:t xml:space="preserve">')
        xml = xml[:m.end(2)] + change + xml[m.end(2) + len("raise"):]
        data = xml.encode("utf-8")
        done = True
    out.append((info.filename, data))
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in out:
        z.writestr(name, data)
print("edited" if done else "no document.xml")
`;

const processes = new Processes();
let devices;
let K;
let returned;
let threadsBefore;

before(async () => {
  checkPrerequisites({ cli: true });
  devices = await setUpWorkshop(processes, [
    { key: "delegate", name: "Ana Delegate", delegation: "Kenya", role: "delegate", group: "producer-country" },
  ]);
  const scratch = await processes.tempDir("caucus-e2e-word-");
  returned = path.join(scratch, "Kenya — returned draft.docx");
  cli(devices.chair.dataDir, "export", devices.workshop, "--format", "docx", "-o", returned);
  assert.equal(execFileSync("python3", ["-c", EDIT, returned], { encoding: "utf8" }).trim(), "edited");
  [K] = await launchApps(processes, [{ name: "word-delegate", dataDir: devices.delegate.dataDir }]);
  await K.waitReady();
}, { timeout: 240_000 });

after(closeAll(processes, () => [K]), { timeout: 60_000 });

function panelThreads(driver) {
  return driver.run(() =>
    [...document.querySelectorAll("[data-testid=comments-panel] [data-testid=thread]")].map((t) => ({
      text: t.textContent,
      delegation: t.getAttribute("data-delegation"),
      // The proposal as a redline against the paragraph: its deleted and inserted words.
      deleted: [...t.querySelectorAll("[data-testid=thread-redline] del")].map((d) => d.textContent.trim()),
      inserted: [...t.querySelectorAll("[data-testid=thread-redline] ins")].map((i) => i.textContent.trim()),
    })),
  );
}

test("a delegate imports their returned Word draft: one proposal, named for the Word author", { timeout: 120_000 }, async () => {
  const { driver } = K;
  threadsBefore = (await panelThreads(driver)).length;
  K.answerOpenDialog(returned);
  await driver.click(await driver.waitFor("[data-testid=table-import-button]"));
  await driver.waitFor("[data-testid=table-import-form]:not([hidden])");
  await driver.click(await driver.find("[data-testid=word-import-choose]"));
  const [, report] = await driver.waitForAny(
    ["[data-testid=table-import-report][data-state=ok]", "[data-testid=table-import-report][data-state=error]"],
    60_000,
  );
  assert.equal(await driver.attribute(report, "data-state"), "ok", `the import failed: ${await driver.text(report)}`);
  assert.equal(
    await driver.text(await driver.find("[data-testid=word-import-summary]")),
    "1 paragraph with tracked changes: 1 proposal made, 0 matched no paragraph of the draft.",
  );
  const text = await driver.text(report);
  assert.ok(text.includes("Kenya — returned draft.docx") && text.includes("Tracked changes by Jane Doe."), text);
  const shown = await waitUntil("the proposal shows in the panel", async () => {
    const threads = await panelThreads(driver);
    const made = threads.find((t) => t.text.includes("Tracked changes by Jane Doe (2026-11-20)"));
    return made ? { made, count: threads.length } : null;
  });
  assert.equal(shown.count, threadsBefore + 1);
  assert.equal(shown.made.delegation, "Kenya");
  assert.deepEqual([shown.made.deleted, shown.made.inserted], [["raise"], ["build"]], "the proposal's redline is the Word change");
  await K.screenshot("word-import.png");
});

test("the core has the proposal, Kenya's, with the Word text", { timeout: 60_000 }, async () => {
  assert.ok(threadsBefore !== undefined, "the import test ran");
  await K.close();
  const stored = cliJson(devices.delegate.dataDir, "comment", "list", devices.workshop);
  assert.equal(stored.length, threadsBefore + 1);
  const made = stored.find((t) => t.body.includes("Jane Doe"));
  assert.ok(made, "the proposal is a thread");
  assert.equal(made.author, devices.delegate.member);
  assert.equal(made.proposal?.kind, "replace");
  assert.ok(made.proposal?.text.startsWith("ENCOURAGES Parties to ") && made.proposal?.text.includes(AFTER), made.proposal?.text);
  assert.ok(!made.proposal?.text.includes(BEFORE), made.proposal?.text);
});
