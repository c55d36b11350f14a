// Vite build of the webview: a static bundle in ui/dist that the Tauri shell embeds at compile time.
import { defineConfig } from "vite";

export default defineConfig({
  // Tauri serves the bundle from its own origin; relative asset paths keep it location-independent.
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15", // WebKitGTK on Linux, WKWebView on macOS
    sourcemap: false,
    // No inline data: URIs for assets, so the strict CSP needs no exceptions.
    assetsInlineLimit: 0,
  },
  server: { strictPort: true, port: 5173 },
});
