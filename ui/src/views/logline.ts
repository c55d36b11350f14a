// One line of the Status view's log as a sentence in the window's language (issue #15 §1): the
// core sends each line's parts as plain values (`LogLine.args`: the bracket's words, the
// paragraph's citation or that it is gone, codes for a status, an outcome, a stage); one catalogue
// message per line shape puts them together. `line.what` (English) is what the command line prints.

import { t } from "../i18n";
import type { LogLine } from "../ipc";
import { formatDeadline } from "./stage";

/** `set [Parties] in paragraph 2 to agreed` / `a fixé le statut de [Parties] au paragraphe 2 à « convenu »`. */
export function logSentence(line: LogLine): string {
  const a = line.args;
  // Where the bracket or paragraph is (the catalogue's `$place`): cited, unnumbered, or gone.
  const where = { place: a.place ?? "gone", paragraph: a.paragraph ?? "", words: a.words ?? "", bracket: a.bracket ?? "" };
  const milestone = a.milestone ?? "";
  switch (line.kind) {
    case "bracket-status":
      return t("log-bracket-status", { ...where, status: a.status ?? "open" });
    case "bracket-package":
      return a.package ? t("log-bracket-package-in", { ...where, package: a.package }) : t("log-bracket-package-out", where);
    case "bracket-choose":
      return t("log-bracket-choose", where);
    case "paragraph-agreed":
      return t(a.agreed ? "log-paragraph-agreed" : "log-paragraph-unagreed", where);
    case "restore":
      return a.place ? t("log-restore-paragraph", { ...where, milestone }) : t("log-restore-draft", { milestone });
    case "renumber":
      return t("log-renumber", { count: a.count ?? 0 });
    case "revert":
      return t("log-revert", { delegation: a.delegation ?? "", milestone });
    case "outcome": {
      const outcome = a.outcome ? t(`outcome-${a.outcome}`) : "";
      if (!a.place) return t("log-outcome-unknown", { outcome, thread: a.thread ?? "" });
      return a.delegation ? t("log-outcome", { ...where, outcome, delegation: a.delegation }) : t("log-outcome-unattributed", { ...where, outcome });
    }
    case "stage": {
      const stage = a.stage ? t(`stage-${a.stage}`) : "";
      return a.deadline ? t("log-stage-deadline", { stage, deadline: formatDeadline(a.deadline) }) : t("log-stage", { stage });
    }
    case "milestone":
      return t("log-milestone", { milestone });
    default:
      // A kind this window does not know (a newer peer's): the core's English sentence.
      return line.what;
  }
}
