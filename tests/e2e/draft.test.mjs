// End-to-end: the real Caucus binary opens the core's built-in sample workshop and shows its draft
// as a CITES document. Run with `node --test tests/e2e/` after `cargo build -p caucus-app`.

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { ARTIFACTS, launchApp, Processes } from "./harness.mjs";

const SAMPLE_TITLE = "DRAFT RESOLUTION ON COMBATING WILDLIFE CYBERCRIME";

const processes = new Processes();
let driver;

before(async () => {
  ({ driver } = await launchApp(processes, { name: "draft" }));
}, { timeout: 90_000 });

after(async () => {
  try {
    await driver?.deleteSession();
  } finally {
    await processes.stopAll();
  }
}, { timeout: 30_000 });

test("the sample draft is shown as a CITES document", { timeout: 60_000 }, async () => {
  const [found, element] = await driver.waitForAny([".doc-title", ".error-panel"]);
  if (found === ".error-panel") {
    assert.fail(`the app shows an error instead of the draft: ${await driver.text(element)}`);
  }

  assert.equal(await driver.text(element), SAMPLE_TITLE);

  const conference = await driver.find(".doc-conference");
  assert.ok(conference, "the Conference line precedes the operative part");
  assert.equal(await driver.text(conference), "THE CONFERENCE OF THE PARTIES TO THE CONVENTION");

  const first = await driver.find('.para[data-kind="operative"][data-number="1."]');
  assert.ok(first, 'an operative paragraph numbered "1." is shown');
  assert.equal(await driver.text(await driver.findFrom(first, ".num")), "1.");
  assert.match(await driver.attribute(first, "id"), /^p-.+/);
  const body = await driver.text(await driver.findFrom(first, ".text"));
  assert.ok(body.trim().length > 0, "operative paragraph 1 has text");

  assert.equal(await driver.title(), `${await driver.text(await driver.find(".workshop-symbol"))} — Caucus`);

  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, "draft.png");
  const png = await driver.screenshot();
  assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
  writeFileSync(file, png);
  console.log(`screenshot: ${path.relative(process.cwd(), file)}`);
});
