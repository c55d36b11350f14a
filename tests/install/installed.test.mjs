// The INSTALLED app (run by tests/install/test-install.sh, with CAUCUS_APP=/usr/bin/caucus-app and
// CAUCUS_CLI=/usr/bin/caucus): under Xvfb through tauri-driver it opens the sample workshop, takes
// typing, and the installed command line reads what it saved.

import assert from "node:assert/strict";
import { after, test } from "node:test";

import { APP_BINARY, CLI_BINARY, cli, cliJson, closeAll, launchApp, Processes } from "../e2e/harness.mjs";
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
