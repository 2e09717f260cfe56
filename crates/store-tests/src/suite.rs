//! The conformance suite. Every function takes a freshly migrated, empty store and panics
//! on failure; `tests/it/main.rs` runs each against every backend.
//! The tests live in one module per feature of the store; this module re-exports them all
//! under one path, with the tables every backend must have.

use crate::Backend;
pub use crate::accounts::{
    account_administration_is_isolated, accounts_are_isolated,
    accounts_are_searched_in_the_database, accounts_sessions_and_tokens,
    api_tokens_are_listed_and_revoked, disabled_accounts_cannot_sign_in,
    expired_sessions_are_deleted, password_reset_ends_sessions,
    password_reset_revokes_tokens_and_may_hold_own_pay,
    roles_change_and_an_organisation_keeps_an_admin,
};
pub use crate::audit::{audit_pages, audit_pages_of_an_account};
pub use crate::erasure::erasure_removes_everything;
pub use crate::framework::{new_org_has_builtin_framework, publish_keeps_held_levels};
pub use crate::history::{
    append_and_current_role, back_dated_append_is_revalidated, concurrent_appends_to_one_history,
    corrections_are_checked, database_refuses_changing_history, impossible_event_is_refused,
    rebuild_matches_incremental,
};
pub use crate::import::{
    create_org_with_keeps_the_identity, import_is_all_or_nothing,
    import_writes_everything_and_repeats_as_a_no_op,
};
pub use crate::invitations::{
    concurrent_acceptances, invitation_lifecycle, invitations_carry_the_inviters_pay_approval,
};
pub use crate::journal::{
    a_journal_is_bounded, database_bounds_journal_energy, erasure_removes_the_journal,
    journal_entries_are_written_changed_and_deleted,
    journals_are_read_in_pages_and_know_their_last_hands_on_day,
};
pub use crate::notes_lock::{
    a_reset_by_someone_else_locks_the_notes, concurrent_codes_and_locks_take_turns,
    database_keeps_the_lock_history, every_handover_locks_the_notes,
    locked_notes_are_deleted_and_start_again,
};
pub use crate::orgs::orgs_are_isolated;
pub use crate::pay::{
    pay_after_a_return_is_protected, pay_history_is_appended, pay_reads_are_audited,
};
pub use crate::people::{
    a_person_is_added_with_their_first_role_or_not_at_all, direct_reports_and_current_roles,
    managers_above_are_the_reporting_line, people_are_searched_in_the_database,
    people_are_validated,
};
pub use crate::plan::{
    a_direct_move_ends_its_plan, a_managers_start_and_end_wait_for_an_admin,
    a_trial_ended_outside_its_plan_ends_the_plan,
    a_trial_starts_and_ends_in_a_return_on_the_promised_level,
    checkpoint_evidence_is_the_persons_own_and_follows_their_journal, erasure_removes_plans,
    plan_rules_are_kept_by_the_store,
};
pub use crate::proposals::{
    concurrent_confirmations, corrections_are_proposed, database_refuses_changing_proposals,
    erasure_removes_proposals, pending_proposals_are_counted, proposal_lifecycle,
    proposals_are_isolated,
};
pub use crate::reflection::{
    concurrent_revisions_take_their_turn, database_checks_reflections, erasure_removes_reflections,
    reflections_are_bounded, reflections_are_shared_with_the_current_manager_only,
    reflections_are_written_revised_and_versioned, reflections_leave_no_audit_row,
};
pub use crate::reporting::{
    a_loop_is_refused_at_any_date, a_scheduled_manager_change_waits_for_its_date,
    concurrent_changes_cannot_close_a_loop, database_refuses_changing_reporting_lines,
    erasure_clears_reporting_lines, imports_carry_reporting_history,
    reporting_lines_change_over_time, reporting_proposals_are_confirmed_or_declined,
};
pub use crate::scheduled::{
    a_scheduled_promotion_waits_for_its_date, import_and_rebuild_schedule_changes,
    scheduled_hires_and_exits,
};
pub use crate::search::{
    a_capped_count_pages_like_a_full_one, a_managers_line_is_walked_by_the_database,
    a_matchs_status_follows_its_history, an_erased_person_is_not_found,
    text_is_found_in_names_and_emails, the_index_follows_imports,
};

/// The tables every backend must have.
pub const TABLES: [&str; 30] = [
    "accounts",
    "api_tokens",
    "audit_log",
    "current_roles",
    "erasures",
    "framework_versions",
    "invitations",
    "journal_entries",
    "organisations",
    "pay_events",
    "people",
    "plan_checkpoints",
    "plan_evidence",
    "plan_interim",
    "plan_revisions",
    "plan_steps",
    "plans",
    "private_notes_locks",
    "proposal_decisions",
    "proposals",
    "recovery_codes",
    "reflection_versions",
    "reflections",
    "reporting_changes",
    "reporting_proposal_decisions",
    "reporting_proposals",
    "reporting_schedule",
    "role_events",
    "scheduled_changes",
    "sessions",
];

/// Migrating an up-to-date database changes nothing and fails nothing.
pub async fn migrations_apply_twice<S: Backend>(store: S) {
    let before = store.schema().await;
    for table in TABLES {
        assert!(before.contains_key(table), "{}: no table {table}", S::NAME);
        assert!(
            before[table].primary_key.first().map(String::as_str) == Some("org_id")
                || table == "organisations",
            "{}: the key of {table} must lead with org_id: {:?}",
            S::NAME,
            before[table].primary_key
        );
    }
    let applied = store
        .count_raw("SELECT count(*) FROM _sqlx_migrations")
        .await;
    store.migrate().await.expect("second migration");
    store.migrate().await.expect("third migration");
    assert_eq!(store.schema().await, before);
    assert_eq!(
        store
            .count_raw("SELECT count(*) FROM _sqlx_migrations")
            .await,
        applied
    );
}
