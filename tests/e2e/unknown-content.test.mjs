// End-to-end: opening a workshop never edits it, and nothing unknown is deleted (issue #16). A data
// directory is prepared the way the finding's delegate wrote it: `caucus demo`, then an unmodified npm
// Yjs client (tests/node/draft-fixture.mjs) writes through a real `caucus serve --open` relay on that
// directory an unknown element `script`, a `para` with kind `evil` and level 99 whose text carries an
// unknown mark, a `para` nested in a `para` (and a plain `para` with kind `evil`, level 99). The relay is
// stopped, the real app opens the directory: the unknown content is shown as read-only blocks, the
// out-of-range paragraph clamped, and the core saw zero changes — the draft the relay serves afterwards
// has the same state vector and delete set, no "unsynced changes", nothing sent or held by the window.
// Typing elsewhere then changes only what was typed. A draft declaring a newer schema version opens
// read-only with a notice to update, and keys typed into it change nothing.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, test } from "node:test";

import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Y, draftEdit, readDraft } from "../node/draft-fixture.mjs";
import { bodyJson, HOSTILE, writeHostile } from "../../ui/test/hostile.mjs";
import { APP_BINARY, checkPrerequisites, cli, cliJson, closeAll, launchApp, Processes, startRelay, waitUntil } from "./harness.mjs";
import { EDITOR, findPara, paragraphs, typeInto, waitForParaText } from "./page.mjs";

const processes = new Processes();
const STORE_APPEND = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "tools", "store_append.py");
const apps = [];

before(() => checkPrerequisites({ cli: true }));
after(closeAll(processes, () => apps), { timeout: 30_000 });

/**
 * A data directory with the sample workshop, its draft edited by `edit(Y, doc)`: the edit is made by
 * an npm Yjs client on the draft a relay serves and, since every endpoint of this version refuses
 * such content from a peer (draft.bad_structure), put into the stopped device's store as a newer
 * Caucus, or a peer from before those checks, would have left it (tests/tools/store_append.py).
 */
async function prepared(name, edit) {
  const dataDir = await processes.tempDir(`caucus-e2e-${name}-`);
  cli(dataDir, "demo");
  const [{ id: workshop }] = cliJson(dataDir, "list");
  const update = await withRelay(dataDir, name, (url) => draftEdit(url, workshop, edit));
  execFileSync("python3", [STORE_APPEND, dataDir, workshop, "draft"], { input: Buffer.from(update), stdio: ["pipe", "pipe", "pipe"] });
  return { dataDir, workshop };
}

/** Runs `f(url)` with `caucus serve --open` on `dataDir`, stopped afterwards (one process per directory). */
async function withRelay(dataDir, name, f) {
  const relay = await startRelay(processes, { name: `${name}-relay`, dataDir, args: ["--open"] });
  try {
    return await f(relay.url);
  } finally {
    await processes.stop(relay.child);
  }
}

/** Pids of app processes running on `dataDir` (from /proc: their binary and CAUCUS_DATA_DIR). */
function appsOn(dataDir) {
  const pids = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const argv0 = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
      if (argv0 !== APP_BINARY) continue;
      if (readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`CAUCUS_DATA_DIR=${dataDir}`)) pids.push(pid);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/** Closes the app's session and waits until its process has left the data directory. */
async function closeApp(app) {
  await app.close();
  await waitUntil(`the app on ${app.dataDir} exits`, () => appsOn(app.dataDir).length === 0);
}

/** The draft the store holds, as the relay serves it to a fresh client. */
const stored = (dataDir, workshop, name) => withRelay(dataDir, name, (url) => readDraft(url, workshop));

/**
 * page: after the page's pending events and two frames (anything the load triggers has run by then),
 * what the window shows and counts.
 */
function pageState(editorSelector) {
  return new Promise((resolve) =>
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          const save = document.querySelector("[data-testid=save-state]");
          const sync = document.querySelector("[data-testid=sync-status]");
          const editor = document.querySelector(editorSelector);
          resolve({
            opaque: [...document.querySelectorAll(`${editorSelector} [data-testid=opaque]`)].map((o) => ({
              name: o.getAttribute("data-name"),
              text: o.querySelector(".opaque-text")?.textContent ?? "",
              label: o.querySelector(".opaque-label")?.textContent ?? "",
              editable: o.isContentEditable,
            })),
            editable: editor?.getAttribute("contenteditable"),
            save: save && { state: save.getAttribute("data-state"), sent: save.getAttribute("data-sent"), held: save.getAttribute("data-held") },
            sync: sync && { state: sync.getAttribute("data-state"), unacked: sync.getAttribute("data-unacked") },
            notices: [...document.querySelectorAll("[data-testid=notice]")].map((n) => n.getAttribute("data-code")),
            versionBanner: document.querySelector("[data-testid=version-banner]")?.textContent ?? null,
            toolbar: Boolean(document.querySelector(".editor-toolbar")),
          });
        }, 0),
      ),
    ),
  );
}

const SAVE_STATE = "[data-testid=save-state]";
const SYNC_STATUS = "[data-testid=sync-status][data-state]";

test("a draft holding unknown content opens without a single change, the unknown content read-only", { timeout: 240_000 }, async () => {
  const { dataDir, workshop } = await prepared("unknown", (Y_, doc) => writeHostile(Y_, doc));
  const written = await stored(dataDir, workshop, "unknown-before");
  const show = cliJson(dataDir, "show", workshop);
  assert.ok(show.paragraphs.some((p) => p.id === HOSTILE.outerId), "the core reads what the peer wrote");

  const { app } = await launchApp(processes, { name: "unknown-content", dataDir });
  apps.push(app);
  await app.waitReady();
  const { driver } = app;
  await driver.waitFor(`${SAVE_STATE}[data-state]`);
  await driver.waitFor(SYNC_STATUS);
  const state = await driver.runAsync(pageState, EDITOR);
  assert.deepEqual(
    state.opaque.map((o) => [o.name, o.text, o.editable]),
    [
      [HOSTILE.script, HOSTILE.scriptText, false],
      ["para", HOSTILE.evilText, false],
      ["para", `${HOSTILE.outerText} ${HOSTILE.innerText}`, false],
    ],
    "each piece the schema cannot show is one read-only block with its text",
  );
  assert.match(state.opaque[0].label, /cannot show .*read-only/);
  const clamp = (await paragraphs(driver)).find((p) => p.id === HOSTILE.clampId);
  assert.deepEqual([clamp?.kind, clamp?.level, clamp?.text], ["text", "2", HOSTILE.clampText], "kind evil and level 99 are shown clamped");
  assert.equal(state.editable, "true", "the rest of the draft is editable");
  assert.deepEqual(state.save, { state: "saved", sent: "0", held: "0" }, "the window sent nothing and held nothing back");
  assert.equal(state.sync.unacked, "0", `no unsynced changes (sync status ${JSON.stringify(state.sync)})`);
  assert.deepEqual(state.notices, []);
  await driver.run((sel) => document.querySelector(`${sel} [data-testid=opaque]`)?.scrollIntoView({ block: "center" }), EDITOR);
  await app.screenshot("unknown-content.png");
  await closeApp(app);

  const reopened = await stored(dataDir, workshop, "unknown-after");
  assert.ok(Y.equalSnapshots(reopened.snapshot, written.snapshot), "the store's draft has the same state vector and deletions: zero changes");
  assert.deepEqual(bodyJson(Y, reopened.doc), bodyJson(Y, written.doc));

  // Typing elsewhere writes what was typed, and nothing else.
  await app.open();
  await app.waitReady();
  const target = await findPara(driver, (p) => p.kind === "operative" && p.number === "1.", "1.");
  const typed = " (typed beside unknown content)";
  await typeInto(driver, target.id, typed);
  await waitForParaText(driver, target.id, target.text + typed);
  await driver.waitFor(`${SAVE_STATE}[data-state=saved]`, 15000);
  const afterTyping = await driver.runAsync(pageState, EDITOR);
  assert.equal(afterTyping.opaque.length, 3, "the unknown content is still shown");
  assert.equal(afterTyping.save.held, "0");
  assert.ok(Number(afterTyping.save.sent) > 0, "the typing was sent");
  await closeApp(app);

  const edited = await stored(dataDir, workshop, "unknown-edited");
  const expected = bodyJson(Y, written.doc);
  const got = bodyJson(Y, edited.doc);
  const textOf = (body, id) => body.find((e) => e.attrs?.id === id).children.map((c) => c.text.map((d) => d.insert).join("")).join("");
  assert.equal(textOf(got, target.id), target.text + typed, "the store has the typed text");
  const untouched = (body) => body.filter((e) => e.attrs?.id !== target.id);
  assert.deepEqual(untouched(got), untouched(expected), "every other element, attribute, mark and nesting is as the peer wrote it");
});

test("a draft declaring a newer schema version opens read-only with a notice to update, and keys change nothing", { timeout: 240_000 }, async () => {
  const { dataDir, workshop } = await prepared("newer", (Y_, doc) => {
    doc.transact(() => {
      doc.getMap("meta").set("schemaVersion", 2);
      const note = new Y_.XmlElement("footnote");
      const text = new Y_.XmlText();
      note.insert(0, [text]);
      text.insert(0, "A footnote from Caucus 2");
      const body = doc.getXmlFragment("body");
      body.insert(body.length, [note]);
    });
  });
  const written = await stored(dataDir, workshop, "newer-before");

  const { app } = await launchApp(processes, { name: "newer-version", dataDir });
  apps.push(app);
  await app.waitReady();
  const { driver } = app;
  await driver.waitFor(`${SAVE_STATE}[data-state]`);
  const state = await driver.runAsync(pageState, EDITOR);
  assert.match(state.versionBanner ?? "", /Update Caucus to edit this draft.*layout 2/);
  assert.equal(state.editable, "false", "the editor is read-only");
  assert.equal(state.toolbar, false, "no editing toolbar");
  assert.deepEqual(state.opaque.map((o) => o.name), ["footnote"]);
  await app.screenshot("newer-version.png");
  await driver.run((sel) => document.querySelector(`${sel} [data-testid=opaque]`)?.scrollIntoView({ block: "center" }), EDITOR);
  await app.screenshot("newer-version-content.png");

  // Keys pressed into a paragraph: the window is armed (someone typed), and still nothing changes.
  const target = await findPara(driver, (p) => p.kind === "operative" && p.number === "1.", "1.");
  await typeInto(driver, target.id, "XYZZY").catch(() => {}); // "element not interactable" is fine too
  const afterKeys = await driver.runAsync(pageState, EDITOR);
  assert.equal((await paragraphs(driver)).find((p) => p.id === target.id).text, target.text, "the paragraph is unchanged");
  assert.deepEqual(afterKeys.save, { state: "saved", sent: "0", held: "0" }, "nothing sent, nothing held");
  await closeApp(app);

  const reopened = await stored(dataDir, workshop, "newer-after");
  assert.ok(Y.equalSnapshots(reopened.snapshot, written.snapshot), "zero changes in the store's draft");
  assert.equal(reopened.doc.getMap("meta").get("schemaVersion"), 2, "the newer version is kept");
});
