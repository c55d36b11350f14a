// The sync status of an app window through its test hooks: `[data-testid=sync-status]`
// (data-state, data-unacked) and the `[data-testid=sync-toggle]` button of its popover.

import { waitUntil } from "./harness.mjs";

const STATUS = "[data-testid=sync-status]";
const POPOVER = "[data-testid=sync-popover]";
const TOGGLE = "[data-testid=sync-toggle]";
const ESCAPE = "\uE00C";

/** { state, unacked } of the window's sync status (state null before the first status). */
export function syncState(app) {
  return app.driver.run((sel) => {
    const el = document.querySelector(sel);
    return el ? { state: el.getAttribute("data-state"), unacked: el.getAttribute("data-unacked") } : null;
  }, STATUS);
}

/** Waits until the status reads `state` (and `unacked`, when given). */
export async function waitForSync(app, state, { unacked, timeoutMs = 30000 } = {}) {
  let last = null;
  try {
    await waitUntil(
      `${app.name}: sync status ${state}${unacked === undefined ? "" : ` with ${unacked} unacknowledged`}`,
      async () => {
        last = await syncState(app);
        return last?.state === state && (unacked === undefined || last.unacked === String(unacked));
      },
      { timeoutMs, everyMs: 100 },
    );
  } catch (err) {
    throw new Error(`${err.message}; it reads ${JSON.stringify(last)}`);
  }
}

/** Opens the sync popover (a click on the status) unless it is open; returns the popover. */
export async function openSyncPopover(app) {
  const { driver } = app;
  const popover = await driver.waitFor(POPOVER);
  if (await driver.property(popover, "hidden")) await driver.click(await driver.find(STATUS));
  await waitUntil(`${app.name}: the sync popover opens`, async () => !(await driver.property(popover, "hidden")));
  return popover;
}

export async function closeSyncPopover(app) {
  const { driver } = app;
  const popover = await driver.find(POPOVER);
  if (popover && !(await driver.property(popover, "hidden"))) {
    await driver.pressKeys(ESCAPE);
    await waitUntil(`${app.name}: the sync popover closes`, async () => driver.property(popover, "hidden"));
  }
}

/**
 * Work offline (`online` false) or connect again (`online` true) with the sync toggle, then waits
 * for the status to read offline, or synced.
 */
export async function setOnline(app, online) {
  const { driver } = app;
  const want = online ? "synced" : "offline";
  await openSyncPopover(app);
  const toggle = await driver.waitFor(TOGGLE);
  await waitUntil(`${app.name}: the sync toggle is enabled`, async () => !(await driver.property(toggle, "disabled")));
  await driver.click(toggle);
  await waitForSync(app, want);
  await closeSyncPopover(app);
}
