// Every stable error code has a sentence in the window's three languages (issue #15 §1). The codes
// are read from the Rust sources, not listed by hand: the string literals of every
// `fn code(&self) -> &'static str` body under src/ and src-tauri/src/ (the `Coded` impls and the
// shell's own error enums), the shell's `codes` constants (src-tauri/src/dto.rs) and any
// `ErrorDto::new("…")` literal. Each needs `error-<code, dots as dashes>` in en.ftl, fr.ftl and
// es.ftl, without placeholders (errorText passes none). Run: `npm test`.

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

import { FluentResource } from "@fluent/bundle";

import { ui } from "./bundle.mjs";

const root = join(ui, "..");

/** Message id → whether it has a placeholder, for one catalogue text. */
function catalogue(text) {
  const out = new Map();
  for (const message of new FluentResource(text).body) out.set(message.id, JSON.stringify(message.value ?? null).includes('"type":"var"'));
  return out;
}

/** Every .rs file under `dir`. */
function rustFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rustFiles(path);
    return name.endsWith(".rs") ? [path] : [];
  });
}

/** `code` without comments, and with every string literal's text kept (so braces in strings do not count). */
function stripComments(code) {
  return code.replace(/\/\/[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
}

/** The text from `open` (an index of `{`) to its matching `}`, skipping braces inside string literals. */
function block(code, open) {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      for (i++; i < code.length && code[i] !== '"'; i++) if (code[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return code.slice(open, i + 1);
  }
  return code.slice(open);
}

/** A code as the Rust sources spell them: `area.name`, lower case, `_` or `-` inside. */
const CODE = /"([a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+)"/g;

/** The error codes one Rust source can return: `fn code` bodies, `codes` constants, `ErrorDto::new("…")`. */
export function codesIn(source) {
  const code = stripComments(source);
  const found = new Set();
  let bodies = 0;
  for (const m of code.matchAll(/fn\s+code\s*\(\s*&?\s*self\s*\)\s*->\s*&\s*'static\s+str\s*(?:where[^{]*)?\{/g)) {
    bodies++;
    for (const s of block(code, m.index + m[0].length - 1).matchAll(CODE)) found.add(s[1]);
  }
  const codes = /pub\s+mod\s+codes\s*\{/.exec(code);
  if (codes) for (const s of block(code, codes.index + codes[0].length - 1).matchAll(CODE)) found.add(s[1]);
  for (const m of code.matchAll(/ErrorDto::new\(\s*"([^"]+)"/g)) found.add(m[1]);
  return { codes: [...found], bodies };
}

const files = [...rustFiles(join(root, "src")), ...rustFiles(join(root, "src-tauri", "src"))];
const scanned = files.map((path) => ({ file: relative(root, path), ...codesIn(readFileSync(path, "utf8")) }));
const all = [...new Set(scanned.flatMap((s) => s.codes))].sort();

test("the scan reads fn code bodies, the codes module and ErrorDto::new literals, and nothing else", () => {
  const source = `
    impl Coded for E {
        fn code(&self) -> &'static str {
            match self {
                E::A { .. } => "area.first", // "area.in_comment"
                E::B(inner) => inner.code(),
                E::C => { "area.second-one" }
            }
        }
    }
    impl Lang { pub fn code(self) -> &'static str { "en" } }
    fn message(&self) -> String { "not.a_code".into() }
    pub mod codes { pub const X: &str = "shell.x"; }
    fn f() { ErrorDto::new("shell.y", "message with { braces"); }`;
  const { codes, bodies } = codesIn(source);
  assert.deepEqual(codes.sort(), ["area.first", "area.second-one", "shell.x", "shell.y"]);
  assert.equal(bodies, 2);
});

test("the scan finds the codes of every error enum in the Rust sources", () => {
  const withBodies = scanned.filter((s) => s.bodies > 0).map((s) => s.file);
  assert.ok(withBodies.length >= 20, `fn code found in only ${withBodies.length} files: ${withBodies}`);
  assert.ok(all.length >= 150, `only ${all.length} codes found`);
  for (const known of ["store.disk_full", "rights.not_permitted", "sync.timeout", "bundle.checksum", "file.too_large", "app.instance_listen", "app.bad_locale", "import.not-utf8", "lang.empty"]) {
    assert.ok(all.includes(known), `${known} is among the scanned codes`);
  }
});

test("every error code has its message in English, French and Spanish, without placeholders", () => {
  for (const lang of ["en", "fr", "es"]) {
    const messages = catalogue(readFileSync(join(ui, "src", "i18n", `${lang}.ftl`), "utf8"));
    const id = (code) => `error-${code.replace(/\./g, "-")}`;
    const missing = all.filter((code) => !messages.has(id(code)));
    assert.deepEqual(missing, [], `codes without a message in ${lang}.ftl:\n${missing.map(id).join("\n")}\n`);
    const withPlaceholders = all.filter((code) => messages.get(id(code)));
    assert.deepEqual(withPlaceholders, [], `error messages in ${lang}.ftl with placeholders errorText cannot fill`);
  }
});
