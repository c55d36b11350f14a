//! Build script of the desktop shell: embeds ui/dist and the config, and declares the app's own
//! commands so that capabilities/default.json must grant each one explicitly.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "draft_view",
        "milestones_list",
        "milestone_create",
        "compare",
        "negotiation_status",
        "since_seen",
        "mark_seen",
        "export_draft",
        "workshops_list",
        "workshop_current",
        "workshop_open",
        "workshop_create",
        "workshop_join",
        "workshop_import",
        "members_list",
        "member_add",
        "member_remove",
        "invite_create",
        "comment_add",
        "comment_reply",
        "comment_resolve",
        "comment_support",
        "comment_outcome",
        "comment_proposal_target",
        "comment_apply",
        "comment_table_export",
        "comment_table_import",
        "stage_show",
        "stage_set",
        "stage_watch",
        "sync_status_watch",
        "sync_go_online",
        "sync_go_offline",
        "lan_peers",
        "lan_host",
        "lan_host_status",
        "collab_open",
        "collab_send",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed: is ui/dist built (scripts/setup.sh) and are src-tauri/icons present?");
}
