// What roles and constituencies are called in the window, and what each role may do here:
// the top bar's role badge, the observer's banner, and the members view's headings.

import type { Group, Role, WorkshopInfo } from "../ipc";
import { has, t } from "../i18n";
import { el } from "./dom";

export const ROLES: readonly Role[] = ["chair", "secretariat", "delegate", "observer", "translator"];

/** A role's name in the window's language (`role-*` in the catalogue; the stored value otherwise). */
export function roleName(role: string): string {
  const id = `role-${role}`;
  return has(id) ? t(id) : role;
}

/** Headings of the members view, one per role (`Delegates`). */
export function roleHeading(role: string): string {
  const id = `role-heading-${role}`;
  return has(id) ? t(id) : role;
}

/** A bracket's status in the window's language (`bracket-status-*`; the stored value otherwise). */
export function bracketStatusName(status: string): string {
  const id = `bracket-status-${status}`;
  return has(id) ? t(id) : status;
}

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

/** A constituency's name in the window's language (`group-*` in the catalogue). */
export function groupName(group: string): string {
  const id = `group-${group}`;
  return has(id) ? t(id) : group;
}

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
      name: t("role-reader"),
      can: t(edits ? "role-can-edit" : comments ? "role-can-comment" : "role-can-read"),
    };
  }
  let can: string;
  if (!edits) can = t(comments ? "role-can-comment" : "role-can-read");
  else if (role === "chair") can = t("role-can-chair");
  else if (info.can_manage_members) can = t("role-can-manage");
  else can = t("role-can-edit-comment");
  return { key: role, name: roleName(role), can };
}

/** The banner above the page for those who may not edit the draft; null for the others. */
export function renderReadOnlyBanner(info: WorkshopInfo): HTMLElement | null {
  if (info.permissions.draft === "write") return null;
  const role = describeRole(info);
  const banner = el("div", "role-banner", undefined, { role: "note", "data-role": role.key, "data-testid": "role-banner" });
  const lead = info.me ? t("role-banner-lead", { role: role.key }) : t("role-banner-lead-none");
  banner.append(el("strong", "role-banner-lead", lead), document.createTextNode(" "));
  banner.append(document.createTextNode(t(info.permissions.notes === "write" ? "role-banner-comment" : "role-banner-read")));
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
