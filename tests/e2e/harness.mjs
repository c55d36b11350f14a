// Processes and a minimal W3C WebDriver client for the end-to-end tests: Xvfb, tauri-driver and
// the Caucus binary. Every process started here is tracked by pid and stopped by `stopAll`.

import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const TARGET_DIR = process.env.CARGO_TARGET_DIR
  ? path.resolve(ROOT, process.env.CARGO_TARGET_DIR)
  : path.join(ROOT, "target");
export const APP_BINARY = process.env.CAUCUS_APP ?? path.join(TARGET_DIR, "debug", "caucus-app");
/** The command line of the core, to prepare a data directory before the app opens it. */
export const CLI_BINARY = process.env.CAUCUS_CLI ?? path.join(TARGET_DIR, "debug", "caucus");
export const TAURI_DRIVER =
  process.env.TAURI_DRIVER ?? path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), ".cargo"), "bin", "tauri-driver");
export const NATIVE_DRIVER = process.env.WEBKIT_WEBDRIVER ?? "/usr/bin/WebKitWebDriver";
export const ARTIFACTS = path.join(TARGET_DIR, "e2e-screenshots");

const ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fails early, with the command that fixes it, when a prerequisite is missing. */
export function checkPrerequisites({ cli = false } = {}) {
  const missing = [
    [APP_BINARY, "cargo build -p caucus-app"],
    ...(cli ? [[CLI_BINARY, "cargo build -p caucus --bin caucus"]] : []),
    [TAURI_DRIVER, "scripts/setup.sh (cargo install tauri-driver)"],
    [NATIVE_DRIVER, "scripts/setup.sh (apt-get install webkit2gtk-driver)"],
  ].filter(([file]) => !existsSync(file));
  if (missing.length) {
    throw new Error(missing.map(([file, fix]) => `missing ${file}: run ${fix}`).join("\n"));
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Processes started by this harness, each its own process group so its children stop with it. */
export class Processes {
  #children = [];
  #tempDirs = [];

  start(command, args, { env, logFile, stdio } = {}) {
    mkdirSync(path.dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile);
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      detached: true,
      stdio: stdio ?? ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    this.#children.push(child);
    return child;
  }

  async tempDir(prefix) {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    this.#tempDirs.push(dir);
    return dir;
  }

  /**
   * Stops, newest first, every process group this harness started (the group also holds what the
   * leader started: WebKitWebDriver and the app under tauri-driver), then removes its temp dirs.
   */
  async stopAll() {
    for (const child of this.#children.reverse()) {
      signalGroup(child.pid, "SIGTERM");
      await Promise.race([child.exited, sleep(5000)]);
      signalGroup(child.pid, "SIGKILL"); // stragglers of the group, if any
    }
    this.#children = [];
    await Promise.all(this.#tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    this.#tempDirs = [];
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if (err.code !== "ESRCH") throw err;
  }
}

/** Starts Xvfb on a display it picks itself (-displayfd) and returns `:N`. */
export async function startXvfb(processes, name) {
  const child = processes.start("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], {
    logFile: path.join(ARTIFACTS, `${name}.xvfb.log`),
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  const display = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("Xvfb did not report a display within 15 s")), 15000);
    child.stdio[3].on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.once("exit", (code) => reject(new Error(`Xvfb exited with ${code}; see ${ARTIFACTS}/${name}.xvfb.log`)));
  });
  return display;
}

/** A W3C WebDriver session spoken over plain HTTP. */
export class WebDriver {
  constructor(base) {
    this.base = base;
    this.sessionId = null;
  }

  async #request(method, route, body) {
    const res = await fetch(`${this.base}${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const err = new Error(`${method} ${route}: ${res.status} ${json?.value?.error ?? ""} ${json?.value?.message ?? ""}`);
      err.webdriverError = json?.value?.error;
      throw err;
    }
    return json.value;
  }

  async waitUntilReady(timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.#request("GET", "/status");
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`tauri-driver did not answer within ${timeoutMs} ms: ${err.message}`);
        await sleep(200);
      }
    }
  }

  async newSession(capabilities) {
    const value = await this.#request("POST", "/session", { capabilities });
    this.sessionId = value.sessionId;
    return value;
  }

  async deleteSession() {
    if (!this.sessionId) return;
    const id = this.sessionId;
    this.sessionId = null;
    await this.#request("DELETE", `/session/${id}`);
  }

  #s(route) {
    return `/session/${this.sessionId}${route}`;
  }

  /** The first element matching `selector`, or null. */
  async find(selector) {
    try {
      const value = await this.#request("POST", this.#s("/element"), { using: "css selector", value: selector });
      return value[ELEMENT_KEY];
    } catch (err) {
      if (err.webdriverError === "no such element") return null;
      throw err;
    }
  }

  async findAll(selector) {
    const value = await this.#request("POST", this.#s("/elements"), { using: "css selector", value: selector });
    return value.map((el) => el[ELEMENT_KEY]);
  }

  /** Waits for the first of `selectors` to appear; returns [selector, element]. */
  async waitForAny(selectors, timeoutMs = 30000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const selector of selectors) {
        const el = await this.find(selector);
        if (el) return [selector, el];
      }
      if (Date.now() > deadline) throw new Error(`none of ${selectors.join(", ")} appeared within ${timeoutMs} ms`);
      await sleep(250);
    }
  }

  /** Waits for `selector` to match; returns the element. */
  async waitFor(selector, timeoutMs = 30000) {
    return (await this.waitForAny([selector], timeoutMs))[1];
  }

  /** Waits until `selector` matches nothing. */
  async waitForGone(selector, timeoutMs = 30000) {
    const deadline = Date.now() + timeoutMs;
    while (await this.find(selector)) {
      if (Date.now() > deadline) throw new Error(`${selector} was still there after ${timeoutMs} ms`);
      await sleep(200);
    }
  }

  /** Runs `script` in the page; `elements` are passed as its `arguments`. */
  executeScript(script, elements = []) {
    const args = elements.map((element) => ({ [ELEMENT_KEY]: element }));
    return this.#request("POST", this.#s("/execute/sync"), { script, args });
  }

  click(element) {
    return this.#request("POST", this.#s(`/element/${element}/click`), {});
  }

  /** Types `text` into the element, as key presses. */
  sendKeys(element, text) {
    return this.#request("POST", this.#s(`/element/${element}/value`), { text });
  }

  property(element, name) {
    return this.#request("GET", this.#s(`/element/${element}/property/${encodeURIComponent(name)}`));
  }

  /** The element that has the focus. */
  async activeElement() {
    const value = await this.#request("GET", this.#s("/element/active"));
    return value[ELEMENT_KEY];
  }

  /** Presses keys (WebDriver key codes, e.g. "\uE00C" for Escape) on the focused element. */
  async pressKeys(keys) {
    const actions = [...keys].flatMap((key) => [
      { type: "keyDown", value: key },
      { type: "keyUp", value: key },
    ]);
    await this.#request("POST", this.#s("/actions"), { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.#request("DELETE", this.#s("/actions"));
  }

  text(element) {
    return this.#request("GET", this.#s(`/element/${element}/text`));
  }

  attribute(element, name) {
    return this.#request("GET", this.#s(`/element/${element}/attribute/${encodeURIComponent(name)}`));
  }

  findFrom(element, selector) {
    return this.#request("POST", this.#s(`/element/${element}/element`), { using: "css selector", value: selector }).then(
      (value) => value[ELEMENT_KEY],
    );
  }

  title() {
    return this.#request("GET", this.#s("/title"));
  }

  /** A PNG of the window, decoded from WebDriver's base64. */
  async screenshot() {
    return Buffer.from(await this.#request("GET", this.#s("/screenshot")), "base64");
  }
}

/**
 * Starts Xvfb (unless CAUCUS_E2E_DISPLAY names a display to use instead: the test never opens
 * windows on the desktop it was started from), tauri-driver and a session of the app with a fresh
 * data directory, or with `dataDir` when given, and `env` added to its environment (it reaches the
 * app through tauri-driver and WebKitWebDriver). Logs go to target/e2e-screenshots/<name>.*.log.
 * Returns the driver and the data directory.
 */
export async function launchApp(processes, { name, dataDir, env = {} }) {
  checkPrerequisites();
  const display = process.env.CAUCUS_E2E_DISPLAY || (await startXvfb(processes, name));
  dataDir ??= await processes.tempDir("caucus-e2e-");
  const [port, nativePort] = [await freePort(), await freePort()];
  processes.start(TAURI_DRIVER, ["--port", String(port), "--native-port", String(nativePort), "--native-driver", NATIVE_DRIVER], {
    env: { DISPLAY: display, CAUCUS_DATA_DIR: dataDir, RUST_LOG: process.env.RUST_LOG ?? "info", ...env },
    logFile: path.join(ARTIFACTS, `${name}.tauri-driver.log`),
  });
  const driver = new WebDriver(`http://127.0.0.1:${port}`);
  await driver.waitUntilReady();
  await driver.newSession({ alwaysMatch: { "tauri:options": { application: APP_BINARY } } });
  return { driver, dataDir };
}
