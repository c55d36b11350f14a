// The "Members" view: the workshop's members by role or by constituency (Decision 17.C), removed
// members struck through; for the chair and the Secretariat, adding and removing members, and for
// the chair, invitations to copy and send. Everyone else reads it, and is told why.

import type { Group, Invitation, Member, Members, NewMember, Role, WorkshopInfo } from "../ipc";
import { el } from "./dom";
import { toErrorBody } from "./error";
import { formatDate, formatDateTime } from "./format";
import { errorText, formatNumber, t } from "../i18n";
import { GROUP_DEFAULT_ROLE, groupName, GROUPS, roleHeading, roleName, ROLES } from "./roles";
import { setStatus } from "./status";

export interface MembersActions {
  list(): Promise<Members>;
  add(member: NewMember): Promise<Members>;
  remove(id: string): Promise<Members>;
  /** An invitation token for member `id` (chair only). */
  invite(id: string): Promise<Invitation>;
}

type Grouping = "role" | "group";


export class MembersView {
  readonly element: HTMLElement;
  readonly #actions: MembersActions;
  readonly #intro: HTMLElement;
  readonly #invitation: HTMLElement;
  readonly #formSlot: HTMLElement;
  readonly #list: HTMLElement;
  readonly #grouping = new Map<Grouping, HTMLButtonElement>();
  #info: WorkshopInfo | null = null;
  #members: Members | null = null;
  #by: Grouping = "role";
  #generation = 0;

  constructor(actions: MembersActions) {
    this.#actions = actions;
    this.element = el("section", "sheet members-view", undefined, {
      "aria-labelledby": "members-title",
      "data-testid": "members-view",
    });
    this.#intro = el("p", "sheet-intro");
    this.#invitation = el("div", "invitation-slot", undefined, { "aria-live": "polite" });
    this.#formSlot = el("div", "member-form-slot");
    this.#list = el("div", "member-list-slot", undefined, { "aria-live": "polite" });

    const switcher = el("div", "segmented", undefined, { role: "group", "aria-label": t("members-grouping") });
    for (const [by, label] of [["role", t("members-by-role")], ["group", t("members-by-group")]] as const) {
      const button = el("button", "segment", label, { type: "button", "aria-pressed": String(by === this.#by), "data-grouping": by });
      button.addEventListener("click", () => {
        this.#by = by;
        for (const [name, b] of this.#grouping) b.setAttribute("aria-pressed", String(name === by));
        this.#renderList();
      });
      this.#grouping.set(by, button);
      switcher.append(button);
    }

    const head = el("div", "sheet-head");
    head.append(el("h1", "sheet-title", t("members-title"), { id: "members-title", tabindex: "-1" }), switcher);
    this.element.append(head, this.#intro, this.#invitation, this.#formSlot, this.#list);
  }

  /** The workshop now open: the list is read again on the next `load`. */
  setWorkshop(info: WorkshopInfo | null): void {
    this.#info = info;
    this.#members = null;
    this.#generation += 1;
    this.#invitation.replaceChildren();
    this.#formSlot.replaceChildren();
    this.#intro.textContent = "";
    this.#list.replaceChildren(el("p", "panel-empty", t(info ? "members-loading" : "members-no-workshop")));
  }

  async load(): Promise<void> {
    if (!this.#info) return;
    const generation = ++this.#generation;
    if (!this.#members) this.#list.replaceChildren(el("p", "panel-empty", t("members-loading")));
    try {
      const members = await this.#actions.list();
      if (generation !== this.#generation) return;
      this.#show(members);
    } catch (err) {
      if (generation !== this.#generation) return;
      const body = toErrorBody(err);
      const box = el("p", "panel-error", t("members-load-failed", { message: errorText(body) }), { role: "alert", "data-code": body.code });
      box.append(el("span", "error-code", ` ${t("error-code-short", { code: body.code })}`));
      this.#list.replaceChildren(box);
    }
  }

  focus(): void {
    this.element.querySelector<HTMLElement>("#members-title")?.focus({ preventScroll: true });
  }

  get #canInvite(): boolean {
    return this.#info?.me?.role === "chair";
  }

  #show(members: Members): void {
    const first = this.#members === null;
    this.#members = members;
    const active = members.members.filter((m) => !m.removed).length;
    const removed = members.members.length - active;
    const counts = removed ? t("members-count-removed", { count: active, removed }) : t("members-count", { count: active });
    if (members.can_manage) {
      this.#intro.textContent = `${counts} ${t(this.#canInvite ? "members-intro-chair" : "members-intro-manage")}`;
    } else {
      const role = this.#info?.me?.role ?? "none";
      this.#intro.replaceChildren(
        document.createTextNode(counts),
        el("span", "read-only-note", t("members-read-only", { role }), {
          "data-testid": "members-read-only",
        }),
      );
    }
    if (members.can_manage && (first || !this.#formSlot.firstChild)) this.#formSlot.replaceChildren(this.#renderForm());
    if (!members.can_manage) this.#formSlot.replaceChildren();
    this.#renderList();
  }

  #renderList(): void {
    const members = this.#members;
    if (!members) return;
    if (members.members.length === 0) {
      this.#list.replaceChildren(el("p", "panel-empty", t("members-empty")));
      return;
    }
    const sections: { key: string; title: string; rows: Member[] }[] =
      this.#by === "role"
        ? ROLES.map((role) => ({ key: role, title: roleHeading(role), rows: members.members.filter((m) => m.role === role) }))
        : GROUPS.map((group) => ({ key: group, title: groupName(group), rows: members.members.filter((m) => m.group === group) }));
    const out = el("div", "member-sections");
    for (const section of sections) {
      if (section.rows.length === 0) continue;
      const rows = [...section.rows].sort(
        (a, b) => Number(a.removed !== null) - Number(b.removed !== null) || a.full_name.localeCompare(b.full_name),
      );
      const id = `members-${this.#by}-${section.key}`;
      const box = el("section", "member-section", undefined, { "aria-labelledby": id, "data-section": section.key });
      const activeCount = rows.filter((m) => !m.removed).length;
      const heading = el("h2", "member-section-title", section.title, { id });
      heading.append(el("span", "member-count", ` ${formatNumber(activeCount)}`));
      const list = el("ul", "member-list");
      for (const member of rows) list.append(this.#renderRow(member, members));
      box.append(heading, list);
      out.append(box);
    }
    this.#list.replaceChildren(out);
  }

  #renderRow(member: Member, members: Members): HTMLElement {
    const removed = member.removed !== null;
    const row = el("li", removed ? "member-row member-removed" : "member-row", undefined, {
      "data-testid": "member-row",
      "data-id": member.id,
      "data-role": member.role,
      "data-group": member.group,
    });
    if (removed) row.dataset.removed = "true";
    const who = el("div", "member-who");
    const name = el(removed ? "s" : "span", "member-name", member.name);
    who.append(name);
    if (member.id === members.me) who.append(el("span", "chip chip-me", t("members-you")));
    if (member.delegation) who.append(el("span", "member-delegation", member.delegation));

    const facts = el("div", "member-facts");
    facts.append(
      el("span", `chip chip-role chip-${member.role}`, roleName(member.role)),
      el("span", "member-group", groupName(member.group)),
    );
    const since = el("span", "member-date");
    if (member.removed) {
      since.textContent = t("member-removed-on", { date: formatDate(member.removed) });
      since.title = t("member-removed-title", { date: formatDateTime(member.removed) });
    } else if (member.added) {
      since.textContent = t("member-added-on", { date: formatDate(member.added) });
      since.title = t("member-added-title", { date: formatDateTime(member.added) });
    }
    facts.append(since);

    row.append(who, facts);
    if (members.can_manage && !removed) {
      const actions = el("div", "member-actions");
      // The chair's own device holds their identity already: no invitation for themselves.
      if (this.#canInvite && member.id !== members.me) {
        const invite = el("button", "button button-small", t("member-invite"), {
          type: "button",
          "data-action": "invite",
          "aria-label": t("member-invite-label", { name: member.full_name }),
        });
        invite.addEventListener("click", () => void this.#invite(member, invite));
        actions.append(invite);
      }
      if (member.id !== members.me) {
        const remove = el("button", "button button-small button-danger", t("member-remove"), {
          type: "button",
          "data-action": "remove",
          "aria-label": t("member-remove-label", { name: member.full_name }),
        });
        remove.addEventListener("click", () => this.#confirmRemove(row, member, actions));
        actions.append(remove);
      }
      row.append(actions);
    }
    return row;
  }

  /** Asks inside the row (no native dialog): removing revokes the member's invitations. */
  #confirmRemove(row: HTMLElement, member: Member, actions: HTMLElement): void {
    row.querySelector(".member-confirm")?.remove();
    actions.hidden = true;
    const confirm = el("div", "member-confirm", undefined, { role: "group", "aria-label": t("member-remove-confirm-label", { name: member.full_name }) });
    const yes = el("button", "button button-small button-danger-solid", t("member-remove"), { type: "button", "data-action": "confirm-remove" });
    const no = el("button", "button button-small", t("dialog-cancel"), { type: "button", "data-action": "cancel-remove" });
    const status = el("span", "form-status", undefined, { role: "status" });
    confirm.append(
      el("span", "member-confirm-text", t("member-remove-confirm", { name: member.full_name })),
      yes,
      no,
      status,
    );
    const cancel = () => {
      confirm.remove();
      actions.hidden = false;
      actions.querySelector<HTMLButtonElement>('[data-action="remove"]')?.focus();
    };
    no.addEventListener("click", cancel);
    confirm.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        cancel();
      }
    });
    yes.addEventListener("click", () => {
      yes.disabled = true;
      no.disabled = true;
      status.className = "form-status form-status-pending";
      status.textContent = t("member-removing");
      this.#actions
        .remove(member.id)
        .then((members) => this.#show(members))
        .catch((err: unknown) => {
          const body = toErrorBody(err);
          status.className = "form-status form-status-error";
          status.textContent = t("error-with-code", { message: errorText(body), code: body.code });
          status.dataset.code = body.code;
          yes.disabled = false;
          no.disabled = false;
        });
    });
    row.append(confirm);
    no.focus();
  }

  async #invite(member: Member, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const box = el("section", "invitation", undefined, { "aria-labelledby": "invitation-title", "data-testid": "invitation" });
    box.append(el("p", "form-status form-status-pending", t("invitation-signing", { name: member.full_name })));
    this.#invitation.replaceChildren(box);
    try {
      const invitation = await this.#actions.invite(member.id);
      this.#invitation.replaceChildren(this.#renderInvitation(member, invitation));
      this.#invitation.querySelector<HTMLTextAreaElement>("textarea")?.focus();
    } catch (err) {
      const body = toErrorBody(err);
      box.replaceChildren(
        el("p", "panel-error", t("invitation-failed", { name: member.full_name, message: errorText(body) }), {
          role: "alert",
          "data-code": body.code,
        }),
      );
      box.firstElementChild?.append(el("span", "error-code", ` ${t("error-code-short", { code: body.code })}`));
    } finally {
      button.disabled = false;
    }
  }

  #renderInvitation(member: Member, invitation: Invitation): HTMLElement {
    const box = el("section", "invitation", undefined, { "aria-labelledby": "invitation-title", "data-testid": "invitation" });
    const head = el("div", "invitation-head");
    head.append(el("h2", "invitation-title", t("invitation-title", { name: member.full_name }), { id: "invitation-title" }));
    const dismiss = el("button", "icon-button", "×", { type: "button", "aria-label": t("invitation-close") });
    dismiss.addEventListener("click", () => this.#invitation.replaceChildren());
    head.append(dismiss);
    const expires = new Date(invitation.expires * 1000).toISOString();
    const facts = invitation.relay
      ? t("invitation-facts-relay", { role: invitation.role, date: formatDate(expires), relay: invitation.relay })
      : t("invitation-facts", { role: invitation.role, date: formatDate(expires) });
    // The link first: clicking it in their mail opens Caucus at Join with the token filled in.
    const link = copyable({ id: "invitation-link", value: invitation.link, testid: "invite-link", copyTestid: "invite-copy-link", copyLabel: t("invitation-copy-link"), primary: true });
    const token = copyable({ id: "invitation-token", value: invitation.token, testid: "invite-token", copyTestid: "invite-copy", copyLabel: t("invitation-copy-token"), primary: false });
    box.append(
      head,
      el("p", "invitation-facts", facts),
      el("label", "field-label", t("invitation-link-label"), { for: "invitation-link" }),
      ...link,
      el("label", "field-label", t("invitation-token-label"), { for: "invitation-token" }),
      ...token,
    );
    return box;
  }

  #renderForm(): HTMLFormElement {
    const form = el("form", "member-form", undefined, { "aria-labelledby": "member-form-title", novalidate: "" });
    const name = input("member-name", t("member-field-name"), t("member-field-name-placeholder"));
    const delegation = input("member-delegation", t("member-field-delegation"), t("member-field-delegation-placeholder"));
    const group = select<Group>("member-group", t("member-field-group"), GROUPS.map((g) => [g, groupName(g)]));
    const role = select<Role>("member-role", t("member-field-role"), ROLES.map((r) => [r, roleName(r)]));
    role.select.value = GROUP_DEFAULT_ROLE[group.select.value as Group];
    // The constituency suggests the role (countries draft, NGOs and experts observe) until the role is chosen by hand.
    let roleTouched = false;
    role.select.addEventListener("change", () => (roleTouched = true));
    group.select.addEventListener("change", () => {
      if (!roleTouched) role.select.value = GROUP_DEFAULT_ROLE[group.select.value as Group];
    });
    const submit = el("button", "button button-primary", t("member-add"), { type: "submit", "data-testid": "member-add" });
    const status = el("p", "form-status", undefined, { role: "status", "aria-live": "polite" });
    const fields = el("div", "form-grid");
    fields.append(name.field, delegation.field, group.field, role.field);
    form.append(el("h2", "form-title", t("member-add-title"), { id: "member-form-title" }), fields, submit, status);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const member: NewMember = {
        name: name.input.value.trim(),
        delegation: delegation.input.value.trim(),
        role: role.select.value as Role,
        group: group.select.value as Group,
      };
      if (!member.name) {
        setStatus(status, "error", t("member-needs-name"), "input.empty");
        name.input.focus();
        return;
      }
      const before = new Set(this.#members?.members.map((m) => m.id) ?? []);
      submit.disabled = true;
      setStatus(status, "pending", t("member-adding"));
      this.#actions
        .add(member)
        .then((members) => {
          name.input.value = "";
          delegation.input.value = "";
          roleTouched = false;
          role.select.value = GROUP_DEFAULT_ROLE[group.select.value as Group];
          this.#show(members);
          const added = members.members.find((m) => !before.has(m.id));
          setStatus(status, "ok", t("member-added", { name: added?.full_name ?? member.name }));
          if (added && this.#canInvite) {
            const invite = el("button", "button button-small", t("member-invite-now"), { type: "button" });
            invite.addEventListener("click", () => void this.#invite(added, invite));
            status.append(document.createTextNode(" "), invite);
          }
          name.input.focus();
        })
        .catch((err: unknown) => {
          const body = toErrorBody(err);
          setStatus(status, "error", errorText(body), body.code);
        })
        .finally(() => {
          submit.disabled = false;
        });
    });
    return form;
  }
}

function input(id: string, label: string, placeholder: string): { field: HTMLElement; input: HTMLInputElement } {
  const field = el("div", "form-field");
  const node = el("input", "text-input", undefined, { id, name: id, type: "text", autocomplete: "off", maxlength: "200", placeholder });
  field.append(el("label", "field-label", label, { for: id }), node);
  return { field, input: node };
}

function select<T extends string>(id: string, label: string, options: [T, string][]): { field: HTMLElement; select: HTMLSelectElement } {
  const field = el("div", "form-field");
  const node = el("select", "select-input", undefined, { id, name: id });
  for (const [value, text] of options) node.append(el("option", undefined, text, { value }));
  field.append(el("label", "field-label", label, { for: id }), node);
  return { field, select: node };
}

/** The clipboard API may be missing or refused in the webview: then the token is selected for Ctrl+C. */
async function copyToken(area: HTMLTextAreaElement, status: HTMLElement): Promise<void> {
  try {
    if (!navigator.clipboard) throw new Error("no clipboard");
    await navigator.clipboard.writeText(area.value);
    status.className = "form-status form-status-ok";
    status.textContent = t("copy-done");
  } catch {
    area.focus();
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    status.className = copied ? "form-status form-status-ok" : "form-status";
    status.textContent = t(copied ? "copy-done" : "copy-selected");
  }
}

/** A read-only text the member copies (an invitation's link or token), selected on focus, and
 *  its Copy button with a status that says what happened: [the text, the row with the button]. */
function copyable(o: { id: string; value: string; testid: string; copyTestid: string; copyLabel: string; primary: boolean }): [HTMLTextAreaElement, HTMLElement] {
  const area = el("textarea", "token-area", undefined, { id: o.id, readonly: "", rows: "4", spellcheck: "false", "data-testid": o.testid });
  area.value = o.value;
  area.addEventListener("focus", () => area.select());
  const copy = el("button", o.primary ? "button button-primary" : "button", o.copyLabel, { type: "button", "data-testid": o.copyTestid });
  const status = el("span", "form-status", undefined, { role: "status", "aria-live": "polite" });
  copy.addEventListener("click", () => void copyToken(area, status));
  const actions = el("div", "inline-row");
  actions.append(copy, status);
  return [area, actions];
}
