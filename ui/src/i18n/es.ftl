# Los mensajes de la ventana en español (issue #15 §1): los mismos identificadores y parámetros que
# en.ftl (lo comprueba ui/test/i18n.test.mjs). Términos de la CITES tal como los usan sus documentos.

## Idioma
language-label = Idioma
language-not-switched = No se cambió el idioma
language-later = Sus últimas modificaciones aún no están guardadas; cambie el idioma cuando la barra superior indique Guardado.
language-hint = El idioma de la ventana en este dispositivo.

## Barra superior
nav-views = Vistas
nav-draft = Proyecto
nav-status = Estado
nav-members = Miembros
nav-milestones = Hitos
nav-workshops = Talleres
topbar-export = Exportar…
topbar-about = Acerca de
topbar-about-title = Versión, licencia, carpeta de datos e idioma (F1)
role-badge-can = : { $can }
role-badge-title = { $role }: { $can }
stage-chip-label = Etapa: { $stage }
stage-chip-label-change = Etapa: { $stage } (cambiar)
stage-chip-set-by = Fijada por { $who }.
stage-chip-title = { $stage }. { $by }
stage-chip-title-change = { $stage }. { $by } Pulse para cambiarla.
save-not-saved = No guardado
save-not-saved-title = No se pudo guardar la última modificación: { $message } ({ $code })
save-saving = Guardando…
save-saving-title = { $count ->
    [one] { $count } modificación pendiente de escribirse en el disco
   *[other] { $count } modificaciones pendientes de escribirse en el disco
}
save-saved = Guardado
save-saved-title = Todas las modificaciones están escritas en el disco de este dispositivo
save-banner-disk-full-title = El disco está lleno.
save-banner-disk-full-body = Sus últimas modificaciones aún no están guardadas. Libere espacio en el disco de este ordenador; Caucus conserva las modificaciones en esta ventana y las guarda en cuanto haya sitio. No cierre la ventana mientras se muestre este aviso.
save-banner-failed-title = No se pudieron guardar sus últimas modificaciones.
save-banner-failed-body = Caucus las conserva en esta ventana y vuelve a intentarlo cada pocos segundos. No cierre la ventana mientras se muestre este aviso.
error-code-short = ({ $code })

## Funciones y grupos (los valores guardados siguen en inglés)
role-chair = Presidente
role-secretariat = Secretaría
role-delegate = Delegado
role-observer = Observador
role-translator = Traductor
role-reader = Lector
role-heading-chair = Presidencia
role-heading-secretariat = Secretaría
role-heading-delegate = Delegados
role-heading-observer = Observadores
role-heading-translator = Traductores
role-can-edit = puede modificar
role-can-comment = puede comentar, no modificar
role-can-read = puede leer, no modificar ni comentar
role-can-chair = modifica, gestiona los miembros y fija los hitos
role-can-manage = modifica y gestiona los miembros
role-can-edit-comment = puede modificar y comentar
role-banner-lead = { $role ->
    [chair] Participa como presidente:
    [secretariat] Participa como Secretaría:
    [delegate] Participa como delegado:
    [translator] Participa como traductor:
   *[observer] Participa como observador:
}
role-banner-lead-none = Este dispositivo no tiene identidad en este taller:
role-banner-comment = el texto es de solo lectura para usted. Seleccione palabras del proyecto y pulse Comentar para anotarlas; las delegaciones ven sus comentarios.
role-banner-read = el proyecto y sus comentarios son de solo lectura para usted.
group-producer-country = Países productores
group-consumer-country = Países consumidores
group-internet-company-country = Países con grandes empresas de internet
group-ngo = ONG
group-lawyer = Juristas
group-expert = Expertos
group-secretariat = Secretaría

## Ventana, avisos y errores
comments-panel-label = Comentarios
workshop-opening = Abriendo el taller…
workshop-open-another = Abrir otro taller
notice-title = { $title }:
notice-dismiss = Cerrar el aviso
notice-nothing-saved = No se guardó nada
notice-change-refused = No se pudo hacer esa modificación
notice-stage-unknown = No se conoce la etapa del taller
notice-not-imported = { $file } no se importó
notice-drops-off = Los archivos que se suelten no se importarán
notice-links-off = Los enlaces de invitación no abrirán Unirse
error-title-draft = No se pudo abrir el proyecto
error-title-open = No se pudo abrir el taller
error-title-no-workshop = No hay ningún taller abierto
error-title-compare = No se pudieron mostrar los cambios desde “{ $milestone }”
error-code-line = Código de error: { $code }
error-with-code = { $message } ({ $code })
error-hint-ipc_unavailable = Inicie Caucus con scripts/run-app.sh; la página no puede abrir un taller por sí sola.
version-banner-lead = Actualice Caucus para modificar este proyecto:
version-banner-body = lo escribió una versión más reciente de Caucus (estructura del proyecto { $declared }; esta versión conoce la estructura { $known }). Se muestra en solo lectura, para que no se modifique ni se pierda nada que esta versión no sepa mostrar. Los comentarios siguen funcionando.
dialog-close = Cerrar
dialog-cancel = Cancelar
copy-done = Copiado.
copy-selected = Seleccionado: pulse Ctrl+C (⌘C) para copiar.

## Comparar con un hito, restablecer, deshacer
compare-idle-title = Comparar con un hito
compare-idle-body = Los hitos son el proyecto fijado tal como estaba, por ejemplo cuando se presentó a una reunión del Comité Permanente. Elija uno a la derecha y pulse Comparar para ver qué ha cambiado desde entonces: el texto insertado subrayado, el suprimido tachado, cada cambio con la delegación que lo hizo.
compare-back = Volver al proyecto
paragraphs-changed-back = { $count ->
    [one] { $count } restablecido
   *[other] { $count } restablecidos
}
paragraphs-brought-back = { $count ->
    [one] { $count } recuperado
   *[other] { $count } recuperados
}
paragraphs-removed = { $count ->
    [one] { $count } suprimido
   *[other] { $count } suprimidos
}
paragraphs-added-removed = { $count ->
    [one] { $count } añadido después, suprimido
   *[other] { $count } añadidos después, suprimidos
}
revert-done = Los cambios de { $who } desde “{ $milestone }” están deshechos (párrafos: { $parts }). Cada miembro recibe el cambio; el registro lo consigna.
revert-done-none = Los cambios de { $who } desde “{ $milestone }” están deshechos (no había ninguno). Cada miembro recibe el cambio; el registro lo consigna.
revert-failed = No se deshizo: { $message } ({ $code })
restore-done = { $what ->
    [paragraph] El párrafo está como estaba
   *[draft] El proyecto está como estaba
} en “{ $milestone }” (párrafos: { $parts }). Cada miembro recibe el cambio; el registro lo consigna.
restore-done-none = { $what ->
    [paragraph] El párrafo está como estaba
   *[draft] El proyecto está como estaba
} en “{ $milestone }” (ya lo estaba). Cada miembro recibe el cambio; el registro lo consigna.
restore-failed = No se restableció: { $message } ({ $code })
restore-paragraph = Restablecer
restore-paragraph-label = Restablecer el párrafo { $number } como estaba en “{ $milestone }”
restore-paragraph-title = Restablecer el párrafo { $number } como estaba en “{ $milestone }” (un cambio nuevo que recibe cada miembro)
restore-this-paragraph-label = Restablecer este párrafo como estaba en “{ $milestone }”
restore-this-paragraph-title = Restablecer este párrafo como estaba en “{ $milestone }” (un cambio nuevo que recibe cada miembro)

## Acerca de
about-title = Acerca de Caucus
about-intro = Redactar una resolución entre varios, en línea o sin conexión.
about-version = Versión
about-licence = Licencia
about-data-dir = Carpeta de datos
about-data-dir-none = ninguna (vea el error de la ventana)

## Talleres
workshops-title = Talleres
workshops-intro = Todos los talleres de este dispositivo. Cada uno tiene su propio proyecto, sus comentarios y sus miembros.
workshops-loading = Cargando los talleres…
workshops-list-failed = No se pudieron listar los talleres: { $message }
workshops-empty = Todavía no hay ningún taller en este dispositivo: cree, únase a uno o importe uno abajo.
workshops-list-label = Talleres de este dispositivo
workshop-show-label = Mostrar { $name }
workshop-open-label = Abrir { $name }
workshop-untitled = Taller sin título
workshop-no-identity = Sin identidad
workshop-open-chip = abierto
workshop-opening-named = Abriendo { $name }…
import-pending = Importando { $file }…
import-pending-first = Importando { $file } (solo el primero de los archivos soltados)…
create-title = Nuevo taller
create-intro = Usted lo preside: invita a los miembros y fija los hitos.
create-field-title = Título
create-field-title-placeholder = p. ej. Delitos contra la vida silvestre en internet
create-field-symbol = Signatura del documento
create-field-symbol-placeholder = p. ej. SC70 Doc. 30
create-field-meeting = Reunión
create-field-meeting-placeholder = p. ej. Septuagésima reunión del Comité Permanente
create-submit = Crear el taller
create-needs-title = Dé un título al taller.
create-pending = Creando el taller…
join-title = Unirse con una invitación
join-intro = Abra el enlace de invitación que le envió el presidente, o pegue aquí el enlace o su token. Caucus obtiene el taller de su relé.
join-token-placeholder = caucus://join?token=… o caucus1.…
join-submit = Unirse
join-token-label = Token o enlace de invitación
join-needs-token = Pegue primero el token de invitación.
join-pending = Uniéndose: obteniendo el taller de su relé…
join-from-link = Un enlace de invitación abrió Caucus con este token. ¿Unirse al taller en este dispositivo? Pulse Unirse para configurarlo, o salga de esta vista para dejarlo.
join-link-not-invitation = El enlace que abrió Caucus no es una invitación: { $message }
import-title = Importar un proyecto: .docx, .txt o .md
import-intro = Un documento CITES de Word (con sus cambios controlados aceptados), en texto sin formato o en Markdown, pasa a ser el proyecto de un nuevo taller que usted preside.
import-choose = Elegir un archivo…
import-drop-hint = O suelte el archivo en esta ventana mientras se muestra esta página.

## Miembros
members-title = Miembros
members-grouping = Agrupar los miembros
members-by-role = Por función
members-by-group = Por grupo
members-loading = Cargando los miembros…
members-no-workshop = No hay ningún taller abierto.
members-load-failed = No se pudieron leer los miembros: { $message }
members-count = { $count ->
    [one] { $count } miembro.
   *[other] { $count } miembros.
}
members-count-removed = { $count ->
    [one] { $count } miembro, { $removed } dado(s) de baja.
   *[other] { $count } miembros, { $removed } dado(s) de baja.
}
members-intro-chair = Añada miembros y envíe a cada uno una invitación: permite que su dispositivo se una a este taller con su función.
members-intro-manage = Usted añade y da de baja a los miembros; las invitaciones se firman en el dispositivo del presidente.
members-read-only = Solo el presidente y la Secretaría cambian la composición; { $role ->
    [chair] usted participa como presidente
    [secretariat] usted participa como Secretaría
    [delegate] usted participa como delegado
    [observer] usted participa como observador
    [translator] usted participa como traductor
   *[none] usted es un lector sin identidad aquí
}, por lo que esta lista es de solo lectura para usted.
members-empty = Todavía no hay miembros.
members-you = usted
member-removed-on = dado de baja el { $date }
member-removed-title = Dado de baja el { $date }; sus invitaciones ya no funcionan.
member-added-on = añadido el { $date }
member-added-title = Añadido el { $date }
member-invite = Invitar
member-invite-label = Crear una invitación para { $name }
member-remove = Dar de baja
member-remove-label = Dar de baja a { $name }
member-remove-confirm-label = Confirmar la baja de { $name }
member-remove-confirm = ¿Dar de baja a { $name }? Sus invitaciones dejan de funcionar; su nombre queda en el historial.
member-removing = Dando de baja…
invitation-signing = Firmando una invitación para { $name }…
invitation-failed = No hay invitación para { $name }: { $message }
invitation-title = Invitación para { $name }
invitation-close = Cerrar la invitación
invitation-facts = { $role ->
    [chair] Como presidente
    [secretariat] Como Secretaría
    [delegate] Como delegado
    [translator] Como traductor
   *[observer] Como observador
} · válida hasta el { $date } · ningún relé indicado: se sincroniza en esta red o por paquete.
invitation-facts-relay = { $role ->
    [chair] Como presidente
    [secretariat] Como Secretaría
    [delegate] Como delegado
    [translator] Como traductor
   *[observer] Como observador
} · válida hasta el { $date } · se sincroniza a través de { $relay }.
invitation-copy-link = Copiar el enlace
invitation-copy-token = Copiar el token
invitation-link-label = Envíele este enlace: al abrirlo, Caucus se inicia en Unirse, con la invitación ya rellenada.
invitation-token-label = O solo el token, que se pega en Talleres → Unirse con una invitación.
member-field-name = Nombre
member-field-name-placeholder = p. ej. Ana Costa
member-field-delegation = Delegación u organización
member-field-delegation-placeholder = p. ej. Brasil, TRAFFIC
member-field-group = Grupo
member-field-role = Función
member-add = Añadir el miembro
member-add-title = Añadir un miembro
member-needs-name = Indique el nombre del miembro.
member-adding = Añadiendo…
member-added = { $name } es miembro.
member-invite-now = Invitarlo ahora

## Errores por código estable (error-<code>, con guiones en lugar de puntos). Un código que
## no figure aquí muestra el mensaje que envió la aplicación (en inglés).
error-ipc_unavailable = Caucus debe ejecutarse dentro de su aplicación de escritorio.
error-ipc_unexpected = La aplicación de escritorio respondió algo que la ventana no entiende.
error-app-task_failed = El comando no terminó. Vuelva a intentarlo; si sigue fallando, reinicie Caucus.
error-app-no_workshop = No se pudo abrir ningún taller.
error-app-workshop_not_open = Los cambios de la ventana eran para un taller que ya no está abierto; no se guardó nada de ellos en el taller abierto.
error-app-bad_request = La ventana envió a la aplicación una solicitud incompleta.
error-app-bad_locale = La ventana solo habla inglés, francés o español.
error-role-forbidden = Su función en este taller no permite hacer eso.
error-rights-not_permitted = Su función en este taller no permite hacer eso.
error-rights-stage = La etapa del taller no permite a su función hacer eso ahora.
error-rights-chair_protected = Nadie da de baja ni cambia la función del presidente.
error-rights-too_long = El texto supera la longitud permitida.
error-rights-newer_schema = Este proyecto lo escribió una versión más reciente de Caucus: actualice Caucus para modificarlo.
error-draft-newer_schema = Este proyecto lo escribió una versión más reciente de Caucus: actualice Caucus para modificarlo.
error-draft-no_such_paragraph = Ese párrafo ya no está en el proyecto.
error-draft-bad_level = Ese nivel no existe: los niveles son 0, 1 y 2.
error-draft-bad_structure = La estructura del proyecto está dañada; se rechazó el cambio.
error-bracket-not_found = Esos corchetes ya no están en el proyecto.
error-milestone-exists = Ya existe un hito con ese nombre.
error-milestone-not_found = No existe ningún hito con ese nombre.
error-milestone-incomplete = Este dispositivo aún no ha recibido todo el proyecto tal como estaba en ese hito: sincronice con un miembro que lo tenga y vuelva a intentarlo.
error-milestone-no_such_paragraph = El proyecto en ese hito no tiene ese párrafo.
error-notes-quote_not_found = El texto citado no se encuentra en el proyecto.
error-notes-quote_ambiguous = El texto citado aparece más de una vez: seleccione más palabras.
error-notes-bad_anchor = Un comentario debe seleccionar palabras de un solo párrafo, tal como está ahora el proyecto.
error-notes-no_such_thread = Ese hilo de comentarios ya no existe.
error-notes-own_delegation = El hilo ya habla en nombre de su delegación: una delegación apoya los comentarios de otras delegaciones.
error-notes-no_proposal = Ese hilo no propone ninguna redacción.
error-notes-proposal_orphaned = Las palabras que la propuesta sustituiría se suprimieron: ya no se aplica a nada.
error-notes-proposal_stale = Las palabras sobre las que se hizo la propuesta han cambiado: examínela a la luz del texto actual y confirme.
error-roster-no_such_member = Ese miembro no existe.
error-roster-member_removed = Ese miembro ya fue dado de baja.
error-input-empty = Rellene los campos indicados como necesarios.
error-input-bad_date = El plazo no es una fecha (AAAA-MM-DD).
error-input-invalid = La entrada no es válida.
error-workshop-not_found = Ningún taller de este dispositivo coincide.
error-workshop-no_identity = Este dispositivo no tiene identidad en ese taller.
error-auth-malformed = No es un enlace ni un token de invitación.
error-auth-bad_signature = La firma de la invitación no corresponde a la clave del presidente.
error-auth-expired = La invitación ha caducado: pida una nueva al presidente.
error-auth-revoked = Este miembro fue dado de baja del taller: la invitación ya no funciona.
error-auth-unknown_member = La invitación designa a un miembro que no figura en la lista del taller.
error-auth-wrong_role = La función de la invitación difiere de la función del miembro en la lista.
error-auth-wrong_workshop = La invitación es para otro taller.
error-auth-not_chair = Solo el dispositivo del presidente puede firmar invitaciones.
error-store-disk_full = El disco está lleno: no se guardó nada de este cambio. Libere espacio y vuelva a intentarlo.
error-store-in_use = Otro programa está usando esta carpeta de datos.
error-store-too_new = Los datos los escribió una versión más reciente de Caucus: actualice Caucus.
error-store-commit_failed = Falló el guardado: no se guardó nada de este cambio.
error-store-maybe_saved = El disco señaló un error al guardar: puede que este cambio se haya guardado, o no. Vuelva a abrir el taller para ver lo que hay en el disco.
error-store-reload_required = Falló un guardado anterior: vuelva a abrir el taller para continuar desde lo que hay en el disco.
error-store-no_data_dir = Caucus no encuentra su carpeta de datos.
error-sync-no_relay = No se conoce ningún relé para este taller: indique su dirección.
error-sync-no_network = Este ordenador no tiene dirección en la red local para alojar.
error-sync-timeout = El relé no respondió a tiempo. Lo que no confirmó sigue aquí: vuelva a sincronizar cuando esté accesible.
error-sync-transport = Falló la conexión. Lo que el relé no confirmó sigue aquí: vuelva a sincronizar cuando esté accesible.
error-sync-cert_mismatch = El relé presentó un certificado distinto del que indica la invitación: Caucus se negó a conectarse.
error-sync-forbidden = El relé se negó: esta conexión no permite hacer eso.
error-file-cancelled = No se eligió ningún archivo.
error-file-too_large = El archivo es demasiado grande para importarlo.
error-file-unreadable = No se pudo leer el archivo.
error-file-drop_here = Suelte un proyecto en la página Talleres, o una tabla de comentarios en la página Proyecto, junto a los comentarios.
error-import-empty = El archivo está vacío: no hay texto que importar.
error-import-binary = El archivo no es un texto, ni Markdown, ni un documento Word.
error-export-write_failed = No se pudo escribir el archivo exportado.
error-table-too_large = La tabla de comentarios es demasiado grande para importarla aquí.
error-table-no_table = El archivo no contiene ninguna tabla.
error-table-no_headings = Ninguna tabla del archivo tiene los encabezados de una tabla de comentarios (una columna Comentario o Cambio propuesto, y una columna Párrafo o Delegación).
error-table-unsupported_format = No es una tabla de comentarios: importe un archivo Word (.docx), Excel (.xlsx) o CSV (.csv).

## Etapas del taller
stage-drafting = Redacción
stage-comment-round = Período de comentarios
stage-revision = Revisión
stage-closed = Cerrado
stage-hint-drafting = Las delegaciones modifican directamente el proyecto.
stage-hint-comment-round = Las delegaciones y los observadores comentan y proponen redacciones; solo el presidente y la Secretaría modifican el proyecto.
stage-hint-revision = El presidente y la Secretaría modifican el proyecto, aplican las propuestas y registran los resultados; los demás leen y responden.
stage-hint-closed = Nadie modifica el proyecto ni comenta; los hitos y las exportaciones siguen funcionando.
stage-days-left = { $days ->
    [0] último día
    [one] queda { $days } día
   *[other] quedan { $days } días
}
stage-deadline-passed-ago = { $days ->
    [1] el plazo venció ayer
   *[other] el plazo venció hace { $days } días
}
stage-summary-passed = { $stage } · plazo del { $date } vencido
stage-summary-until = { $stage } · hasta el { $date }
stage-summary-until-left = { $stage } · hasta el { $date } · { $left }
stage-sentence-until = Período de comentarios hasta el { $date }
stage-sentence-until-left = Período de comentarios hasta el { $date } ({ $left })
stage-banner-round-until = Período de comentarios hasta el { $date }:
stage-banner-round = Período de comentarios:
stage-banner-round-propose = el presidente y la Secretaría modifican el proyecto; en su lugar, proponga un cambio sobre cualquier palabra (selecciónela y pulse Proponer un cambio).
stage-banner-round-read = el presidente y la Secretaría modifican el proyecto.
stage-banner-revision = Revisión:
stage-banner-revision-rest = el presidente y la Secretaría modifican el proyecto, aplican las propuestas y registran los resultados; usted puede leer los comentarios y responderlos.
stage-banner-closed = El taller está cerrado:
stage-banner-closed-rest = ya nadie modifica el proyecto ni comenta; los hitos y las exportaciones siguen funcionando.
stage-banner-other = { $stage }:
stage-banner-other-rest = el proyecto es de solo lectura para usted en esta etapa.
stage-dialog-title = Etapa del taller
stage-dialog-stage = Etapa
stage-dialog-deadline = Plazo para los comentarios (opcional)
stage-dialog-deadline-note = Un comentario con fecha posterior se conserva y se señala como tardío.
stage-dialog-submit = Fijar la etapa

## Sincronización
sync-state-local = Local
sync-state-offline = Sin conexión
sync-state-connecting = Conectando…
sync-state-synced = Sincronizado
sync-label = Sincr.…
sync-title = Sincronización
sync-close = Cerrar el panel de sincronización
sync-unavailable = Sincr. no disponible
sync-watch-failed = No se pudo leer el estado de la sincronización: { $message } ({ $code })
sync-unacked = { $count ->
    [one] { $count } cambio sin sincronizar
   *[other] { $count } cambios sin sincronizar
}
sync-button-label = Sincronización: { $state }. Mostrar el panel de sincronización
sync-button-label-unacked = Sincronización: { $state }, { $count ->
    [one] { $count } cambio sin sincronizar
   *[other] { $count } cambios sin sincronizar
}. Mostrar el panel de sincronización
sync-describe-local = Este taller no tiene relé: los cambios se quedan en este dispositivo. Conéctese con una invitación o la dirección de un relé.
sync-describe-offline-chosen = Trabajo sin conexión: los cambios se guardan aquí y se envían a { $relay } cuando se conecte.
sync-describe-offline-chosen-any = Trabajo sin conexión: los cambios se guardan aquí y se envían al relé cuando se conecte.
sync-describe-offline = No conectado a { $relay }; los cambios se guardan aquí.
sync-describe-offline-any = No conectado al relé; los cambios se guardan aquí.
sync-connecting-to = Conectando con { $relay }…
sync-connecting-any = Conectando…
sync-describe-sending = Conectado a { $relay }; enviando { $count ->
    [one] { $count } cambio
   *[other] { $count } cambios
}.
sync-describe-synced = Conectado a { $relay }; todos los cambios están sincronizados.
sync-reading = Leyendo el estado de la sincronización…
sync-last-error = Falló la última conexión:
sync-connect = Conectar
sync-connected = Conectado
sync-connect-to = Conectar con { $relay }
sync-work-offline = Trabajar sin conexión
sync-going-offline = Pasando a sin conexión…
sync-note-no-relay = No se conoce ningún relé para este taller: indique uno abajo, o únase con una invitación.
sync-note-connects = Se conecta con { $relay } y lo sigue intentando hasta que elija trabajar sin conexión.
sync-note-offline = Los cambios se siguen guardando en este dispositivo y se envían cuando vuelva a conectarse.
sync-other-relay = Conectar con otro relé
sync-needs-relay = Indique la dirección del relé, p. ej. wss://relay.example.org:4433.
sync-peers = Pares
sync-no-peer = Todavía no hay pares.
sync-peer-state = { $kind ->
    [lan] En esta red
   *[relay] Relé
} · { $connected ->
    [yes] conectado
   *[no] no conectado
}
sync-peer-last-synced = última sincronización { $when }
sync-peer-never = nunca sincronizado
sync-lan-title = En esta red
sync-lan-find = Buscar en esta red
sync-lan-listening = Escuchando en esta red…
sync-lan-none = Ningún relé Caucus de esta red aloja este taller.
sync-lan-failed = Falló la búsqueda: { $message }
sync-host = Alojar los talleres de este dispositivo en esta red
sync-host-starting = Iniciando…
sync-host-stopping = Deteniendo…
sync-host-on = Los pares de esta red llegan a este dispositivo en { $url }; las invitaciones hechas aquí lo indican y fijan su certificado ({ $fingerprint }…).
sync-host-off = Desactivado: los pares de esta red se conectan a través de un relé.

## Estados de los corchetes, tipos de hilo y resultados (los valores guardados siguen en inglés)
bracket-status-open = Abierto
bracket-status-agreed = Acordado
bracket-status-agreed-ad-ref = Acordado ad referéndum
bracket-status-agreed-ad-ref-short = Acordado ad ref.
bracket-status-withdrawn = Retirado
thread-type-general = General
thread-type-technical = Técnico
thread-type-editorial = De redacción

## Estado de la negociación
status-title = En qué punto está la negociación
status-loading = Leyendo en qué punto está la negociación…
status-load-failed = No se pudo leer en qué punto está la negociación: { $message }
status-intro-none = Todavía no hay ningún párrafo en negociación.
status-intro = { $settled } de { $total ->
    [one] { $total } párrafo
   *[other] { $total } párrafos
} en negociación resueltos (acordados o acordados ad referéndum). Calculado a partir de los corchetes y los comentarios, nunca escrito a mano; elija unos corchetes o un párrafo para verlos en el proyecto.
status-keeps-open-brackets = { $count ->
    [one] { $count } corchete abierto
   *[other] { $count } corchetes abiertos
}
status-keeps-open-threads = { $count ->
    [one] { $count } comentario pendiente de resultado
   *[other] { $count } comentarios pendientes de resultado
}
status-keeps-open-ad-ref = { $count ->
    [one] { $count } corchete acordado ad ref.
   *[other] { $count } corchetes acordados ad ref.
}
status-paragraph-unnumbered = un párrafo sin número
status-paragraph-named = párrafo { $citation }
status-progress-title = Párrafos por estado
status-progress-summary = { $percent } % resuelto — acordados: { $agreed }; acordados ad referéndum: { $adRef }; abiertos: { $open }; de { $total ->
    [one] { $total } párrafo
   *[other] { $total } párrafos
}
status-legend-label = { $label }:
status-total = Total
status-percent-settled = { $percent } % resuelto
status-bracket-label = { $paragraph }: “{ $words }”. Mostrarlo en el proyecto
status-bracket-label-ad-ref = { $paragraph }: “{ $words }”, acordado ad referéndum. Mostrarlo en el proyecto
status-paragraph-label = { $paragraph }: { $detail }. Mostrarlo en el proyecto
status-holders-title = Corchetes abiertos, por las delegaciones que los mantienen
status-no-bracket = No hay corchetes abiertos.
status-held-by-none = Mantenidos por ninguna delegación nombrada
status-brackets-count = { $count ->
    [one] { $count } corchete
   *[other] { $count } corchetes
}
status-ad-ref-title = Acordados ad referéndum (pendientes de confirmación)
status-held-by = mantenido por { $holders }
status-packages-title = Paquetes de corchetes
status-packages-note = Nada de un paquete está acordado hasta que todo lo esté: un corchete acordado de un paquete aún abierto cuenta como abierto.
status-package-agreed = acordado
status-package-pending = pendiente: { $agreed } de { $count ->
    [one] { $count } corchete
   *[other] { $count } corchetes
} acordados
status-package-name = Paquete “{ $name }”
status-entry-pending = acordado, pendiente del paquete
status-entry-ad-ref = acordado ad ref.
status-entry-open = abierto
status-log-title = El registro
status-log-empty = Todavía no hay nada registrado: aquí aparecen los estados de los corchetes, los paquetes, las marcas de acordado, los restablecimientos, los resultados, las etapas y los hitos.
status-log-note = Se conserva en el taller como registros que cada miembro sincroniza y nadie modifica.
status-log-who = { $who }:
status-log-more = Mostrar las { $count } entradas

## El registro de la vista Estado: una frase por forma de línea, después de «Quién:».
log-bracket-status = fijó el estado { $place ->
        [paragraph] de [{ $words }] en el párrafo { $paragraph }
        [draft] de [{ $words }] en el proyecto
       *[gone] del corchete { $bracket } (que ya no figura en el texto)
    } como “{ $status ->
        [open] abierto
        [agreed-ad-ref] acordado ad referéndum
        [withdrawn] retirado
       *[agreed] acordado
    }”
log-bracket-package-in = incluyó { $place ->
        [paragraph] [{ $words }] (párrafo { $paragraph })
        [draft] [{ $words }] (en el proyecto)
       *[gone] el corchete { $bracket } (que ya no figura en el texto)
    } en el paquete “{ $package }”
log-bracket-package-out = retiró { $place ->
        [paragraph] [{ $words }] (párrafo { $paragraph })
        [draft] [{ $words }] (en el proyecto)
       *[gone] el corchete { $bracket } (que ya no figura en el texto)
    } de su paquete
log-bracket-choose = eligió la alternativa { $place ->
        [paragraph] [{ $words }] (párrafo { $paragraph })
        [draft] [{ $words }] (en el proyecto)
       *[gone] { $bracket } (que ya no figura en el texto)
    }; las demás se suprimieron
log-paragraph-agreed = marcó { $place ->
        [paragraph] el párrafo { $paragraph }
        [draft] un párrafo sin número
       *[gone] un párrafo que ya no figura en el proyecto
    } como acordado
log-paragraph-unagreed = retiró la marca de acordado { $place ->
        [paragraph] del párrafo { $paragraph }
        [draft] de un párrafo sin número
       *[gone] de un párrafo que ya no figura en el proyecto
    }
log-restore-draft = restableció el proyecto tal como estaba en el hito “{ $milestone }”
log-restore-paragraph = restableció { $place ->
        [paragraph] el párrafo { $paragraph }
        [draft] un párrafo sin número
       *[gone] un párrafo que ya no figura en el proyecto
    } tal como estaba en el hito “{ $milestone }”
log-renumber = numeró { $count ->
        [one] el párrafo insertado
       *[other] los { $count } párrafos insertados
    } (bis, ter…) en orden correlativo
log-revert = deshizo los cambios de { $delegation } desde “{ $milestone }”
log-outcome = registró el resultado “{ $outcome }” del comentario de { $delegation } sobre { $place ->
        [paragraph] el párrafo { $paragraph }
        [draft] un párrafo sin número
       *[gone] un párrafo que ya no figura en el proyecto
    }
log-outcome-unattributed = registró el resultado “{ $outcome }” de un comentario sobre { $place ->
        [paragraph] el párrafo { $paragraph }
        [draft] un párrafo sin número
       *[gone] un párrafo que ya no figura en el proyecto
    }
log-outcome-unknown = registró el resultado “{ $outcome }” del comentario { $thread }
log-stage = fijó la etapa en “{ $stage }”
log-stage-deadline = fijó la etapa en “{ $stage }” (comentarios hasta el { $deadline })
log-milestone = fijó el hito “{ $milestone }”
status-undisposed-title = Comentarios pendientes de resultado
status-undisposed-none = Cada comentario tiene un resultado o está resuelto.
status-col-delegation = Delegación
status-all-delegations = Todas las delegaciones
status-since-title = Desde el último hito
status-since-none = Todavía no hay hitos: fije uno en la vista Hitos (por ejemplo, el proyecto enviado a una reunión del Comité Permanente) para contar los cambios desde entonces.
status-since-lead = Desde “{ $milestone }”:
status-since-lead-none = Desde “{ $milestone }”: ningún párrafo ha cambiado.
status-since-inserted = { $count ->
    [one] { $count } párrafo insertado
   *[other] { $count } párrafos insertados
}
status-since-deleted = { $count ->
    [one] { $count } párrafo suprimido
   *[other] { $count } párrafos suprimidos
}
status-since-moved = { $count ->
    [one] { $count } párrafo desplazado
   *[other] { $count } párrafos desplazados
}
status-since-edited = { $count ->
    [one] { $count } párrafo con palabras cambiadas
   *[other] { $count } párrafos con palabras cambiadas
}
status-since-by = Cambiado por: { $who }.
status-open-title = Párrafos abiertos
status-open-none = Ningún párrafo está abierto.

## Hitos
milestones-loading = Cargando los hitos…
milestones-intro = Versiones fijadas del proyecto. Compare una para ver qué ha cambiado desde entonces.
milestones-chair-only = Solo el presidente del taller fija los hitos.
milestones-load-failed = No se pudieron leer los hitos: { $message }
milestones-empty = Todavía no hay hitos.
milestones-list-label = Hitos, del más reciente al más antiguo
milestone-by = por { $who }
milestone-compare = Comparar
milestone-compare-label = Comparar el proyecto con el hito { $name }
milestone-name-placeholder = p. ej. Informe a la SC71
milestone-renumber = Numerar primero los párrafos insertados (2 bis, 2 ter) en orden
milestone-freeze = Fijar el hito
milestone-form-title = Fijar el proyecto
milestone-name = Nombre del hito
milestone-freezing = Fijando el proyecto…
milestone-frozen = Fijado como “{ $name }”.
milestone-error-milestone-exists = Ya existe un hito con ese nombre: elija otro.
milestone-error-role-forbidden = Solo el presidente del taller, o la Secretaría en su nombre, fija los hitos.
milestone-error-input-empty = Dé un nombre al hito.

## Proyecto comparado
compare-title = Cambios desde “{ $milestone }”
compare-export = Exportar con estos cambios…
compare-filter = Cambios de
compare-filter-label = Mostrar los cambios de
compare-filter-all = todas las delegaciones
compare-restore-ask = Restablecer el proyecto como estaba…
compare-restore-confirm = Restablecer todo el proyecto
compare-restore-explain = El texto vuelve a ser como era en “{ $milestone }”: los párrafos añadidos desde entonces se suprimen y los suprimidos vuelven. Cada miembro lo recibe como cambio suyo, y el registro lo consigna.
compare-revert-ask = Deshacer los cambios de { $who }…
compare-revert-confirm = Deshacer los cambios de { $who }
compare-revert-explain = Las palabras que { $who } insertó desde “{ $milestone }” desaparecen, y las palabras y párrafos que { $who } suprimió vuelven; los cambios de los demás se mantienen. Cada miembro lo recibe como cambio suyo, y el registro lo consigna.
compare-sub-frozen = Fijado el { $date } · comparado con el proyecto actual
compare-sub = Hito · comparado con el proyecto actual
compare-none-by = Ningún cambio de { $author } desde este hito.
compare-none = Ningún cambio desde este hito.
compare-summary-by = { $counts } — por { $authors }
compare-count-insertions = { $count ->
    [one] { $count } inserción
   *[other] { $count } inserciones
}
compare-count-deletions = { $count ->
    [one] { $count } supresión
   *[other] { $count } supresiones
}
compare-count-added = { $count ->
    [one] { $count } párrafo añadido
   *[other] { $count } párrafos añadidos
}
compare-count-removed = { $count ->
    [one] { $count } párrafo suprimido
   *[other] { $count } párrafos suprimidos
}
compare-count-moved = { $count ->
    [one] { $count } párrafo desplazado
   *[other] { $count } párrafos desplazados
}
compare-legend = Leyenda
compare-legend-inserted = texto insertado
compare-legend-deleted = texto suprimido
compare-legend-changed = párrafo modificado
compare-legend-moved = párrafo desplazado
compare-legend-hint = Señale un cambio para ver la delegación que lo hizo.

## Exportación
export-format = Formato
export-format-docx = Word
export-format-docx-hint = .docx — diseño CITES, cambios controlados, comentarios
export-format-pdf = PDF
export-format-pdf-hint = .pdf — A4, números de página
export-format-html = Página web
export-format-html-hint = .html — independiente, se imprime bien
export-format-md = Markdown
export-format-md-hint = .md — texto sin formato
export-format-akn = Akoma Ntoso
export-format-akn-hint = .xml — XML jurídico 3.0
export-marks = Marcas de revisión en Word
export-marks-tracked = Cambios controlados
export-marks-tracked-hint = las delegaciones los aceptan o rechazan en Word o LibreOffice
export-marks-visual = Subrayado y tachado
export-marks-visual-hint = el estilo CITES para las enmiendas, sin cambios controlados
export-table-format-docx = Tabla de Word
export-table-format-docx-hint = .docx — la tabla de comentarios CITES, en horizontal
export-table-format-xlsx = Excel
export-table-format-xlsx-hint = .xlsx — una fila por comentario, para ordenar y filtrar
export-table-format-csv = CSV
export-table-format-csv-hint = .csv — UTF-8, para cualquier hoja de cálculo
export-all-types = Todos los tipos
export-since = Mostrar los cambios desde
export-since-none = Sin cambios — el texto limpio
export-comments = Incluir los comentarios abiertos
export-what = Exportar
export-what-draft = El proyecto
export-what-table = La tabla de comentarios
export-which = Qué comentarios
export-open-only = Solo los comentarios abiertos (sin resultado, no resueltos)
export-type = Tipo
export-table-columns = Delegación, párrafo, tipo, comentario, cambio propuesto, resultado y observación, en el orden del proyecto.
export-submit-title = Elegir dónde guardar el archivo
export-title-draft = Exportar el proyecto
export-title-table = Exportar la tabla de comentarios
export-intro = Caucus pregunta dónde guardar el archivo, empezando por la última carpeta usada.
export-marks-word-only = Solo los archivos Word ofrecen elegir las marcas; los demás formatos subrayan y tachan.
export-marks-need-milestone = Elija un hito arriba para mostrar los cambios.
export-comments-word = Como comentarios de Word anclados en su texto.
export-comments-listed = Enumerados con el texto al que se refieren.
export-comments-pdf = Las exportaciones en PDF no llevan comentarios.
export-pending = Exportando…
export-saved-table = Tabla de comentarios guardada ({ $count ->
    [one] { $count } comentario
   *[other] { $count } comentarios
}, { $size }) como
export-saved = Guardado ({ $size }) como
export-failed = Falló la exportación: { $message }
export-action-failed = { $action } no funcionó: { $message } ({ $code })
export-open = Abrir
export-reveal = Mostrar en la carpeta

## Desde su última visita
seen-title = Novedades desde su última visita
seen-mark-all = Marcar todo como visto
seen-mark-failed = No se pudieron marcar como vistos: { $message }
seen-count = { $count ->
    [one] { $count } nuevo
   *[other] { $count } nuevos
}
seen-count-label = { $count ->
    [one] { $count } cambio desde su última visita: mostrarlo
   *[other] { $count } cambios desde su última visita: mostrarlos
}
seen-count-title = Párrafos y comentarios cambiados desde su última visita
seen-another-member = otro miembro
seen-paragraph = { $pp ->
    [yes] { $citation }
   *[no] Párrafo { $citation }
} { $what ->
    [deleted] suprimido
   *[changed] modificado
} por { $who }
seen-paragraph-unnumbered = Un párrafo { $what ->
    [deleted] suprimido
   *[changed] modificado
} por { $who }
seen-thread = { $kind ->
    [new] Nuevo comentario
    [both] Nuevo comentario y { $count ->
        [one] { $count } respuesta
       *[other] { $count } respuestas
    }
   *[replies] { $count ->
        [one] { $count } respuesta nueva
       *[other] { $count } respuestas nuevas
    }
} de { $who }
seen-thread-on = { $kind ->
    [new] Nuevo comentario
    [both] Nuevo comentario y { $count ->
        [one] { $count } respuesta
       *[other] { $count } respuestas
    }
   *[replies] { $count ->
        [one] { $count } respuesta nueva
       *[other] { $count } respuestas nuevas
    }
} de { $who } sobre { $pp ->
    [yes] { $citation }
   *[no] el párrafo { $citation }
}

## El proyecto como página (las líneas CITES del documento no son de la ventana: véase ui/src/cites.ts)
draft-compared-label = Proyecto con los cambios desde { $milestone }
draft-compared-label-any = Proyecto con cambios
bracket-title-held = { $status } — mantenido por { $holders }
change-by = { $what ->
    [paragraph] { $kind ->
        [inserted] Párrafo insertado
        [deleted] Párrafo suprimido
        [moved-here] Párrafo desplazado aquí
       *[moved-from] Párrafo desplazado desde aquí
    }
   *[word] { $kind ->
        [inserted] Insertado
        [deleted] Suprimido
        [moved-here] Desplazado aquí
       *[moved-from] Desplazado desde aquí
    }
} por { $who }
change-by-unknown = { $what ->
    [paragraph] { $kind ->
        [inserted] Párrafo insertado
        [deleted] Párrafo suprimido
        [moved-here] Párrafo desplazado aquí
       *[moved-from] Párrafo desplazado desde aquí
    }
   *[word] { $kind ->
        [inserted] Insertado
        [deleted] Suprimido
        [moved-here] Desplazado aquí
       *[moved-from] Desplazado desde aquí
    }
} (delegación desconocida)
change-when = { $who } · { $when }

## Barra de herramientas del editor (la numeración — a), i), bis, ter — es la del proyecto, no de la ventana)
tool-formatting = Formato
tool-kind = Tipo de párrafo
tool-kind-mixed = (mixto)
para-kind-title = Título
para-kind-heading = Encabezado
para-kind-text = Texto
para-kind-preamble = Preámbulo
para-kind-operative = Dispositivo
para-kind-item = Apartado
para-kind-decision = Decisión
tool-label = Número de la decisión
tool-label-placeholder = Número
tool-label-title = Número de la decisión, p. ej. 17.A (vacío: numerada #1, #2 …)
tool-inserted-title = Numerar como insertado (2 bis, 2 ter): los párrafos siguientes conservan su número
tool-level-0 = Nivel 0
tool-level-1 = Nivel 1 — a), b)
tool-level-2 = Nivel 2 — i), ii)
tool-level-title = { $level } (Tab / Mayús-Tab)
tool-strong-glyph = N
tool-strong = Negrita (Ctrl+B)
tool-em-glyph = K
tool-em = Cursiva (Ctrl+I)
tool-underline-glyph = S
tool-underline = Subrayado (Ctrl+U)
tool-bracket = [ Corchetes ]
tool-bracket-title = Poner el texto seleccionado entre corchetes
tool-bracket-status = Estado de los corchetes en el cursor
tool-holders = Mantenido por
tool-holders-title = Delegaciones que mantienen los corchetes en el cursor, separadas por comas (Intro para aplicar)
tool-package = Paquete
tool-package-title = El paquete de los corchetes en el cursor: nada de un paquete está acordado hasta que todo lo esté (Intro para aplicar; vacío para sacarlos)
tool-alternative = Redacción alternativa
tool-alternative-placeholder = Alternativa
tool-alternative-title = Otra redacción para los corchetes en el cursor, añadida justo después como alternativa (Intro para añadir)
tool-choose = Elegir
tool-choose-title = Elegir la alternativa en el cursor: las palabras de las demás desaparecen (el presidente y la Secretaría)
tool-unbracket = Quitar
tool-unbracket-title = Quitar los corchetes del texto en el cursor
tool-undo = Deshacer (Ctrl+Z)
tool-redo = Rehacer (Ctrl+Y)
tool-group-paragraph = Párrafo
tool-group-level = Nivel
tool-group-emphasis = Énfasis
tool-group-brackets = Corchetes
tool-group-history = Historial
bracket-title-package = { $status } — en el paquete “{ $package }”
bracket-title-held-package = { $status } — mantenido por { $holders } — en el paquete “{ $package }”

## Buscar y reemplazar
find-label = Buscar
find-none = Sin resultados
find-count = { $current } de { $total }
find-prev = Resultado anterior (Mayús+Intro)
find-next = Resultado siguiente (Intro)
find-case = Coincidir mayúsculas y minúsculas
find-scope = Buscar en
find-scope-draft = Buscar en el proyecto
find-scope-comments = Buscar en los comentarios (texto de los hilos y respuestas)
find-close = Cerrar (Esc)
find-replace-with = Reemplazar por
find-replace = Reemplazar
find-replace-title = Reemplazar el resultado actual
find-replace-all = Reemplazar todo
find-replace-all-title = Reemplazar todos los resultados del proyecto (un solo paso para deshacer)
find-replaced = { $count ->
    [one] { $count } reemplazo.
   *[other] { $count } reemplazos.
}

## El editor
editor-text-label = Texto del proyecto
editor-someone = Alguien
seen-changed = Modificado
seen-changed-by = Modificado por { $who } desde su última visita
seen-new = Nuevo
seen-new-thread-title = Iniciado desde su última visita
seen-new-reply-title = Escrito desde su última visita

## Comentarios
outcome-accepted = Aceptado
outcome-accepted-modified = Aceptado con modificaciones
outcome-rejected = Rechazado
outcome-noted = Se toma nota
proposal-choice-none = Sin redacción propuesta
proposal-choice-replace = Reemplazar las palabras seleccionadas
proposal-choice-paragraph = Reemplazar todo el párrafo
proposal-choice-insert-after = Nuevo párrafo a continuación
proposal-lead-replace = Redacción propuesta:
proposal-lead-paragraph = Párrafo propuesto:
proposal-lead-insert-after = Nuevo párrafo propuesto a continuación:
proposal-lead-replace-label = Redacción propuesta
thread-recorded-by = { $author }, registrado por { $recorder }
thread-edited = { $who } (modificado)
thread-apply = Aplicar
thread-apply-title = Aplicar la redacción propuesta al proyecto, en nombre de la delegación que la propone
thread-apply-confirm-label = Confirmar la aplicación de la propuesta
thread-resolve = Resolver
thread-reopen = Reabrir
thread-show = Mostrar
thread-hide = Ocultar
thread-show-words = Mostrar estas palabras en el proyecto
thread-support = Apoyar
thread-withdraw-support = Retirar el apoyo
thread-support-title = Apoyar este comentario en nombre de { $delegation }
thread-withdraw-support-title = Retirar el apoyo de { $delegation }
thread-record = Registrar el resultado
thread-change-outcome = Cambiar el resultado
thread-outcome = Resultado
thread-observation = Observación
thread-save-outcome = Guardar el resultado
thread-reply = Responder
thread-reply-placeholder = Respuesta…
thread-nowhere = En ningún párrafo del proyecto.
thread-nowhere-cited = En ningún párrafo del proyecto: no se encontró el párrafo que cita.
thread-orphaned = Las palabras citadas se suprimieron del proyecto.
thread-delegation-title = La delegación en cuyo nombre habla este comentario
thread-late = Tardío
thread-late-title = Escrito después del plazo del período de comentarios
thread-supported-by = Apoyado por { $who }
thread-outcome-by = { $who }, { $when }
thread-applied = Aplicado al proyecto por { $who }, { $when }
thread-reply-deleted = Suprimido por su autor.
thread-unknown = Desconocido
apply-stale-lead = Las palabras han cambiado desde esta propuesta.
apply-stale-reads = Con respecto al texto actual, dice:
apply-stale-note = Aplicarla registra el resultado como “aceptado con modificaciones”.
apply-stale-yes = Aplicar tal como dice ahora
comment-on-selection = Comentar la selección
comment-on-selection-title = Seleccione palabras del proyecto y coméntelas
propose-change = Proponer un cambio
propose-change-title = Seleccione palabras del proyecto y proponga su redacción
comment-new = Nuevo comentario
comment-body = Comentario
comment-body-placeholder = Su comentario
comment-why-placeholder = Por qué (su comentario sobre el cambio)
comment-proposal = Propuesta
comment-proposal-placeholder = La redacción que propone
comment-submit = Comentar
comment-propose = Proponer
comment-as-redline = Con control de cambios:
comment-select-first = Seleccione primero las palabras que quiere comentar.
comment-select-first-propose = Seleccione primero las palabras que quiere cambiar.
comment-not-loaded = El proyecto aún no está cargado.
comments-cannot-role = Puede leer los comentarios; su función no permite añadir ninguno.
comments-cannot-closed = El taller está cerrado: los comentarios son de solo lectura.
comments-cannot-stage = En esta etapa solo el presidente y la Secretaría inician comentarios; usted puede responder.
comments-empty = Todavía no hay comentarios.
comments-none-match = Ningún comentario coincide con los filtros.
filter-label = Filtrar los comentarios
filter-all = Todos
filter-outcome-none = Aún ninguno
filter-show = Mostrar
filter-open = Abiertos
filter-closed = Cerrados
table-import = Importar una tabla de comentarios…
table-import-title = Importar la tabla de comentarios de una delegación (Word, Excel o CSV): un comentario por fila, sobre el párrafo que cita
table-import-label = Importar una tabla de comentarios
table-import-as = En nombre de
table-import-myself = Yo
table-import-choose-title = Elegir la tabla de comentarios (.docx, .xlsx o .csv) en el cuadro de diálogo Abrir del sistema
table-import-drop = O suelte el archivo en esta ventana.
table-import-not-allowed = { $file } no se importó: solo quienes pueden comentar ahora importan tablas de comentarios
word-import = Proyecto Word devuelto…
word-import-label = Importar un proyecto Word devuelto: sus cambios controlados pasan a ser propuestas
word-import-title = Elegir el proyecto Word devuelto por una delegación (.docx con cambios controlados): una propuesta por párrafo cambiado
import-failed-title-any = El archivo no se importó
import-failed-line = { $message } No se cambió nada.
import-report-title = { $file } importado
import-report-summary = { $count ->
    [one] { $count } fila importada
   *[other] { $count } filas importadas
}: { $anchored } en su párrafo, { $unanchored } en ningún párrafo.
import-report-on-behalf = Registrado en nombre de { $who }.
import-report-unanchored = En ningún párrafo (se conservan como comentarios sobre todo el proyecto):
import-report-row = Fila { $row }:
import-report-row-cited = Fila { $row } (“{ $cited }”):
import-report-outcomes = { $count ->
    [one] { $count } resultado registrado.
   *[other] { $count } resultados registrados.
}
import-report-supports = { $count ->
    [one] { $count } apoyo registrado.
   *[other] { $count } apoyos registrados.
}
import-report-skipped-tables = { $count ->
    [one] Se omitió { $count } tabla u hoja sin los encabezados de una tabla de comentarios.
   *[other] Se omitieron { $count } tablas u hojas sin los encabezados de una tabla de comentarios.
}
import-report-blank-rows = { $count ->
    [one] Se omitió { $count } fila vacía.
   *[other] Se omitieron { $count } filas vacías.
}
import-report-columns = Columnas leídas: { $columns }.
import-report-columns-header = Columnas leídas (en el encabezado de página): { $columns }.
word-report-summary = { $count ->
    [one] { $count } párrafo
   *[other] { $count } párrafos
} con cambios controlados: { $proposals ->
    [one] { $proposals } propuesta hecha
   *[other] { $proposals } propuestas hechas
}, { $unmatched } sin correspondencia en el proyecto.
word-report-not-imported = No importado:
word-report-paragraph = Párrafo { $number } del archivo Word:
word-report-authors = Cambios controlados de { $who }.

## Contenido que esta versión no sabe mostrar, y errores de la propia ventana
opaque-label = Contenido que esta versión de Caucus no sabe mostrar (“{ $name }”) — se conserva tal cual, de solo lectura
error-collab-write_on_load = Esta ventana cambió el proyecto al abrirlo, sin ninguna escritura. El cambio no se envió y no se guardó nada de él; vuelva a abrir el taller.
error-collab-unsaved = Sus últimas modificaciones en este taller aún no están guardadas, y salir de él las perdería. Caucus sigue intentando guardarlas (libere espacio si el disco está lleno); abra el otro taller cuando el proyecto indique Guardado.
error-table-import_not_allowed = Solo quienes pueden comentar ahora importan tablas de comentarios.
error-draft-opaque_kept = Ese cambio alteraría un contenido que esta versión de Caucus no sabe mostrar, y que se conserva tal cual.

## Las versiones lingüísticas (issue #15 §2)
nav-versions = Versiones
topbar-versions-count = { $lang }: { $outdated } por actualizar, { $missing ->
    [one] { $missing } pendiente
   *[other] { $missing } pendientes
}
topbar-versions-label = Versiones: { $counts }
versions-title = Versiones lingüísticas
versions-intro = Las versiones francesa y española, párrafo por párrafo junto al original. Los números, los tipos y los corchetes son los del original. Una traducción guarda el estado del original que traduce: si el original cambia, queda por actualizar hasta que se vuelva a traducir.
versions-loading = Leyendo las versiones…
versions-load-failed = No se pudieron leer las versiones: { $message } ({ $code })
versions-none = Este taller aún no tiene versión francesa ni española.
versions-language = Versión
versions-lang-fr = Francés
versions-lang-es = Español
versions-add-fr = Añadir la versión francesa
versions-add-es = Añadir la versión española
versions-added-fr = Se añadió la versión francesa.
versions-added-es = Se añadió la versión española.
versions-add-failed = No se añadió la versión: { $message } ({ $code })
versions-filter = Mostrar
versions-filter-all = Todos ({ $count })
versions-filter-outdated = Por actualizar ({ $count })
versions-filter-missing = Pendientes ({ $count })
versions-list-label-fr = El original junto a su versión francesa
versions-list-label-es = El original junto a su versión española
versions-empty-all = El proyecto no tiene párrafos.
versions-empty-outdated = Ninguna traducción está por actualizar.
versions-empty-missing = Todos los párrafos están traducidos.
versions-status-current = Al día
versions-status-outdated = Por actualizar
versions-status-missing = Pendiente
versions-paragraph-numbered = párrafo { $number }
versions-paragraph-position = párrafo en la posición { $position }
versions-row-heading = { $paragraph }: { $status }
versions-changed = Modificado en el original desde que se tradujo:
versions-brackets-changed = El estado de un corchete cambió en el original desde que se tradujo.
versions-diff-inserted = añadido: { $text }
versions-diff-deleted = suprimido: { $text }
versions-edit-label = Traducción ({ $lang }) del { $paragraph }
versions-brackets-hint = Escriba cada corchete del párrafo original una vez, en orden, con [ y ]: conservan el estado del original.
versions-save = Guardar la traducción
versions-saving = Guardando…
versions-saved = Traducción guardada.
versions-save-failed = No se guardó la traducción: { $message } ({ $code })
versions-save-mine = Guardar la mía en su lugar
versions-changed-since = Modificada desde que empezó a revisarla, por { $who }:
versions-removed-since = Eliminada desde que empezó a revisarla. Al guardar, se repone la suya.
versions-take-theirs = Tomar la suya
versions-missing-text = Aún sin traducir.
versions-read-only = Solo un traductor, la Secretaría o la presidencia redactan las versiones.
versions-orphans = { $count ->
    [one] Se conserva la traducción de un párrafo que después se suprimió del original; nunca se exporta.
   *[other] Se conservan las traducciones de { $count } párrafos que después se suprimieron del original; nunca se exportan.
}

error-lang-empty = La traducción está vacía: escriba la traducción del párrafo.
error-lang-changed_since = La traducción de este párrafo se modificó desde que empezó a revisarla. Léala tal como está ahora y luego guarde de nuevo la suya para reemplazarla.
error-lang-brackets_mismatch = La traducción no tiene los corchetes del párrafo original: escriba cada uno una vez, en orden, con [ y ].
error-lang-unbalanced_brackets = Los corchetes de la traducción no forman pares.
error-lang-too_long = La traducción es demasiado larga.
error-lang-not_added = El taller aún no tiene versión en este idioma.
error-lang-original = El idioma original no tiene versión que traducir.

## Errores por código (cada código que devuelven las fuentes Rust tiene su frase: ui/test/codes.test.mjs).
error-admin-bind = No se pudo abrir la dirección de administración del relé.
error-admin-not_loopback = La dirección de administración del relé debe limitarse a este ordenador (bucle local).
error-app-instance_bad_reply = Otra ventana de Caucus tiene esta carpeta de datos y dio una respuesta inesperada.
error-app-instance_listen = Caucus no pudo abrir su canal de arranque: un nuevo inicio abrirá una segunda ventana.
error-app-instance_unreachable = Otra ventana de Caucus tiene esta carpeta de datos pero no responde: ciérrela y vuelva a iniciar Caucus.
error-app-instance_unsupported = Otra ventana de Caucus tiene esta carpeta de datos: use esa ventana.
error-auth-missing = El relé solo admite a los miembros del taller: únase con una invitación.
error-backup-no_such_workshop = Este dispositivo no tiene ningún taller con ese nombre que respaldar.
error-backup-not_empty = La carpeta de datos ya contiene talleres: la restauración los reemplazaría.
error-backup-nothing = Todavía no hay nada que respaldar.
error-backup-same_file = Elija un archivo de copia de seguridad fuera de la carpeta de datos.
error-backup-unusable = Ese archivo no es una copia de seguridad de Caucus utilizable; no se escribió nada.
error-backup-write = No se pudo escribir la copia de seguridad.
error-bundle-bad_magic = Ese archivo no es un paquete de intercambio de Caucus.
error-bundle-bad_state = El archivo de estado del paquete de intercambio está dañado.
error-bundle-bad_update = El paquete de intercambio contiene un cambio rechazado o ilegible; no se importó nada.
error-bundle-checksum = El paquete de intercambio se alteró o dañó por el camino; no se importó nada.
error-bundle-forbidden = El remitente del paquete de intercambio no puede modificar esa parte del taller; no se importó nada.
error-bundle-forbidden_claim = El paquete de intercambio atribuiría textos a otro miembro; no se importó nada.
error-bundle-foreign_workshop = El paquete de intercambio es de un taller que este dispositivo no tiene.
error-bundle-malformed = El paquete de intercambio está dañado y no se puede leer.
error-bundle-revoked_sender = El remitente del paquete de intercambio fue retirado del taller; no se importó nada.
error-bundle-signature = La firma del paquete de intercambio no corresponde a su remitente; no se importó nada.
error-bundle-state_mismatch = El archivo de estado del paquete de intercambio es de otro taller.
error-bundle-too_large = El paquete de intercambio supera el tamaño que Caucus acepta.
error-bundle-truncated = El paquete de intercambio está incompleto: se cortó al copiarlo.
error-bundle-unknown_sender = El remitente del paquete de intercambio no es miembro de este taller; no se importó nada.
error-bundle-unsupported_version = El paquete de intercambio lo creó otra versión de Caucus que esta no sabe leer: actualice Caucus.
error-bundle-untrusted_key = El paquete de intercambio invoca la función del presidente sin su firma; no se importó nada.
error-claims-malformed = Un cambio indica su autor de forma incorrecta; se rechazó.
error-claims-other_member = Un cambio se presenta como de otro miembro; se rechazó.
error-claims-reattributed = Un cambio atribuiría los textos de un miembro a otra persona; se rechazó.
error-claims-removed = Un cambio borraría quién escribió parte del taller; se rechazó.
error-claims-undecodable = No se pudo leer un cambio para comprobar su autor; se rechazó.
error-docx-too-large = El proyecto es demasiado extenso para un documento Word.
error-file-no_such_drop = Ese archivo ya no está pendiente de importación: suéltelo de nuevo.
error-file-not_exported = Caucus solo abre y muestra los archivos que ha exportado.
error-file-not_regular = Eso no es un archivo: elija un documento.
error-file-open_failed = No se pudo abrir ni mostrar el archivo.
error-health-disk_full = El disco del relé está casi lleno.
error-health-read_only = Los datos del relé solo se pueden leer, no escribir.
error-health-write_failed = El relé no pudo guardar un cambio.
error-health-write_stalled = El guardado del relé está bloqueado.
error-import-damaged-docx = El documento Word está dañado y no se puede importar.
error-import-no-paragraphs = No se encontró ningún párrafo: el archivo solo contiene un encabezado o texto estándar.
error-import-no-tracked-changes = El documento Word no contiene cambios con control de cambios: no hay nada que proponer. ¿Se guardó con el control de cambios activado?
error-import-not-utf8 = El archivo no es texto UTF-8: guárdelo como UTF-8 y vuelva a importarlo.
error-import-not-word = El archivo es un paquete ZIP pero no un documento Word.
error-pdf-font = No se pudo leer una fuente que el PDF necesita.
error-relay-handshake_timeout = La conexión con el relé no se estableció a tiempo.
error-relay-idle_timeout = El relé cerró la conexión tras un silencio.
error-relay-pre_auth_too_large = El relé cortó una conexión que envió demasiados datos antes de presentar su invitación.
error-relay-too_many_connections = El relé tiene demasiadas conexiones desde esta dirección: cierre otras ventanas o dispositivos y vuelva a intentarlo.
error-rights-bad_chair_key = La clave del presidente no corresponde al taller; se rechazó el cambio.
error-rights-foreign_client = Un cambio habla en nombre de otro miembro distinto del de esta conexión; se rechazó.
error-rights-immutable = Esa parte del taller no cambia una vez creada; se rechazó el cambio.
error-rights-log_changed = El registro del proyecto solo admite añadidos: ninguna entrada puede modificarse ni suprimirse.
error-rights-malformed = Un registro del cambio está mal formado; se rechazó.
error-rights-not_author = Solo su autor puede modificar eso.
error-rights-not_recorder = Solo el miembro que lo registró puede modificar eso.
error-rights-record_changed = Ese registro no puede cambiar una vez escrito: escriba uno nuevo.
error-rights-record_deleted = Ese registro no puede suprimirse.
error-rights-unlogged = El cambio llegó sin su entrada en el registro del proyecto; se rechazó.
error-serve-open_refused = El relé quedaría abierto a cualquiera que lo alcance: dele un certificado o confirme que debe estar abierto.
error-store-damaged_document = Una parte del taller guardada en este dispositivo está dañada y no se puede leer.
error-store-damaged_row = Un cambio guardado del taller está dañado y no se puede leer.
error-store-data_dir = Caucus no pudo crear su carpeta de datos.
error-store-integrity = La base de datos de este dispositivo está dañada; no se modificó nada. Restáurela a partir de una copia de seguridad, o sincronice desde el dispositivo de otro miembro.
error-store-sqlite = La base de datos de este dispositivo informó de un error.
error-store-writer_gone = Caucus dejó de guardar: reinicie Caucus para continuar desde lo que hay en el disco.
error-sync-bad_room = La dirección del relé no designa ningún documento de taller.
error-sync-closed_by_peer = El relé cerró la conexión. Lo que no confirmó sigue aquí: vuelva a sincronizar.
error-sync-frame_too_large = Un mensaje supera el tamaño máximo y no se envió.
error-sync-incomplete = El relé todavía no tiene todo el taller: el dispositivo del presidente debe sincronizarse primero. Este dispositivo recibirá después el resto.
error-sync-malformed_frame = El relé envió un mensaje ilegible.
error-sync-malformed_update = No se pudo leer un cambio; se rechazó.
error-sync-no_such_room = El relé no tiene este taller.
error-sync-no_trust = Una dirección de relé segura exige la huella del certificado del relé: únase con el enlace de invitación.
error-sync-not_loopback = Una conexión sin cifrar solo se permite en este ordenador: use una dirección de relé segura (wss://).
error-sync-out_of_order = Un cambio llegó antes que aquellos en los que se basa; se tendrá en cuenta cuando lleguen.
error-sync-tls = Falló la conexión segura con el relé.
error-sync-too_deep = Un cambio está demasiado anidado para leerse; se rechazó.
error-sync-too_large_for_relay = El relé rechazó un cambio por ser demasiado grande; no se guardó nada de él. Su operador puede aumentar el límite.
error-table-damaged = La tabla de comentarios está dañada y no se puede leer.
error-table-not_utf8 = El archivo CSV no es texto UTF-8: guárdelo como CSV UTF-8 y vuelva a importarlo.
error-workshop-ambiguous = Varios talleres coinciden: indique una parte mayor del identificador.
error-xlsx-write = No se pudo escribir la tabla de comentarios en formato Excel.

## Text typed and not saved (views/typed.ts)
typed-title = Texto no guardado
typed-message = Ha escrito un texto que aún no está guardado: { $what }. Si continúa, se perderá.
typed-kind-translation = una traducción en Versiones
typed-kind-comment = un comentario en redacción
typed-kind-reply = una respuesta en redacción
typed-kind-observation = una observación sobre el resultado en redacción
typed-discard = Descartarlo y continuar
typed-keep = Seguir escribiendo
language-typed-kept = Conservó el texto escrito; guárdelo o envíelo y luego cambie el idioma.
error-app-typed_kept = Conservó el texto escrito en este taller; guárdelo o envíelo (o descártelo) y luego abra el otro taller.
