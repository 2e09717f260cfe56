//! Runs the conformance suite on every backend: on SQLite always (a new file in a temporary
//! directory per test), and on PostgreSQL at `PENDULUM_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`), in a new database per test that is
//! dropped afterwards. When that server cannot be reached the PostgreSQL tests say so loudly
//! and pass, except under `CI=true`, where they fail.

mod harness;

/// One test per suite function and backend: `sqlite::<name>` and `postgres::<name>`.
macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    crate::harness::on_sqlite(pendulum_store_tests::suite::$name).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    crate::harness::on_postgres(pendulum_store_tests::suite::$name).await;
                }
            )*
        }
    };
}

conformance!(
    migrations_apply_twice,
    new_org_has_builtin_framework,
    orgs_are_isolated,
    people_are_validated,
    database_refuses_changing_history,
    append_and_current_role,
    impossible_event_is_refused,
    back_dated_append_is_revalidated,
    corrections_are_checked,
    corrections_are_proposed,
    publish_keeps_held_levels,
    rebuild_matches_incremental,
    pay_history_is_appended,
    erasure_removes_everything,
    concurrent_appends_to_one_history,
    import_writes_everything_and_repeats_as_a_no_op,
    import_is_all_or_nothing,
    create_org_with_keeps_the_identity,
    accounts_sessions_and_tokens,
    accounts_are_isolated,
    pay_reads_are_audited,
    pay_after_a_return_is_protected,
    password_reset_ends_sessions,
    api_tokens_are_listed_and_revoked,
    account_administration_is_isolated,
    invitation_lifecycle,
    proposal_lifecycle,
    proposals_are_isolated,
    database_refuses_changing_proposals,
    erasure_removes_proposals,
    pending_proposals_are_counted,
    audit_pages,
    audit_pages_of_an_account,
    expired_sessions_are_deleted,
    direct_reports_and_current_roles,
    managers_above_are_the_reporting_line,
    people_are_searched_in_the_database,
    a_person_is_added_with_their_first_role_or_not_at_all,
    accounts_are_searched_in_the_database,
    concurrent_confirmations,
    concurrent_acceptances,
    a_scheduled_promotion_waits_for_its_date,
    scheduled_hires_and_exits,
    import_and_rebuild_schedule_changes,
    disabled_accounts_cannot_sign_in,
    roles_change_and_an_organisation_keeps_an_admin,
    password_reset_revokes_tokens_and_may_hold_own_pay,
    invitations_carry_the_inviters_pay_approval,
    reporting_lines_change_over_time,
    a_loop_is_refused_at_any_date,
    a_scheduled_manager_change_waits_for_its_date,
    database_refuses_changing_reporting_lines,
    erasure_clears_reporting_lines,
    reporting_proposals_are_confirmed_or_declined,
    concurrent_changes_cannot_close_a_loop,
    imports_carry_reporting_history,
    text_is_found_in_names_and_emails,
    the_index_follows_imports,
    an_erased_person_is_not_found,
    a_managers_line_is_walked_by_the_database,
    a_capped_count_pages_like_a_full_one,
    a_matchs_status_follows_its_history,
    journal_entries_are_written_changed_and_deleted,
    database_bounds_journal_energy,
    a_journal_is_bounded,
    erasure_removes_the_journal,
    journals_are_read_in_pages_and_know_their_last_hands_on_day,
    reflections_are_written_revised_and_versioned,
    reflections_are_shared_with_the_current_manager_only,
    reflections_leave_no_audit_row,
    reflections_are_bounded,
    database_checks_reflections,
    concurrent_revisions_take_their_turn,
    erasure_removes_reflections,
    a_trial_starts_and_ends_in_a_return_on_the_promised_level,
    a_managers_start_and_end_wait_for_an_admin,
    a_direct_move_ends_its_plan,
    a_trial_ended_outside_its_plan_ends_the_plan,
    plan_rules_are_kept_by_the_store,
    checkpoint_evidence_is_the_persons_own_and_follows_their_journal,
    erasure_removes_plans,
    a_reset_by_someone_else_locks_the_notes,
    every_handover_locks_the_notes,
    locked_notes_are_deleted_and_start_again,
    database_keeps_the_lock_history,
    concurrent_codes_and_locks_take_turns,
);

mod schema;
mod sqlite_file;
