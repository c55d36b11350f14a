// The window's message catalogue (issue #15 §1), without a browser: English, French and Spanish
// hold the same message ids, each message the same placeholders in the three, every file parses
// whole (no line the parser skipped), and every `t("id")` in ui/src names a message (an id built
// with `t(\`prefix-${…}\`)` names at least one message of that prefix). Then the module itself:
// plurals, placeholders, the locale's dates and numbers, and errors by code.
// Run: `npm test` (node --test). The TypeScript modules are bundled first (./bundle.mjs).

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";

import { FluentResource } from "@fluent/bundle";

import { bundled, ui } from "./bundle.mjs";

const LANGS = ["en", "fr", "es"];

/** Message id → sorted placeholder names, for one catalogue text. */
export function catalogue(text) {
  const resource = new FluentResource(text);
  const out = new Map();
  for (const message of resource.body) {
    if (message.id.startsWith("-")) continue;
    const names = new Set();
    const walk = (node) => {
      if (node === null || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach(walk);
      if (node.type === "var") names.add(node.name);
      for (const value of Object.values(node)) walk(value);
    };
    walk(message.value);
    walk(message.attributes);
    out.set(message.id, [...names].sort());
  }
  return out;
}

/** Ids the file declares (`id =` at a line's start), parsed or not. */
function declared(text) {
  return [...text.matchAll(/^([a-zA-Z][\w-]*)\s*=/gm)].map((m) => m[1]);
}

function read(lang) {
  return readFileSync(join(ui, "src", "i18n", `${lang}.ftl`), "utf8");
}

/** Every .ts file under ui/src. */
function sources(dir = join(ui, "src")) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** The first argument of every `t(…)` call in `code`: its string literals, and template prefixes. */
export function usedIds(code) {
  const ids = [];
  const prefixes = [];
  for (const m of code.matchAll(/(?<![\w.$])t\(/g)) {
    let depth = 0;
    let i = m.index + 2;
    let arg = "";
    for (; i < code.length; i++) {
      const c = code[i];
      if (c === "(" || c === "{" || c === "[") depth++;
      else if (c === ")" || c === "}" || c === "]") {
        if (depth === 0) break;
        depth--;
      } else if (c === "," && depth === 0) break;
      arg += c;
    }
    // A literal compared with (`x === "write" ? …`) is not an id.
    for (const s of arg.matchAll(/"([^"\\]*)"/g)) if (!/[=!]=\s*$/.test(arg.slice(0, s.index))) ids.push(s[1]);
    for (const s of arg.matchAll(/`([^`$]*)\$\{/g)) prefixes.push(s[1]);
    if (!/["`]/.test(arg)) prefixes.push(null);
  }
  return { ids, prefixes };
}

const catalogues = Object.fromEntries(LANGS.map((lang) => [lang, catalogue(read(lang))]));

test("every catalogue file parses whole: no message the parser skipped", () => {
  for (const lang of LANGS) {
    const ids = declared(read(lang));
    const parsed = catalogues[lang];
    const skipped = ids.filter((id) => !parsed.has(id));
    assert.deepEqual(skipped, [], `${lang}.ftl: messages that do not parse`);
    assert.equal(new Set(ids).size, ids.length, `${lang}.ftl declares an id twice`);
  }
});

test("English, French and Spanish hold the same message ids", () => {
  for (const lang of ["fr", "es"]) {
    const missing = [...catalogues.en.keys()].filter((id) => !catalogues[lang].has(id));
    const extra = [...catalogues[lang].keys()].filter((id) => !catalogues.en.has(id));
    assert.deepEqual(missing, [], `in en.ftl but not in ${lang}.ftl`);
    assert.deepEqual(extra, [], `in ${lang}.ftl but not in en.ftl`);
  }
});

test("each message has the same placeholders in the three languages", () => {
  const differ = [];
  for (const [id, names] of catalogues.en) {
    for (const lang of ["fr", "es"]) {
      const other = catalogues[lang].get(id);
      if (other && other.join() !== names.join()) differ.push(`${id}: en {${names}} ${lang} {${other}}`);
    }
  }
  assert.deepEqual(differ, []);
});

test("every t(\"id\") in ui/src names a message, and every t(`prefix-${…}`) at least one", () => {
  const unknown = [];
  const ids = [...catalogues.en.keys()];
  let calls = 0;
  for (const file of sources()) {
    const { ids: used, prefixes } = usedIds(readFileSync(file, "utf8"));
    calls += used.length + prefixes.length;
    for (const id of used) if (!catalogues.en.has(id)) unknown.push(`${file.slice(ui.length + 1)}: ${id}`);
    for (const prefix of prefixes) {
      if (prefix === null) continue; // t(id) with a variable: the module's own helpers (i18n/index.ts)
      if (!ids.some((id) => id.startsWith(prefix))) unknown.push(`${file.slice(ui.length + 1)}: ${prefix}…`);
    }
  }
  assert.ok(calls > 100, `the scan found only ${calls} t() calls: it is not reading the sources`);
  assert.deepEqual(unknown, []);
});

test("the scan finds literal ids, ternaries and template prefixes, and not other calls", () => {
  const { ids, prefixes } = usedIds('t("a-b"); x.t("no"); set(1); t(c ? "c-d" : "e-f", { n: g("h") }); t(`nav-${view}`); t(x === "write" ? "g-h" : "i-j")');
  assert.deepEqual(ids, ["a-b", "c-d", "e-f", "g-h", "i-j"]);
  assert.deepEqual(prefixes, ["nav-"]);
});

let m;
before(async () => {
  m = await bundled("i18n", ['export * from "./src/i18n/index.ts";', 'export * from "./src/views/format.ts";', 'export * from "./src/views/logline.ts";']);
});

test("plurals and placeholders in each language", () => {
  m.setLocale("en");
  assert.equal(m.t("save-saving-title", { count: 1 }), "1 edit waiting to be written to disk");
  assert.equal(m.t("save-saving-title", { count: 3 }), "3 edits waiting to be written to disk");
  m.setLocale("fr");
  assert.equal(m.t("save-saving-title", { count: 1 }), "1 modification en attente d'écriture sur le disque");
  assert.equal(m.t("nav-draft"), "Projet");
  assert.equal(m.t("role-secretariat"), "Secrétariat");
  m.setLocale("es");
  assert.equal(m.t("save-saving-title", { count: 2 }), "2 modificaciones pendientes de escribirse en el disco");
  assert.equal(m.t("role-secretariat"), "Secretaría");
  m.setLocale("en");
});

test("dates and numbers follow the locale", () => {
  const when = "2026-11-27T10:04:00Z";
  m.setLocale("fr");
  assert.match(m.formatDate(when), /^27 nov\. 2026$/);
  assert.equal(m.formatNumber(12345.5), "12\u202f345,5");
  m.setLocale("es");
  assert.match(m.formatDate(when), /^27 nov 2026$/);
  m.setLocale("en");
  assert.equal(m.formatDate(when), "27 Nov 2026");
  assert.equal(m.formatNumber(12345.5), "12,345.5");
});

test("an error shows the catalogue's sentence for its code in French, and the shell's message for a code the catalogue lacks (and in English)", () => {
  m.setLocale("fr");
  assert.equal(m.errorId("store.disk_full"), "error-store-disk_full");
  assert.notEqual(m.errorText({ code: "store.disk_full", message: "disk full" }), "disk full");
  assert.equal(m.errorText({ code: "store.disk_full", message: "disk full" }), m.t("error-store-disk_full"));
  assert.equal(m.errorText({ code: "no.such_code", message: "as the core said it" }), "as the core said it");
  m.setLocale("en");
  assert.equal(m.errorText({ code: "store.disk_full", message: "the disk is full (os error 28)" }), "the disk is full (os error 28)", "English keeps the shell's specific message");
});

test("the system locale's language: French and Spanish by prefix, anything else English", () => {
  assert.equal(m.toLocale("fr_FR.UTF-8"), "fr");
  assert.equal(m.toLocale("es-MX"), "es");
  assert.equal(m.toLocale("de"), "en");
  assert.equal(m.toLocale(undefined), "en");
});

/** One log line of each shape, as the core sends them (`LogLine.args`: plain values and codes). */
const LOG = [
  ["bracket-status", { place: "paragraph", paragraph: "2", bracket: "b-1", words: "Parties", status: "agreed-ad-ref" }],
  ["bracket-status", { place: "gone", bracket: "b-1", status: "withdrawn" }],
  ["bracket-package", { place: "paragraph", paragraph: "2", bracket: "b-1", words: "Parties", package: "Units" }],
  ["bracket-package", { place: "draft", bracket: "b-1", words: "Parties" }],
  ["bracket-choose", { place: "paragraph", paragraph: "1 bis a)", bracket: "b-2", words: "consider establishing" }],
  ["paragraph-agreed", { place: "paragraph", paragraph: "PP1", agreed: true }],
  ["paragraph-agreed", { place: "gone", agreed: false }],
  ["restore", { milestone: "SC77" }],
  ["restore", { place: "paragraph", paragraph: "3", milestone: "SC77" }],
  ["renumber", { count: 1 }],
  ["renumber", { count: 3 }],
  ["revert", { milestone: "SC77", delegation: "Kenya" }],
  ["outcome", { place: "paragraph", paragraph: "2", delegation: "Kenya", thread: "t-1", outcome: "accepted-modified" }],
  ["outcome", { place: "draft", thread: "t-1", outcome: "noted" }],
  ["outcome", { thread: "t-1", outcome: "rejected" }],
  ["stage", { stage: "comment-round", deadline: "2026-12-31" }],
  ["stage", { stage: "revision" }],
  ["milestone", { milestone: "SC77" }],
].map(([kind, args], i) => ({ id: `l-${i}`, at: "2026-12-03T10:00:00Z", by: "m-1", by_name: "Chair", kind, args, what: "ENGLISH FROM THE CORE" }));

test("a log line reads as one sentence in the window's language, from its parts", () => {
  const say = (kind, n = 0) => m.logSentence(LOG.filter((l) => l.kind === kind)[n]);
  m.setLocale("en");
  assert.equal(say("bracket-status"), "set [Parties] in paragraph 2 to agreed ad referendum");
  assert.equal(say("bracket-status", 1), "set bracket b-1 (no longer in the text) to withdrawn");
  assert.equal(say("renumber"), "numbered the inserted paragraph (bis, ter …) in sequence");
  assert.equal(say("renumber", 1), "numbered the 3 inserted paragraphs (bis, ter …) in sequence");
  assert.equal(say("outcome"), "recorded the outcome “Accepted with modifications” of Kenya’s comment on paragraph 2");
  m.setLocale("fr");
  assert.equal(say("bracket-status"), "a fixé le statut de [Parties] au paragraphe 2 à « convenu ad referendum »");
  assert.equal(say("bracket-package", 1), "a retiré [Parties] (dans le projet) de son ensemble");
  assert.equal(say("paragraph-agreed", 1), "a retiré la marque « convenu » d'un paragraphe qui ne figure plus dans le projet");
  assert.equal(say("renumber", 1), "a numéroté les 3 paragraphes insérés (bis, ter…) dans l'ordre");
  assert.equal(say("outcome"), "a consigné la suite donnée « Accepté avec modifications » au commentaire présenté par Kenya sur le paragraphe 2");
  assert.equal(say("stage"), "a fixé l'étape à « Période de commentaires » (commentaires attendus au plus tard le 31 décembre 2026)");
  m.setLocale("es");
  assert.equal(say("bracket-status", 1), "fijó el estado del corchete b-1 (que ya no figura en el texto) como “retirado”");
  assert.equal(say("restore", 1), "restableció el párrafo 3 tal como estaba en el hito “SC77”");
  assert.equal(say("renumber"), "numeró el párrafo insertado (bis, ter…) en orden correlativo");
  // Every shape, in French and Spanish: a sentence of the catalogue (never the core's English, no
  // placeholder left unfilled, no English verb).
  const english = /\b(set|put|took|chose|marked|withdrew|restored|numbered|undid|recorded|froze|paragraph|comment)\b/;
  for (const lang of ["fr", "es"]) {
    m.setLocale(lang);
    for (const line of LOG) {
      const said = m.logSentence(line);
      assert.ok(!said.includes("ENGLISH") && !english.test(said) && !/[{}]|undefined/.test(said), `${lang} ${line.kind} ${JSON.stringify(line.args)}: ${said}`);
    }
  }
  // A kind this window does not know: the core's sentence.
  assert.equal(m.logSentence({ ...LOG[0], kind: "newer-kind" }), "ENGLISH FROM THE CORE");
  m.setLocale("en");
});
