// End-to-end: three app instances — the chair's device A, a delegate's device B and an observer's
// device O, each with its own data directory, tauri-driver and display — and one `caucus serve`
// relay on loopback, set up with the real command line (demo, member add, sync --to, invite, join).
// What A types appears in B and back, with A's named caret (and the keystroke → remote latency is
// measured); O cannot type but its comment shows in A anchored on the words O selected; A and B
// edit offline and merge when they reconnect; the roster is read-only for B; screenshots of the
// main screens; a fourth, fresh device joins with an invitation made in A's members view.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { checkPrerequisites, closeAll, launchApps, Processes, recordMetrics, setUpWorkshop, summarize, waitUntil } from "./harness.mjs";
import {
  EDITOR,
  findPara,
  inPage,
  keydowns,
  paragraphs,
  paraText,
  recordKeydowns,
  selectWords,
  typeInto,
  waitForParaText,
  watchAttribute,
  watchedAttribute,
  watchedChanges,
  watchPara,
} from "./page.mjs";
import { closeSyncPopover, openSyncPopover, setOnline, syncState, waitForSync } from "./sync.mjs";

const processes = new Processes();
let devices;
/** The chair's (A), the delegate's (B) and the observer's (O) app instances. */
let A, B, O;
/** Every instance started, to close at the end. */
const apps = [];
/** The thread the observer started (for the screenshot of A). */
let observerThread = null;

const operative = (n) => (p) => p.kind === "operative" && p.number === `${n}.`;

before(async () => {
  checkPrerequisites({ cli: true });
  devices = await setUpWorkshop(processes, [
    { key: "delegate", name: "Ana Delegate", delegation: "Kenya", role: "delegate", group: "producer-country" },
    { key: "observer", name: "Olga Observer", delegation: "TRAFFIC", role: "observer", group: "ngo" },
  ]);
  [A, B, O] = await launchApps(processes, [
    { name: "collab-chair", dataDir: devices.chair.dataDir },
    { name: "collab-delegate", dataDir: devices.delegate.dataDir },
    { name: "collab-observer", dataDir: devices.observer.dataDir },
  ]);
  apps.push(A, B, O);
  const ready = {};
  for (const app of [A, B, O]) ready[app.name] = await app.waitReady();
  recordMetrics("cold_start_ms", { chair_with_relay: ready["collab-chair"], delegate_with_relay: ready["collab-delegate"], observer_with_relay: ready["collab-observer"] });
  // Each device opened the workshop it has and connected on its own to the relay it knows.
  for (const app of [A, B, O]) {
    const info = await app.driver.invoke("workshop_current");
    assert.equal(info.id, devices.workshop, `${app.name} opened the workshop of its device`);
    await waitForSync(app, "synced");
  }
}, { timeout: 240_000 });

after(closeAll(processes, () => apps), { timeout: 60_000 });

/** Waits until both windows show the same paragraphs; returns them. */
async function converged(x, y, timeoutMs = 20000) {
  let last;
  await waitUntil(
    `${x.name} and ${y.name} to show the same draft`,
    async () => {
      const [a, b] = [await paragraphs(x.driver), await paragraphs(y.driver)];
      last = [a, b];
      return JSON.stringify(a) === JSON.stringify(b);
    },
    { timeoutMs, everyMs: 200 },
  ).catch((err) => {
    const [a, b] = last ?? [[], []];
    const diff = a.map((p, i) => [p, b[i]]).find(([p, q]) => JSON.stringify(p) !== JSON.stringify(q));
    throw new Error(`${err.message}; first difference: ${JSON.stringify(diff)} (${a.length} vs ${b.length} paragraphs)`);
  });
  return last[0];
}

test("what the chair types appears on the delegate's device, and back", { timeout: 90_000 }, async () => {
  await converged(A, B);
  const p2 = await findPara(A.driver, operative(2), "2.");
  const fromA = " typed by the chair";
  await typeInto(A.driver, p2.id, fromA);
  await waitForParaText(A.driver, p2.id, p2.text + fromA, { what: "A shows what A typed" });
  await waitForParaText(B.driver, p2.id, p2.text + fromA, { what: "B shows what A typed", timeoutMs: 15000 });
  // B shows A's caret, with the chair's name, in that paragraph.
  const caret = await waitUntil(
    "B shows the chair's caret in the paragraph A typed in",
    () =>
      B.driver.run(
        (editorSel, id) =>
          [...document.querySelectorAll(`${editorSel} div.para[data-id="${id}"] .ProseMirror-yjs-cursor`)].map((c) => c.textContent.replace(/\u2060/g, "")),
        EDITOR,
        p2.id,
      ).then((names) => (names.length ? names : null)),
    { timeoutMs: 10000, everyMs: 200 },
  );
  assert.ok(caret.some((name) => name.includes(devices.chair.name)), `the caret is named after the chair: ${caret}`);

  const p3 = await findPara(B.driver, operative(3), "3.");
  const fromB = " and by the delegate";
  await typeInto(B.driver, p3.id, fromB);
  await waitForParaText(B.driver, p3.id, p3.text + fromB, { what: "B shows what B typed" });
  await waitForParaText(A.driver, p3.id, p3.text + fromB, { what: "A shows what B typed", timeoutMs: 15000 });
  await converged(A, B);
});

/**
 * Types 120 keys into operative paragraph `n` on A, `pauseMs` apart, and returns for each the time
 * from its keydown on A to the DOM mutation on B that shows it (both Date.now(), one machine).
 */
async function relayKeystrokes(n, pauseMs) {
  await converged(A, B);
  const target = await findPara(A.driver, operative(n), `${n}.`);
  const typed = " the parties agree to share information on online trade in wildlife within two weeks of a request".padEnd(120, " ok");
  assert.equal(typed.length, 120);
  await watchPara(B.driver, target.id);
  await watchAttribute(A.driver, "[data-testid=save-state]", "data-state");
  await recordKeydowns(A.driver);
  await typeInto(A.driver, target.id, typed.slice(0, 1));
  for (let i = 1; i < typed.length; i += 20) await A.driver.pressKeys(typed.slice(i, i + 20), { pauseMs });
  await waitForParaText(A.driver, target.id, target.text + typed, { what: "A shows the 120 keystrokes" });
  await waitForParaText(B.driver, target.id, target.text + typed, { what: "B shows the 120 keystrokes", timeoutMs: 20000 });

  const keys = await keydowns(A.driver);
  const changes = await watchedChanges(B.driver);
  const saveStates = await watchedAttribute(A.driver);
  assert.equal(keys.length, typed.length, "one keydown per character");
  // A part of the path: from the keydown until A's save state next reads "saved" (committed on A).
  const savedOnA = keys
    .map(([at]) => saveStates.find(([t, state]) => t >= at && state === "saved"))
    .map((found, k) => (found ? found[0] - keys[k][0] : null))
    .filter((ms) => ms !== null);
  const latencies = keys.map(([at], k) => {
    const prefix = target.text + typed.slice(0, k + 1);
    const seen = changes.find(([, text]) => text !== null && text.startsWith(prefix));
    assert.ok(seen, `keystroke ${k} never showed on B`);
    return seen[0] - at;
  });
  const interval = (keys[keys.length - 1][0] - keys[0][0]) / (keys.length - 1);
  const saved = summarize(savedOnA);
  return {
    ...summarize(latencies),
    keystrokes: keys.length,
    mean_interval_ms: Math.round(interval),
    saved_on_a: { n: saved.n, p50: saved.p50, p95: saved.p95 },
  };
}

test("keystroke on A → visible on B through the relay (measured over 2 × 120 keystrokes)", { timeout: 180_000 }, async () => {
  // About 8 keys a second (a fast typist), then as fast as WebDriver sends them with 40 ms pauses.
  const typist = await relayKeystrokes(4, 100);
  const burst = await relayKeystrokes(6, 40);
  // The goal speaks of two instances: measured again with the observer's window working offline,
  // so that a third app on the same two CPUs does not take its share of every keystroke.
  await setOnline(O, false);
  let twoInstances;
  try {
    twoInstances = await relayKeystrokes(5, 100);
  } finally {
    await setOnline(O, true);
  }
  recordMetrics("relay_keystroke_ms", { ...typist, goal_p95: 100, burst, observer_offline: twoInstances });
  console.log(`  with the observer offline: p50 ${twoInstances.p50} ms, p95 ${twoInstances.p95} ms`);
  console.log(`keystroke A → B through the relay: p50 ${typist.p50} ms, p95 ${typist.p95} ms (n=${typist.n}, one key every ${typist.mean_interval_ms} ms)`);
  console.log(`  in a burst: p50 ${burst.p50} ms, p95 ${burst.p95} ms (one key every ${burst.mean_interval_ms} ms)`);
});

test("an observer cannot type into the draft, and its comment shows in A on the words it selected", { timeout: 120_000 }, async () => {
  await converged(A, O);
  const editable = await inPage(O.driver, (sel) => document.querySelector(sel)?.getAttribute("contenteditable"), EDITOR);
  assert.equal(editable, "false", "the observer's editor is not editable");

  const words = "online marketplaces";
  const para = await findPara(O.driver, (p) => p.text.includes(words), `containing "${words}"`);
  // Typing: with the caret placed in the paragraph, and with sendKeys on it.
  await typeInto(O.driver, para.id, "XYZZY").catch(() => {});
  const el = await O.driver.find(`${EDITOR} div.para[data-id="${para.id}"]`);
  await O.driver.sendKeys(el, "QWERTY").catch(() => {}); // "element not interactable" is fine too
  // Once the page has handled those key events (its pending tasks and two frames): the observer's
  // editor is unchanged and its window sent no draft update, so nothing can reach the chair.
  const sent = await O.driver.runAsync(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(document.querySelector("[data-testid=save-state]")?.getAttribute("data-sent")), 0))),
      ),
  );
  assert.equal(await paraText(O.driver, para.id), para.text, "the observer's paragraph is unchanged");
  assert.equal(sent, "0", "the observer's window sent no change");
  assert.equal(await paraText(A.driver, para.id), para.text, "nothing reached the chair either");

  const selected = await selectWords(O.driver, para.id, words);
  assert.equal(selected, words);
  const button = await O.driver.waitFor("[data-testid=comment-button]", 10000);
  await O.driver.click(button);
  const body = await O.driver.waitFor("[data-testid=comment-body]", 10000);
  const note = "Which marketplaces are meant here?";
  await O.driver.click(body);
  await O.driver.sendKeys(body, note);
  await O.driver.click(await O.driver.find("[data-testid=comment-submit]"));

  // In A: the thread with O's quote, and its anchors covering exactly those words.
  const threadId = await waitUntil(
    "A shows the observer's thread",
    () =>
      A.driver.run((quote, text) => {
        for (const t of document.querySelectorAll("[data-testid=thread][data-thread-id]")) {
          const q = t.querySelector(".thread-quote");
          if (q && q.textContent.includes(quote) && t.textContent.includes(text)) return t.getAttribute("data-thread-id");
        }
        return null;
      }, words, note),
    { timeoutMs: 20000, everyMs: 200 },
  );
  const anchored = await waitUntil(
    "A highlights the thread's anchor in the text",
    async () => {
      const found = await inPage(
        A.driver,
        (editorSel, id) => {
          const spans = [...document.querySelectorAll(`${editorSel} span.comment-anchor`)].filter((s) =>
            (s.getAttribute("data-thread-ids") ?? "").split(/\s+/).includes(id),
          );
          // Outermost spans only (anchors of overlapping threads may nest).
          const outer = spans.filter((s) => !spans.some((o) => o !== s && o.contains(s)));
          return outer.map((s) => ({ text: paraText(s), para: s.closest("div.para")?.getAttribute("data-id") }));
        },
        EDITOR,
        threadId,
      );
      return found.length > 0 ? found : null;
    },
    { timeoutMs: 10000, everyMs: 200 },
  );
  observerThread = threadId;
  assert.equal(anchored.map((s) => s.text).join(""), words, "the anchor covers exactly the selected words");
  assert.deepEqual([...new Set(anchored.map((s) => s.para))], [para.id], "in the paragraph they were selected in");
  assert.equal(await paraText(A.driver, para.id), para.text, "commenting did not change the text");
  await O.screenshot("observer.png");
});

test("both devices edit offline, reconnect, and show the same merged text", { timeout: 120_000 }, async () => {
  await converged(A, B);
  await setOnline(A, false);
  await setOnline(B, false);

  const target = await findPara(A.driver, operative(5), "5.");
  const fromA = " (chair, offline)";
  const fromB = "Delegate, offline: ";
  await typeInto(A.driver, target.id, fromA, { where: "end" });
  await typeInto(B.driver, target.id, fromB, { where: "start" });
  await waitForParaText(A.driver, target.id, target.text + fromA, { what: "A shows its offline edit" });
  await waitForParaText(B.driver, target.id, fromB + target.text, { what: "B shows its offline edit" });
  await waitUntil("A counts its offline edit as not acknowledged", async () => Number((await syncState(A)).unacked) > 0, { timeoutMs: 10000 });
  // Both links are stopped (the states say so), so neither edit can travel: no waiting for one that might.
  assert.equal((await syncState(A)).state, "offline");
  assert.equal((await syncState(B)).state, "offline");
  assert.equal(await paraText(B.driver, target.id), fromB + target.text, "offline, B does not get A's edit");

  await setOnline(A, true);
  await setOnline(B, true);
  const merged = fromB + target.text + fromA;
  await waitForParaText(A.driver, target.id, merged, { what: "A shows both edits merged" });
  await waitForParaText(B.driver, target.id, merged, { what: "B shows both edits merged" });
  await converged(A, B);
  await waitForSync(A, "synced", { unacked: 0 });
  await waitForSync(B, "synced", { unacked: 0 });
});

test("the roster is read-only on the delegate's device and editable on the chair's", { timeout: 60_000 }, async () => {
  for (const [app, canManage] of [[A, true], [B, false]]) {
    const d = app.driver;
    await d.click(await d.waitFor("[data-testid=nav-members]"));
    await d.waitFor(`[data-testid=member-row][data-id="${devices.delegate.member}"]`);
    const [addForm, readOnly] = [await d.find("[data-testid=member-add]"), await d.find("[data-testid=members-read-only]")];
    assert.equal(Boolean(addForm), canManage, `${app.name}: the form to add a member is ${canManage ? "" : "not "}offered`);
    assert.equal(Boolean(readOnly), !canManage, `${app.name}: the roster says it is read-only: ${!canManage}`);
    await d.click(await d.waitFor("[data-testid=nav-draft]"));
    await d.waitFor(EDITOR);
  }
});

test("screenshots of the main screens", { timeout: 120_000 }, async () => {
  const d = A.driver;
  await d.waitFor("[data-testid=thread]");
  // The observer's highlighted words in view, below the sticky bars.
  await d.run((id) => {
    const anchor = id && document.querySelector(`span.comment-anchor[data-thread-ids~="${id}"]`);
    if (anchor) anchor.scrollIntoView({ block: "center" });
    else window.scrollTo(0, 0);
  }, observerThread);
  await A.screenshot("editor-comments.png");
  await B.screenshot("delegate.png");

  await d.click(await d.waitFor("[data-testid=nav-members]"));
  await d.waitFor("[data-testid=member-row][data-role=observer]");
  const roles = await d.run(() => [...document.querySelectorAll("[data-testid=member-row]")].map((r) => r.getAttribute("data-role")));
  for (const role of ["chair", "secretariat", "delegate", "observer"]) assert.ok(roles.includes(role), `a ${role} is listed`);
  await A.screenshot("members.png");

  await d.click(await d.waitFor("[data-testid=nav-workshops]"));
  await d.waitFor(`[data-testid=workshop-item][data-id="${devices.workshop}"]`);
  await A.screenshot("workshops.png");

  await d.click(await d.waitFor("[data-testid=nav-draft]"));
  await d.waitFor(EDITOR);
  await openSyncPopover(A);
  await A.screenshot("sync-popover.png");
  await closeSyncPopover(A);
});

test("a new device joins with an invitation made in the chair's window", { timeout: 120_000 }, async () => {
  // In A: an invitation for a member of the sample's roster who has no device yet.
  const d = A.driver;
  await d.click(await d.waitFor("[data-testid=nav-members]"));
  await d.waitFor("[data-testid=member-row]");
  const member = {
    id: await d.run(() => {
      const row = [...document.querySelectorAll("[data-testid=member-row]")].find((r) => r.textContent.includes("Delegate of Arcadia"));
      return row?.getAttribute("data-id") ?? null;
    }),
  };
  assert.ok(member.id, "the roster lists Delegate of Arcadia (a member of the sample with no device yet)");
  await d.click(await d.waitFor(`[data-testid=member-row][data-id="${member.id}"] [data-action=invite]`));
  const tokenField = await d.waitFor("[data-testid=invite-token]");
  const token = await waitUntil("A shows the invitation token", async () => {
    const value = (await d.property(tokenField, "value")) || (await d.property(tokenField, "textContent"));
    return /^caucus1\./.test(value?.trim() ?? "") ? value.trim() : null;
  });
  await A.screenshot("invitation.png");
  await d.click(await d.waitFor("[data-testid=nav-draft]"));

  // A fresh device: the app starts on its own sample; the person pastes the token and joins.
  const [D] = await launchApps(processes, [{ name: "collab-joiner" }]);
  apps.push(D);
  await D.waitReady();
  await D.driver.click(await D.driver.waitFor("[data-testid=nav-workshops]"));
  const field = await D.driver.waitFor("[data-testid=join-token]");
  assert.ok(field);
  await D.driver.execute(
    "const f = document.querySelector('[data-testid=join-token]'); f.value = arguments[0]; f.dispatchEvent(new Event('input', { bubbles: true }));",
    [token],
  );
  await D.driver.click(await D.driver.find("[data-testid=join-submit]"));
  await waitUntil("D opens the joined workshop", async () => (await D.driver.invoke("workshop_current")).id === devices.workshop, {
    timeoutMs: 60000,
    everyMs: 250,
  });
  await D.waitReady();
  const info = await D.driver.invoke("workshop_current");
  assert.equal(info.me?.id, member.id, "D takes part as the invited member");
  assert.equal(info.permissions.draft, "write", "a delegate writes the draft");
  // D has the draft as A has it now (A's and B's typing included).
  await converged(A, D, 30000);
  await waitForSync(D, "synced");
  await D.screenshot("joined.png");
});
