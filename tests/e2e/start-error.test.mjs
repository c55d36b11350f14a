// End-to-end: when the core cannot open its data directory, the window still opens and shows the
// core's error code, carried across IPC as `{code, message}` (src-tauri/src/dto.rs).

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, test } from "node:test";

import { checkPrerequisites, launchApp, Processes, startRelay } from "./harness.mjs";

const processes = new Processes();
let driver;

after(async () => {
  try {
    await driver?.deleteSession();
  } finally {
    await processes.stopAll();
  }
}, { timeout: 30_000 });

test("a data directory that cannot be opened shows the core's error code", { timeout: 90_000 }, async () => {
  const file = path.join(await processes.tempDir("caucus-e2e-"), "not-a-directory");
  writeFileSync(file, "a file where the data directory should be");
  ({ driver } = await launchApp(processes, { name: "start-error", dataDir: file }));

  const [found, panel] = await driver.waitForAny([".error-panel", ".doc-title"]);
  assert.equal(found, ".error-panel");
  const code = await driver.attribute(panel, "data-code");
  assert.match(code, /^[a-z_]+\.[a-z_.]+$/, `a core error code, not a UI fallback: ${code}`);
  assert.match(await driver.text(await driver.find(".error-code")), new RegExp(`${code}$`));
});

test("a data directory held by a relay (caucus serve) shows store.in_use naming it", { timeout: 90_000 }, async () => {
  checkPrerequisites({ cli: true });
  const relay = await startRelay(processes, { name: "start-error-relay" });
  await driver?.deleteSession();
  ({ driver } = await launchApp(processes, { name: "start-error-held", dataDir: relay.dataDir }));

  const [found, panel] = await driver.waitForAny([".error-panel", ".doc-title"]);
  assert.equal(found, ".error-panel");
  assert.equal(await driver.attribute(panel, "data-code"), "store.in_use");
  const text = await driver.text(panel);
  assert.match(text, /caucus serve/, text);
  assert.match(text, /Stop the relay first/, text);
});
