// End-to-end: a comment round in the real app (issue #11 §5). Two app instances — the chair's device
// and a Kenyan delegate's, each with its own data directory — and one `caucus serve` relay on
// loopback, set up with the real command line. The chair opens a comment round from the top bar's
// stage dialog; the delegate's window learns it by sync and, without a reload, shows the draft
// read-only with a banner saying why (typing changes nothing) and the stage with its deadline and
// days left; the delegate proposes wording through "Propose change" and the proposal shows as a
// redline; the chair's window shows the thread with its delegation, records the outcome and
// applies the proposal; back in drafting the banner goes away. Closed, `caucus export --format docx
// --since <milestone>` on the chair's data directory carries a `w:ins` (and the replaced words a
// `w:del`) authored by Kenya. A comment and a reply the delegate is writing while the stage turns
// the draft read-only (or editable again) stay in their forms; the chair's observation written and
// not yet recorded is asked about before a language switch would lose it.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
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
/** A second proposal, whose words the chair edits before applying it. */
const WORDS2 = "social media platforms";
const PROPOSED2 = "social networks";
const WHY2 = "Not every platform is social media.";
/** A comment and a reply the delegate is writing while the stage changes, never sent. */
const WRITING = "Kenya is still writing this comment";
const REPLYING = "Kenya is still writing this reply";

const processes = new Processes();
let devices;
/** The chair's (A) and the delegate's (K, Kenya) app instances. */
let A, K;
let para;
let threadId;
let threadId2;
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
const thread2 = () => `[data-testid=thread][data-thread-id="${threadId2}"]`;

/** `driver`'s window's view of the thread `sel`: its type, delegation, redline, outcome, application and buttons. */
function threadState(driver, sel) {
  return driver.run((s) => {
    const t = document.querySelector(s);
    if (!t) return null;
    const shown = (q) => {
      const b = t.querySelector(q);
      return Boolean(b && !b.hidden);
    };
    return {
      kind: t.dataset.kind,
      delegation: t.querySelector("[data-testid=thread-delegation]")?.textContent,
      del: [...t.querySelectorAll("[data-testid=thread-redline] del")].map((d) => d.textContent),
      ins: [...t.querySelectorAll("[data-testid=thread-redline] ins")].map((d) => d.textContent),
      outcome: t.dataset.outcome,
      applied: t.dataset.applied,
      appliedText: t.querySelector("[data-testid=thread-applied]")?.textContent ?? "",
      support: shown("[data-testid=thread-support]"),
      record: shown("[data-testid=thread-record-outcome]"),
      apply: shown("[data-testid=thread-apply]"),
    };
  }, sel);
}

/** Proposes `proposed` for `words` of the paragraph under test in the delegate's window, with `why`; returns the thread's id. */
async function propose(words, proposed, why, type = "general") {
  const { driver } = K;
  assert.equal(await selectWords(driver, para.id, words), words);
  await driver.click(await driver.waitFor("[data-testid=propose-button]"));
  const proposal = await driver.waitFor("[data-testid=proposal-text]");
  assert.equal(await driver.property(proposal, "value"), words, "the proposal starts from the selected words");
  assert.equal(await setValue(K, "[data-testid=proposal-text]", ""), "");
  await driver.sendKeys(proposal, proposed);
  // The preview's redline without its deleted words reads as the proposal, and it marks a change.
  await waitUntil("the form previews the redline", async () =>
    driver.run((want) => {
      const line = document.querySelector("[data-testid=proposal-preview] .redline");
      if (!line?.querySelector("ins")) return false;
      const kept = [...line.childNodes].filter((n) => n.nodeName !== "DEL").map((n) => n.textContent).join("");
      return kept === want;
    }, proposed),
  );
  assert.equal(await setValue(K, "[data-testid=comment-type]", type), type);
  const body = await driver.find("[data-testid=comment-body]");
  await driver.click(body);
  await driver.sendKeys(body, why);
  await driver.click(await driver.find("[data-testid=comment-submit]"));
  return waitUntil("the proposal is listed", () =>
    driver.run((text) => {
      const t = [...document.querySelectorAll("[data-testid=thread][data-thread-id]")].find((x) => x.textContent.includes(text));
      return t?.getAttribute("data-thread-id") ?? null;
    }, why),
  ).catch(async (err) => {
    throw new Error(`${err.message}; notices: ${JSON.stringify(await notices(driver))}`);
  });
}

/** The stage chip's state in `app`'s top bar. */
function stageChip(app) {
  return app.driver.run(() => {
    const chip = document.querySelector("[data-testid=stage]");
    return chip && !chip.hidden ? { stage: chip.dataset.stage, text: chip.textContent, canSet: chip.dataset.canSet, readOnly: chip.getAttribute("aria-disabled") === "true" } : null;
  });
}

/** Whether `app`'s editor accepts typing (ProseMirror's contenteditable). */
function editable(app) {
  return app.driver.run((sel) => document.querySelector(sel)?.getAttribute("contenteditable"), EDITOR);
}

/**
 * Clicks `selector` in `app`'s window once it is shown and still, brought to the middle of the
 * panel (the comments panel scrolls on its own; the click aims where the element was measured).
 */
async function clickOn(app, selector) {
  const { driver } = app;
  await driver.waitFor(selector, 15000);
  await driver.run((sel) => document.querySelector(sel)?.scrollIntoView({ block: "center" }), selector);
  await waitStill(driver, selector);
  await driver.click(await driver.find(selector)).catch(async (err) => {
    const state = await driver.run((sel) => {
      const e = document.querySelector(sel);
      const r = e?.getBoundingClientRect();
      return e ? { hidden: e.hidden, rect: r && [r.x, r.y, r.width, r.height], display: getComputedStyle(e).display, top: r && document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.outerHTML.slice(0, 200) } : null;
    }, selector);
    throw new Error(`${err.message}: ${selector} ${JSON.stringify(state)}`);
  });
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
async function setStage(app, stage, withDeadline = null, { screenshot = null, keyboard = false } = {}) {
  const { driver } = app;
  const chip = await driver.waitFor("[data-testid=stage][data-can-set=true]");
  if (keyboard) {
    // From the keyboard: the chip takes the focus, Enter opens the dialog on the stage's select.
    await driver.run(() => document.querySelector("[data-testid=stage]").focus());
    await driver.pressKeys("\uE007");
  } else {
    await driver.click(chip);
  }
  await driver.waitFor("[data-testid=stage-dialog][open]", 10000);
  if (keyboard) assert.equal(await driver.run(() => document.activeElement?.dataset.testid), "stage-select", "the dialog opens with the focus on the stage");
  assert.equal(await setValue(app, "[data-testid=stage-select]", stage), stage);
  if (withDeadline) assert.equal(await setValue(app, "[data-testid=stage-deadline]", withDeadline), withDeadline);
  if (screenshot) await app.screenshot(screenshot);
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
  assert.equal(before.readOnly, true, "a delegate sees the stage but cannot set it");
  // Pressing it opens nothing for them.
  await K.driver.click(await K.driver.find("[data-testid=stage]"));
  assert.equal(await K.driver.run(() => document.querySelector("[data-testid=stage-dialog]")?.open), false);
  assert.equal(await editable(K), "true", "in drafting the delegate edits the draft");
  const loaded = await K.driver.run(() => window.performance.timeOrigin);
  // The delegate is writing a comment when the round opens.
  assert.equal(await selectWords(K.driver, para.id, WORDS), WORDS);
  await K.driver.click(await K.driver.waitFor("[data-testid=comment-button]"));
  const body = await K.driver.waitFor("[data-testid=comment-body]");
  await K.driver.click(body);
  await K.driver.sendKeys(body, WRITING);

  await setStage(A, "comment-round", deadline, { screenshot: "round-chair-stage-dialog.png", keyboard: true });
  const chair = await stageChip(A);
  assert.match(chair.text, /^Comment round · until \d+ \w+( \d{4})? · 12 days left$/);
  assert.equal(await editable(A), "true", "the chair still edits the draft");

  const banner = await K.driver.waitFor("[data-testid=stage-banner][data-stage=comment-round]", 30000);
  const text = await K.driver.text(banner);
  assert.match(text, /^Comment round until \d+ \w+ \d{4}: the chair and the Secretariat edit the draft; propose a change on any words instead/);
  assert.equal(await editable(K), "false", "the delegate's editor is read-only");
  assert.match((await stageChip(K)).text, /Comment round · until .* · 12 days left/);
  assert.equal(await K.driver.run(() => window.performance.timeOrigin), loaded, "the same page: no reload");
  // The editor and the comments were mounted anew (read-only): the comment being written is still
  // there, on the same words, and its field keeps the focus.
  const form = await K.driver.run(() => {
    const f = document.querySelector(".comment-form");
    return { shown: !!f && !f.hidden, body: f?.querySelector("[data-testid=comment-body]")?.value, quote: f?.querySelector(".comment-quote-preview")?.textContent, focused: document.activeElement?.dataset?.testid ?? null };
  });
  assert.deepEqual(form, { shown: true, body: WRITING, quote: WORDS, focused: "comment-body" });
  await K.screenshot("round-delegate-banner.png");
  await K.driver.click(await K.driver.find("[data-testid=comment-cancel]"));
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
  threadId = await propose(WORDS, PROPOSED, WHY, "technical");
  const shown = await threadState(K.driver, thread());
  assert.deepEqual(
    { kind: shown.kind, delegation: shown.delegation, del: shown.del, ins: shown.ins, support: shown.support, record: shown.record, apply: shown.apply },
    { kind: "technical", delegation: "Kenya", del: [WORDS], ins: [PROPOSED], support: false, record: false, apply: false },
    "a delegate's own proposal: no Support, Record outcome or Apply",
  );
  assert.equal(await paraText(K.driver, para.id), para.text, "the draft still reads as before: nothing typed reached it");
});

test("the delegate supports another delegation's comment, and withdraws the support", { timeout: 90_000 }, async () => {
  const { driver } = K;
  const other = await driver.run(() => {
    const t = [...document.querySelectorAll("[data-testid=thread]")].find((x) => x.dataset.delegation && x.dataset.delegation !== "Kenya" && x.dataset.resolved === "false");
    return t?.dataset.threadId ?? null;
  });
  assert.ok(other, "a thread of another delegation");
  const sel = `[data-testid=thread][data-thread-id="${other}"]`;
  const supporters = (app) => app.driver.run((s) => {
    const p = document.querySelector(`${s} [data-testid=thread-supporters]`);
    return p && !p.hidden ? p.textContent : "";
  }, sel);
  await clickOn(K, `${sel} [data-testid=thread-support]`);
  await waitUntil("the chair's window shows Kenya's support", async () => /^Supported by .*Kenya/.test(await supporters(A)), { timeoutMs: 30000 });
  await waitUntil("the button offers to withdraw it", async () => (await driver.run((s) => document.querySelector(`${s} [data-testid=thread-support]`)?.textContent, sel)) === "Withdraw support");
  await clickOn(K, `${sel} [data-testid=thread-support]`);
  await waitUntil("the chair's window shows the support withdrawn", async () => !(await supporters(A)).includes("Kenya"), { timeoutMs: 30000 });
});

test("the chair sees the proposal with its delegation and records the outcome", { timeout: 90_000 }, async () => {
  const { driver } = A;
  await driver.waitFor(thread(), 30000);
  assert.equal(await driver.run((sel) => document.querySelector(`${sel} [data-testid=thread-delegation]`)?.textContent, thread()), "Kenya");
  await clickOn(A, `${thread()} [data-testid=thread-record-outcome]`);
  assert.equal(await setValue(A, `${thread()} [data-testid=outcome-select]`, "accepted"), "accepted");
  const observation = await driver.find(`${thread()} [data-testid=outcome-observation]`);
  await driver.click(observation);
  await driver.sendKeys(observation, OBSERVATION);
  // Written, not yet recorded: switching the language (a reload) asks first; kept, it stays.
  await driver.click(await driver.find("[data-testid=nav-workshops]"));
  await driver.click(await driver.waitFor('[data-testid=language-workshops] option[value="fr"]'));
  await driver.waitFor("[data-testid=discard-dialog][open]");
  assert.match(await driver.run(() => document.querySelector("[data-testid=discard-message]").textContent), /not saved yet: an outcome's observation being written\./);
  await driver.click(await driver.find("[data-testid=discard-keep]"));
  await driver.waitForGone("[data-testid=discard-dialog][open]");
  await driver.click(await driver.find("[data-testid=nav-draft]"));
  assert.equal(await driver.run((sel) => document.querySelector(`${sel} [data-testid=outcome-observation]`)?.value, thread()), OBSERVATION);
  await clickOn(A, `${thread()} [data-testid=outcome-submit]`);
  await driver.waitFor(`${thread()}[data-outcome=accepted]`, 15000).catch(async (err) => {
    throw new Error(`${err.message}; notices: ${JSON.stringify(await notices(driver))}`);
  });
  assert.match(await driver.run((sel) => document.querySelector(`${sel} [data-testid=thread-outcome]`)?.textContent, thread()), new RegExp(`Accepted.*${OBSERVATION}`));
  // The delegate's window shows it too, by sync.
  await K.driver.waitFor(`${thread()}[data-outcome=accepted]`, 30000);
  await A.screenshot("round-chair-comments.png");
});

test("the chair applies the proposal: the draft reads as proposed in both windows, and the thread says so", { timeout: 90_000 }, async () => {
  const { driver } = A;
  assert.equal((await threadState(driver, thread())).apply, true, "the chair sees Apply");
  await clickOn(A, `${thread()} [data-testid=thread-apply]`);
  await driver.waitFor(`${thread()}[data-applied=true]`, 15000).catch(async (err) => {
    throw new Error(`${err.message}; notices: ${JSON.stringify(await notices(driver))}`);
  });
  const applied = para.text.replace(WORDS, PROPOSED);
  for (const app of [A, K]) {
    await waitUntil(`${app.name} shows the applied proposal`, async () => (await paraText(app.driver, para.id)) === applied, { timeoutMs: 20000 });
  }
  const state = await threadState(driver, thread());
  assert.equal(state.apply, false, "once applied, the button is gone");
  assert.match(state.appliedText, /^Applied to the draft by /);
  await K.driver.waitFor(`${thread()}[data-applied=true]`, 20000);
  para = { ...para, text: applied };
});

test("a proposal whose words changed since is applied once the chair confirms it against the text as it is now", { timeout: 120_000 }, async () => {
  threadId2 = await propose(WORDS2, PROPOSED2, WHY2);
  const { driver } = A;
  await driver.waitFor(thread2(), 30000);
  // The chair changes one of the words the proposal was made against.
  assert.equal(await selectWords(driver, para.id, "media"), "media");
  await driver.pressKeys("MEDIA");
  const edited = para.text.replace("social media platforms", "social MEDIA platforms");
  await waitUntil("the chair's edit is in the draft", async () => (await paraText(driver, para.id)) === edited, { timeoutMs: 10000 });
  await driver.waitFor("[data-testid=save-state][data-state=saved]", 15000);
  await clickOn(A, `${thread2()} [data-testid=thread-apply]`);
  await driver.waitFor(`${thread2()} [data-testid=apply-confirm]:not([hidden])`, 15000).catch(async (err) => {
    throw new Error(`${err.message}; notices: ${JSON.stringify(await notices(driver))}`);
  });
  const redline = await driver.run((sel) => {
    const line = document.querySelector(`${sel} [data-testid=apply-redline]`);
    return { del: [...line.querySelectorAll("del")].map((d) => d.textContent), ins: [...line.querySelectorAll("ins")].map((d) => d.textContent) };
  }, thread2());
  assert.deepEqual(redline, { del: ["MEDIA platforms"], ins: ["networks"] }, "the proposal against the words as they are now");
  assert.equal((await threadState(driver, thread2())).applied, "false", "nothing is applied before the chair confirms");
  await A.screenshot("round-chair-apply-confirm.png");
  await clickOn(A, `${thread2()} [data-testid=apply-confirm-yes]`);
  await driver.waitFor(`${thread2()}[data-applied=true][data-outcome=accepted-modified]`, 15000);
  para = { ...para, text: edited.replace("social MEDIA platforms", PROPOSED2) };
  await waitUntil("the chair's draft reads as proposed", async () => (await paraText(driver, para.id)) === para.text, { timeoutMs: 10000 });
});

test("the filters show one delegation's comments, or the open ones only", { timeout: 60_000 }, async () => {
  const { driver } = A;
  const visible = () =>
    driver.run(() =>
      [...document.querySelectorAll("[data-testid=thread]")].filter((t) => !t.hidden).map((t) => ({ id: t.dataset.threadId, delegation: t.dataset.delegation, outcome: t.dataset.outcome, resolved: t.dataset.resolved })),
    );
  const all = await visible();
  assert.ok(all.some((t) => t.delegation !== "Kenya"), "the sample's threads of other delegations are listed");
  assert.equal(await setValue(A, "[data-testid=filter-delegation]", "Kenya"), "Kenya");
  await waitUntil("only Kenya's threads are shown", async () => {
    const shown = await visible();
    return shown.length === 2 && shown.every((t) => t.delegation === "Kenya");
  }, { timeoutMs: 10000 });
  assert.equal(await setValue(A, "[data-testid=filter-state]", "open"), "open");
  await waitUntil("Kenya's threads all have an outcome: none is open", async () => (await visible()).length === 0, { timeoutMs: 10000 });
  assert.equal(await driver.run(() => document.querySelector(".comments .panel-empty")?.textContent), "No comments match the filters.");
  await setValue(A, "[data-testid=filter-delegation]", "");
  await waitUntil("the open threads of every delegation", async () => {
    const shown = await visible();
    return shown.length > 0 && shown.every((t) => t.outcome === "" && t.resolved === "false");
  }, { timeoutMs: 10000 });
  await setValue(A, "[data-testid=filter-state]", "");
  await waitUntil("every thread again", async () => (await visible()).length === all.length, { timeoutMs: 10000 });
});

test("after the deadline, a comment is kept and shown as late", { timeout: 90_000 }, async () => {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await setStage(A, "comment-round", yesterday);
  await waitUntil("the delegate's window shows the deadline passed", async () => /^Comment round · deadline \d+ \w+( \d{4})? passed$/.test((await stageChip(K))?.text ?? ""), { timeoutMs: 30000 });
  const { driver } = K;
  const words = "e-commerce";
  assert.equal(await selectWords(driver, para.id, words), words);
  await driver.click(await driver.waitFor("[data-testid=comment-button]"));
  const body = await driver.waitFor("[data-testid=comment-body]");
  await driver.click(body);
  const late = "Sent after the deadline, but still worth reading.";
  await driver.sendKeys(body, late);
  await driver.click(await driver.find("[data-testid=comment-submit]"));
  const id = await waitUntil("the late comment is listed", () =>
    driver.run((text) => [...document.querySelectorAll("[data-testid=thread]")].find((t) => t.textContent.includes(text))?.dataset.threadId ?? null, late),
  );
  const sel = `[data-testid=thread][data-thread-id="${id}"]`;
  await driver.waitFor(`${sel}[data-late=true] [data-testid=thread-late]`, 10000);
  await A.driver.waitFor(`${sel}[data-late=true]`, 30000);
  await K.screenshot("round-delegate-late.png");
});

test("back in drafting the delegate's banner goes away and the draft is editable again", { timeout: 90_000 }, async () => {
  // The delegate is writing a reply when the round closes.
  const thread = `[data-testid=thread][data-thread-id="${threadId}"]`;
  await K.driver.click(await K.driver.waitFor(`${thread} .thread-head`));
  const reply = await K.driver.waitFor(`${thread} [data-testid=reply-body]`);
  await K.driver.click(reply);
  await K.driver.sendKeys(reply, REPLYING);
  await setStage(A, "drafting");
  await K.driver.waitForGone("[data-testid=stage-banner]", 30000);
  await waitUntil("the delegate's editor is editable again", async () => (await editable(K)) === "true", { timeoutMs: 10000 });
  assert.equal((await stageChip(K)).stage, "drafting");
  const kept = await K.driver.run((sel) => document.querySelector(`${sel} [data-testid=reply-body]`)?.value ?? null, thread);
  assert.equal(kept, REPLYING, "the reply being written stays through the new mount");
});

test("the core has the proposals as the windows showed them, and the DOCX since the milestone credits Kenya's wording to Kenya", { timeout: 60_000 }, async () => {
  assert.ok(threadId && threadId2, "the threads of the proposals");
  for (const app of [A, K]) await app.driver.waitFor("[data-testid=save-state][data-state=saved]", 15000);
  await A.close();
  const threads = cliJson(devices.chair.dataDir, "comment", "list", devices.workshop);
  const stored = threads.find((t) => t.id === threadId);
  assert.ok(stored, "the thread is stored on the chair's device");
  assert.equal(stored.type, "technical");
  assert.deepEqual(stored.proposal, { kind: "replace", text: PROPOSED });
  assert.equal(stored.delegation, "Kenya");
  assert.equal(stored.outcome?.outcome, "accepted");
  assert.equal(stored.outcome?.observation, OBSERVATION);
  assert.ok(stored.applied, "recorded as applied");
  assert.equal(threads.find((t) => t.id === threadId2)?.outcome?.outcome, "accepted-modified");

  const out = path.join(await processes.tempDir("caucus-e2e-round-export-"), "since.docx");
  cli(devices.chair.dataDir, "export", devices.workshop, "--format", "docx", "--since", MILESTONE, "-o", out);
  const xml = execFileSync("unzip", ["-p", out, "word/document.xml"], { encoding: "utf8", maxBuffer: 64 << 20 });
  /** author → the text of their tracked insertions. */
  const inserted = new Map();
  for (const [, attrs, inner] of xml.matchAll(/<w:ins\b([^>]*)>([\s\S]*?)<\/w:ins>/g)) {
    const author = /w:author="([^"]*)"/.exec(attrs)?.[1] ?? "";
    const text = [...inner.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
    inserted.set(author, (inserted.get(author) ?? "") + text);
  }
  assert.ok(inserted.get("Kenya")?.includes(PROPOSED), `a w:ins by Kenya carries "${PROPOSED}": ${JSON.stringify([...inserted])}`);
  assert.ok(inserted.get("Kenya")?.includes(PROPOSED2.split(" ").pop()), `and Kenya's second proposal: ${JSON.stringify([...inserted])}`);
  // The words a proposal replaced are deleted in the proposing delegation's name too.
  const deleted = new Map();
  for (const [, attrs, inner] of xml.matchAll(/<w:del\b([^>]*)>([\s\S]*?)<\/w:del>/g)) {
    const author = /w:author="([^"]*)"/.exec(attrs)?.[1] ?? "";
    const text = [...inner.matchAll(/<w:delText(?:\s[^>]*)?>([^<]*)<\/w:delText>/g)].map((m) => m[1]).join("");
    deleted.set(author, (deleted.get(author) ?? "") + text);
  }
  assert.ok(deleted.get("Kenya")?.includes(WORDS), `a w:del by Kenya carries "${WORDS}": ${JSON.stringify([...deleted])}`);
});
