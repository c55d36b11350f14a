// End-to-end: About, opened from the keyboard (F1), shows the version set once in the workspace's
// Cargo.toml (read here, not written into the test), the licence and this run's data directory;
// Escape closes it and the focus goes back where it was.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, test } from "node:test";

import { closeAll, launchApp, Processes, ROOT } from "./harness.mjs";

const processes = new Processes();
let app;

after(closeAll(processes, () => [app]), { timeout: 30_000 });

/** `version = "…"` of the workspace's `[workspace.package]` table. */
function workspaceVersion() {
  const manifest = readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
  const table = manifest.split(/^\[/m).find((t) => t.startsWith("workspace.package]"));
  const version = table?.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  assert.ok(version, "Cargo.toml has a [workspace.package] version");
  return version;
}

test("About shows the workspace's version, the licence and the data directory, from the keyboard", { timeout: 120_000 }, async () => {
  const version = workspaceVersion();
  let driver;
  ({ app, driver } = await launchApp(processes, { name: "about" }));
  await app.waitReady();

  const about = await driver.find('[data-testid="about"]');
  assert.equal(await driver.text(about), "About");
  // The bar holds About too and still fits the window: a bar wider than the window made the page
  // scroll sideways, and WebDriver's clicks elsewhere (a reply's Send, a bracket in the draft)
  // landed beside their targets.
  const widths = await driver.run(() => {
    const bar = document.querySelector(".topbar");
    const end = bar.querySelector(".topbar-end").getBoundingClientRect();
    return { page: document.documentElement.scrollWidth, window: window.innerWidth, barEnd: Math.round(end.right), bar: Math.round(bar.getBoundingClientRect().right) };
  });
  assert.ok(widths.page <= widths.window && widths.barEnd <= widths.bar, `the top bar fits the window: ${JSON.stringify(widths)}`);
  const before = await driver.activeElement();
  await driver.pressKeys(["\uE031"]); // F1
  const dialog = await driver.waitFor('[data-testid="about-dialog"][open]');
  const shown = await driver.waitFor('[data-testid="about-version"]');
  assert.equal(await driver.text(shown), version);
  assert.equal(await driver.text(await driver.find('[data-testid="about-licence"]')), "MIT OR Apache-2.0");
  assert.equal(await driver.text(await driver.find('[data-testid="about-data-dir"]')), app.dataDir);
  assert.equal(await driver.attribute(await driver.activeElement(), "data-action"), "close", "the focus is in the dialog");
  await app.screenshot("about.png");

  await driver.pressKeys(["\uE00C"]); // Escape
  await driver.waitForGone('[data-testid="about-dialog"][open]');
  assert.equal(await driver.activeElement(), before, "the focus is back where it was");
  assert.ok(dialog);
});
