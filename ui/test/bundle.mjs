// The webview's TypeScript modules for the Node tests, bundled with the esbuild that Vite pins:
// `bundled(name, exports)` builds a module whose source is `exports` (lines of `export … from
// "./src/…"`) and imports it. The bundle stays inside ui/node_modules, so that its bare imports
// resolve to the same packages as the test's own.

import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { build } from "esbuild";

export const ui = join(dirname(fileURLToPath(import.meta.url)), "..");

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
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}
