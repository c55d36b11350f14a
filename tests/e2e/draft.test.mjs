// End-to-end: the real Caucus binary, on an empty data directory, creates the core's built-in
// sample workshop and shows its draft in the editor as a CITES document (header, title, the
// Conference line before the operative part, computed numbers in `data-number`).

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { closeAll, launchApp, Processes } from "./harness.mjs";
import { EDITOR, paragraphs } from "./page.mjs";

const SAMPLE_TITLE = "DRAFT RESOLUTION ON COMBATING WILDLIFE CYBERCRIME";
const CONFERENCE = "THE CONFERENCE OF THE PARTIES TO THE CONVENTION";

const processes = new Processes();
let app;

before(async () => {
  ({ app } = await launchApp(processes, { name: "draft" }));
  await app.waitReady();
}, { timeout: 90_000 });

after(closeAll(processes, () => [app]), { timeout: 30_000 });

test("the sample draft is shown as a CITES document", { timeout: 60_000 }, async () => {
  const { driver } = app;
  const paras = await paragraphs(driver);
  const title = paras.find((p) => p.kind === "title");
  assert.equal(title?.text, SAMPLE_TITLE);

  // Shown once: the header's title stands aside when the body has a title paragraph.
  const shown = await driver.run((title) => {
    const nodes = [...document.querySelectorAll("[data-testid=doc-title], [data-testid=editor] div.para[data-kind=title]")];
    return nodes.filter((n) => n.textContent.trim() === title && n.getClientRects().length > 0).length;
  }, SAMPLE_TITLE);
  assert.equal(shown, 1, "the title is shown once");

  const first = paras.find((p) => p.kind === "operative" && p.number === "1.");
  assert.ok(first, 'an operative paragraph numbered "1." is shown');
  assert.equal(first.text, "URGES Parties to:", "the number is not part of the text");
  assert.match(first.id, /\S/, "paragraphs carry their id");
  const items = paras.filter((p) => p.kind === "item").map((p) => p.number);
  assert.deepEqual(items.slice(0, 4), ["a)", "b)", "i)", "ii)"], "items are numbered a), b), then i), ii) one level down");

  // The number is drawn by CSS before the text, from data-number.
  const el = await driver.find(`${EDITOR} div.para[data-id="${first.id}"]`);
  const before = await driver.executeScript("return getComputedStyle(arguments[0], '::before').content;", [el]);
  assert.match(before, /1\.|attr\(data-number\)/, "the number is shown before the paragraph");

  // The Conference line sits between the last preambular and the first operative paragraph.
  const order = await driver.run(
    (editorSel, conference) => {
      const nodes = [...document.querySelectorAll(`${editorSel} div.para, ${editorSel} [data-testid=conference-line]`)];
      return nodes.map((n) => (n.matches("[data-testid=conference-line]") ? `line:${n.textContent}` : n.getAttribute("data-kind")));
    },
    EDITOR,
    CONFERENCE,
  );
  const line = order.indexOf(`line:${CONFERENCE}`);
  assert.ok(line > 0, `the Conference line is shown: ${order.join(" ")}`);
  assert.equal(order[line - 1], "preamble");
  assert.equal(order[line + 1], "operative");

  // The window is named after the document symbol (the bar may hide it when narrow: textContent).
  const symbol = await driver.property(await driver.find("[data-testid=workshop-symbol]"), "textContent");
  assert.equal(symbol, "CoP18 Doc. 79.1 Annex");
  assert.equal(await driver.title(), `${symbol} — Caucus`);
  await app.screenshot("draft.png");
});
