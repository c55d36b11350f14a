// Processes and a minimal W3C WebDriver client for the end-to-end tests: app instances (each its
// own data directory, tauri-driver and `xvfb-run -a` display), a `caucus serve` relay, the
// `caucus` command line, screenshots and the metrics file. Every process started here is tracked
// by pid and its process group stopped by `stopAll`, or killed when the test process exits.

import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
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
/** The command line of the core: prepares data directories and runs the relay. */
export const CLI_BINARY = process.env.CAUCUS_CLI ?? path.join(TARGET_DIR, "debug", "caucus");
export const TAURI_DRIVER =
  process.env.TAURI_DRIVER ?? path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), ".cargo"), "bin", "tauri-driver");
export const NATIVE_DRIVER = process.env.WEBKIT_WEBDRIVER ?? "/usr/bin/WebKitWebDriver";
/** Logs of every process the suite starts. */
export const LOGS = path.join(TARGET_DIR, "e2e", "logs");
/** Screenshots of the main screens (looked at by a person after the run). */
export const SCREENSHOTS = path.join(TARGET_DIR, "screenshots");
/** Timed numbers of the run (recorded, never asserted); printed by scripts/test-e2e.sh. */
export const METRICS_FILE = path.join(TARGET_DIR, "e2e", "metrics.json");
/** The editing trace whose final text sizes the big draft (DESIGN §6), beside the repository. */
export const AUTOMERGE_PAPER = path.join(ROOT, "tests", "data", "editing-traces", "automerge-paper.json.gz");

const ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";
const REQUEST_TIMEOUT_MS = 90_000;
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fails early, with the command that fixes it, when a prerequisite is missing. */
export function checkPrerequisites({ cli = false } = {}) {
  const missing = [
    [APP_BINARY, "cargo build -p caucus-app"],
    ...(cli ? [[CLI_BINARY, "cargo build -p caucus --bin caucus"]] : []),
    [TAURI_DRIVER, "scripts/setup.sh (cargo install tauri-driver)"],
    [NATIVE_DRIVER, "scripts/setup.sh (apt-get install webkit2gtk-driver)"],
    ...(process.env.CAUCUS_E2E_DISPLAY ? [] : [["/usr/bin/xvfb-run", "scripts/setup.sh (apt-get install xvfb xauth)"]]),
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

/** Polls `probe` until it returns a truthy value, which is returned; fails naming `what`. */
export async function waitUntil(what, probe, { timeoutMs = 30000, everyMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`${what}: not within ${timeoutMs} ms (last: ${detail})`);
    }
    await sleep(everyMs);
  }
}

// ---- processes ----------------------------------------------------------------------------------

/** Process groups started by any `Processes` in this test process and not stopped yet. */
const liveGroups = new Set();
function killLiveGroups() {
  for (const pid of liveGroups) signalGroup(pid, "SIGKILL");
  liveGroups.clear();
}
// Whatever happens to the test process (a crash, a timeout of the runner, Ctrl-C), what it
// started does not outlive it.
process.on("exit", killLiveGroups);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(signal, () => {
    killLiveGroups();
    process.exit(128 + os.constants.signals[signal]);
  });
}

function signalPid(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if (err.code !== "ESRCH") throw err;
  }
}

/** Direct children of `pid` (Linux /proc), [] if unknown. */
function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function commOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if (err.code !== "ESRCH") throw err;
  }
}

/**
 * The locale every process the harness starts runs in unless a test says otherwise: English (the
 * tests read the window's English text), whatever this machine's locale. The app picks its
 * language from LC_ALL, then LC_MESSAGES, then LANG (src-tauri/src/locale.rs): a test that wants
 * French passes `{ LANG: "fr_FR.UTF-8", LC_ALL: "" }` (an empty variable counts as unset).
 */
export const ENGLISH = { LANG: "C.UTF-8", LC_ALL: "C.UTF-8", LC_MESSAGES: "" };

/** Processes started by this harness, each its own process group so its children stop with it. */
export class Processes {
  #children = [];
  #tempDirs = [];

  start(command, args, { env, logFile, stdio } = {}) {
    mkdirSync(path.dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile);
    const child = spawn(command, args, {
      env: { ...process.env, ...ENGLISH, ...env },
      detached: true,
      stdio: stdio ?? ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    child.logFile = logFile;
    this.#children.push(child);
    liveGroups.add(child.pid);
    return child;
  }

  /**
   * Stops one process group started here: SIGTERM, then SIGKILL to the group after 5 s. Under
   * `xvfb-run`, only the command it runs gets the SIGTERM, so that xvfb-run stops its Xvfb and
   * removes its temp dir itself.
   */
  async stop(child) {
    const wrapped = child.spawnargs[0] === "xvfb-run" ? childrenOf(child.pid).filter((pid) => commOf(pid) !== "Xvfb") : [];
    if (wrapped.length) for (const pid of wrapped) signalPid(pid, "SIGTERM");
    else signalGroup(child.pid, "SIGTERM");
    await Promise.race([child.exited, sleep(5000)]);
    signalGroup(child.pid, "SIGKILL"); // stragglers of the group, if any
    liveGroups.delete(child.pid);
    this.#children = this.#children.filter((c) => c !== child);
  }

  async tempDir(prefix) {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    this.#tempDirs.push(dir);
    return dir;
  }

  /**
   * Stops, newest first, every process group this harness started (the group also holds what the
   * leader started: Xvfb, WebKitWebDriver and the app under tauri-driver), then removes its temp dirs.
   */
  async stopAll() {
    for (const child of [...this.#children].reverse()) await this.stop(child);
    await Promise.all(this.#tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    this.#tempDirs = [];
  }
}

// ---- the command line and the relay -------------------------------------------------------------

/** Runs `caucus --data-dir DIR ARGS…`; returns its standard output (throws with stderr on failure). */
export function cli(dataDir, ...args) {
  try {
    return execFileSync(CLI_BINARY, ["--data-dir", dataDir, ...args], {
      encoding: "utf8",
      env: { ...process.env, ...ENGLISH, RUST_LOG: "warn" },
      timeout: 120_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (err) {
    throw new Error(`caucus ${args.join(" ")} failed: ${err.stderr || err.message}`);
  }
}

/** `caucus --json …` parsed. */
export function cliJson(dataDir, ...args) {
  return JSON.parse(cli(dataDir, "--json", ...args));
}

/**
 * Starts `caucus serve --listen 127.0.0.1:<free port> --create-rooms` (or with `args` instead of
 * `--create-rooms`) on its own data directory (or `dataDir`) and waits for its "listening on ws://…"
 * line. Returns { url, child, dataDir }.
 */
export async function startRelay(processes, { name = "relay", dataDir, args = ["--create-rooms"] } = {}) {
  dataDir ??= await processes.tempDir("caucus-e2e-relay-");
  let lastError;
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = await freePort();
    const child = processes.start(CLI_BINARY, ["--data-dir", dataDir, "serve", "--listen", `127.0.0.1:${port}`, ...args], {
      env: { RUST_LOG: process.env.RUST_LOG ?? "info" },
      logFile: path.join(LOGS, `${name}.log`),
    });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error("no 'listening on' line within 15 s")), 15000);
        child.stdout.on("data", (chunk) => {
          out += chunk;
          const match = /listening on (ws:\/\/\S+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`caucus serve exited with ${code}; see ${child.logFile}`));
        });
      });
      if (url !== `ws://127.0.0.1:${port}`) throw new Error(`caucus serve listens on ${url}, asked for port ${port}`);
      return { url, child, dataDir };
    } catch (err) {
      lastError = err;
      await processes.stop(child); // the port was taken in between: try another
    }
  }
  throw new Error(`caucus serve did not start: ${lastError?.message}`);
}

/**
 * A chair device with the sample workshop, a relay that has it (pushed with `caucus sync --to`,
 * which also makes it the chair device's relay), and one device per entry of `members` joined
 * by an invitation naming that relay: { relay, workshop, chair: {dataDir, member, name}, [key]: {dataDir, member} }.
 */
export async function setUpWorkshop(processes, members) {
  const relay = await startRelay(processes);
  const chairDir = await processes.tempDir("caucus-e2e-chair-");
  cli(chairDir, "demo");
  const [{ id: workshop }] = cliJson(chairDir, "list");
  // The sample shows a comment round in progress; these devices co-edit the draft, so drafting.
  cli(chairDir, "stage", "set", workshop, "drafting");
  const chair = cliJson(chairDir, "member", "list", workshop).find((m) => m.role === "chair");
  const devices = { relay, workshop, chair: { dataDir: chairDir, member: chair.id, name: chair.name } };
  const added = members.map(({ key, name, delegation, role, group }) => [
    key,
    cli(chairDir, "member", "add", workshop, "--name", name, "--delegation", delegation, "--role", role, "--group", group).trim(),
  ]);
  // The relay learns the new roster entries before it admits the members.
  cli(chairDir, "sync", workshop, "--to", relay.url);
  for (const [key, member] of added) {
    const token = cli(chairDir, "invite", workshop, "--member", member, "--relay", relay.url).trim();
    const dataDir = await processes.tempDir(`caucus-e2e-${key}-`);
    cli(dataDir, "join", token);
    devices[key] = { dataDir, member };
  }
  return devices;
}

// ---- WebDriver ----------------------------------------------------------------------------------

/** A W3C WebDriver session spoken over plain HTTP. */
export class WebDriver {
  constructor(base) {
    this.base = base;
    this.sessionId = null;
  }

  async #request(method, route, body) {
    let res;
    try {
      res = await fetch(`${this.base}${route}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        // No WebDriver command of these tests takes long: a hung one fails here, named.
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new Error(`${method} ${route}: ${err.name === "TimeoutError" ? `no answer within ${REQUEST_TIMEOUT_MS} ms` : err.message}`);
    }
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
      await sleep(100);
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
      await sleep(100);
    }
  }

  /** Runs `script` in the page; `elements` are passed as its `arguments`. */
  executeScript(script, elements = []) {
    const args = elements.map((element) => ({ [ELEMENT_KEY]: element }));
    return this.#request("POST", this.#s("/execute/sync"), { script, args });
  }

  /** Runs the script `script` in the page with JSON `args` as its `arguments`. */
  execute(script, args = []) {
    return this.#request("POST", this.#s("/execute/sync"), { script, args });
  }

  /** Calls the page function `fn` (its source is sent) with JSON `args`; returns its result. */
  run(fn, ...args) {
    return this.execute(`return (${fn}).apply(null, arguments);`, args);
  }

  /** Like `run`, for a function returning a promise; a rejection becomes an Error here. */
  async runAsync(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
        .then((value) => done({ value: value === undefined ? null : value }),
              (err) => done({ error: String((err && (err.message || err.code || JSON.stringify(err))) || err) }));`;
    const result = await this.#request("POST", this.#s("/execute/async"), { script, args });
    if (result?.error !== undefined) throw new Error(`in the page: ${result.error}`);
    return result?.value;
  }

  /** Calls a command of the shell as the UI does (to check state the window does not show). */
  invoke(command, args = {}) {
    return this.runAsync((cmd, a) => window.__TAURI_INTERNALS__.invoke(cmd, a), command, args);
  }

  click(element) {
    return this.#request("POST", this.#s(`/element/${element}/click`), {});
  }

  /**
   * Clicks the element matching `selector`, found again if the page rendered it anew between the
   * find and the click (a view that refreshes itself replaces its elements: "stale element").
   */
  async clickSelector(selector, timeoutMs = 30000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const element = await this.waitFor(selector, Math.max(0, deadline - Date.now()));
      try {
        return await this.click(element);
      } catch (err) {
        if (err.webdriverError !== "stale element reference" || Date.now() > deadline) throw err;
      }
    }
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

  /**
   * Presses keys (characters, or WebDriver key codes such as "\uE00C" for Escape) on the focused
   * element, one after the other, with `pauseMs` between two keys.
   */
  async pressKeys(keys, { pauseMs = 0 } = {}) {
    const actions = [...keys].flatMap((key, i) => [
      ...(i > 0 && pauseMs > 0 ? [{ type: "pause", duration: pauseMs }] : []),
      { type: "keyDown", value: key },
      { type: "keyUp", value: key },
    ]);
    await this.#request("POST", this.#s("/actions"), { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.#request("DELETE", this.#s("/actions"));
  }

  /** Presses `key` with the `modifiers` (e.g. "\uE009" Control, "\uE008" Shift) held down. */
  async chord(modifiers, key) {
    const actions = [
      ...modifiers.map((m) => ({ type: "keyDown", value: m })),
      { type: "keyDown", value: key },
      { type: "keyUp", value: key },
      ...[...modifiers].reverse().map((m) => ({ type: "keyUp", value: m })),
    ];
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

  /** Minimizes the window (WebDriver "Minimize Window"); returns its rectangle. */
  minimizeWindow() {
    return this.#request("POST", this.#s("/window/minimize"), {});
  }

  /** The handles of the session's windows. */
  windowHandles() {
    return this.#request("GET", this.#s("/window/handles"));
  }

  /** A PNG of the window, decoded from WebDriver's base64. */
  async screenshot() {
    return Buffer.from(await this.#request("GET", this.#s("/screenshot")), "base64");
  }
}

// ---- app instances ------------------------------------------------------------------------------

/**
 * One app instance: its own data directory, and its own tauri-driver (`--port`, `--native-port`)
 * under its own `xvfb-run -a` display (or CAUCUS_E2E_DISPLAY, to watch a run). Each WebDriver
 * session is one run of the app on that data directory; `restart` ends it and starts another.
 */
export class App {
  constructor(processes, { name, dataDir, env = {}, args = [] }) {
    this.processes = processes;
    this.name = name;
    this.dataDir = dataDir;
    this.env = env;
    /** The app's command-line arguments (e.g. a `caucus:` link, as the system passes a clicked one). */
    this.args = args;
    this.driver = null;
    this.driverProcess = null;
    /**
     * The native Save and Open dialogs cannot be driven through WebDriver: the app answers them
     * itself (src-tauri/src/files.rs). A Save goes, as a new file, into `saveDir` (the export folder
     * when the test names one); an Open answers the path `answerOpenDialog` wrote last.
     */
    this.saveDir = env.CAUCUS_EXPORT_DIR ?? null;
    this.openAnswer = null;
    /** Date.now() just before the last session request. */
    this.requestedAt = 0;
  }

  /** Starts the display and tauri-driver (once). */
  async startDriver() {
    checkPrerequisites();
    this.dataDir ??= await this.processes.tempDir("caucus-e2e-");
    if (!this.openAnswer) {
      const dialogs = await this.processes.tempDir("caucus-e2e-dialogs-");
      this.saveDir ??= path.join(dialogs, "saved");
      this.openAnswer = path.join(dialogs, "open-answer");
    }
    // Another run on this machine may take the display xvfb-run -a picked, or a port, in between:
    // try again with new ones.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#startDriverOnce(attempt);
      } catch (err) {
        if (this.driverProcess) await this.processes.stop(this.driverProcess);
        this.driver = null;
        this.driverProcess = null;
        if (attempt >= 3) throw err;
        console.log(`${this.name}: ${err.message}; trying again`);
      }
    }
  }

  async #startDriverOnce(attempt) {
    const [port, nativePort] = [await freePort(), await freePort()];
    const driverArgs = ["--port", String(port), "--native-port", String(nativePort), "--native-driver", NATIVE_DRIVER];
    const env = {
      CAUCUS_DATA_DIR: this.dataDir,
      RUST_LOG: process.env.RUST_LOG ?? "info",
      CAUCUS_E2E_SAVE_DIR: this.saveDir,
      CAUCUS_E2E_OPEN_ANSWER: this.openAnswer,
      ...this.env,
    };
    const logFile = path.join(LOGS, `${this.name}${attempt > 1 ? `.${attempt}` : ""}.tauri-driver.log`);
    this.driverProcess = process.env.CAUCUS_E2E_DISPLAY
      ? this.processes.start(TAURI_DRIVER, driverArgs, { env: { ...env, DISPLAY: process.env.CAUCUS_E2E_DISPLAY }, logFile })
      : this.processes.start("xvfb-run", ["-a", "-s", "-screen 0 1280x1024x24 -nolisten tcp", TAURI_DRIVER, ...driverArgs], { env, logFile });
    const exited = this.driverProcess.exited.then(({ code }) => {
      throw new Error(`tauri-driver of ${this.name} exited with ${code}; see ${logFile}`);
    });
    exited.catch(() => {}); // only raced below
    this.driver = new WebDriver(`http://127.0.0.1:${port}`);
    await Promise.race([this.driver.waitUntilReady(), exited]);
  }

  /** Starts a run of the app (a WebDriver session); its start time is kept for `waitReady`. */
  async open() {
    if (!this.driver) await this.startDriver();
    this.requestedAt = Date.now();
    const options = { application: APP_BINARY, ...(this.args.length > 0 ? { args: this.args } : {}) };
    await this.driver.newSession({ alwaysMatch: { "tauri:options": options } });
    return this;
  }

  /**
   * Waits for `#app[data-ready=true]` (the editor editable, or read-only and loaded), failing
   * early with the error panel's code if the app shows one. Returns ms since the session request
   * (an upper bound: polled every 20 ms).
   */
  async waitReady(timeoutMs = 60000) {
    const state = await waitUntil(
      `${this.name}: #app[data-ready=true]`,
      () =>
        this.driver.run(() => {
          const err = document.querySelector(".error-panel");
          if (err) return { error: `${err.getAttribute("data-code")}: ${err.textContent}` };
          return document.querySelector('#app[data-ready="true"]') ? { ready: true } : null;
        }),
      { timeoutMs, everyMs: 20 },
    );
    const ms = Date.now() - this.requestedAt;
    if (state.error) throw new Error(`${this.name} shows an error instead of the editor: ${state.error}`);
    return ms;
  }

  /** The file the next Open dialog answers with (null: the person cancels). */
  answerOpenDialog(file) {
    writeFileSync(this.openAnswer, file ?? "");
  }

  /**
   * Ends this run of the app (the session; tauri-driver closes the app) and waits until its
   * process is gone, so that the next run on the same data directory finds it free (one app at a
   * time owns a data directory: a second one started too soon showed store.in_use).
   */
  async close() {
    let pid = null;
    try {
      pid = this.dataDir ? appPid(this.dataDir) : null;
    } catch {
      pid = null; // no app runs on it (not started, or quit already)
    }
    await this.driver?.deleteSession();
    if (pid !== null) await waitUntil(`${this.name}: its app (process ${pid}) exits`, () => !processAlive(pid), { everyMs: 50 });
  }

  /** Closes the app and opens it again on the same data directory; returns ms to ready. */
  async restart() {
    await this.close();
    await this.open();
    return this.waitReady();
  }

  /** Saves a screenshot of the window as target/screenshots/<file>; returns its path. */
  async screenshot(file) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // WebKit's snapshot can predate the last change: let two frames and a moment pass first.
    await this.driver.runAsync(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300)))),
    );
    const png = await this.driver.screenshot();
    if (png.subarray(1, 4).toString("latin1") !== "PNG") throw new Error(`${this.name}: the screenshot is not a PNG`);
    const out = path.join(SCREENSHOTS, file);
    writeFileSync(out, png);
    console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
    return out;
  }
}

/**
 * Starts one app instance (display, tauri-driver, a session) on a fresh data directory or on
 * `dataDir`, with `env` added to its environment. Returns { app, driver, dataDir }.
 */
/**
 * The `after` hook of a test file: closes the WebDriver sessions of the apps `apps()` returns
 * (it is called at the end, when they exist), then stops every process the file started.
 */
export function closeAll(processes, apps) {
  return async () => {
    try {
      for (const app of apps()) await app?.close().catch(() => {});
    } finally {
      await processes.stopAll();
    }
  };
}

export async function launchApp(processes, { name, dataDir, env = {}, args = [] }) {
  const app = new App(processes, { name, dataDir, env, args });
  await app.open();
  return { app, driver: app.driver, dataDir: app.dataDir };
}

/** Starts several instances one after the other (xvfb-run -a picks displays one at a time). */
export async function launchApps(processes, specs) {
  const apps = [];
  for (const spec of specs) apps.push((await launchApp(processes, spec)).app);
  return apps;
}

// ---- metrics ------------------------------------------------------------------------------------

/** The machine the numbers were measured on. */
export function machine() {
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown",
    ram_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: os.release(),
  };
}

/** Merges `values` under `key` into target/e2e/metrics.json (test files run one at a time). */
export function recordMetrics(key, values) {
  mkdirSync(path.dirname(METRICS_FILE), { recursive: true });
  const all = existsSync(METRICS_FILE) ? JSON.parse(readFileSync(METRICS_FILE, "utf8")) : {};
  all.machine = machine();
  all.updated = new Date().toISOString();
  all[key] = { ...(all[key] ?? {}), ...values };
  writeFileSync(METRICS_FILE, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`metrics ${key}: ${JSON.stringify(values)}`);
}

/** Whether process `pid` runs: it exists and has not exited (a zombie has). */
export function processAlive(pid) {
  try {
    return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** The process of the app running on `dataDir` (among `pids`, by default all of /proc). */
function appPid(dataDir, pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number)) {
  const app = pids.find((pid) => {
    try {
      return path.basename(readlinkSync(`/proc/${pid}/exe`)) === path.basename(APP_BINARY) &&
        readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`CAUCUS_DATA_DIR=${dataDir}`);
    } catch {
      return false;
    }
  });
  if (app === undefined) throw new Error(`no app process runs on ${dataDir}`);
  return app;
}

/**
 * Asks the window titled `title` of the app running on `dataDir` to close, as a window manager's
 * close button does (tests/e2e/wm-close.py: a WM_DELETE_WINDOW message on the app's own X
 * display), which the app may refuse. Returns its pid and how many windows were asked (0: no
 * such window is shown yet).
 */
export function askToClose(dataDir, title = "Caucus") {
  const pid = appPid(dataDir);
  const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  const x = Object.fromEntries(environ.filter((v) => /^(DISPLAY|XAUTHORITY)=/.test(v)).map((v) => v.split(/=(.*)/s).slice(0, 2)));
  const out = execFileSync("/usr/bin/python3", [path.join(ROOT, "tests", "e2e", "wm-close.py"), String(pid), title], { env: { ...process.env, ...x } });
  return { pid, asked: Number(out.toString().trim()) };
}

/**
 * The memory of the app running on `dataDir`: its process (found by its binary and its
 * CAUCUS_DATA_DIR) and every process under it (WebKit's web and network processes), as PSS and
 * RSS summed from /proc/PID/smaps_rollup, in MiB. PSS shares each page among the processes that
 * map it, so the sum counts the shared libraries once.
 */
export function appMemory(dataDir) {
  const pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
  const parent = new Map();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const app = appPid(dataDir, pids);
  const tree = [app];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parent) if (ppid === tree[i]) tree.push(pid);
  let pss = 0;
  let rss = 0;
  const processes = [];
  for (const pid of tree) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? 0);
      pss += kib("Pss");
      rss += kib("Rss");
      processes.push({ name: readFileSync(`/proc/${pid}/comm`, "utf8").trim(), pss_mib: Math.round((kib("Pss") / 1024) * 10) / 10 });
    } catch {
      // gone meanwhile
    }
  }
  const mib = (k) => Math.round((k / 1024) * 10) / 10;
  return { pss_mib: mib(pss), rss_mib: mib(rss), processes };
}

/** p50, p95, mean, min, max and count of `samples` (ms), rounded to 0.1 ms. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const round = (x) => Math.round(x * 10) / 10;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}
