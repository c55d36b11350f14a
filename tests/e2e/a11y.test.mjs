// End-to-end: every screen of the real app checked with axe-core (issue #15 §1: WCAG 2.1 AA as
// UN-system software must be): the Draft view with its comments, Status, Versions, Members,
// Milestones, Workshops, and the About, Export, stage and discard-question dialogs, in English and in French. A
// serious or critical violation fails the test, named with the elements it was found on. What axe
// cannot judge (the reading order, whether a label says what a control does, the keyboard's path
// through a dialog) was checked by hand; README "Accessibility" says what.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { checkPrerequisites, closeAll, launchApp, Processes, ROOT } from "./harness.mjs";

const AXE = readFileSync(path.join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
const ESCAPE = "\uE00C";

const processes = new Processes();
let app;
let driver;

/** Runs axe on the page as it is now; returns its serious and critical violations, described. */
async function violations(where) {
  await driver.execute(`${AXE}\n;window.axe = window.axe || axe; return true;`);
  const found = await driver.runAsync(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 6).map((n) => `${n.target.join(" ")}: ${(n.failureSummary ?? "").split("\n").slice(1, 2).join("").trim()}`),
      }));
  });
  return found.map((v) => `${where}: ${v.impact} ${v.id} (${v.help})\n    ${v.nodes.join("\n    ")}`);
}

/** Shows a view from the top bar and waits until it is the one shown. */
async function show(view) {
  await driver.clickSelector(`[data-testid=nav-${view}]`);
  await driver.waitFor(`[data-testid=nav-${view}][aria-current=page]`);
}

/** Every screen, in the window's language now: a list of violations (empty when none). */
async function everyScreen(lang) {
  const found = [];
  await show("draft");
  await driver.waitFor(".ProseMirror");
  found.push(...(await violations(`${lang} draft`)));
  for (const [view, ready] of [
    ["status", "[data-testid=status-view] .negotiation-body[aria-busy=false]"],
    ["versions", "[data-testid=versions-row]"],
    ["members", "[data-testid=member-row]"],
    ["milestones", "[data-view=milestones] .side-panel"],
    ["workshops", "[data-view=workshops] .sheet"],
  ]) {
    await show(view);
    await driver.waitFor(ready);
    found.push(...(await violations(`${lang} ${view}`)));
  }
  await show("draft");
  for (const [name, opener, dialog] of [
    ["about", "[data-testid=about]", "[data-testid=about-dialog][open]"],
    ["export", "[data-action=export]", "dialog[open]"],
    ["stage", "[data-testid=stage]", "dialog[open]"],
  ]) {
    await driver.clickSelector(opener);
    await driver.waitFor(dialog);
    found.push(...(await violations(`${lang} ${name} dialog`)));
    await driver.pressKeys([ESCAPE]);
    await driver.waitForGone(dialog);
  }
  // The question before typed text is lost: a translation typed, then the language switched;
  // Escape keeps the text, and taking the two characters back leaves nothing typed.
  // (Once the view has read the versions again: it draws its rows anew when shown.)
  const field = ".versions-body[aria-busy=false] [data-testid=versions-edit]";
  await show("versions");
  const stored = await driver.property(await driver.waitFor(field), "value");
  await driver.sendKeys(await driver.waitFor(field), " x");
  await show("workshops");
  await driver.click(await driver.waitFor(`[data-testid=language-workshops] option[value="${lang === "en" ? "fr" : "en"}"]`));
  await driver.waitFor("[data-testid=discard-dialog][open]");
  found.push(...(await violations(`${lang} discard question`)));
  await driver.pressKeys([ESCAPE]);
  await driver.waitForGone("[data-testid=discard-dialog][open]");
  await show("versions");
  await driver.sendKeys(await driver.waitFor(field), "\uE003\uE003");
  assert.equal(await driver.property(await driver.find(field), "value"), stored, "the translation as stored again");
  return found;
}

before(async () => {
  checkPrerequisites();
  ({ app, driver } = await launchApp(processes, { name: "a11y" }));
  await app.waitReady();
}, { timeout: 120_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

test("every screen in English has no serious or critical axe-core violation", { timeout: 180_000 }, async () => {
  const found = await everyScreen("en");
  assert.deepEqual(found, [], `WCAG 2.1 AA, axe-core:\n${found.join("\n")}`);
});

test("every screen in French has no serious or critical axe-core violation", { timeout: 240_000 }, async () => {
  await app.close();
  // A second window on its own data directory, started with the system's language French.
  ({ app, driver } = await launchApp(processes, { name: "a11y-fr", env: { LANG: "fr_FR.UTF-8", LC_ALL: "", LC_MESSAGES: "" } }));
  await app.waitReady();
  assert.equal(await driver.run(() => document.documentElement.lang), "fr");
  const found = await everyScreen("fr");
  assert.deepEqual(found, [], `WCAG 2.1 AA, axe-core:\n${found.join("\n")}`);
});
