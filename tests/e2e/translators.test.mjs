// End-to-end: two who revise the same translation (issue #15 §2). The chair's app and a translator's
// device (the command line) on one workshop through a real relay. The chair is revising the French
// of the outdated paragraph and has not saved when the translator's revision of it arrives by sync:
// the row says who changed it and shows theirs beside what the chair typed, which stays. "Take
// theirs" puts theirs in the field; revising again and choosing "Save mine in its place" saves the
// chair's, which the translator's device then reads. Nothing of either is overwritten unseen.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { checkPrerequisites, cli, cliJson, closeAll, launchApp, Processes, setUpWorkshop, waitUntil } from "./harness.mjs";
import { waitForSync } from "./sync.mjs";

const processes = new Processes();
let devices;
let app;
let driver;
/** The outdated paragraph: its id and its position as `caucus show` counts it. */
let outdated;

const CHAIR_TYPES = " (révision de la présidence)";
const THEIRS = "ENCOURAGE les Parties à mener des campagnes visant à réduire la demande et à sensibiliser le public;";
const THEIRS_AGAIN = "ENCOURAGE toutes les Parties à mener des campagnes pour réduire la demande et sensibiliser le public;";

const row = () => `[data-testid=versions-row][data-paragraph="${outdated.id}"]`;

/** The outdated row as the chair's window shows it. */
function rowState() {
  return driver.run((sel) => {
    const r = document.querySelector(sel);
    if (!r) return null;
    const note = r.querySelector("[data-testid=versions-changed-since]");
    return {
      field: r.querySelector("[data-testid=versions-edit]")?.value ?? null,
      note: note ? note.textContent : null,
      save: r.querySelector("[data-testid=versions-save]")?.textContent ?? null,
    };
  }, row());
}

/**
 * Types CHAIR_TYPES at the end of the row's field, which holds `from`, until it holds `to`. The view
 * may draw itself anew meanwhile (a version read again after a sync): keys sent to a field that was
 * replaced are sent again to the new one, never twice to the text.
 */
async function typeInRow(from, to) {
  await waitUntil("the chair's revision typed", async () => {
    const now = (await rowState())?.field;
    if (now !== from) return now === to;
    await driver.sendKeys(await driver.waitFor(`${row()} [data-testid=versions-edit]`), CHAIR_TYPES).catch(() => {});
    return (await rowState())?.field === to;
  });
}

/** The translator's device sets paragraph `outdated` in French and syncs it to the relay. */
function translatorSaves(text) {
  const dir = devices.translator.dataDir;
  cli(dir, "sync", devices.workshop, "--to", devices.relay.url);
  cli(dir, "lang", "set", devices.workshop, String(outdated.position), "--lang", "fr", "--text", text);
  cli(dir, "sync", devices.workshop, "--to", devices.relay.url);
}

before(async () => {
  checkPrerequisites({ cli: true });
  devices = await setUpWorkshop(processes, [
    { key: "translator", name: "Tomás Translator", delegation: "CITES Secretariat", role: "translator", group: "secretariat" },
  ]);
  const status = cliJson(devices.chair.dataDir, "lang", "status", devices.workshop, "--lang", "fr")[0];
  const index = status.paragraphs.findIndex((p) => p.status === "outdated");
  assert.ok(index >= 0, "the sample's French has an outdated paragraph");
  outdated = { id: status.paragraphs[index].paragraph, position: index + 1 };
  ({ app, driver } = await launchApp(processes, { name: "translators-chair", dataDir: devices.chair.dataDir }));
  await app.waitReady();
  await waitForSync(app, "synced");
}, { timeout: 180_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

test("a translation saved by the translator while the chair revises it is shown beside what the chair typed", { timeout: 90_000 }, async () => {
  await driver.clickSelector("[data-testid=nav-versions]");
  await driver.waitFor(`${row()} [data-testid=versions-edit]`);
  const before = (await rowState()).field;
  const typed = before + CHAIR_TYPES;
  await typeInRow(before, typed);

  translatorSaves(THEIRS);
  await waitUntil("the row says the translation changed meanwhile", async () => (await rowState())?.note !== null, { timeoutMs: 30_000 });
  const shown = await rowState();
  assert.equal(shown.field, typed, "what the chair typed stays in the field");
  assert.match(shown.note, /^Changed since you began revising it, by Tomás Translator/);
  assert.ok(shown.note.includes(THEIRS), `theirs is shown: ${shown.note}`);
  assert.equal(shown.save, "Save mine in its place");
  await app.screenshot("translators-changed-since");

  await driver.clickSelector(`${row()} [data-testid=versions-take-theirs]`);
  await waitUntil("theirs in the field, the note gone", async () => {
    const s = await rowState();
    return s.field === THEIRS && s.note === null && s.save === "Save the translation";
  });
});

test("the chair revises again, the translator revises again, and the chair puts the chair's in its place by choice", { timeout: 90_000 }, async () => {
  const mine = THEIRS + CHAIR_TYPES;
  await typeInRow(THEIRS, mine);
  translatorSaves(THEIRS_AGAIN);
  await waitUntil("the row says it changed again", async () => (await rowState())?.note?.includes(THEIRS_AGAIN) ?? false, { timeoutMs: 30_000 });
  assert.equal((await rowState()).field, mine);
  // Below the fold: WebKit's driver does not scroll to it on its own here.
  await driver.run((sel) => document.querySelector(sel)?.scrollIntoView({ block: "center" }), `${row()} [data-testid=versions-save]`);
  await driver.clickSelector(`${row()} [data-testid=versions-save]`);
  await waitUntil("saved: the note gone", async () => {
    const s = await rowState();
    return s.note === null && s.field === mine;
  });
  await waitForSync(app, "synced", { unacked: 0 });
  cli(devices.translator.dataDir, "sync", devices.workshop, "--to", devices.relay.url);
  const status = cliJson(devices.translator.dataDir, "lang", "status", devices.workshop, "--lang", "fr")[0];
  assert.equal(status.paragraphs.find((p) => p.paragraph === outdated.id)?.translation?.text, mine.trim(), "the translator's device reads the chair's");
});
