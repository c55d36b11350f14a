// End-to-end: the window's language (issue #15 §1). Started with LANG=fr_FR.UTF-8 on a fresh data
// directory, the window speaks French (the views' names, the role, a date written the French way,
// the document's lang); the top bar still fits. In About, the Language select (reached from the
// keyboard like every control) switches it to Spanish: the window is drawn again in Spanish at once;
// after a restart, with the same French system locale, Spanish is kept (this device remembers it).
// A comment being written when the language is switched is asked about first, in French, and the
// switch goes on once the person discards it.

import assert from "node:assert/strict";
import { after, test } from "node:test";

import { closeAll, launchApp, Processes, waitUntil } from "./harness.mjs";
import { findPara, selectWords } from "./page.mjs";

const processes = new Processes();
let app;

after(closeAll(processes, () => [app]), { timeout: 30_000 });

/** French and Spanish short month names as Intl writes them (`3 déc. 2026`, `3 dic 2026`). */
const FRENCH_MONTH = /\b(janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.)/;
const SPANISH_MONTH = /\b(ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\b/;

/** What the window says in the places this test reads: the views' names, the role, the `lang`. */
async function labels(driver) {
  return driver.run(() => ({
    lang: document.documentElement.lang,
    // A view's name (the Versions tab also holds its count: read apart, below).
    nav: [...document.querySelectorAll(".topnav [data-view]")].map((b) => b.firstChild?.textContent ?? ""),
    versions: document.querySelector("[data-testid=nav-versions]")?.getAttribute("aria-label") ?? null,
    role: document.querySelector("[data-testid=role] .role-name")?.textContent ?? null,
    about: document.querySelector("[data-testid=about]")?.textContent ?? null,
  }));
}

/** The top bar fits the window (no sideways scrolling; its right-hand group inside it). */
async function barFits(driver) {
  const widths = await driver.run(() => {
    const bar = document.querySelector(".topbar");
    const end = bar.querySelector(".topbar-end").getBoundingClientRect();
    return { page: document.documentElement.scrollWidth, window: window.innerWidth, barEnd: Math.round(end.right), bar: Math.round(bar.getBoundingClientRect().right) };
  });
  assert.ok(widths.page <= widths.window && widths.barEnd <= widths.bar, `the top bar fits the window: ${JSON.stringify(widths)}`);
}

/** English verbs the core's own log sentences (`LogLine.what`) start with. */
const ENGLISH_LOG = /\b(set|put|took|chose|marked|withdrew|restored|numbered|undid|recorded|froze)\b/;

/** The Status view's log lines, once drawn: kind and sentence. */
async function logLines(driver) {
  await driver.waitFor("[data-testid=status-log] .log-line");
  return driver.run(() => [...document.querySelectorAll("[data-testid=status-log] .log-line")].map((l) => ({ kind: l.getAttribute("data-kind"), what: l.querySelector(".log-what")?.textContent ?? "" })));
}

/** The members view's first "added on" date. */
async function memberDate(driver) {
  await driver.click(await driver.waitFor("[data-testid=nav-members]"));
  const date = await driver.waitFor("[data-testid=member-row] .member-date");
  return driver.text(date);
}

test("the window speaks the system's French, switches to Spanish in About, and keeps Spanish after a restart", { timeout: 240_000 }, async () => {
  let driver;
  const french = { LANG: "fr_FR.UTF-8", LC_ALL: "", LC_MESSAGES: "" };
  ({ app, driver } = await launchApp(processes, { name: "lang", env: french }));
  await app.waitReady();

  const fr = await labels(driver);
  assert.equal(fr.lang, "fr");
  assert.deepEqual(fr.nav, ["Projet", "État", "Versions", "Membres", "Jalons", "Ateliers"]);
  assert.equal(fr.versions, "Versions : Français : 1 à revoir, 1 manquant", "the versions' count, said in French");
  assert.equal(fr.role, "Président", "the sample workshop's chair, named in French");
  assert.equal(fr.about, "À propos");
  await barFits(driver);
  const added = await memberDate(driver);
  assert.match(added, /^ajouté le \d{1,2} /, `a member's date in French: ${added}`);
  assert.match(added, FRENCH_MONTH, `the month in French: ${added}`);
  assert.equal(await driver.text(await driver.find("#members-title")), "Membres");
  // Every view in French fits the window (French runs longer than English): no sideways scrolling.
  for (const view of ["members", "status", "versions", "milestones", "workshops", "draft"]) {
    await driver.click(await driver.find(`[data-testid=nav-${view}]`));
    await driver.waitFor(`[data-testid=nav-${view}][aria-current=page]`);
    await barFits(driver);
    await app.screenshot(`lang-fr-${view}.png`);
    if (view === "status") {
      // The log reads in French: the sample's stage change, milestone and outcome, each a French
      // sentence written from the line's parts, no English verb of the core's sentences left.
      const log = await logLines(driver);
      const said = (kind) => log.find((l) => l.kind === kind)?.what ?? `no ${kind} line in ${JSON.stringify(log)}`;
      assert.match(said("stage"), /^a fixé l'étape à « Période de commentaires »/);
      assert.match(said("milestone"), /^a figé le jalon « .+ »$/);
      assert.match(said("outcome"), /^a consigné la suite donnée « (Accepté|Pris note) » au commentaire présenté par .+ sur le paragraphe /);
      for (const line of log) assert.doesNotMatch(line.what, ENGLISH_LOG, `a French log line: ${line.what}`);
    }
    if (view === "workshops") {
      const offered = await driver.run(() => document.querySelector("[data-testid=language-workshops]")?.value ?? null);
      assert.equal(offered, "fr", "the Workshops page offers the Language select too");
    }
  }

  // A comment being written: switching the language (a reload) would lose it, so it is asked first.
  const WORDS = "search engines";
  const para = await findPara(driver, (p) => p.kind === "operative" && p.text.includes(WORDS), `with "${WORDS}"`);
  assert.equal(await selectWords(driver, para.id, WORDS), WORDS);
  await driver.click(await driver.waitFor("[data-testid=comment-button]"));
  const body = await driver.waitFor("[data-testid=comment-body]");
  await driver.click(body);
  await driver.sendKeys(body, "Une observation en cours");

  // About, from the keyboard: F1 opens it with the focus on Close; the Language select is just before.
  await driver.pressKeys(["\uE031"]); // F1
  await driver.waitFor('[data-testid="about-dialog"][open]');
  assert.equal(await driver.text(await driver.find("#about-title")), "À propos de Caucus");
  const select = await driver.find("[data-testid=language-about]");
  assert.equal(await driver.run(() => document.querySelector("[data-testid=language-about]").value), "fr");
  const label = await driver.run(() => document.querySelector("[data-testid=language-about]").closest("label")?.textContent ?? "");
  assert.match(label, /^Langue/, "the select is labelled");
  // Shift+Tab from Close (focused when About opens) reaches the select: the keyboard gets there.
  await driver.chord(["\uE008"], "\uE004"); // Shift+Tab
  assert.equal(await driver.attribute(await driver.activeElement(), "data-testid"), "language-about", "Shift+Tab from Close reaches the Language select");
  await driver.click(await driver.find('[data-testid=language-about] option[value="es"]'));
  assert.ok(select);
  await driver.waitFor("[data-testid=discard-dialog][open]");
  const question = await driver.run(() => document.querySelector("[data-testid=discard-message]")?.textContent ?? "");
  assert.equal(question, "Vous avez saisi un texte qui n'est pas encore enregistré : un commentaire en cours de rédaction. Si vous continuez, il est perdu.");
  await driver.click(await driver.find("[data-testid=discard-confirm]"));

  // The window is drawn again in Spanish, without a restart (the page is built anew: wait for its
  // Spanish views, then for the draft to be ready again).
  await waitUntil("the window speaks Spanish", async () => (await labels(driver).catch(() => null))?.nav?.[0] === "Proyecto", { timeoutMs: 60_000 });
  await app.waitReady();
  const es = await labels(driver);
  assert.deepEqual(es.nav, ["Proyecto", "Estado", "Versiones", "Miembros", "Hitos", "Talleres"]);
  assert.equal(es.role, "Presidente");
  await driver.click(await driver.find("[data-testid=nav-status]"));
  const registro = await logLines(driver);
  assert.match(registro.find((l) => l.kind === "stage")?.what ?? "", /^fijó la etapa en “Período de comentarios”/, JSON.stringify(registro));
  for (const line of registro) assert.doesNotMatch(line.what, ENGLISH_LOG, `a Spanish log line: ${line.what}`);
  await driver.click(await driver.find("[data-testid=nav-draft]"));
  await barFits(driver);
  await app.screenshot("lang-es.png");

  // Restarted with the same French system locale: this device remembers Spanish.
  await app.restart();
  const kept = await labels(driver);
  assert.equal(kept.lang, "es", "Spanish is kept across a restart");
  assert.deepEqual(kept.nav, ["Proyecto", "Estado", "Versiones", "Miembros", "Hitos", "Talleres"]);
  const fecha = await memberDate(driver);
  assert.match(fecha, /^añadido el \d{1,2} /, `a member's date in Spanish: ${fecha}`);
  assert.match(fecha, SPANISH_MONTH, `the month in Spanish: ${fecha}`);
});
