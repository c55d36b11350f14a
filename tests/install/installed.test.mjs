// The INSTALLED app (run by tests/install/test-install.sh, with CAUCUS_APP=/usr/bin/caucus-app and
// CAUCUS_CLI=/usr/bin/caucus): under Xvfb through tauri-driver it opens the sample workshop, takes
// typing, and the installed command line reads what it saved; `xdg-open` of an invitation link
// (the desktop entry's x-scheme-handler/caucus) brings it to Join, filled in and asking.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, test } from "node:test";

import { APP_BINARY, CLI_BINARY, cli, cliJson, closeAll, launchApp, Processes, waitUntil } from "../e2e/harness.mjs";
import { findPara, typeInto, waitForParaText } from "../e2e/page.mjs";

const processes = new Processes();
let app;

after(closeAll(processes, () => [app]), { timeout: 30_000 });

test("the installed app takes typing in the sample and the installed caucus reads it back", { timeout: 180_000 }, async () => {
  assert.ok(APP_BINARY.startsWith("/usr/"), `the installed app, not a build: ${APP_BINARY}`);
  assert.ok(CLI_BINARY.startsWith("/usr/"), `the installed command line, not a build: ${CLI_BINARY}`);
  let driver;
  ({ app, driver } = await launchApp(processes, { name: "installed" }));
  await app.waitReady();
  const [{ id: workshop }] = cliJson(app.dataDir, "list");
  const para = await findPara(driver, (p) => p.kind === "operative" && p.number === "1.", "1.");
  const typed = " as installed,";
  await typeInto(driver, para.id, typed);
  await waitForParaText(driver, para.id, para.text + typed);
  await driver.waitFor("[data-testid=save-state][data-state=saved]", 15000);
  const shown = cli(app.dataDir, "show", workshop);
  assert.ok(shown.includes(para.text + typed), `the installed caucus shows the typed text:\n${shown}`);
  await app.screenshot("installed.png");
});

test("xdg-open of an invitation link brings the installed app to Join, filled in and asking", { timeout: 120_000 }, async () => {
  const { driver } = app;
  const chairDir = await processes.tempDir("caucus-install-chair-");
  const workshop = cli(chairDir, "new", "--title", "Linked").trim();
  const member = cli(chairDir, "member", "add", workshop, "--name", "Ana", "--delegation", "Kenya", "--role", "delegate", "--group", "producer-country").trim();
  const link = cli(chairDir, "invite", workshop, "--member", member, "--link").trim();
  const token = new URL(link).searchParams.get("token");
  // As a mail program opens a clicked link: the system's handler for caucus: is the installed app,
  // which (a second start on the same data directory) hands the link to the running window.
  // xdg-open asks the desktop's handler only within a display session: the app's own (Xvfb's).
  const pid = /pid=(\d+)/.exec(readFileSync(path.join(app.dataDir, "caucus.lock"), "utf8"))?.[1];
  const session = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, "utf8")
      .split("\0")
      .map((kv) => kv.split(/=(.*)/s, 2))
      .filter(([k]) => k === "DISPLAY" || k === "XAUTHORITY"),
  );
  assert.ok(session.DISPLAY, "the app runs on a display");
  const env = { ...process.env, ...session, CAUCUS_DATA_DIR: app.dataDir };
  const opened = spawnSync("xdg-open", [link], { env, encoding: "utf8", timeout: 60_000 });
  assert.equal(opened.status, 0, `xdg-open failed: ${opened.stderr}`);
  const form = await waitUntil("Join shows the opened link's token", () =>
    driver.run((expected) => {
      const field = document.querySelector("[data-testid=join-token]");
      const status = document.querySelector("[data-testid=join-status]");
      return field?.value === expected ? { status: status?.textContent ?? "" } : null;
    }, token),
  );
  assert.match(form.status, /Join the workshop on this device\?/, form.status);
  assert.notEqual((await driver.invoke("workshop_current")).id, workshop, "nothing joined without the member's click");
  await app.screenshot("installed-link.png");
});
