//! Pay after a return from a management trial: for 12 months, an amount below the pay
//! before the trial is refused with a sentence saying why, unless a pay administrator gives
//! a reason for paying less, which the pay change keeps and the audit log notes.

use pendulum_store::prelude::*;
use pendulum_store::{AuditAction, Store};
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;
use serde_json::Value;

use crate::matrix::{Body, Who, World, pay_canary, send, sqlite_world as world};

/// Rob (ic-3 since 2021) is paid 100,000 EUR from 2024-01-01, tries management from
/// 2024-09-01 at 120,000 EUR, and returns on 2025-03-01.
async fn returned(w: &World<SqliteStore>) -> pendulum_domain::PersonId {
    let rob = w.people["rob"];
    for (who, path, body) in [
        (
            Who::PayAdmin,
            "pay",
            r#"{"amount":"100000","currency":"EUR","effective":"2024-01-01"}"#,
        ),
        (
            Who::Admin,
            "events",
            r#"{"kind":"trial-start","effective":"2024-09-01","level":"em-1"}"#,
        ),
        (
            Who::PayAdmin,
            "pay",
            r#"{"amount":"120000","currency":"EUR","effective":"2024-09-01"}"#,
        ),
        (
            Who::Admin,
            "events",
            r#"{"kind":"trial-end","effective":"2025-03-01","outcome":"return"}"#,
        ),
    ] {
        let (status, answer) = send(
            w,
            who,
            "POST",
            &format!("/api/v1/people/{rob}/{path}"),
            Body::Json(body),
        )
        .await;
        assert!(status.is_success(), "{body}: {status} {answer}");
    }
    rob
}

#[tokio::test]
async fn pay_below_the_pay_before_a_trial_needs_a_reason_for_twelve_months() {
    let (w, _dir) = world().await;
    let rob = returned(&w).await;
    let path = format!("/api/v1/people/{rob}/pay");
    let org = w.store.org(w.org_a);
    let before = org.pay_history(rob).await.unwrap();

    let (status, body) = send(
        &w,
        Who::PayAdmin,
        "POST",
        &path,
        Body::Json(r#"{"amount":"95000","currency":"EUR","effective":"2025-06-01"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let error: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["error"]["code"], "pay_protected", "{body}");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("95000 EUR is below 100000 EUR, the pay before the management trial")
            && message.contains("Pay is protected until 2026-02-28"),
        "{message}"
    );
    assert!(!message.to_lowercase().contains("demot"), "{message}");
    assert_eq!(
        org.pay_history(rob).await.unwrap(),
        before,
        "nothing written"
    );

    // The pay before the trial, or a date after the protection, needs no reason.
    for body in [
        r#"{"amount":"100000","currency":"EUR","effective":"2025-04-01"}"#,
        r#"{"amount":"90000","currency":"EUR","effective":"2026-03-01"}"#,
    ] {
        let (status, answer) = send(&w, Who::PayAdmin, "POST", &path, Body::Json(body)).await;
        assert!(status.is_success(), "{body}: {answer}");
    }
    assert!(
        org.audit(50)
            .await
            .unwrap()
            .iter()
            .all(|row| row.action != AuditAction::PayBelowPreTrial)
    );

    // With a pay administrator's reason it is recorded, the reason kept and the log noting it.
    let (status, body) = send(
        &w,
        Who::PayAdmin,
        "POST",
        &path,
        Body::Json(
            r#"{"amount":"95000","currency":"EUR","effective":"2025-06-01",
                "below_pre_trial_reason":"Four days a week from June, agreed with Rob"}"#,
        ),
    )
    .await;
    assert!(status.is_success(), "{body}");
    let stored = org.pay_history(rob).await.unwrap();
    let last = stored.last().unwrap();
    assert_eq!(
        (last.amount.minor, last.reason.as_deref()),
        (
            9_500_000,
            Some("Four days a week from June, agreed with Rob")
        )
    );
    let noted: Vec<_> = org
        .audit(50)
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.action == AuditAction::PayBelowPreTrial)
        .collect();
    assert_eq!(noted.len(), 1);
    assert_eq!(noted[0].person, Some(rob));
    assert_eq!(noted[0].subject, format!("pay-event/{}", last.id));
}

#[tokio::test]
async fn the_pay_form_asks_for_the_reason_for_paying_less_in_view() {
    let (w, _dir) = world().await;
    let rob = returned(&w).await;
    let path = format!("/people/{rob}/pay");
    let (status, page) = send(
        &w,
        Who::PayAdmin,
        "POST",
        &path,
        Body::Form("amount=90000&currency=EUR&effective=2025-05-01&reason=Review"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("is below 100000 EUR"), "{page}");
    assert!(
        page.contains(
            r#"name="below_pre_trial_reason" type="text" maxlength="2000" required value="" aria-invalid="true""#
        ),
        "the field is shown, marked: {page}"
    );
    // The values are kept.
    assert!(page.contains(r#"value="90000""#) && page.contains(r#"value="Review""#));
    let (status, page) = send(
        &w,
        Who::PayAdmin,
        "POST",
        &path,
        Body::Form(
            "amount=90000&currency=EUR&effective=2025-05-01&reason=Review\
             &below_pre_trial_reason=Part-time+from+May",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Recorded: "), "{page}");
    let last = w.store.org(w.org_a).pay_history(rob).await.unwrap();
    assert_eq!(
        last.last().unwrap().reason.as_deref(),
        Some("Part-time from May (Review)")
    );
}

#[tokio::test]
async fn the_pay_form_announces_the_protection_before_anything_is_recorded() {
    let (w, _dir) = world().await;
    let mo = w.people["mo"];
    // Mo (paid 85,000 EUR since 2021) tried management and returned twenty days ago.
    let today = w.store.org(w.org_a).today();
    let mut returned_on = today - time::Duration::days(20);
    if (returned_on.month(), returned_on.day()) == (time::Month::February, 29) {
        returned_on = returned_on.previous_day().unwrap();
    }
    let until = returned_on
        .replace_year(returned_on.year() + 1)
        .unwrap()
        .previous_day()
        .unwrap();
    let started = today - time::Duration::days(200);
    for body in [
        format!(r#"{{"kind":"trial-start","effective":"{started}","level":"em-1"}}"#),
        format!(r#"{{"kind":"trial-end","effective":"{returned_on}","outcome":"return"}}"#),
    ] {
        let (status, answer) = send(
            &w,
            Who::Admin,
            "POST",
            &format!("/api/v1/people/{mo}/events"),
            Body::Json(Box::leak(body.into_boxed_str())),
        )
        .await;
        assert!(status.is_success(), "{status} {answer}");
    }
    let path = format!("/people/{mo}/pay");

    // Above the form, before anything is recorded: the amount protected, until when, and
    // what recording less needs; the field for it is there, and not required.
    let (status, page) = send(&w, Who::PayAdmin, "GET", &path, Body::None).await;
    assert_eq!(status, StatusCode::OK);
    let at = page
        .find(r#"<div class="pay-protection" id="pay-protection" role="note">"#)
        .expect("the notice");
    let notice = &page[at..at + page[at..].find("</div>").unwrap()];
    assert!(
        at < page.find("<form class=\"people-form\"").unwrap(),
        "above the form"
    );
    for said in [
        format!(r#"Pay is protected until <time datetime="{until}">{until}</time>."#),
        format!(r#"returned from a management trial on <time datetime="{returned_on}">"#),
        "their pay before the trial was EUR 85,000.00".to_string(),
        "recording less than EUR 85,000.00 needs a reason for paying less, in the field below"
            .to_string(),
    ] {
        assert!(notice.contains(&said), "{said}: {notice}");
    }
    assert!(!page.to_lowercase().contains("demot"));
    assert!(
        page.contains(
            r#"<input id="pay-below-pre-trial-reason" name="below_pre_trial_reason" type="text" maxlength="2000" value="">"#
        ),
        "{page}"
    );

    // Ignored, the rule refuses as before, the notice still above the form.
    let (status, page) = send(
        &w,
        Who::PayAdmin,
        "POST",
        &path,
        Body::Form(Box::leak(
            format!("amount=80000&currency=EUR&effective={today}").into_boxed_str(),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("80000 EUR is below 85000 EUR"), "{page}");
    assert!(page.contains(r#"id="pay-protection""#));
    assert!(
        page.contains(r##"<a href="#pay-below-pre-trial-reason">"##)
            && page.contains(
                r#"id="pay-below-pre-trial-reason" name="below_pre_trial_reason" type="text" maxlength="2000" required value="" aria-invalid="true""#
            ),
        "the summary leads to the field, now required: {page}"
    );
    // More than the pay before the trial needs no reason.
    let (status, page) = send(
        &w,
        Who::PayAdmin,
        "POST",
        &path,
        Body::Form(Box::leak(
            format!("amount=90000&currency=EUR&effective={today}").into_boxed_str(),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Recorded: EUR 90,000.00"), "{page}");

    // Someone who is not within a protection: no notice, no field.
    let (status, page) = send(
        &w,
        Who::PayAdmin,
        "GET",
        &format!("/people/{}/pay", w.people["zed"]),
        Body::None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<form class=\"people-form\""));
    assert!(!page.contains("pay-protection") && !page.contains("below_pre_trial_reason"));

    // The page reaches nobody but its owner and pay administrators: mo reads their own pay
    // (with no form, so no notice), everyone else is refused and reads none of it.
    for who in [Who::Member, Who::Manager, Who::Admin, Who::Analyst] {
        let (status, page) = send(&w, who, "GET", &path, Body::None).await;
        if who == Who::Member {
            assert_eq!(status, StatusCode::OK);
            assert!(page.contains(&pay_canary("mo")));
            assert!(!page.contains("people-form") && !page.contains("pay-protection"));
        } else {
            assert!(
                status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                "{who:?}: {status}"
            );
            for secret in ["85,000", "90,000", &pay_canary("mo"), "pay-protection"] {
                assert!(!page.contains(secret), "{who:?} reads {secret}");
            }
        }
    }
}
