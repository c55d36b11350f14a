// End-to-end: an invitation as a link. The app started with a `caucus://join?token=…` argument (as
// the system starts the installed app for a clicked link) opens Workshops with Join filled in and
// asking — it joins nothing by itself; a second start with another link (the app is one instance
// per data directory) forwards it to the running window, which shows that one; a link that is not
// an invitation says why, with its code; pressing Join then joins through the relay.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, test } from "node:test";

import { APP_BINARY, checkPrerequisites, cli, closeAll, launchApp, Processes, startRelay, waitUntil } from "./harness.mjs";

const processes = new Processes();
let app;

after(closeAll(processes, () => [app]), { timeout: 30_000 });

/** What the Join form shows: its token, its status and code, and whether Join has the focus. */
function joinForm(driver) {
  return driver.run(() => {
    const token = document.querySelector("[data-testid=join-token]");
    const status = document.querySelector("[data-testid=join-status]");
    const view = document.querySelector('[data-view="workshops"]');
    return {
      shown: view ? !view.hidden : false,
      token: token?.value ?? null,
      status: status?.textContent ?? "",
      code: status?.getAttribute("data-code") ?? null,
      joinFocused: document.activeElement?.getAttribute("data-testid") === "join-submit",
    };
  });
}

/** A second start of the app on `dataDir` with `args`: it hands them over and exits 0. */
function secondStart(dataDir, args) {
  const run = spawnSync(APP_BINARY, args, {
    env: { ...process.env, CAUCUS_DATA_DIR: dataDir, RUST_LOG: "info" },
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(run.status, 0, `the second start failed: ${run.stderr}`);
  assert.match(run.stdout, /already runs on/, run.stdout);
}

test("a caucus: link opens Join filled in and asking; a second start forwards its link; Join joins", { timeout: 180_000 }, async () => {
  checkPrerequisites({ cli: true });
  const relay = await startRelay(processes, { name: "invite-link-relay" });
  const chairDir = await processes.tempDir("caucus-e2e-link-chair-");
  const workshop = cli(chairDir, "new", "--title", "Wildlife cybercrime").trim();
  cli(chairDir, "para", "add", workshop, "--kind", "operative", "--text", "URGES Parties to act;");
  const add = (name) => cli(chairDir, "member", "add", workshop, "--name", name, "--delegation", "Kenya", "--role", "delegate", "--group", "producer-country").trim();
  const [ana, ben] = [add("Ana"), add("Ben")];
  cli(chairDir, "sync", workshop, "--to", relay.url);
  const link = (member) => cli(chairDir, "invite", workshop, "--member", member, "--relay", relay.url, "--link").trim();
  const [anaLink, benLink] = [link(ana), link(ben)];
  assert.match(anaLink, /^caucus:\/\/join\?token=caucus1\./);
  const tokenOf = (l) => new URL(l).searchParams.get("token");

  // Started by a click on Ana's link: Join shows her token and asks; nothing is joined.
  let driver;
  ({ app, driver } = await launchApp(processes, { name: "invite-link", args: [anaLink] }));
  await app.waitReady();
  const sample = (await driver.invoke("workshop_current")).id;
  const first = await waitUntil("Join shows the link's token", async () => {
    const form = await joinForm(driver);
    return form.shown && form.token === tokenOf(anaLink) ? form : null;
  });
  assert.match(first.status, /Join the workshop on this device\?/, first.status);
  assert.equal(first.code, null);
  assert.ok(first.joinFocused, "Join has the focus: one key press to accept");
  assert.equal((await driver.invoke("workshop_current")).id, sample, "a link joins nothing by itself");
  await app.screenshot("invite-link.png");

  // A second start with a link that is no invitation: the running window says why.
  secondStart(app.dataDir, ["caucus://join?tok=nothing"]);
  await waitUntil("Join says the link is not an invitation", async () => ((await joinForm(driver)).code === "auth.malformed" ? true : null));

  // A second start with Ben's link: forwarded, Join now holds his token and asks again.
  secondStart(app.dataDir, [benLink]);
  const second = await waitUntil("Join shows the forwarded link's token", async () => {
    const form = await joinForm(driver);
    return form.token === tokenOf(benLink) && form.code === null ? form : null;
  });
  assert.match(second.status, /Join the workshop on this device\?/, second.status);
  assert.equal((await driver.invoke("workshop_current")).id, sample, "still nothing joined");

  // The member accepts: Join joins through the relay, as Ben.
  await driver.click(await driver.find("[data-testid=join-submit]"));
  await waitUntil("the window opens the joined workshop", async () => ((await driver.invoke("workshop_current")).id === workshop ? true : null), {
    timeoutMs: 60_000,
    everyMs: 250,
  });
  await app.waitReady();
  const info = await driver.invoke("workshop_current");
  assert.equal(info.me?.id, ben, "the device takes part as the member the link invited");
  assert.ok(ana, "Ana's invitation was only shown");
});
