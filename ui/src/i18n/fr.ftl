# Les messages de la fenêtre en français (issue #15 §1) : mêmes identifiants et mêmes paramètres
# que en.ftl (vérifié par ui/test/i18n.test.mjs). Termes de la CITES tels que ses documents les emploient.

## Langue
language-label = Langue
language-not-switched = La langue n'a pas été changée
language-later = Vos dernières modifications ne sont pas encore enregistrées ; changez de langue lorsque la barre supérieure indique Enregistré.
language-hint = La langue de la fenêtre sur cet appareil.

## Barre supérieure
nav-views = Vues
nav-draft = Projet
nav-status = État
nav-members = Membres
nav-milestones = Jalons
nav-workshops = Ateliers
topbar-export = Exporter…
topbar-about = À propos
topbar-about-title = Version, licence, dossier des données et langue (F1)
role-badge-can = { "\u00A0" }: { $can }
role-badge-title = { $role } : { $can }
stage-chip-label = Étape : { $stage }
stage-chip-label-change = Étape : { $stage } (modifier)
stage-chip-set-by = Fixée par { $who }.
stage-chip-title = { $stage }. { $by }
stage-chip-title-change = { $stage }. { $by } Appuyez pour la modifier.
save-not-saved = Non enregistré
save-not-saved-title = La dernière modification n'a pas pu être enregistrée : { $message } ({ $code })
save-saving = Enregistrement…
save-saving-title = { $count ->
    [one] { $count } modification en attente d'écriture sur le disque
   *[other] { $count } modifications en attente d'écriture sur le disque
}
save-saved = Enregistré
save-saved-title = Toutes les modifications sont écrites sur le disque de cet appareil
save-banner-disk-full-title = Le disque est plein.
save-banner-disk-full-body = Vos dernières modifications ne sont pas encore enregistrées. Libérez de l'espace sur le disque de cet ordinateur ; Caucus conserve les modifications dans cette fenêtre et les enregistre dès qu'il y a de la place. Ne fermez pas la fenêtre tant que ce bandeau est affiché.
save-banner-failed-title = Vos dernières modifications n'ont pas pu être enregistrées.
save-banner-failed-body = Caucus les conserve dans cette fenêtre et réessaie toutes les quelques secondes. Ne fermez pas la fenêtre tant que ce bandeau est affiché.
error-code-short = ({ $code })

## Rôles et groupes (les valeurs enregistrées restent en anglais)
role-chair = Président
role-secretariat = Secrétariat
role-delegate = Délégué
role-observer = Observateur
role-translator = Traducteur
role-reader = Lecteur
role-heading-chair = Présidence
role-heading-secretariat = Secrétariat
role-heading-delegate = Délégués
role-heading-observer = Observateurs
role-heading-translator = Traducteurs
role-can-edit = vous pouvez modifier
role-can-comment = vous pouvez commenter, pas modifier
role-can-read = vous pouvez lire, ni modifier ni commenter
role-can-chair = vous modifiez, gérez les membres et figez les jalons
role-can-manage = vous modifiez et gérez les membres
role-can-edit-comment = vous pouvez modifier et commenter
role-banner-lead = { $role ->
    [chair] Vous participez en tant que président :
    [secretariat] Vous participez en tant que Secrétariat :
    [delegate] Vous participez en tant que délégué :
    [translator] Vous participez en tant que traducteur :
   *[observer] Vous participez en tant qu'observateur :
}
role-banner-lead-none = Cet appareil n'a pas d'identité dans cet atelier :
role-banner-comment = le texte est en lecture seule pour vous. Sélectionnez des mots du projet et appuyez sur Commenter pour les annoter ; les délégations voient vos commentaires.
role-banner-read = le projet et ses commentaires sont en lecture seule pour vous.
group-producer-country = Pays producteurs
group-consumer-country = Pays consommateurs
group-internet-company-country = Pays abritant de grandes entreprises de l'internet
group-ngo = ONG
group-lawyer = Juristes
group-expert = Experts
group-secretariat = Secrétariat

## Fenêtre, avis et erreurs
comments-panel-label = Commentaires
workshop-opening = Ouverture de l'atelier…
workshop-open-another = Ouvrir un autre atelier
notice-title = { $title } :
notice-dismiss = Fermer l'avis
notice-nothing-saved = Rien n'a été enregistré
notice-change-refused = Cette modification n'a pas pu être faite
notice-stage-unknown = L'étape de l'atelier n'est pas connue
notice-not-imported = { $file } n'a pas été importé
notice-drops-off = Les fichiers déposés ne seront pas importés
notice-links-off = Les liens d'invitation n'ouvriront pas Rejoindre
error-title-draft = Le projet n'a pas pu être ouvert
error-title-open = L'atelier n'a pas pu être ouvert
error-title-no-workshop = Aucun atelier n'est ouvert
error-title-compare = Les modifications depuis « { $milestone } » n'ont pas pu être affichées
error-code-line = Code d'erreur : { $code }
error-with-code = { $message } ({ $code })
error-hint-ipc_unavailable = Lancez Caucus avec scripts/run-app.sh ; la page ne peut pas ouvrir un atelier seule.
version-banner-lead = Mettez Caucus à jour pour modifier ce projet :
version-banner-body = il a été écrit par une version plus récente de Caucus (structure du projet { $declared } ; cette version connaît la structure { $known }). Il est affiché en lecture seule, afin que rien de ce que cette version ne sait pas afficher ne soit modifié ou perdu. Les commentaires restent possibles.
dialog-close = Fermer
dialog-cancel = Annuler
copy-done = Copié.
copy-selected = Sélectionné : appuyez sur Ctrl+C (⌘C) pour copier.

## Comparer avec un jalon, rétablir, annuler
compare-idle-title = Comparer avec un jalon
compare-idle-body = Les jalons sont le projet figé tel qu'il était, par exemple lorsqu'il a été soumis à une session du Comité permanent. Choisissez-en un à droite et appuyez sur Comparer pour voir ce qui a changé depuis : texte inséré souligné, texte supprimé barré, chaque modification avec la délégation qui l'a faite.
compare-back = Retour au projet
paragraphs-changed-back = { $count ->
    [one] { $count } rétabli
   *[other] { $count } rétablis
}
paragraphs-brought-back = { $count ->
    [one] { $count } remis
   *[other] { $count } remis
}
paragraphs-removed = { $count ->
    [one] { $count } retiré
   *[other] { $count } retirés
}
paragraphs-added-removed = { $count ->
    [one] { $count } ajouté depuis, retiré
   *[other] { $count } ajoutés depuis, retirés
}
revert-done = Les modifications de { $who } depuis « { $milestone } » sont annulées (paragraphes : { $parts }). Chaque membre reçoit la modification ; le journal l'enregistre.
revert-done-none = Les modifications de { $who } depuis « { $milestone } » sont annulées (il n'y en avait aucune). Chaque membre reçoit la modification ; le journal l'enregistre.
revert-failed = Non annulé : { $message } ({ $code })
restore-done = { $what ->
    [paragraph] Le paragraphe est tel qu'il était
   *[draft] Le projet est tel qu'il était
} à « { $milestone } » (paragraphes : { $parts }). Chaque membre reçoit la modification ; le journal l'enregistre.
restore-done-none = { $what ->
    [paragraph] Le paragraphe est tel qu'il était
   *[draft] Le projet est tel qu'il était
} à « { $milestone } » (il l'était déjà). Chaque membre reçoit la modification ; le journal l'enregistre.
restore-failed = Non rétabli : { $message } ({ $code })
restore-paragraph = Rétablir
restore-paragraph-label = Rétablir le paragraphe { $number } tel qu'il était à « { $milestone } »
restore-paragraph-title = Rétablir le paragraphe { $number } tel qu'il était à « { $milestone } » (une nouvelle modification que chaque membre reçoit)
restore-this-paragraph-label = Rétablir ce paragraphe tel qu'il était à « { $milestone } »
restore-this-paragraph-title = Rétablir ce paragraphe tel qu'il était à « { $milestone } » (une nouvelle modification que chaque membre reçoit)

## À propos
about-title = À propos de Caucus
about-intro = Rédiger une résolution à plusieurs, en ligne ou hors ligne.
about-version = Version
about-licence = Licence
about-data-dir = Dossier des données
about-data-dir-none = aucun (voir l'erreur de la fenêtre)

## Ateliers
workshops-title = Ateliers
workshops-intro = Tous les ateliers de cet appareil. Chacun a son propre projet, ses commentaires et ses membres.
workshops-loading = Chargement des ateliers…
workshops-list-failed = Les ateliers n'ont pas pu être listés : { $message }
workshops-empty = Aucun atelier sur cet appareil pour l'instant : créez-en, rejoignez-en ou importez-en un ci-dessous.
workshops-list-label = Ateliers de cet appareil
workshop-show-label = Afficher { $name }
workshop-open-label = Ouvrir { $name }
workshop-untitled = Atelier sans titre
workshop-no-identity = Aucune identité
workshop-open-chip = ouvert
workshop-opening-named = Ouverture de { $name }…
import-pending = Importation de { $file }…
import-pending-first = Importation de { $file } (seulement le premier des fichiers déposés)…
create-title = Nouvel atelier
create-intro = Vous le présidez : vous invitez les membres et figez les jalons.
create-field-title = Titre
create-field-title-placeholder = p. ex. Criminalité liée aux espèces sauvages sur l'internet
create-field-symbol = Cote du document
create-field-symbol-placeholder = p. ex. SC70 Doc. 30
create-field-meeting = Session
create-field-meeting-placeholder = p. ex. Soixante-dixième session du Comité permanent
create-submit = Créer l'atelier
create-needs-title = Donnez un titre à l'atelier.
create-pending = Création de l'atelier…
join-title = Rejoindre avec une invitation
join-intro = Ouvrez le lien d'invitation que le président vous a envoyé, ou collez ici le lien ou son jeton. Caucus récupère l'atelier auprès de son relais.
join-token-placeholder = caucus://join?token=… ou caucus1.…
join-submit = Rejoindre
join-token-label = Jeton ou lien d'invitation
join-needs-token = Collez d'abord le jeton d'invitation.
join-pending = Connexion : récupération de l'atelier auprès de son relais…
join-from-link = Un lien d'invitation a ouvert Caucus avec ce jeton. Rejoindre l'atelier sur cet appareil ? Appuyez sur Rejoindre pour le configurer, ou quittez cette vue pour y renoncer.
join-link-not-invitation = Le lien qui a ouvert Caucus n'est pas une invitation : { $message }
import-title = Importer un projet : .docx, .txt ou .md
import-intro = Un document CITES venant de Word (ses modifications suivies acceptées), en texte brut ou en Markdown, devient le projet d'un nouvel atelier que vous présidez.
import-choose = Choisir un fichier…
import-drop-hint = Ou déposez le fichier sur cette fenêtre pendant que cette page est affichée.

## Membres
members-title = Membres
members-grouping = Regrouper les membres
members-by-role = Par rôle
members-by-group = Par groupe
members-loading = Chargement des membres…
members-no-workshop = Aucun atelier n'est ouvert.
members-load-failed = Les membres n'ont pas pu être lus : { $message }
members-count = { $count ->
    [one] { $count } membre.
   *[other] { $count } membres.
}
members-count-removed = { $count ->
    [one] { $count } membre, { $removed } retiré(s).
   *[other] { $count } membres, { $removed } retiré(s).
}
members-intro-chair = Ajoutez des membres, puis envoyez à chacun une invitation : elle permet à son appareil de rejoindre cet atelier avec son rôle.
members-intro-manage = Vous ajoutez et retirez des membres ; les invitations sont signées sur l'appareil du président.
members-read-only = Seuls le président et le Secrétariat modifient la composition ; { $role ->
    [chair] vous participez en tant que président
    [secretariat] vous participez en tant que Secrétariat
    [delegate] vous participez en tant que délégué
    [observer] vous participez en tant qu'observateur
    [translator] vous participez en tant que traducteur
   *[none] vous êtes un lecteur sans identité ici
}, cette liste est donc en lecture seule pour vous.
members-empty = Aucun membre pour l'instant.
members-you = vous
member-removed-on = retiré le { $date }
member-removed-title = Retiré le { $date } ; ses invitations ne fonctionnent plus.
member-added-on = ajouté le { $date }
member-added-title = Ajouté le { $date }
member-invite = Inviter
member-invite-label = Créer une invitation pour { $name }
member-remove = Retirer
member-remove-label = Retirer { $name }
member-remove-confirm-label = Confirmer le retrait de { $name }
member-remove-confirm = Retirer { $name } ? Ses invitations cessent de fonctionner ; son nom reste dans l'historique.
member-removing = Retrait…
invitation-signing = Signature d'une invitation pour { $name }…
invitation-failed = Pas d'invitation pour { $name } : { $message }
invitation-title = Invitation pour { $name }
invitation-close = Fermer l'invitation
invitation-facts = { $role ->
    [chair] En tant que président
    [secretariat] En tant que Secrétariat
    [delegate] En tant que délégué
    [translator] En tant que traducteur
   *[observer] En tant qu'observateur
} · valable jusqu'au { $date } · aucun relais indiqué : synchronisation sur ce réseau ou par paquet.
invitation-facts-relay = { $role ->
    [chair] En tant que président
    [secretariat] En tant que Secrétariat
    [delegate] En tant que délégué
    [translator] En tant que traducteur
   *[observer] En tant qu'observateur
} · valable jusqu'au { $date } · synchronisation par { $relay }.
invitation-copy-link = Copier le lien
invitation-copy-token = Copier le jeton
invitation-link-label = Envoyez-lui ce lien : l'ouvrir lance Caucus sur Rejoindre, l'invitation déjà remplie.
invitation-token-label = Ou le jeton seul, à coller sous Ateliers → Rejoindre avec une invitation.
member-field-name = Nom
member-field-name-placeholder = p. ex. Ana Costa
member-field-delegation = Délégation ou organisation
member-field-delegation-placeholder = p. ex. Brésil, TRAFFIC
member-field-group = Groupe
member-field-role = Rôle
member-add = Ajouter le membre
member-add-title = Ajouter un membre
member-needs-name = Indiquez le nom du membre.
member-adding = Ajout…
member-added = { $name } est membre.
member-invite-now = L'inviter maintenant

## Erreurs par code stable (error-<code>, points changés en tirets). Un code absent d'ici
## affiche le message envoyé par l'application (en anglais).
error-ipc_unavailable = Caucus doit fonctionner dans son application de bureau.
error-ipc_unexpected = L'application de bureau a répondu quelque chose que la fenêtre ne comprend pas.
error-app-task_failed = La commande n'a pas abouti. Réessayez ; si l'échec persiste, redémarrez Caucus.
error-app-no_workshop = Aucun atelier n'a pu être ouvert.
error-app-workshop_not_open = Les modifications de la fenêtre concernaient un atelier qui n'est plus ouvert ; rien n'en a été enregistré dans l'atelier ouvert.
error-app-bad_request = La fenêtre a envoyé une demande incomplète à l'application.
error-app-bad_locale = La fenêtre ne parle que l'anglais, le français ou l'espagnol.
error-role-forbidden = Votre rôle dans cet atelier ne permet pas de faire cela.
error-rights-not_permitted = Votre rôle dans cet atelier ne permet pas de faire cela.
error-rights-stage = L'étape de l'atelier ne permet pas à votre rôle de faire cela maintenant.
error-rights-chair_protected = Personne ne retire ni ne rétrograde le président.
error-rights-too_long = Le texte dépasse la longueur autorisée.
error-rights-newer_schema = Ce projet a été écrit par une version plus récente de Caucus : mettez Caucus à jour pour le modifier.
error-draft-newer_schema = Ce projet a été écrit par une version plus récente de Caucus : mettez Caucus à jour pour le modifier.
error-draft-no_such_paragraph = Ce paragraphe n'est plus dans le projet.
error-draft-bad_level = Ce niveau n'existe pas : les niveaux sont 0, 1 et 2.
error-draft-bad_structure = La structure du projet est rompue ; la modification a été refusée.
error-bracket-not_found = Ces crochets ne sont plus dans le projet.
error-milestone-exists = Il existe déjà un jalon de ce nom.
error-milestone-not_found = Il n'existe pas de jalon de ce nom.
error-milestone-incomplete = Cet appareil n'a pas encore reçu tout le projet tel qu'il était à ce jalon : synchronisez avec un membre qui l'a, puis réessayez.
error-milestone-no_such_paragraph = Le projet à ce jalon n'a pas ce paragraphe.
error-notes-quote_not_found = Le texte cité est introuvable dans le projet.
error-notes-quote_ambiguous = Le texte cité apparaît plusieurs fois : sélectionnez davantage de mots.
error-notes-bad_anchor = Un commentaire doit porter sur des mots d'un seul paragraphe, tel que le projet est maintenant.
error-notes-no_such_thread = Ce fil de commentaires n'existe plus.
error-notes-own_delegation = Le fil parle déjà au nom de votre délégation : une délégation appuie les commentaires des autres délégations.
error-notes-no_proposal = Ce fil ne propose aucun libellé.
error-notes-proposal_orphaned = Les mots que la proposition remplacerait ont été supprimés : elle ne s'applique plus à rien.
error-notes-proposal_stale = Les mots sur lesquels porte la proposition ont changé depuis : examinez-la au regard du texte actuel, puis confirmez.
error-roster-no_such_member = Ce membre n'existe pas.
error-roster-member_removed = Ce membre a déjà été retiré.
error-input-empty = Remplissez les champs indiqués comme nécessaires.
error-input-bad_date = L'échéance n'est pas une date (AAAA-MM-JJ).
error-input-invalid = La saisie n'est pas valide.
error-workshop-not_found = Aucun atelier de cet appareil ne correspond.
error-workshop-no_identity = Cet appareil n'a pas d'identité dans cet atelier.
error-auth-malformed = Ce n'est ni un lien ni un jeton d'invitation.
error-auth-bad_signature = La signature de l'invitation ne correspond pas à la clé du président.
error-auth-expired = L'invitation a expiré : demandez-en une nouvelle au président.
error-auth-revoked = Ce membre a été retiré de l'atelier : l'invitation ne fonctionne plus.
error-auth-unknown_member = L'invitation désigne un membre qui ne figure pas dans la liste de l'atelier.
error-auth-wrong_role = Le rôle de l'invitation diffère du rôle du membre dans la liste.
error-auth-wrong_workshop = L'invitation concerne un autre atelier.
error-auth-not_chair = Seul l'appareil du président peut signer des invitations.
error-store-disk_full = Le disque est plein : rien de cette modification n'a été enregistré. Libérez de l'espace, puis réessayez.
error-store-in_use = Un autre programme utilise ce dossier des données.
error-store-too_new = Les données ont été écrites par une version plus récente de Caucus : mettez Caucus à jour.
error-store-commit_failed = L'enregistrement a échoué : rien de cette modification n'a été enregistré.
error-store-maybe_saved = Le disque a signalé une erreur pendant l'enregistrement : cette modification a peut-être été enregistrée, ou non. Rouvrez l'atelier pour voir ce qui est sur le disque.
error-store-reload_required = Un enregistrement antérieur a échoué : rouvrez l'atelier pour reprendre à partir de ce qui est sur le disque.
error-store-no_data_dir = Caucus ne trouve pas son dossier des données.
error-sync-no_relay = Aucun relais n'est connu pour cet atelier : indiquez son adresse.
error-sync-no_network = Cet ordinateur n'a pas d'adresse sur le réseau local pour héberger.
error-sync-timeout = Le relais n'a pas répondu à temps. Ce qu'il n'a pas confirmé est toujours ici : synchronisez à nouveau dès qu'il est joignable.
error-sync-transport = La connexion a échoué. Ce que le relais n'a pas confirmé est toujours ici : synchronisez à nouveau dès qu'il est joignable.
error-sync-cert_mismatch = Le relais a présenté un autre certificat que celui de l'invitation : Caucus a refusé de se connecter.
error-sync-forbidden = Le relais a refusé : cette connexion ne permet pas de faire cela.
error-file-cancelled = Aucun fichier n'a été choisi.
error-file-too_large = Le fichier est trop volumineux pour être importé.
error-file-unreadable = Le fichier n'a pas pu être lu.
error-file-drop_here = Déposez un projet sur la page Ateliers, ou un tableau de commentaires sur la page Projet, à côté des commentaires.
error-import-empty = Le fichier est vide : il n'y a aucun texte à importer.
error-import-binary = Le fichier n'est ni un texte, ni du Markdown, ni un document Word.
error-export-write_failed = Le fichier exporté n'a pas pu être écrit.
error-table-too_large = Le tableau de commentaires est trop volumineux pour être importé ici.
error-table-no_table = Le fichier ne contient aucun tableau.
error-table-no_headings = Aucun tableau du fichier n'a les en-têtes d'un tableau de commentaires (une colonne Commentaire ou Modification proposée, et une colonne Paragraphe ou Délégation).
error-table-unsupported_format = Ce n'est pas un tableau de commentaires : importez un fichier Word (.docx), Excel (.xlsx) ou CSV (.csv).

## Étapes de l'atelier
stage-drafting = Rédaction
stage-comment-round = Période de commentaires
stage-revision = Révision
stage-closed = Clos
stage-hint-drafting = Les délégations modifient directement le projet.
stage-hint-comment-round = Les délégations et les observateurs commentent et proposent des libellés ; seuls le président et le Secrétariat modifient le projet.
stage-hint-revision = Le président et le Secrétariat modifient le projet, appliquent les propositions et consignent les suites données ; les autres lisent et répondent.
stage-hint-closed = Personne ne modifie le projet ni ne commente ; les jalons et les exportations restent possibles.
stage-days-left = { $days ->
    [0] dernier jour
    [one] { $days } jour restant
   *[other] { $days } jours restants
}
stage-deadline-passed-ago = { $days ->
    [1] échéance passée hier
   *[other] échéance passée il y a { $days } jours
}
stage-summary-passed = { $stage } · échéance du { $date } passée
stage-summary-until = { $stage } · jusqu'au { $date }
stage-summary-until-left = { $stage } · jusqu'au { $date } · { $left }
stage-sentence-until = Période de commentaires jusqu'au { $date }
stage-sentence-until-left = Période de commentaires jusqu'au { $date } ({ $left })
stage-banner-round-until = Période de commentaires jusqu'au { $date } :
stage-banner-round = Période de commentaires :
stage-banner-round-propose = le président et le Secrétariat modifient le projet ; proposez plutôt une modification sur n'importe quels mots (sélectionnez-les, puis appuyez sur Proposer une modification).
stage-banner-round-read = le président et le Secrétariat modifient le projet.
stage-banner-revision = Révision :
stage-banner-revision-rest = le président et le Secrétariat modifient le projet, appliquent les propositions et consignent les suites données ; vous pouvez lire les commentaires et y répondre.
stage-banner-closed = L'atelier est clos :
stage-banner-closed-rest = plus personne ne modifie le projet ni ne commente ; les jalons et les exportations restent possibles.
stage-banner-other = { $stage } :
stage-banner-other-rest = le projet est en lecture seule pour vous à cette étape.
stage-dialog-title = Étape de l'atelier
stage-dialog-stage = Étape
stage-dialog-deadline = Échéance des commentaires (facultative)
stage-dialog-deadline-note = Un commentaire daté d'après l'échéance est conservé et signalé comme tardif.
stage-dialog-submit = Fixer l'étape

## Synchronisation
sync-state-local = Local
sync-state-offline = Hors ligne
sync-state-connecting = Connexion…
sync-state-synced = Synchronisé
sync-label = Synchro…
sync-title = Synchronisation
sync-close = Fermer le panneau de synchronisation
sync-unavailable = Synchro indisponible
sync-watch-failed = L'état de la synchronisation n'a pas pu être lu : { $message } ({ $code })
sync-unacked = { $count ->
    [one] { $count } modification non synchronisée
   *[other] { $count } modifications non synchronisées
}
sync-button-label = Synchronisation : { $state }. Afficher le panneau de synchronisation
sync-button-label-unacked = Synchronisation : { $state }, { $count ->
    [one] { $count } modification non synchronisée
   *[other] { $count } modifications non synchronisées
}. Afficher le panneau de synchronisation
sync-describe-local = Cet atelier n'a pas de relais : les modifications restent sur cet appareil. Connectez-vous avec une invitation ou l'adresse d'un relais.
sync-describe-offline-chosen = Travail hors ligne : les modifications sont enregistrées ici et envoyées à { $relay } lorsque vous vous connectez.
sync-describe-offline-chosen-any = Travail hors ligne : les modifications sont enregistrées ici et envoyées au relais lorsque vous vous connectez.
sync-describe-offline = Non connecté à { $relay } ; les modifications sont enregistrées ici.
sync-describe-offline-any = Non connecté au relais ; les modifications sont enregistrées ici.
sync-connecting-to = Connexion à { $relay }…
sync-connecting-any = Connexion…
sync-describe-sending = Connecté à { $relay } ; envoi de { $count ->
    [one] { $count } modification
   *[other] { $count } modifications
}.
sync-describe-synced = Connecté à { $relay } ; toutes les modifications sont synchronisées.
sync-reading = Lecture de l'état de la synchronisation…
sync-last-error = La dernière connexion a échoué :
sync-connect = Se connecter
sync-connected = Connecté
sync-connect-to = Se connecter à { $relay }
sync-work-offline = Travailler hors ligne
sync-going-offline = Passage hors ligne…
sync-note-no-relay = Aucun relais n'est connu pour cet atelier : indiquez-en un ci-dessous, ou rejoignez-le avec une invitation.
sync-note-connects = Se connecte à { $relay } et réessaie jusqu'à ce que vous choisissiez de travailler hors ligne.
sync-note-offline = Les modifications continuent d'être enregistrées sur cet appareil et sont envoyées lorsque vous vous reconnectez.
sync-other-relay = Se connecter à un autre relais
sync-needs-relay = Indiquez l'adresse du relais, p. ex. wss://relay.example.org:4433.
sync-peers = Pairs
sync-no-peer = Aucun pair pour l'instant.
sync-peer-state = { $kind ->
    [lan] Sur ce réseau
   *[relay] Relais
} · { $connected ->
    [yes] connecté
   *[no] non connecté
}
sync-peer-last-synced = dernière synchronisation { $when }
sync-peer-never = jamais synchronisé
sync-lan-title = Sur ce réseau
sync-lan-find = Chercher sur ce réseau
sync-lan-listening = Écoute sur ce réseau…
sync-lan-none = Aucun relais Caucus de ce réseau n'héberge cet atelier.
sync-lan-failed = La recherche a échoué : { $message }
sync-host = Héberger les ateliers de cet appareil sur ce réseau
sync-host-starting = Démarrage…
sync-host-stopping = Arrêt…
sync-host-on = Les pairs de ce réseau joignent cet appareil à { $url } ; les invitations faites ici l'indiquent et épinglent son certificat ({ $fingerprint }…).
sync-host-off = Désactivé : les pairs de ce réseau se connectent par un relais.

## Statuts des crochets, types de fils et suites données (les valeurs enregistrées restent en anglais)
bracket-status-open = Ouvert
bracket-status-agreed = Convenu
bracket-status-agreed-ad-ref = Convenu ad referendum
bracket-status-agreed-ad-ref-short = Convenu ad ref.
bracket-status-withdrawn = Retiré
thread-type-general = Général
thread-type-technical = Technique
thread-type-editorial = Rédactionnel

## État de la négociation
status-title = Où en est la négociation
status-loading = Lecture de l'état de la négociation…
status-load-failed = L'état de la négociation n'a pas pu être lu : { $message }
status-intro-none = Aucun paragraphe n'est encore en négociation.
status-intro = { $settled } sur { $total ->
    [one] { $total } paragraphe
   *[other] { $total } paragraphes
} en négociation réglés (convenus ou convenus ad referendum). Calculé à partir des crochets et des commentaires, jamais saisi ; choisissez des crochets ou un paragraphe pour les voir dans le projet.
status-keeps-open-brackets = { $count ->
    [one] { $count } crochet ouvert
   *[other] { $count } crochets ouverts
}
status-keeps-open-threads = { $count ->
    [one] { $count } commentaire en attente d'une suite
   *[other] { $count } commentaires en attente d'une suite
}
status-keeps-open-ad-ref = { $count ->
    [one] { $count } crochet convenu ad ref.
   *[other] { $count } crochets convenus ad ref.
}
status-paragraph-unnumbered = un paragraphe non numéroté
status-paragraph-named = paragraphe { $citation }
status-progress-title = Paragraphes par statut
status-progress-summary = { $percent } % réglés — convenus : { $agreed } ; convenus ad referendum : { $adRef } ; ouverts : { $open } ; sur { $total ->
    [one] { $total } paragraphe
   *[other] { $total } paragraphes
}
status-legend-label = { $label } :
status-total = Total
status-percent-settled = { $percent } % réglés
status-bracket-label = { $paragraph } : « { $words } ». L'afficher dans le projet
status-bracket-label-ad-ref = { $paragraph } : « { $words } », convenu ad referendum. L'afficher dans le projet
status-paragraph-label = { $paragraph } : { $detail }. L'afficher dans le projet
status-holders-title = Crochets ouverts, par délégation qui les maintient
status-no-bracket = Aucun crochet n'est ouvert.
status-held-by-none = Maintenus par aucune délégation nommée
status-brackets-count = { $count ->
    [one] { $count } crochet
   *[other] { $count } crochets
}
status-ad-ref-title = Convenus ad referendum (en attente de confirmation)
status-held-by = maintenu par { $holders }
status-packages-title = Ensembles de crochets
status-packages-note = Rien n'est convenu dans un ensemble tant que tout ne l'est pas : un crochet convenu d'un ensemble encore ouvert compte comme ouvert.
status-package-agreed = convenu
status-package-pending = en attente : { $agreed } sur { $count ->
    [one] { $count } crochet
   *[other] { $count } crochets
} convenus
status-package-name = Ensemble « { $name } »
status-entry-pending = convenu, en attente de l'ensemble
status-entry-ad-ref = convenu ad ref.
status-entry-open = ouvert
status-log-title = Le journal
status-log-empty = Rien n'est encore consigné : les statuts des crochets, les ensembles, les marques « convenu », les rétablissements, les suites données, les étapes et les jalons apparaissent ici.
status-log-note = Conservé dans l'atelier sous forme d'enregistrements que chaque membre synchronise et que personne ne modifie.
status-log-who = { $who } :
status-log-more = Afficher les { $count } entrées

## Le journal de la vue État : une phrase par forme de ligne, après « Qui : ».
log-bracket-status = a fixé le statut { $place ->
        [paragraph] de [{ $words }] au paragraphe { $paragraph }
        [draft] de [{ $words }] dans le projet
       *[gone] du crochet { $bracket } (qui ne figure plus dans le texte)
    } à « { $status ->
        [open] ouvert
        [agreed-ad-ref] convenu ad referendum
        [withdrawn] retiré
       *[agreed] convenu
    } »
log-bracket-package-in = a placé { $place ->
        [paragraph] [{ $words }] (paragraphe { $paragraph })
        [draft] [{ $words }] (dans le projet)
       *[gone] le crochet { $bracket } (qui ne figure plus dans le texte)
    } dans l'ensemble « { $package } »
log-bracket-package-out = a retiré { $place ->
        [paragraph] [{ $words }] (paragraphe { $paragraph })
        [draft] [{ $words }] (dans le projet)
       *[gone] le crochet { $bracket } (qui ne figure plus dans le texte)
    } de son ensemble
log-bracket-choose = a retenu l'option { $place ->
        [paragraph] [{ $words }] (paragraphe { $paragraph })
        [draft] [{ $words }] (dans le projet)
       *[gone] { $bracket } (qui ne figure plus dans le texte)
    } ; les autres ont été supprimées
log-paragraph-agreed = a marqué { $place ->
        [paragraph] le paragraphe { $paragraph }
        [draft] un paragraphe non numéroté
       *[gone] un paragraphe qui ne figure plus dans le projet
    } comme convenu
log-paragraph-unagreed = a retiré la marque « convenu » { $place ->
        [paragraph] du paragraphe { $paragraph }
        [draft] d'un paragraphe non numéroté
       *[gone] d'un paragraphe qui ne figure plus dans le projet
    }
log-restore-draft = a rétabli le projet tel qu'il était au jalon « { $milestone } »
log-restore-paragraph = a rétabli { $place ->
        [paragraph] le paragraphe { $paragraph }
        [draft] un paragraphe non numéroté
       *[gone] un paragraphe qui ne figure plus dans le projet
    } tel qu'il était au jalon « { $milestone } »
log-renumber = a numéroté { $count ->
        [one] le paragraphe inséré
       *[other] les { $count } paragraphes insérés
    } (bis, ter…) dans l'ordre
log-revert = a annulé les modifications apportées par { $delegation } depuis « { $milestone } »
log-outcome = a consigné la suite donnée « { $outcome } » au commentaire présenté par { $delegation } sur { $place ->
        [paragraph] le paragraphe { $paragraph }
        [draft] un paragraphe non numéroté
       *[gone] un paragraphe qui ne figure plus dans le projet
    }
log-outcome-unattributed = a consigné la suite donnée « { $outcome } » à un commentaire sur { $place ->
        [paragraph] le paragraphe { $paragraph }
        [draft] un paragraphe non numéroté
       *[gone] un paragraphe qui ne figure plus dans le projet
    }
log-outcome-unknown = a consigné la suite donnée « { $outcome } » au commentaire { $thread }
log-stage = a fixé l'étape à « { $stage } »
log-stage-deadline = a fixé l'étape à « { $stage } » (commentaires attendus au plus tard le { $deadline })
log-milestone = a figé le jalon « { $milestone } »
status-undisposed-title = Commentaires en attente d'une suite
status-undisposed-none = Chaque commentaire a reçu une suite ou est résolu.
status-col-delegation = Délégation
status-all-delegations = Toutes les délégations
status-since-title = Depuis le dernier jalon
status-since-none = Aucun jalon pour l'instant : figez-en un dans la vue Jalons (par exemple le projet soumis à une session du Comité permanent) pour compter les modifications depuis.
status-since-lead = Depuis « { $milestone } » :
status-since-lead-none = Depuis « { $milestone } » : aucun paragraphe n'a changé.
status-since-inserted = { $count ->
    [one] { $count } paragraphe inséré
   *[other] { $count } paragraphes insérés
}
status-since-deleted = { $count ->
    [one] { $count } paragraphe supprimé
   *[other] { $count } paragraphes supprimés
}
status-since-moved = { $count ->
    [one] { $count } paragraphe déplacé
   *[other] { $count } paragraphes déplacés
}
status-since-edited = { $count ->
    [one] { $count } paragraphe aux mots modifiés
   *[other] { $count } paragraphes aux mots modifiés
}
status-since-by = Modifié par : { $who }.
status-open-title = Paragraphes ouverts
status-open-none = Aucun paragraphe n'est ouvert.

## Jalons
milestones-loading = Chargement des jalons…
milestones-intro = Versions figées du projet. Comparez-en une pour voir ce qui a changé depuis.
milestones-chair-only = Seul le président de l'atelier fige les jalons.
milestones-load-failed = Les jalons n'ont pas pu être lus : { $message }
milestones-empty = Aucun jalon pour l'instant.
milestones-list-label = Jalons, du plus récent au plus ancien
milestone-by = par { $who }
milestone-compare = Comparer
milestone-compare-label = Comparer le projet avec le jalon { $name }
milestone-name-placeholder = p. ex. Rapport à la SC71
milestone-renumber = Numéroter d'abord les paragraphes insérés (2 bis, 2 ter) dans l'ordre
milestone-freeze = Figer le jalon
milestone-form-title = Figer le projet
milestone-name = Nom du jalon
milestone-freezing = Le projet est figé…
milestone-frozen = Figé sous le nom « { $name } ».
milestone-error-milestone-exists = Un jalon de ce nom existe déjà : choisissez un autre nom.
milestone-error-role-forbidden = Seul le président de l'atelier, ou le Secrétariat pour le président, fige les jalons.
milestone-error-input-empty = Donnez un nom au jalon.

## Projet comparé
compare-title = Modifications depuis « { $milestone } »
compare-export = Exporter avec ces modifications…
compare-filter = Modifications de
compare-filter-label = Afficher les modifications de
compare-filter-all = toutes les délégations
compare-restore-ask = Rétablir le projet tel qu'il était…
compare-restore-confirm = Rétablir tout le projet
compare-restore-explain = Le texte redevient tel qu'il était à « { $milestone } » : les paragraphes ajoutés depuis sont retirés, ceux qui ont été supprimés reviennent. Chaque membre le reçoit comme votre modification, et le journal l'enregistre.
compare-revert-ask = Annuler les modifications de { $who }…
compare-revert-confirm = Annuler les modifications de { $who }
compare-revert-explain = Les mots insérés par { $who } depuis « { $milestone } » disparaissent, les mots et paragraphes supprimés par { $who } reviennent ; les modifications des autres restent. Chaque membre le reçoit comme votre modification, et le journal l'enregistre.
compare-sub-frozen = Figé le { $date } · comparé avec le projet actuel
compare-sub = Jalon · comparé avec le projet actuel
compare-none-by = Aucune modification de { $author } depuis ce jalon.
compare-none = Aucune modification depuis ce jalon.
compare-summary-by = { $counts } — par { $authors }
compare-count-insertions = { $count ->
    [one] { $count } insertion
   *[other] { $count } insertions
}
compare-count-deletions = { $count ->
    [one] { $count } suppression
   *[other] { $count } suppressions
}
compare-count-added = { $count ->
    [one] { $count } paragraphe ajouté
   *[other] { $count } paragraphes ajoutés
}
compare-count-removed = { $count ->
    [one] { $count } paragraphe retiré
   *[other] { $count } paragraphes retirés
}
compare-count-moved = { $count ->
    [one] { $count } paragraphe déplacé
   *[other] { $count } paragraphes déplacés
}
compare-legend = Légende
compare-legend-inserted = texte inséré
compare-legend-deleted = texte supprimé
compare-legend-changed = paragraphe modifié
compare-legend-moved = paragraphe déplacé
compare-legend-hint = Pointez une modification pour voir la délégation qui l'a faite.

## Exportation
export-format = Format
export-format-docx = Word
export-format-docx-hint = .docx — présentation CITES, modifications suivies, commentaires
export-format-pdf = PDF
export-format-pdf-hint = .pdf — A4, numéros de page
export-format-html = Page web
export-format-html-hint = .html — autonome, s'imprime proprement
export-format-md = Markdown
export-format-md-hint = .md — texte brut
export-format-akn = Akoma Ntoso
export-format-akn-hint = .xml — XML juridique 3.0
export-marks = Marques de révision dans Word
export-marks-tracked = Modifications suivies
export-marks-tracked-hint = les délégations les acceptent ou les refusent dans Word ou LibreOffice
export-marks-visual = Souligné et barré
export-marks-visual-hint = le style CITES des amendements, sans modifications suivies
export-table-format-docx = Tableau Word
export-table-format-docx-hint = .docx — le tableau de commentaires CITES, en paysage
export-table-format-xlsx = Excel
export-table-format-xlsx-hint = .xlsx — une ligne par commentaire, à trier et filtrer
export-table-format-csv = CSV
export-table-format-csv-hint = .csv — UTF-8, pour tout tableur
export-all-types = Tous les types
export-since = Afficher les modifications depuis
export-since-none = Aucune modification — le texte propre
export-comments = Inclure les commentaires ouverts
export-what = Exporter
export-what-draft = Le projet
export-what-table = Le tableau de commentaires
export-which = Quels commentaires
export-open-only = Commentaires ouverts seulement (sans suite donnée, non résolus)
export-type = Type
export-table-columns = Délégation, paragraphe, type, commentaire, modification proposée, suite donnée et observation, dans l'ordre du projet.
export-submit-title = Choisir où enregistrer le fichier
export-title-draft = Exporter le projet
export-title-table = Exporter le tableau de commentaires
export-intro = Caucus demande où enregistrer le fichier, en partant du dernier dossier utilisé.
export-marks-word-only = Seuls les fichiers Word offrent un choix de marques ; les autres formats soulignent et barrent.
export-marks-need-milestone = Choisissez un jalon ci-dessus pour afficher les modifications.
export-comments-word = Sous forme de commentaires Word ancrés sur leur texte.
export-comments-listed = Listés avec le texte qu'ils concernent.
export-comments-pdf = Les exportations PDF ne contiennent pas de commentaires.
export-pending = Exportation…
export-saved-table = Tableau de commentaires enregistré ({ $count ->
    [one] { $count } commentaire
   *[other] { $count } commentaires
}, { $size }) sous
export-saved = Enregistré ({ $size }) sous
export-failed = L'exportation a échoué : { $message }
export-action-failed = { $action } n'a pas fonctionné : { $message } ({ $code })
export-open = Ouvrir
export-reveal = Afficher dans le dossier

## Depuis votre dernière visite
seen-title = Nouveau depuis votre dernière visite
seen-mark-all = Tout marquer comme vu
seen-mark-failed = Impossible de les marquer comme vus : { $message }
seen-count = { $count ->
    [one] { $count } nouveau
   *[other] { $count } nouveaux
}
seen-count-label = { $count ->
    [one] { $count } changement depuis votre dernière visite : l'afficher
   *[other] { $count } changements depuis votre dernière visite : les afficher
}
seen-count-title = Paragraphes et commentaires modifiés depuis votre dernière visite
seen-another-member = un autre membre
seen-paragraph = { $pp ->
    [yes] { $citation }
   *[no] Paragraphe { $citation }
} { $what ->
    [deleted] supprimé
   *[changed] modifié
} ({ $who })
seen-paragraph-unnumbered = Un paragraphe { $what ->
    [deleted] supprimé
   *[changed] modifié
} ({ $who })
seen-thread = { $kind ->
    [new] Nouveau commentaire
    [both] Nouveau commentaire et { $count ->
        [one] { $count } réponse
       *[other] { $count } réponses
    }
   *[replies] { $count ->
        [one] { $count } nouvelle réponse
       *[other] { $count } nouvelles réponses
    }
} ({ $who })
seen-thread-on = { $kind ->
    [new] Nouveau commentaire
    [both] Nouveau commentaire et { $count ->
        [one] { $count } réponse
       *[other] { $count } réponses
    }
   *[replies] { $count ->
        [one] { $count } nouvelle réponse
       *[other] { $count } nouvelles réponses
    }
} ({ $who }) sur { $pp ->
    [yes] { $citation }
   *[no] le paragraphe { $citation }
}

## Le projet en page (les lignes CITES du document ne relèvent pas de la fenêtre : voir ui/src/cites.ts)
draft-compared-label = Projet avec les modifications depuis { $milestone }
draft-compared-label-any = Projet avec modifications
bracket-title-held = { $status } — maintenu par { $holders }
change-by = { $what ->
    [paragraph] { $kind ->
        [inserted] Paragraphe inséré
        [deleted] Paragraphe supprimé
        [moved-here] Paragraphe déplacé ici
       *[moved-from] Paragraphe déplacé d'ici
    }
   *[word] { $kind ->
        [inserted] Inséré
        [deleted] Supprimé
        [moved-here] Déplacé ici
       *[moved-from] Déplacé d'ici
    }
} par { $who }
change-by-unknown = { $what ->
    [paragraph] { $kind ->
        [inserted] Paragraphe inséré
        [deleted] Paragraphe supprimé
        [moved-here] Paragraphe déplacé ici
       *[moved-from] Paragraphe déplacé d'ici
    }
   *[word] { $kind ->
        [inserted] Inséré
        [deleted] Supprimé
        [moved-here] Déplacé ici
       *[moved-from] Déplacé d'ici
    }
} (délégation inconnue)
change-when = { $who } · { $when }

## Barre d'outils de l'éditeur (la numérotation — a), i), bis, ter — est celle du projet, pas de la fenêtre)
tool-formatting = Mise en forme
tool-kind = Type de paragraphe
tool-kind-mixed = (mixte)
para-kind-title = Titre
para-kind-heading = Intertitre
para-kind-text = Texte
para-kind-preamble = Préambule
para-kind-operative = Dispositif
para-kind-item = Alinéa
para-kind-decision = Décision
tool-label = Numéro de la décision
tool-label-placeholder = Numéro
tool-label-title = Numéro de la décision, p. ex. 17.A (vide : numérotée #1, #2 …)
tool-inserted-title = Numéroter comme inséré (2 bis, 2 ter) : les paragraphes suivants gardent leur numéro
tool-level-0 = Niveau 0
tool-level-1 = Niveau 1 — a), b)
tool-level-2 = Niveau 2 — i), ii)
tool-level-title = { $level } (Tab / Maj-Tab)
tool-strong-glyph = G
tool-strong = Gras (Ctrl+B)
tool-em-glyph = I
tool-em = Italique (Ctrl+I)
tool-underline-glyph = S
tool-underline = Souligné (Ctrl+U)
tool-bracket = [ Crochets ]
tool-bracket-title = Mettre le texte sélectionné entre crochets
tool-bracket-status = Statut des crochets au curseur
tool-holders = Maintenu par
tool-holders-title = Délégations qui maintiennent les crochets au curseur, séparées par des virgules (Entrée pour appliquer)
tool-package = Ensemble
tool-package-title = L'ensemble dont font partie les crochets au curseur : rien n'y est convenu tant que tout ne l'est pas (Entrée pour appliquer ; vide pour l'en retirer)
tool-alternative = Variante de libellé
tool-alternative-placeholder = Variante
tool-alternative-title = Autre libellé pour les crochets au curseur, ajouté juste après comme variante (Entrée pour ajouter)
tool-choose = Retenir
tool-choose-title = Retenir la variante au curseur : les mots des autres disparaissent (le président et le Secrétariat)
tool-unbracket = Retirer
tool-unbracket-title = Retirer les crochets du texte au curseur
tool-undo = Annuler (Ctrl+Z)
tool-redo = Rétablir (Ctrl+Y)
tool-group-paragraph = Paragraphe
tool-group-level = Niveau
tool-group-emphasis = Mise en relief
tool-group-brackets = Crochets
tool-group-history = Historique
bracket-title-package = { $status } — dans l'ensemble « { $package } »
bracket-title-held-package = { $status } — maintenu par { $holders } — dans l'ensemble « { $package } »

## Rechercher et remplacer
find-label = Rechercher
find-none = Aucun résultat
find-count = { $current } sur { $total }
find-prev = Résultat précédent (Maj+Entrée)
find-next = Résultat suivant (Entrée)
find-case = Respecter la casse
find-scope = Rechercher dans
find-scope-draft = Rechercher dans le projet
find-scope-comments = Rechercher dans les commentaires (texte des fils et réponses)
find-close = Fermer (Échap)
find-replace-with = Remplacer par
find-replace = Remplacer
find-replace-title = Remplacer le résultat courant
find-replace-all = Tout remplacer
find-replace-all-title = Remplacer tous les résultats du projet (une seule annulation)
find-replaced = { $count ->
    [one] { $count } remplacement.
   *[other] { $count } remplacements.
}

## L'éditeur
editor-text-label = Texte du projet
editor-someone = Quelqu'un
seen-changed = Modifié
seen-changed-by = Modifié par { $who } depuis votre dernière visite
seen-new = Nouveau
seen-new-thread-title = Commencé depuis votre dernière visite
seen-new-reply-title = Écrit depuis votre dernière visite

## Commentaires
outcome-accepted = Accepté
outcome-accepted-modified = Accepté avec modifications
outcome-rejected = Rejeté
outcome-noted = Pris note
proposal-choice-none = Aucun libellé proposé
proposal-choice-replace = Remplacer les mots sélectionnés
proposal-choice-paragraph = Remplacer tout le paragraphe
proposal-choice-insert-after = Nouveau paragraphe après celui-ci
proposal-lead-replace = Libellé proposé :
proposal-lead-paragraph = Paragraphe proposé :
proposal-lead-insert-after = Nouveau paragraphe proposé après celui-ci :
proposal-lead-replace-label = Libellé proposé
thread-recorded-by = { $author }, consigné par { $recorder }
thread-edited = { $who } (modifié)
thread-apply = Appliquer
thread-apply-title = Appliquer le libellé proposé au projet, au nom de la délégation qui le propose
thread-apply-confirm-label = Confirmer l'application de la proposition
thread-resolve = Résoudre
thread-reopen = Rouvrir
thread-show = Afficher
thread-hide = Masquer
thread-show-words = Afficher ces mots dans le projet
thread-support = Appuyer
thread-withdraw-support = Retirer l'appui
thread-support-title = Appuyer ce commentaire au nom de { $delegation }
thread-withdraw-support-title = Retirer l'appui de { $delegation }
thread-record = Consigner la suite donnée
thread-change-outcome = Modifier la suite donnée
thread-outcome = Suite donnée
thread-observation = Observation
thread-save-outcome = Enregistrer la suite donnée
thread-reply = Répondre
thread-reply-placeholder = Réponse…
thread-nowhere = Sur aucun paragraphe du projet.
thread-nowhere-cited = Sur aucun paragraphe du projet : le paragraphe qu'il cite est introuvable.
thread-orphaned = Les mots cités ont été supprimés du projet.
thread-delegation-title = La délégation au nom de laquelle ce commentaire s'exprime
thread-late = Tardif
thread-late-title = Écrit après l'échéance de la période de commentaires
thread-supported-by = Appuyé par { $who }
thread-outcome-by = { $who }, { $when }
thread-applied = Appliqué au projet par { $who }, { $when }
thread-reply-deleted = Supprimé par son auteur.
thread-unknown = Inconnu
apply-stale-lead = Les mots ont changé depuis cette proposition.
apply-stale-reads = Au regard du texte actuel, elle se lit ainsi :
apply-stale-note = L'appliquer consigne la suite donnée comme « accepté avec modifications ».
apply-stale-yes = Appliquer telle qu'elle se lit maintenant
comment-on-selection = Commenter la sélection
comment-on-selection-title = Sélectionnez des mots du projet, puis commentez-les
propose-change = Proposer une modification
propose-change-title = Sélectionnez des mots du projet, puis proposez votre libellé
comment-new = Nouveau commentaire
comment-body = Commentaire
comment-body-placeholder = Votre commentaire
comment-why-placeholder = Pourquoi (votre commentaire sur la modification)
comment-proposal = Proposition
comment-proposal-placeholder = Le libellé que vous proposez
comment-submit = Commenter
comment-propose = Proposer
comment-as-redline = En mode révision :
comment-select-first = Sélectionnez d'abord les mots à commenter.
comment-select-first-propose = Sélectionnez d'abord les mots à modifier.
comment-not-loaded = Le projet n'est pas encore chargé.
comments-cannot-role = Vous pouvez lire les commentaires ; votre rôle ne permet pas d'en ajouter.
comments-cannot-closed = L'atelier est clos : les commentaires sont en lecture seule.
comments-cannot-stage = À cette étape, seuls le président et le Secrétariat ouvrent des commentaires ; vous pouvez répondre.
comments-empty = Aucun commentaire pour l'instant.
comments-none-match = Aucun commentaire ne correspond aux filtres.
filter-label = Filtrer les commentaires
filter-all = Tous
filter-outcome-none = Pas encore
filter-show = Afficher
filter-open = Ouverts
filter-closed = Clos
table-import = Importer un tableau de commentaires…
table-import-title = Importer le tableau de commentaires d'une délégation (Word, Excel ou CSV) : un commentaire par ligne, sur le paragraphe cité
table-import-label = Importer un tableau de commentaires
table-import-as = Au nom de
table-import-myself = Moi-même
table-import-choose-title = Choisir le tableau de commentaires (.docx, .xlsx ou .csv) dans la boîte de dialogue Ouvrir du système
table-import-drop = Ou déposez le fichier sur cette fenêtre.
table-import-not-allowed = { $file } n'a pas été importé : seuls ceux qui peuvent commenter maintenant importent des tableaux de commentaires
word-import = Projet Word retourné…
word-import-label = Importer un projet Word retourné : ses modifications suivies deviennent des propositions
word-import-title = Choisir le projet Word retourné par une délégation (.docx avec modifications suivies) : une proposition par paragraphe modifié
import-failed-title-any = Le fichier n'a pas été importé
import-failed-line = { $message } Rien n'a été modifié.
import-report-title = { $file } importé
import-report-summary = { $count ->
    [one] { $count } ligne importée
   *[other] { $count } lignes importées
} : { $anchored } sur leur paragraphe, { $unanchored } sur aucun paragraphe.
import-report-on-behalf = Consigné au nom de { $who }.
import-report-unanchored = Sur aucun paragraphe (conservés comme commentaires sur l'ensemble du projet) :
import-report-row = Ligne { $row } :
import-report-row-cited = Ligne { $row } (« { $cited } ») :
import-report-outcomes = { $count ->
    [one] { $count } suite donnée consignée.
   *[other] { $count } suites données consignées.
}
import-report-supports = { $count ->
    [one] { $count } appui consigné.
   *[other] { $count } appuis consignés.
}
import-report-skipped-tables = { $count ->
    [one] { $count } tableau ou feuille sans les en-têtes d'un tableau de commentaires ignoré.
   *[other] { $count } tableaux ou feuilles sans les en-têtes d'un tableau de commentaires ignorés.
}
import-report-blank-rows = { $count ->
    [one] { $count } ligne vide ignorée.
   *[other] { $count } lignes vides ignorées.
}
import-report-columns = Colonnes lues : { $columns }.
import-report-columns-header = Colonnes lues (dans l'en-tête de page) : { $columns }.
word-report-summary = { $count ->
    [one] { $count } paragraphe
   *[other] { $count } paragraphes
} avec modifications suivies : { $proposals ->
    [one] { $proposals } proposition faite
   *[other] { $proposals } propositions faites
}, { $unmatched } sans correspondance dans le projet.
word-report-not-imported = Non importé :
word-report-paragraph = Paragraphe { $number } du fichier Word :
word-report-authors = Modifications suivies de { $who }.

## Contenu que cette version ne sait pas afficher, et erreurs de la fenêtre elle-même
opaque-label = Contenu que cette version de Caucus ne sait pas afficher (« { $name } ») — conservé tel quel, en lecture seule
error-collab-write_on_load = Cette fenêtre a modifié le projet en l'ouvrant, sans aucune saisie. La modification n'a pas été envoyée et rien n'en a été enregistré ; rouvrez l'atelier.
error-collab-unsaved = Vos dernières modifications dans cet atelier ne sont pas encore enregistrées, et le quitter les perdrait. Caucus continue d'essayer de les enregistrer (libérez de l'espace si le disque est plein) ; ouvrez l'autre atelier lorsque le projet indique Enregistré.
error-table-import_not_allowed = Seuls ceux qui peuvent commenter maintenant importent des tableaux de commentaires.
error-draft-opaque_kept = Cette modification toucherait un contenu que cette version de Caucus ne sait pas afficher, et qui est conservé tel quel.

## Les versions linguistiques (issue #15 §2)
nav-versions = Versions
topbar-versions-count = { $lang } : { $outdated } à revoir, { $missing ->
    [one] { $missing } manquant
   *[other] { $missing } manquants
}
topbar-versions-label = Versions : { $counts }
versions-title = Versions linguistiques
versions-intro = Les versions française et espagnole, paragraphe par paragraphe à côté de l'original. Les numéros, les types et les crochets sont ceux de l'original. Une traduction garde l'état de l'original qu'elle traduit : si l'original change, elle est à revoir jusqu'à ce qu'elle soit retraduite.
versions-loading = Lecture des versions…
versions-load-failed = Les versions n'ont pas pu être lues : { $message } ({ $code })
versions-none = Cet atelier n'a pas encore de version française ni espagnole.
versions-language = Version
versions-lang-fr = Français
versions-lang-es = Espagnol
versions-add-fr = Ajouter la version française
versions-add-es = Ajouter la version espagnole
versions-added-fr = La version française a été ajoutée.
versions-added-es = La version espagnole a été ajoutée.
versions-add-failed = La version n'a pas été ajoutée : { $message } ({ $code })
versions-filter = Afficher
versions-filter-all = Tous ({ $count })
versions-filter-outdated = À revoir ({ $count })
versions-filter-missing = Manquants ({ $count })
versions-list-label-fr = L'original à côté de sa version française
versions-list-label-es = L'original à côté de sa version espagnole
versions-empty-all = Le projet n'a aucun paragraphe.
versions-empty-outdated = Aucune traduction n'est à revoir.
versions-empty-missing = Tous les paragraphes sont traduits.
versions-status-current = À jour
versions-status-outdated = À revoir
versions-status-missing = Manquant
versions-paragraph-numbered = paragraphe { $number }
versions-paragraph-position = paragraphe en position { $position }
versions-row-heading = { $paragraph } : { $status }
versions-changed = Modifié dans l'original depuis la traduction :
versions-brackets-changed = Le statut d'un crochet a changé dans l'original depuis la traduction.
versions-diff-inserted = ajouté : { $text }
versions-diff-deleted = supprimé : { $text }
versions-edit-label = Traduction ({ $lang }) du { $paragraph }
versions-brackets-hint = Écrivez chacun des crochets du paragraphe original une fois, dans l'ordre, avec [ et ] : ils gardent le statut de l'original.
versions-save = Enregistrer la traduction
versions-saving = Enregistrement…
versions-saved = Traduction enregistrée.
versions-save-failed = La traduction n'a pas été enregistrée : { $message } ({ $code })
versions-save-mine = Enregistrer la mienne à sa place
versions-changed-since = Modifiée depuis que vous avez commencé à la réviser, par { $who } :
versions-removed-since = Supprimée depuis que vous avez commencé à la réviser. L'enregistrement remet la vôtre.
versions-take-theirs = Prendre la leur
versions-missing-text = Pas encore traduit.
versions-read-only = Seuls un traducteur, le Secrétariat ou le président rédigent les versions.
versions-orphans = { $count ->
    [one] La traduction d'un paragraphe qui a depuis été supprimé de l'original est conservée ; elle n'est jamais exportée.
   *[other] Les traductions de { $count } paragraphes qui ont depuis été supprimés de l'original sont conservées ; elles ne sont jamais exportées.
}

error-lang-empty = La traduction est vide : écrivez la traduction du paragraphe.
error-lang-changed_since = La traduction de ce paragraphe a été modifiée depuis que vous avez commencé à la réviser. Lisez-la telle qu'elle est maintenant, puis enregistrez de nouveau la vôtre pour la remplacer.
error-lang-brackets_mismatch = La traduction n'a pas les crochets du paragraphe original : écrivez chacun d'eux une fois, dans l'ordre, avec [ et ].
error-lang-unbalanced_brackets = Les crochets de la traduction ne vont pas par paires.
error-lang-too_long = La traduction est trop longue.
error-lang-not_added = L'atelier n'a pas encore de version dans cette langue.
error-lang-original = La langue originale n'a pas de version à traduire.

## Erreurs par code (chaque code que renvoient les sources Rust a sa phrase : ui/test/codes.test.mjs).
error-admin-bind = L'adresse d'administration du relais n'a pas pu être ouverte.
error-admin-not_loopback = L'adresse d'administration du relais doit rester limitée à cet ordinateur (boucle locale).
error-app-instance_bad_reply = Une autre fenêtre de Caucus détient ce dossier des données et a donné une réponse inattendue.
error-app-instance_listen = Caucus n'a pas pu ouvrir son canal de démarrage : un nouveau lancement ouvrira une seconde fenêtre.
error-app-instance_unreachable = Une autre fenêtre de Caucus détient ce dossier des données mais ne répond pas : fermez-la, puis relancez Caucus.
error-app-instance_unsupported = Une autre fenêtre de Caucus détient ce dossier des données : utilisez cette fenêtre.
error-auth-missing = Le relais n'admet que les membres de l'atelier : rejoignez-le avec une invitation.
error-backup-no_such_workshop = Cet appareil ne détient aucun atelier de ce nom à sauvegarder.
error-backup-not_empty = Le dossier des données contient déjà des ateliers : la restauration les remplacerait.
error-backup-nothing = Il n'y a encore rien à sauvegarder.
error-backup-same_file = Choisissez un fichier de sauvegarde en dehors du dossier des données.
error-backup-unusable = Ce fichier n'est pas une sauvegarde Caucus utilisable ; rien n'a été écrit.
error-backup-write = La sauvegarde n'a pas pu être écrite.
error-bundle-bad_magic = Ce fichier n'est pas un paquet d'échange Caucus.
error-bundle-bad_state = Le fichier d'état du paquet d'échange est endommagé.
error-bundle-bad_update = Le paquet d'échange contient une modification refusée ou illisible ; rien n'a été importé.
error-bundle-checksum = Le paquet d'échange a été modifié ou endommagé en chemin ; rien n'a été importé.
error-bundle-forbidden = L'expéditeur du paquet d'échange ne peut pas modifier cette partie de l'atelier ; rien n'a été importé.
error-bundle-forbidden_claim = Le paquet d'échange attribuerait des écrits à un autre membre ; rien n'a été importé.
error-bundle-foreign_workshop = Le paquet d'échange concerne un atelier que cet appareil ne détient pas.
error-bundle-malformed = Le paquet d'échange est endommagé et ne peut pas être lu.
error-bundle-revoked_sender = L'expéditeur du paquet d'échange a été retiré de l'atelier ; rien n'a été importé.
error-bundle-signature = La signature du paquet d'échange ne correspond pas à son expéditeur ; rien n'a été importé.
error-bundle-state_mismatch = Le fichier d'état du paquet d'échange concerne un autre atelier.
error-bundle-too_large = Le paquet d'échange dépasse la taille que Caucus accepte.
error-bundle-truncated = Le paquet d'échange est incomplet : il a été tronqué lors de la copie.
error-bundle-unknown_sender = L'expéditeur du paquet d'échange n'est pas membre de cet atelier ; rien n'a été importé.
error-bundle-unsupported_version = Le paquet d'échange a été créé par une autre version de Caucus, que celle-ci ne sait pas lire : mettez Caucus à jour.
error-bundle-untrusted_key = Le paquet d'échange se réclame du président sans porter sa signature ; rien n'a été importé.
error-claims-malformed = Une modification désigne son auteur de façon incorrecte ; elle a été refusée.
error-claims-other_member = Une modification se présente comme celle d'un autre membre ; elle a été refusée.
error-claims-reattributed = Une modification attribuerait les écrits d'un membre à quelqu'un d'autre ; elle a été refusée.
error-claims-removed = Une modification effacerait l'auteur d'une partie de l'atelier ; elle a été refusée.
error-claims-undecodable = Une modification n'a pas pu être lue pour vérifier son auteur ; elle a été refusée.
error-docx-too-large = Le projet est trop volumineux pour un document Word.
error-file-no_such_drop = Ce fichier n'attend plus d'être importé : déposez-le à nouveau.
error-file-not_exported = Caucus n'ouvre et n'affiche que les fichiers qu'il a exportés.
error-file-not_regular = Ce n'est pas un fichier : choisissez un document.
error-file-open_failed = Le fichier n'a pas pu être ouvert ni affiché.
error-health-disk_full = Le disque du relais est presque plein.
error-health-read_only = Les données du relais sont accessibles en lecture seule.
error-health-write_failed = Le relais n'a pas pu enregistrer une modification.
error-health-write_stalled = L'enregistrement du relais est bloqué.
error-import-damaged-docx = Le document Word est endommagé et ne peut pas être importé.
error-import-no-paragraphs = Aucun paragraphe n'a été trouvé : le fichier ne contient qu'un en-tête ou des mentions types.
error-import-no-tracked-changes = Le document Word ne contient aucune modification suivie : il n'y a rien à proposer. A-t-il été enregistré avec le suivi des modifications activé ?
error-import-not-utf8 = Le fichier n'est pas un texte UTF-8 : enregistrez-le en UTF-8, puis importez-le à nouveau.
error-import-not-word = Le fichier est une archive ZIP mais pas un document Word.
error-pdf-font = Une police nécessaire au PDF n'a pas pu être lue.
error-relay-handshake_timeout = La connexion au relais n'a pas pu être établie à temps.
error-relay-idle_timeout = Le relais a fermé la connexion restée silencieuse.
error-relay-pre_auth_too_large = Le relais a coupé une connexion qui envoyait trop de données avant de présenter son invitation.
error-relay-too_many_connections = Le relais a trop de connexions depuis cette adresse : fermez d'autres fenêtres ou appareils, puis réessayez.
error-rights-bad_chair_key = La clé du président ne correspond pas à l'atelier ; la modification a été refusée.
error-rights-foreign_client = Une modification parle au nom d'un autre membre que celui de cette connexion ; elle a été refusée.
error-rights-immutable = Cette partie de l'atelier ne change plus une fois créée ; la modification a été refusée.
error-rights-log_changed = Le journal du projet ne fait que s'allonger : aucune entrée ne peut être modifiée ni supprimée.
error-rights-malformed = Un enregistrement de la modification est mal formé ; elle a été refusée.
error-rights-not_author = Seul son auteur peut modifier cela.
error-rights-not_recorder = Seul le membre qui l'a consigné peut modifier cela.
error-rights-record_changed = Cet enregistrement ne peut plus changer une fois écrit : écrivez-en un nouveau.
error-rights-record_deleted = Cet enregistrement ne peut pas être supprimé.
error-rights-unlogged = La modification est arrivée sans son entrée dans le journal du projet ; elle a été refusée.
error-serve-open_refused = Le relais serait ouvert à quiconque l'atteint : donnez-lui un certificat, ou confirmez qu'il doit être ouvert.
error-store-damaged_document = Une partie de l'atelier enregistrée sur cet appareil est endommagée et ne peut pas être lue.
error-store-damaged_row = Une modification enregistrée de l'atelier est endommagée et ne peut pas être lue.
error-store-data_dir = Caucus n'a pas pu créer son dossier des données.
error-store-integrity = La base de données de cet appareil est endommagée ; rien n'a été modifié. Restaurez-la à partir d'une sauvegarde, ou synchronisez depuis l'appareil d'un autre membre.
error-store-sqlite = La base de données de cet appareil a signalé une erreur.
error-store-writer_gone = Caucus a cessé d'enregistrer : relancez Caucus pour reprendre à partir de ce qui est sur le disque.
error-sync-bad_room = L'adresse du relais ne désigne aucun document d'atelier.
error-sync-closed_by_peer = Le relais a fermé la connexion. Ce qu'il n'a pas confirmé est toujours ici : synchronisez à nouveau.
error-sync-frame_too_large = Un message dépasse la taille maximale et n'a pas été envoyé.
error-sync-incomplete = Le relais ne détient pas encore tout l'atelier : l'appareil du président doit d'abord se synchroniser. Cet appareil récupérera ensuite le reste.
error-sync-malformed_frame = Le relais a envoyé un message illisible.
error-sync-malformed_update = Une modification n'a pas pu être lue ; elle a été refusée.
error-sync-no_such_room = Le relais ne détient pas cet atelier.
error-sync-no_trust = Une adresse de relais sécurisée exige l'empreinte du certificat du relais : rejoignez l'atelier avec le lien d'invitation.
error-sync-not_loopback = Une connexion non chiffrée n'est permise que sur cet ordinateur : utilisez une adresse de relais sécurisée (wss://).
error-sync-out_of_order = Une modification est arrivée avant celles sur lesquelles elle repose ; elle sera prise en compte à leur arrivée.
error-sync-tls = La connexion sécurisée au relais a échoué.
error-sync-too_deep = Une modification est trop imbriquée pour être lue ; elle a été refusée.
error-sync-too_large_for_relay = Le relais a refusé une modification trop volumineuse ; rien n'en a été enregistré. Son exploitant peut relever la limite.
error-table-damaged = Le tableau des commentaires est endommagé et ne peut pas être lu.
error-table-not_utf8 = Le fichier CSV n'est pas un texte UTF-8 : enregistrez-le au format CSV UTF-8, puis importez-le à nouveau.
error-workshop-ambiguous = Plusieurs ateliers correspondent : indiquez une plus grande partie de l'identifiant.
error-xlsx-write = Le tableau des commentaires n'a pas pu être écrit au format Excel.

## Text typed and not saved (views/typed.ts)
typed-title = Texte non enregistré
typed-message = Vous avez saisi un texte qui n'est pas encore enregistré : { $what }. Si vous continuez, il est perdu.
typed-kind-translation = une traduction dans Versions
typed-kind-comment = un commentaire en cours de rédaction
typed-kind-reply = une réponse en cours de rédaction
typed-kind-observation = une observation sur la suite donnée en cours de rédaction
typed-discard = L'abandonner et continuer
typed-keep = Continuer la saisie
language-typed-kept = Vous avez gardé le texte saisi ; enregistrez-le ou envoyez-le, puis changez de langue.
error-app-typed_kept = Vous avez gardé le texte saisi dans cet atelier ; enregistrez-le ou envoyez-le (ou abandonnez-le), puis ouvrez l'autre atelier.
