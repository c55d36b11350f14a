// End-to-end: one owner per data directory, with real processes. While the app runs, the command
// line is refused a write (`store.in_use`, naming the app) and reads what the window saved; a
// second start of the app on the same data directory hands over to the first (its window is
// brought to the front) and exits 0, leaving one window.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { APP_BINARY, checkPrerequisites, CLI_BINARY, cli, cliJson, closeAll, launchApp, Processes } from "./harness.mjs";
import { findPara, typeInto, waitForParaText } from "./page.mjs";

const processes = new Processes();
let app;
let workshop;

before(async () => {
  checkPrerequisites({ cli: true });
  ({ app } = await launchApp(processes, { name: "instance" }));
  await app.waitReady();
}, { timeout: 120_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

/** Runs `caucus --data-dir DIR --json ARGS…`; returns {status, stdout, stderr} (never throws). */
function cliRun(dataDir, ...args) {
  try {
    const stdout = execFileSync(CLI_BINARY, ["--data-dir", dataDir, "--json", ...args], {
      encoding: "utf8",
      env: { ...process.env, RUST_LOG: "warn" },
      timeout: 60_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { status: 0, stdout, stderr: "" };
  } catch (err) {
    return { status: err.status, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

test("while the app runs, the command line reads what it saved and is refused writes, naming the app", { timeout: 120_000 }, async () => {
  const { driver } = app;
  [{ id: workshop }] = cliJson(app.dataDir, "list");
  const para = await findPara(driver, (p) => p.kind === "operative" && p.number === "1.", "1.");
  const typed = " all, and promptly,";
  await typeInto(driver, para.id, typed);
  await waitForParaText(driver, para.id, para.text + typed);
  await driver.waitFor("[data-testid=save-state][data-state=saved]", 15000);

  // A read beside the running app: the saved text is there.
  const shown = cli(app.dataDir, "show", workshop);
  assert.ok(shown.includes(para.text + typed), `caucus show has the typed text:\n${shown}`);

  // A write is refused whole, with the code, naming the app and what to do.
  const before = cli(app.dataDir, "show", workshop);
  const refused = cliRun(app.dataDir, "para", "add", workshop, "--kind", "text", "--text", "From the command line");
  assert.notEqual(refused.status, 0, "para add is refused");
  const error = JSON.parse(refused.stderr.trim().split("\n").pop()).error;
  assert.equal(error.code, "store.in_use", refused.stderr);
  assert.match(error.message, /the Caucus app/);
  assert.match(error.message, /quit the app|app's window/);
  assert.equal(cli(app.dataDir, "show", workshop), before, "nothing of the refused write is there");
});

test("a second start on the same data directory brings the first window to the front and exits 0", { timeout: 120_000 }, async () => {
  const { driver } = app;
  const lockBefore = readFileSync(path.join(app.dataDir, "caucus.lock"), "utf8");
  const firstPid = Number(/pid=(\d+)/.exec(lockBefore)?.[1]);
  assert.ok(firstPid > 0, lockBefore);
  // Minimized first, so that bringing it to the front is seen.
  await driver.minimizeWindow();
  assert.deepEqual(await driver.run(() => [document.hasFocus(), document.visibilityState]), [false, "hidden"]);

  // The second start: no display (it must not open a window), the same data directory.
  const env = { ...process.env, CAUCUS_DATA_DIR: app.dataDir, RUST_LOG: "info" };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const second = spawn(APP_BINARY, ["caucus:open"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  second.stdout.on("data", (c) => (out += c));
  second.stderr.on("data", (c) => (err += String(c).replace(/\x1b\[[0-9;]*m/g, "")));
  const { code, signal } = await new Promise((resolve) => second.once("exit", (code, signal) => resolve({ code, signal })));
  assert.equal(signal, null, err);
  assert.equal(code, 0, `the second start exits 0:\n${out}\n${err}`);
  assert.match(out, new RegExp(`already runs on .* \\(process ${firstPid}\\)`));
  assert.match(err, /focused=true/, `the first app reports its window focused:\n${err}`);

  // One window, the first: same process holds the directory, the session still drives it.
  assert.equal(readFileSync(path.join(app.dataDir, "caucus.lock"), "utf8"), lockBefore);
  assert.equal((await driver.windowHandles()).length, 1);
  assert.deepEqual(
    await driver.run(() => [document.hasFocus(), document.visibilityState]),
    [true, "visible"],
    "the first window is shown again, with the focus",
  );
  assert.equal(await driver.run(() => document.querySelector('#app[data-ready="true"]') !== null), true, "still the workshop, not an error");
});
