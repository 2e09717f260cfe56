//! Where the web application's pages live: each route's template as the router registers
//! it (`/people/{id}`), and the functions that build a concrete link to one, filling the
//! template's `{…}` segments with percent-encoded values ([`fill`]). The router and the
//! views both take their paths from here. (The JSON API's paths are in its handlers'
//! OpenAPI descriptions, from which the router reads them.)

/// The application's front page.
pub const HOME: &str = "/";
pub const HEALTHZ: &str = "/healthz";
pub const READYZ: &str = "/readyz";
pub const METRICS: &str = "/metrics";
/// Where the static assets live.
pub const STATIC_BASE: &str = "/static/";
pub const STATIC_FILE: &str = "/static/{file}";
/// The OpenAPI document of the JSON API.
pub const OPENAPI: &str = "/api/openapi.json";

pub const LOGIN: &str = "/login";
pub const LOGOUT: &str = "/logout";

/// The framework without its final `/`: redirects to [`FRAMEWORK_BASE`].
pub const FRAMEWORK: &str = "/framework";
/// Where the framework pages live: the index, and the prefix of their links.
pub const FRAMEWORK_BASE: &str = "/framework/";
pub const TRACK: &str = "/framework/tracks/{id}";
pub const LEVEL: &str = "/framework/levels/{id}";
pub const NEXT_LEVEL: &str = "/framework/next/{id}";
pub const COMPARE_PAY: &str = "/framework/compare/pay";
pub const COMPARE_RIGHTS: &str = "/framework/compare/rights";
pub const LINT: &str = "/framework/lint";
pub const VERSIONS: &str = "/framework/versions";
pub const VERSION_YAML: &str = "/framework/versions/{version}/framework.yaml";
pub const PUBLISH: &str = "/framework/publish";
pub const DIFF: &str = "/framework/diff";
/// What changes between any two levels (`?from=ic-4&to=mgr-1`), across tracks too.
pub const EXPLAIN: &str = "/framework/explain";

/// The people directory, and the prefix of the people pages.
pub const PEOPLE: &str = "/people/";
/// The signed-in account's own record.
pub const MY_RECORD: &str = "/people/me";
pub const PERSON: &str = "/people/{id}";
/// The form that adds a person (admins); it posts to its own address.
pub const PERSON_NEW: &str = "/people/new";
pub const PERSON_TIMELINE_SVG: &str = "/people/{id}/timeline.svg";
/// Where the record (or propose) form of a person's page posts.
pub const PERSON_EVENTS: &str = "/people/{id}/events";
pub const PERSON_PAY: &str = "/people/{id}/pay";
/// Where the change-of-manager form of a person's page posts.
pub const PERSON_MANAGER: &str = "/people/{id}/manager";

pub const AUDIT: &str = "/audit";
/// The people and accounts whose names, emails or ids match `?q=`, as `<option>`s for the
/// audit filter's suggestions (admins; a few at most).
pub const AUDIT_SUGGESTIONS: &str = "/audit/suggestions";

pub const ACCOUNT: &str = "/account";
/// Creating an API token (POST).
pub const ACCOUNT_TOKENS: &str = "/account/tokens";
pub const ACCOUNT_TOKEN_REVOKE: &str = "/account/tokens/{id}/revoke";
/// The accounts page; its invitation and password forms post to it.
pub const ACCOUNTS: &str = "/admin/accounts";
pub const MANAGED_ACCOUNT: &str = "/admin/accounts/{id}";
/// The older address of the password form, still answering for scripts.
pub const ACCOUNT_PASSWORD: &str = "/admin/accounts/{id}/password";
pub const ACCOUNT_DISABLE: &str = "/admin/accounts/{id}/disable";
pub const ACCOUNT_ENABLE: &str = "/admin/accounts/{id}/enable";
pub const ACCOUNT_APPROVE_OWN_PAY: &str = "/admin/accounts/{id}/own-pay/approve";
pub const ACCOUNT_TOKEN_REVOKE_BY_ADMIN: &str = "/admin/accounts/{id}/tokens/{token_id}/revoke";

/// Creating an invitation (POST): the older address of the invitation form, still
/// answering for scripts.
pub const INVITATIONS: &str = "/admin/invitations";
/// An invitation link: the form that turns it into an account.
pub const INVITATION: &str = "/invitations/{token}";

/// The viewer's own journal: the entry form, the insights, the entries and the downloads.
pub const JOURNAL: &str = "/journal";
/// An entry's own form (it posts to its own address).
pub const JOURNAL_EDIT: &str = "/journal/{id}/edit";
/// The confirmation before an entry is deleted (it posts to its own address).
pub const JOURNAL_DELETE: &str = "/journal/{id}/delete";
/// The whole journal as a download.
pub const JOURNAL_CSV: &str = "/journal/journal.csv";
pub const JOURNAL_JSON: &str = "/journal/journal.json";

/// The lock on the viewer's private notes: where it stands, and its forms (unlocking with
/// the recovery code, a new code, deleting locked notes), which post to it.
pub const PRIVATE_NOTES: &str = "/private-notes";

/// The proposals; the confirm and decline forms post to it.
pub const PROPOSALS: &str = "/proposals";
/// The older addresses of the confirm and decline forms, still answering for scripts.
pub const PROPOSAL_CONFIRM: &str = "/proposals/{id}/confirm";
pub const PROPOSAL_DECLINE: &str = "/proposals/{id}/decline";

/// The viewer's own reflections before a move, and the start of a new one.
pub const REFLECTIONS: &str = "/reflections";
/// A new reflection's questions (`?direction=to-management`); the form posts to it.
pub const REFLECTION_NEW: &str = "/reflections/new";
/// A reflection's summary (`?version=N` for an earlier version).
pub const REFLECTION: &str = "/reflections/{id}";
/// A new version of a reflection; the form posts to it.
pub const REFLECTION_EDIT: &str = "/reflections/{id}/edit";
pub const REFLECTION_SHARE: &str = "/reflections/{id}/share";
pub const REFLECTION_UNSHARE: &str = "/reflections/{id}/unshare";
/// Deleting a reflection: the confirmation (GET), then the deletion (POST).
pub const REFLECTION_DELETE: &str = "/reflections/{id}/delete";
/// A reflection a report shared with their manager, read-only.
pub const PERSON_REFLECTION: &str = "/people/{id}/reflections/{reflection_id}";

/// Transition plans: the viewer's own, their reports', those they mentor.
pub const PLANS: &str = "/plans";
/// A new plan (`?target=em-1` once the target is chosen); the form posts to it.
pub const PLAN_NEW: &str = "/plans/new";
/// A plan: what it says, its steps, its checkpoints, and the actions the viewer may take.
pub const PLAN: &str = "/plans/{id}";
/// A new revision of a plan; the form posts to it.
pub const PLAN_EDIT: &str = "/plans/{id}/edit";
pub const PLAN_AGREE: &str = "/plans/{id}/agree";
pub const PLAN_WITHDRAW: &str = "/plans/{id}/withdraw";
pub const PLAN_START: &str = "/plans/{id}/start";
/// Ending, extending or keeping the role after a trial.
pub const PLAN_END: &str = "/plans/{id}/end";
/// Recording one's view of a checkpoint.
pub const PLAN_CHECKPOINT: &str = "/plans/{id}/checkpoints";

/// The simulator and the workforce projection (`?tool=peter|dual-track|projection`).
pub const SIMULATE: &str = "/simulate";
/// A planner's own projection model, posted from the projection tool's second form.
pub const SIMULATE_MODEL: &str = "/simulate/model";

/// `template` with each `{…}` segment replaced, in order, by the next of `values`,
/// percent-encoded ([`segment`]).
///
/// # Panics
///
/// When `values` has fewer values than `template` has segments to fill: a link built from
/// a template with a hole in it is a bug of the caller.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        out.push_str(&rest[..open]);
        let value = values
            .next()
            .unwrap_or_else(|| panic!("no value for a segment of {template}"));
        out.push_str(&segment(value));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// A person's page.
pub fn person(id: &str) -> String {
    fill(PERSON, &[id])
}

/// Where the form revoking API token `id` posts.
pub fn revoke_token(id: &str) -> String {
    fill(ACCOUNT_TOKEN_REVOKE, &[id])
}

/// The page of account `id` for admins: its tokens, disabling and enabling it.
pub fn managed_account(id: &str) -> String {
    fill(MANAGED_ACCOUNT, &[id])
}

/// Where the forms disabling and enabling account `id` post (`what` is `disable` or
/// `enable`).
pub fn account_switch(id: &str, what: &str) -> String {
    match what {
        "disable" => fill(ACCOUNT_DISABLE, &[id]),
        _ => fill(ACCOUNT_ENABLE, &[id]),
    }
}

/// Where a pay holder's approval of account `id`'s own pay posts.
pub fn approve_own_pay(id: &str) -> String {
    fill(ACCOUNT_APPROVE_OWN_PAY, &[id])
}

/// Where an admin's revocation of API token `token` of account `id` posts.
pub fn revoke_account_token(id: &str, token: &str) -> String {
    fill(ACCOUNT_TOKEN_REVOKE_BY_ADMIN, &[id, token])
}

/// An invitation link, with its secret token.
pub fn invitation(token: &str) -> String {
    fill(INVITATION, &[token])
}

/// The YAML text of a published version, as published.
pub fn version_yaml(version: u32) -> String {
    fill(VERSION_YAML, &[&version.to_string()])
}

/// The diff between two published versions.
pub fn diff(from: u32, to: u32) -> String {
    format!("{DIFF}?from={from}&to={to}")
}

/// What changes from level `from` to level `to`, on the same track or across tracks.
pub fn explain(from: &str, to: &str) -> String {
    with_query(EXPLAIN, &[("from", from), ("to", to)])
}

/// Percent-encodes everything but unreserved characters, for a path segment or a query
/// value.
pub fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `path?name=value&…`, values percent-encoded, empty values left out.
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", segment(v)))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_puts_encoded_values_in_the_template_segments_in_order() {
        assert_eq!(
            fill(ACCOUNT_TOKEN_REVOKE_BY_ADMIN, &["a b", "t/1"]),
            "/admin/accounts/a%20b/tokens/t%2F1/revoke"
        );
        assert_eq!(fill(AUDIT, &[]), "/audit");
        assert_eq!(version_yaml(3), "/framework/versions/3/framework.yaml");
        assert_eq!(person("p-1"), "/people/p-1");
        assert_eq!(account_switch("x", "disable"), "/admin/accounts/x/disable");
    }

    /// The framework pages link through `Links`, which serves the static export too; under
    /// the web application's base they are the routes of this module.
    #[test]
    fn the_web_links_of_framework_pages_are_their_routes() {
        use pendulum_framework::ids::{LevelId, TrackId};

        let web = crate::Links::web(FRAMEWORK_BASE, STATIC_BASE);
        let level = LevelId::new("ic-4").unwrap();
        assert_eq!(web.index(), FRAMEWORK_BASE);
        assert_eq!(
            web.track(&TrackId::new("ic").unwrap()),
            fill(TRACK, &["ic"])
        );
        assert_eq!(web.level(&level), fill(LEVEL, &["ic-4"]));
        assert_eq!(web.next_level(&level), fill(NEXT_LEVEL, &["ic-4"]));
        assert_eq!(web.pay(), COMPARE_PAY);
        assert_eq!(web.rights(), COMPARE_RIGHTS);
        assert_eq!(web.lint(), LINT);
        assert_eq!(
            web.asset("pendulum.css"),
            fill(STATIC_FILE, &["pendulum.css"])
        );
    }

    #[test]
    #[should_panic(expected = "no value")]
    fn fill_refuses_a_template_left_with_a_hole() {
        fill(PERSON, &[]);
    }

    #[test]
    fn query_values_are_percent_encoded_and_empty_ones_left_out() {
        assert_eq!(
            with_query(
                AUDIT,
                &[("before", "42"), ("action", "a b&c=<>"), ("person", "")]
            ),
            "/audit?before=42&action=a%20b%26c%3D%3C%3E"
        );
        assert_eq!(with_query(AUDIT, &[("person", "")]), "/audit");
        assert_eq!(revoke_token("a/b"), "/account/tokens/a%2Fb/revoke");
        assert_eq!(diff(1, 2), "/framework/diff?from=1&to=2");
        assert_eq!(
            explain("ic-4", "mgr-1"),
            "/framework/explain?from=ic-4&to=mgr-1"
        );
    }
}
