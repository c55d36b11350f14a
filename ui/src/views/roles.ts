// What roles and constituencies are called in the window, and what each role may do here:
// the top bar's role badge, the observer's banner, and the members view's headings.

import type { Group, Role, WorkshopInfo } from "../ipc";
import { el } from "./dom";

export const ROLES: readonly Role[] = ["chair", "secretariat", "delegate", "observer", "translator"];

export const ROLE_NAME: Record<Role, string> = {
  chair: "Chair",
  secretariat: "Secretariat",
  delegate: "Delegate",
  observer: "Observer",
  translator: "Translator",
};

/** Headings of the members view, one per role. */
export const ROLE_HEADING: Record<Role, string> = {
  chair: "Chair",
  secretariat: "Secretariat",
  delegate: "Delegates",
  observer: "Observers",
  translator: "Translators",
};

/** The constituencies of Decision 17.C, in the order the decision lists them. */
export const GROUPS: readonly Group[] = [
  "producer-country",
  "consumer-country",
  "internet-company-country",
  "ngo",
  "lawyer",
  "expert",
  "secretariat",
];

export const GROUP_NAME: Record<Group, string> = {
  "producer-country": "Producer countries",
  "consumer-country": "Consumer countries",
  "internet-company-country": "Countries with large internet companies",
  ngo: "NGOs",
  lawyer: "Lawyers",
  expert: "Experts",
  secretariat: "Secretariat",
};

/** The role a new member of a constituency usually has (the form preselects it). */
export const GROUP_DEFAULT_ROLE: Record<Group, Role> = {
  "producer-country": "delegate",
  "consumer-country": "delegate",
  "internet-company-country": "delegate",
  ngo: "observer",
  lawyer: "observer",
  expert: "observer",
  secretariat: "secretariat",
};

export interface RoleSummary {
  /** `observer`, …, or `none` when this device has no identity in the workshop. */
  key: Role | "none";
  /** Short badge text: `Observer`. */
  name: string;
  /** What that means here: `you can comment, not edit`. */
  can: string;
}

/** This device's role in the open workshop, from what the core says it may write. */
export function describeRole(info: WorkshopInfo): RoleSummary {
  const role = info.me?.role ?? null;
  const edits = info.permissions.draft === "write";
  const comments = info.permissions.notes === "write";
  if (role === null) {
    return {
      key: "none",
      name: "Reader",
      can: edits ? "you can edit" : comments ? "you can comment, not edit" : "you can read, not edit or comment",
    };
  }
  let can: string;
  if (!edits) can = comments ? "you can comment, not edit" : "you can read, not edit or comment";
  else if (role === "chair") can = "you edit, manage members and freeze milestones";
  else if (info.can_manage_members) can = "you edit and manage members";
  else can = "you can edit and comment";
  return { key: role, name: ROLE_NAME[role], can };
}

/** The banner above the page for those who may not edit the draft; null for the others. */
export function renderReadOnlyBanner(info: WorkshopInfo): HTMLElement | null {
  if (info.permissions.draft === "write") return null;
  const role = describeRole(info);
  const banner = el("div", "role-banner", undefined, { role: "note", "data-role": role.key, "data-testid": "role-banner" });
  const lead = info.me ? `You take part as ${role.name.toLowerCase()}` : "This device has no identity in this workshop";
  banner.append(el("strong", "role-banner-lead", `${lead}: `));
  if (info.permissions.notes === "write") {
    banner.append(
      document.createTextNode(
        "the text is read-only for you. Select words in the draft and press Comment to annotate them; the delegations see your comments.",
      ),
    );
  } else {
    banner.append(document.createTextNode("the draft and its comments are read-only for you."));
  }
  return banner;
}

/** A stable colour for a member's caret and comments, from their id. */
export function memberColor(id: string): string {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  const hue = (hash >>> 0) % 360;
  return `hsl(${hue} 62% 40%)`;
}
