// End-to-end: the app on a full disk. Its data directory is on a small tmpfs (mounted here: the
// tests run as root; skipped with the reason otherwise, and the mount never outlives the file).
// Typing fills the disk: the banner appears with `store.disk_full`, and the save state — watched
// the whole time — never reads "Saved" while the disk is full. The tmpfs is then grown
// (`mount -o remount,size=…`): the core's retry saves what the window kept, the banner goes, and
// the command line (reading beside the running app, then after it quit) has exactly the window's
// text, nothing lost and nothing doubled. While the disk is full, leaving the workshop (which
// would drop the window's unsaved edits) is refused, and closing the window asks first.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { askToClose, checkPrerequisites, cli, cliJson, closeAll, launchApp, LOGS, Processes, processAlive, waitUntil } from "./harness.mjs";
import { findPara, paraText, placeCaret, watchAttribute, watchedAttribute } from "./page.mjs";

const isRoot = process.getuid?.() === 0;
const SKIP = isRoot ? false : "needs root to mount a size-limited tmpfs (mount -t tmpfs -o size=…); run the suite as root";
/** Free space left on the tmpfs once the app runs: a few commits' worth of WAL frames. */
const HEADROOM = 96 * 1024;

const processes = new Processes();
let app;
let mountPoint = null;

function mounted() {
  return mountPoint !== null && readFileSync("/proc/mounts", "utf8").split("\n").some((l) => l.split(" ")[1] === mountPoint);
}

function unmount() {
  if (!mountPoint) return;
  if (mounted()) {
    try {
      execFileSync("umount", [mountPoint]);
    } catch {
      execFileSync("umount", ["-l", mountPoint]); // a process of ours still had a file open
    }
  }
  rmSync(mountPoint, { recursive: true, force: true });
  mountPoint = null;
}

before(async () => {
  if (SKIP) return;
  checkPrerequisites({ cli: true });
  mountPoint = mkdtempSync(path.join(os.tmpdir(), "caucus-e2e-fulldisk-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=16m,mode=0700", "caucus-e2e-fulldisk", mountPoint]);
  const dataDir = path.join(mountPoint, "data");
  cli(dataDir, "demo");
  ({ app } = await launchApp(processes, { name: "fulldisk", dataDir }));
  await app.waitReady();
}, { timeout: 120_000 });

after(async () => {
  try {
    await closeAll(processes, () => [app])();
  } finally {
    unmount();
  }
}, { timeout: 60_000 });

/** The app's log (its stderr, under tauri-driver). */
function appLog() {
  const file = path.join(LOGS, "fulldisk.tauri-driver.log");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

function count(haystack, needle) {
  return haystack.split(needle).length - 1;
}

const banner = (driver) =>
  driver.run(() => {
    const b = document.querySelector("[data-testid=save-banner]");
    return b && !b.hidden ? { code: b.getAttribute("data-code"), text: b.textContent } : null;
  });

test("on a full disk the window keeps its changes, never says Saved, and saves them once there is space", { skip: SKIP, timeout: 300_000 }, async () => {
  const { driver } = app;
  const [{ id: workshop }] = cliJson(app.dataDir, "list");
  const para = await findPara(driver, (p) => p.kind === "operative" && p.number === "1.", "1.");

  // Leave the disk nearly full.
  const { bavail, bsize } = statfsSync(mountPoint);
  writeFileSync(path.join(mountPoint, "filler"), Buffer.alloc(Math.max(0, bavail * bsize - HEADROOM)));

  await watchAttribute(driver, "[data-testid=save-state]", "data-state");
  await placeCaret(driver, para.id, "end");
  let typed = "";
  let shown = null;
  for (let chunk = 0; chunk < 400 && !shown; chunk++) {
    const words = ` w${chunk}x`;
    await driver.pressKeys(words);
    typed += words;
    shown = await banner(driver);
  }
  assert.ok(shown, `the banner appeared while typing ${typed.length} characters on a full disk`);
  const fullAt = Date.now();
  assert.equal(shown.code, "store.disk_full");
  assert.match(shown.text, /disk is full/);
  assert.match(shown.text, /not saved/);

  // The caret moves while the disk is full (its awareness frames are delivered: they need no
  // disk), then more typing: kept in the window.
  await driver.pressKeys("\uE012\uE012\uE012\uE012\uE010", { pauseMs: 300 });
  await driver.pressKeys(" kept");
  typed += " kept";
  const expected = para.text + typed;
  await waitUntil("the window holds everything typed", async () => (await paraText(driver, para.id)) === expected);
  assert.equal(await driver.run(() => document.querySelector("[data-testid=save-state]").getAttribute("data-state")), "error");

  // The core retries on its own while the disk is still full: the workshop is reloaded from disk,
  // the window sends its changes again, and that save fails again (a second reload follows it).
  const reloads = count(appLog(), "workshop reloaded from disk after a failed save");
  await waitUntil("two retries while the disk is full", () => count(appLog(), "workshop reloaded from disk after a failed save") >= reloads + 2, {
    timeoutMs: 60_000,
  });
  assert.ok(await banner(driver), "the banner stays while nothing can be saved");

  // Leaving the workshop would drop what the window holds unsaved: opening another (here a new
  // one) is refused with the reason, and the window stays on its text.
  await driver.click(await driver.waitFor("[data-testid=nav-workshops]"));
  await driver.sendKeys(await driver.waitFor("#create-title-input"), "Somewhere else");
  await driver.click(await driver.find("[data-testid=create-submit]"));
  await driver.waitFor("[data-testid=create-status][data-code='collab.unsaved']");
  assert.match(await driver.run(() => document.querySelector("[data-testid=create-status]").textContent), /not saved/);
  assert.equal(cliJson(app.dataDir, "list").length, 1, "no workshop was created");
  await driver.click(await driver.waitFor("[data-testid=nav-draft]"));
  assert.equal(await paraText(driver, para.id), expected);
  assert.equal(await driver.run(() => document.querySelector("[data-testid=save-state]").getAttribute("data-state")), "error");

  // Closing the window would lose them too: the close (a window manager's close button) is held
  // and the person asked, natively; the window stays with its text.
  const { pid, asked } = askToClose(app.dataDir);
  assert.equal(asked, 1, "the window was asked to close");
  await waitUntil("the close is held", () => appLog().includes("closing the window was held"));
  // The question's own close button keeps the window open (asked again until it is shown).
  await waitUntil("the question is shown, and closing it keeps the window", () => {
    askToClose(app.dataDir, "Unsaved edits");
    return appLog().includes("the window stays open, as chosen");
  }, { everyMs: 250 });
  assert.ok(processAlive(pid), "the app still runs");
  assert.equal(await paraText(driver, para.id), expected);

  // Space again.
  const grownAt = Date.now();
  execFileSync("mount", ["-o", "remount,size=64m", mountPoint]);
  await driver.waitFor("[data-testid=save-state][data-state=saved]", 60_000);
  await waitUntil("the banner goes", async () => (await banner(driver)) === null);

  // "Saved" was never shown from the failure to the moment space returned.
  const states = await watchedAttribute(driver);
  const firstError = states.find(([, s]) => s === "error");
  assert.ok(firstError && firstError[0] <= fullAt, `the failure was shown: ${JSON.stringify(states)}`);
  const falseSaved = states.filter(([t, s]) => s === "saved" && t > firstError[0] && t < grownAt);
  assert.deepEqual(falseSaved, [], `no "Saved" while the disk was full: ${JSON.stringify(states)}`);

  // Exactly the window's text, read beside the running app and after it quit.
  assert.equal(await paraText(driver, para.id), expected);
  const line = (out) => out.split("\n").filter((l) => l.includes(para.text));
  assert.deepEqual(line(cli(app.dataDir, "show", workshop)).map((l) => l.endsWith(expected)), [true], "caucus show beside the app");
  // Everything saved: the window closes when asked (the question from before left unanswered).
  assert.equal(askToClose(app.dataDir).asked, 1);
  await waitUntil("the app quits", () => !processAlive(pid));
  assert.ok(!appLog().includes("closes with edits the core could not save"), "nothing was closed unsaved");
  await app.close().catch(() => {}); // its WebDriver session: the app is gone already
  const after = line(cli(app.dataDir, "show", workshop));
  assert.equal(after.length, 1, after.join("\n"));
  assert.ok(after[0].endsWith(expected), `caucus show after quitting:\n${after[0]}\nexpected the paragraph to read:\n${expected}`);
  assert.equal(count(after[0], " kept"), 1, "nothing doubled");
});
