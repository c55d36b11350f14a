// The webview's TypeScript modules for the Node tests, bundled with the esbuild that Vite pins:
// `bundled(name, exports)` builds a module whose source is `exports` (lines of `export … from
// "./src/…"`) and imports it. The bundle stays inside ui/node_modules, so that its bare imports
// resolve to the same packages as the test's own. A `?raw` import (the message catalogue) is the
// file's text, as Vite makes it.

import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { build } from "esbuild";

export const ui = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Vite's `?raw` suffix: the file's text as the module's default export. */
const raw = {
  name: "raw",
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -"?raw".length)), namespace: "raw" }));
    b.onLoad({ filter: /.*/, namespace: "raw" }, (args) => ({ contents: readFileSync(args.path, "utf8"), loader: "text" }));
  },
};

/** Bundles `exports` (one `export … from "./src/…"` line each) as `name` and imports it. */
export async function bundled(name, exports) {
  const outDir = join(ui, "node_modules", ".cache", `caucus-${name}-test`);
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    stdin: { contents: exports.join("\n"), resolveDir: ui, loader: "ts" },
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "silent",
    plugins: [raw],
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}
