//! The journal's pages over real HTTP, on the matrix's organisation: the author writes an
//! entry through the form (the kinds of work deciding whether it was hands-on when the
//! question is left unanswered), a refused entry names every faulty field and keeps what
//! was typed, entries are changed and deleted (after a confirmation) through their own
//! pages, nobody reaches another person's entry through any page, the downloads hold the
//! whole journal (the CSV read back with the `csv` crate, the JSON equal to the API's
//! entries), the insights on the page are the API's figures, and the home page's prompt
//! goes once something is written this week.

use pendulum_domain::journal::{Energy, KindId, NewJournalEntry};
use pendulum_store::prelude::*;
use pendulum_store::{MAX_JOURNAL_ENTRIES, Store};
use pendulum_store_sqlite::SqliteStore;
use reqwest::StatusCode;
use serde_json::Value;

use crate::matrix::{Body, Who, World, call, journal_canary, sqlite_world as world};
use crate::{TestApp, header};

async fn send(
    w: &World<SqliteStore>,
    who: Who,
    method: &str,
    path: &str,
    body: Body,
) -> (StatusCode, String) {
    let v = &w.viewers[&who];
    call(&v.client, Some(&v.csrf), w.addr, method, path, body).await
}

/// A request whose answer's headers matter, without following a redirect.
async fn raw(w: &World<SqliteStore>, who: Who, path: &str) -> reqwest::Response {
    w.viewers[&who]
        .client
        .get(format!("http://{}{path}", w.addr))
        .send()
        .await
        .unwrap()
}

async fn post_form(w: &World<SqliteStore>, who: Who, path: &str, body: &str) -> reqwest::Response {
    let v = &w.viewers[&who];
    v.client
        .post(format!("http://{}{path}", w.addr))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-csrf-token", &v.csrf)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn api(w: &World<SqliteStore>, who: Who, path: &str) -> Value {
    let (status, text) = send(w, who, "GET", path, Body::None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {text}");
    serde_json::from_str(&text).unwrap()
}

/// `application/x-www-form-urlencoded` of one value.
fn enc(s: &str) -> String {
    pendulum_views::paths::segment(s)
}

fn today(w: &World<SqliteStore>) -> time::Date {
    w.store.org(w.org_a).today()
}

#[tokio::test]
async fn an_entry_written_through_the_form_shows_in_the_list() {
    let (w, _dir) = world().await;
    let (status, page) = send(&w, Who::Member, "GET", "/journal", Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Your journal</h1>"), "{page}");
    assert!(
        page.contains(&format!("value=\"{}\"", today(&w))),
        "today by default"
    );
    assert!(
        page.contains(&journal_canary("mo")),
        "the planted entry is listed"
    );
    assert!(page.contains("aria-current=\"page\">Journal</a>"), "{page}");
    for words in ["depleted", "drained", "even", "energised", "wanting more"] {
        assert!(page.contains(words), "{words}");
    }

    // Hands-on left unanswered: code review is hands-on, so the entry is.
    let body = format!(
        "csrf=x&date={}&kinds=meetings&kinds=code-review&energy=%2B2&learned_yes=yes&learned={}&note={}",
        today(&w),
        enc("how sqlx binds dates"),
        enc("a good day\r\nreally")
    );
    let res = post_form(&w, Who::Member, "/journal", &body).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = header(&res, "location");
    assert!(location.starts_with("/journal?written="), "{location}");
    let id = location["/journal?written=".len()..]
        .split('#')
        .next()
        .unwrap()
        .to_string();
    let (_, page) = send(&w, Who::Member, "GET", &location, Body::None).await;
    // The view's long date has its own unit test on a fixed day; here the
    // day is the organisation's today, whatever day the suite runs on.
    let t = today(&w);
    let written = format!(
        "Written: your entry of {} {} {} {}.",
        t.weekday(),
        t.day(),
        t.month(),
        t.year()
    );
    assert!(page.contains(&written), "{page}");
    let card = &page[page
        .find(&format!("id=\"entry-{id}\""))
        .expect("the entry's card")..];
    let card = &card[..card.find("</li>").unwrap()];
    for shown in [
        "Code review",
        "Meetings",
        "hands-on",
        "+2",
        "wanting more",
        "how sqlx binds dates",
        "a good day\nreally",
    ] {
        assert!(card.contains(shown), "{shown}: {card}");
    }
    let entry = api(&w, Who::Member, &format!("/api/v1/me/journal/{id}")).await;
    assert_eq!(entry["hands_on"], true);
    assert_eq!(
        entry["kinds"],
        serde_json::json!(["meetings", "code-review"])
    );
    assert_eq!(entry["note"], "a good day\nreally");

    // Answered "no", it is not, whatever the kinds.
    let body = format!("date={}&kinds=building&energy=-1&hands_on=no", today(&w));
    let res = post_form(&w, Who::Member, "/journal", &body).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = header(&res, "location");
    let id = location["/journal?written=".len()..]
        .split('#')
        .next()
        .unwrap();
    let entry = api(&w, Who::Member, &format!("/api/v1/me/journal/{id}")).await;
    assert_eq!(
        (entry["hands_on"].clone(), entry["energy"].clone()),
        (Value::Bool(false), Value::from(-1))
    );
}

#[tokio::test]
async fn a_refused_entry_names_every_field_and_keeps_what_was_typed() {
    let (w, _dir) = world().await;
    let body = format!(
        "date=2199-01-01&kinds=gardening&learned_yes=yes&learned=&note={}",
        enc("kept \u{1b} text")
    );
    let res = post_form(&w, Who::Member, "/journal", &body).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the address is kept: no redirect"
    );
    let page = res.text().await.unwrap();
    assert!(page.contains("id=\"entry-errors\""), "{page}");
    let summary = &page[page.find("id=\"entry-errors\"").unwrap()..];
    let summary = &summary[..summary.find("</div>").unwrap()];
    // Every faulty field, in the form's order, each linking to its input.
    let order: Vec<usize> = [
        "#entry-date",
        "#entry-kinds",
        "#entry-energy",
        "#entry-learned",
        "#entry-note",
    ]
    .iter()
    .map(|href| {
        summary
            .find(&format!("href=\"{href}\""))
            .unwrap_or_else(|| panic!("{href}: {summary}"))
    })
    .collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "{summary}");
    assert!(summary.contains("after today"), "{summary}");
    assert!(
        summary.contains("Gardening is not a kind of work"),
        "{summary}"
    );
    assert!(
        summary.contains("Choose how the work left you"),
        "{summary}"
    );
    assert!(
        summary.contains("Say in a few words what you learned"),
        "{summary}"
    );
    assert!(summary.contains("escape character"), "{summary}");
    for input in [
        "entry-date",
        "entry-kinds",
        "entry-energy",
        "entry-learned",
        "entry-note",
    ] {
        let at = page.find(&format!("id=\"{input}\"")).unwrap();
        let tag = &page[at..at + page[at..].find('>').unwrap()];
        assert!(tag.contains("aria-invalid=\"true\""), "{input}: {tag}");
        assert!(
            tag.contains(&format!("aria-describedby=\"{input}-error\"")),
            "{input}: {tag}"
        );
    }
    // What was typed comes back.
    assert!(page.contains("value=\"2199-01-01\""));
    assert!(page.contains("value=\"gardening\" checked"), "{page}");
    assert!(
        page.contains("kept \u{1b} text</textarea>") || page.contains("kept &#27; text"),
        "the note is kept"
    );
    // And nothing was written.
    let held = w
        .store
        .org(w.org_a)
        .journal_entries(w.people["mo"], None, None, 10)
        .await
        .unwrap();
    assert_eq!(held.len(), 1, "only the planted entry");

    // Text over its bound is refused too.
    let body = format!("date={}&energy=0&note={}", today(&w), "x".repeat(4001));
    let res = post_form(&w, Who::Member, "/journal", &body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("at most 4000 characters")
    );
}

#[tokio::test]
async fn an_entry_is_changed_and_deleted_through_its_own_pages() {
    let (w, _dir) = world().await;
    let org = w.store.org(w.org_a);
    let entry = org
        .journal_entries(w.people["mo"], None, None, 1)
        .await
        .unwrap()
        .remove(0);
    let edit = format!("/journal/{}/edit", entry.id);
    let (status, page) = send(&w, Who::Member, "GET", &edit, Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Your entry of Monday 5 January 2026"),
        "{page}"
    );
    assert!(page.contains("value=\"building\" checked"), "{page}");
    assert!(page.contains("value=\"1\" required checked"), "{page}");
    assert!(page.contains(&journal_canary("mo")));
    assert!(page.contains(&format!("action=\"{edit}\"")));

    // Refused: the same address answers, the values as sent.
    let res = post_form(
        &w,
        Who::Member,
        &edit,
        "date=2026-01-06&kinds=meetings&energy=9&note=changed",
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("Energy runs from -2"), "{page}");
    assert!(page.contains("value=\"2026-01-06\""));
    assert!(page.contains(">changed</textarea>"));
    assert_eq!(
        org.journal_entry(w.people["mo"], entry.id).await.unwrap(),
        entry
    );

    let res = post_form(
        &w,
        Who::Member,
        &edit,
        "date=2026-01-06&kinds=meetings&energy=-2&note=changed",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        header(&res, "location"),
        format!("/journal?changed={0}#entry-{0}", entry.id)
    );
    let changed = org.journal_entry(w.people["mo"], entry.id).await.unwrap();
    assert_eq!(
        (changed.note.as_str(), changed.energy.get()),
        ("changed", -2)
    );
    assert!(!changed.hands_on, "meetings are not hands-on");
    assert_eq!(changed.written_at, entry.written_at);
    let (_, page) = send(
        &w,
        Who::Member,
        "GET",
        &format!("/journal?changed={}", entry.id),
        Body::None,
    )
    .await;
    assert!(
        page.contains("Changed: your entry of Tuesday 6 January 2026."),
        "{page}"
    );

    // Deleting asks first, and the question works without a script: a page and a form.
    let delete = format!("/journal/{}/delete", entry.id);
    let (status, page) = send(&w, Who::Member, "GET", &delete, Body::None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Delete this entry?"));
    assert!(
        page.contains(&format!("method=\"post\" action=\"{delete}\"")),
        "{page}"
    );
    assert!(page.contains("changed"), "the entry is shown");
    assert!(
        org.journal_entry(w.people["mo"], entry.id).await.is_ok(),
        "asking deletes nothing"
    );
    let res = post_form(&w, Who::Member, &delete, "").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        header(&res, "location"),
        "/journal?deleted=2026-01-06#journal-entries"
    );
    assert!(org.journal_entry(w.people["mo"], entry.id).await.is_err());
    let (_, page) = send(
        &w,
        Who::Member,
        "GET",
        "/journal?deleted=2026-01-06",
        Body::None,
    )
    .await;
    assert!(page.contains("Deleted: your entry of Tuesday 6 January 2026."));
    assert!(page.contains("Nothing written yet"), "{page}");
}

#[tokio::test]
async fn another_persons_entry_is_not_found_through_any_page() {
    let (w, _dir) = world().await;
    let org = w.store.org(w.org_a);
    let entry = org
        .journal_entries(w.people["mo"], None, None, 1)
        .await
        .unwrap()
        .remove(0);
    for who in [Who::Admin, Who::PayAdmin, Who::Manager, Who::Analyst] {
        for (method, path, body) in [
            ("GET", format!("/journal/{}/edit", entry.id), Body::None),
            (
                "POST",
                format!("/journal/{}/edit", entry.id),
                Body::Form("energy=2&note=taken"),
            ),
            ("GET", format!("/journal/{}/delete", entry.id), Body::None),
            (
                "POST",
                format!("/journal/{}/delete", entry.id),
                Body::Form(""),
            ),
            ("GET", format!("/journal?before={}", entry.id), Body::None),
        ] {
            let (status, page) = send(&w, who, method, &path, body).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who:?} {method} {path}");
            assert!(!page.contains(&journal_canary("mo")));
        }
    }
    assert_eq!(
        org.journal_entry(w.people["mo"], entry.id).await.unwrap(),
        entry
    );
    for path in ["/journal/not-an-id/edit", "/journal/not-an-id/delete"] {
        let (status, _) = send(&w, Who::Member, "GET", path, Body::None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn an_account_linked_to_no_person_has_no_journal() {
    let app = TestApp::spawn().await;
    let res = app.get("/journal").await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("not linked to a person yet"), "{page}");
    assert!(!page.contains("<form class=\"form journal-form\""));
    for path in ["/journal/journal.csv", "/journal/journal.json"] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let res = app
        .client
        .post(app.url("/journal"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-csrf-token", crate::CSRF)
        .body("energy=1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let home = app.get("/").await.text().await.unwrap();
    assert!(
        !home.contains("id=\"home-journal\""),
        "no prompt without a journal"
    );
}

fn entry_on(
    day: time::Date,
    kinds: &[&str],
    energy: i64,
    learned: Option<&str>,
    note: &str,
) -> NewJournalEntry {
    NewJournalEntry::new(
        day,
        kinds.iter().map(|k| KindId::new(k).unwrap()).collect(),
        Energy::new(energy).unwrap(),
        learned,
        kinds.contains(&"building"),
        note,
        day,
    )
    .unwrap()
}

#[tokio::test]
async fn the_downloads_hold_the_whole_journal() {
    let (w, _dir) = world().await;
    let org = w.store.org(w.org_a);
    let mo = w.people["mo"];
    let day = today(&w) - time::Duration::days(3);
    // More entries than one page of the download, several on the same day.
    let many = 2 * 200 + 37;
    for i in 0..many {
        let on = day - time::Duration::days(i64::from(i / 3));
        org.add_journal_entry(
            mo,
            &entry_on(
                on,
                &["meetings"],
                i64::from(i % 5) - 2,
                None,
                &format!("entry {i}"),
            ),
        )
        .await
        .unwrap();
    }
    let tricky = "commas, \"quotes\" and\na line break";
    let special = org
        .add_journal_entry(
            mo,
            &entry_on(
                day,
                &["building", "code-review"],
                2,
                Some("=not a formula"),
                tricky,
            ),
        )
        .await
        .unwrap();
    let listed = api(&w, Who::Member, "/api/v1/me/journal?limit=1000").await;
    let listed = listed["entries"].as_array().unwrap().clone();
    assert_eq!(listed.len(), many as usize + 2);

    let res = raw(&w, Who::Member, "/journal/journal.csv").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        header(&res, "content-type").starts_with("text/csv"),
        "{}",
        header(&res, "content-type")
    );
    let disposition = header(&res, "content-disposition");
    assert_eq!(
        disposition,
        format!("attachment; filename=\"journal-{}.csv\"", today(&w))
    );
    let bytes = res.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_ref());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "id",
            "date",
            "kinds",
            "energy",
            "learned",
            "hands_on",
            "note",
            "written_at"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), listed.len(), "every entry, once");
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    let api_ids: Vec<&str> = listed.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, api_ids, "in the journal's order, newest first");
    let row = rows
        .iter()
        .find(|r| r[0] == special.id.to_string())
        .unwrap();
    assert_eq!(&row[1], day.to_string());
    assert_eq!(&row[2], "building;code-review");
    assert_eq!(&row[3], "2");
    assert_eq!(&row[4], "'=not a formula", "a spreadsheet does not run it");
    assert_eq!(pendulum_transfer::unescape_cell(&row[4]), "=not a formula");
    assert_eq!(&row[5], "true");
    assert_eq!(&row[6], tricky);
    assert_eq!(
        &row[7],
        pendulum_transfer::write_timestamp(special.written_at)
    );
    assert!(rows.iter().any(|r| r[6] == journal_canary("mo")));

    let res = raw(&w, Who::Member, "/journal/journal.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-type"), "application/json");
    assert_eq!(
        header(&res, "content-disposition"),
        format!("attachment; filename=\"journal-{}.json\"", today(&w))
    );
    let downloaded: Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(
        downloaded,
        Value::Array(listed),
        "the API's entries, as one array"
    );

    // Another author's download holds only their own.
    let res = raw(&w, Who::Admin, "/journal/journal.csv").await;
    let text = res.text().await.unwrap();
    assert!(text.contains(&journal_canary("ada")));
    assert!(!text.contains(&journal_canary("mo")) && !text.contains("entry 1"));
    assert_eq!(
        text.lines().count(),
        2,
        "a header and ada's one entry: {text}"
    );
    assert!(MAX_JOURNAL_ENTRIES >= many);
}

/// The figure as the page writes it (`pendulum_views::journal::charts::signed`).
fn signed(x: f64) -> String {
    pendulum_views::journal::charts::signed(x)
}

#[tokio::test]
async fn the_insights_on_the_page_are_the_apis_figures() {
    let (w, _dir) = world().await;
    let org = w.store.org(w.org_a);
    let mo = w.people["mo"];
    let monday = pendulum_domain::journal::week_of(today(&w));
    // Eight weeks of falling energy for code review, rising for building, learning in some.
    for week in 0..8i64 {
        let wednesday = monday - time::Duration::weeks(7 - week) + time::Duration::days(2);
        let day = wednesday.min(today(&w));
        let falling = [2, 2, 1, 1, 0, 0, -1, -1][week as usize];
        org.add_journal_entry(
            mo,
            &entry_on(
                day,
                &["code-review"],
                falling,
                (week % 2 == 0).then_some("a thing"),
                "",
            ),
        )
        .await
        .unwrap();
        org.add_journal_entry(
            mo,
            &entry_on(
                day,
                &["building", "meetings"],
                [0, 1, 1, 2, 1, 2, 2, 2][week as usize],
                None,
                "",
            ),
        )
        .await
        .unwrap();
    }
    let insights = api(&w, Who::Member, "/api/v1/me/journal/insights").await;
    let (status, page) = send(&w, Who::Member, "GET", "/journal", Body::None).await;
    assert_eq!(status, StatusCode::OK);

    // Energy by kind: a column per kind, a row per week with each kind's average (and
    // entries) of that week, and the twelve weeks' below.
    let table = &page[page
        .find("<table class=\"journal-energy-table\">")
        .expect("the energy table")..];
    let table = &table[..table.find("</table>").unwrap()];
    let kinds = insights["energy_by_kind"].as_array().unwrap();
    assert!(kinds.len() >= 3);
    let head = &table[..table.find("</thead>").unwrap()];
    let mut at = 0;
    for kind in kinds {
        let name = kind["name"].as_str().unwrap();
        let found = head[at..]
            .find(name)
            .unwrap_or_else(|| panic!("{name} in the header, in order: {head}"));
        at += found + name.len();
        assert!(
            page.contains(&format!("data-kind=\"{}\"", kind["kind"].as_str().unwrap())),
            "the chart has {name}"
        );
    }
    let cells_of = |row: &str| -> Vec<String> {
        row.split("<td class=\"num\">")
            .skip(1)
            .map(str::to_string)
            .collect()
    };
    for week in insights["learning_per_week"].as_array().unwrap() {
        let iso = week["week"].as_str().unwrap();
        let start = table
            .find(&format!("<tr data-week=\"{iso}\">"))
            .unwrap_or_else(|| panic!("{iso}"));
        let row = &table[start..start + table[start..].find("</tr>").unwrap()];
        let cells = cells_of(row);
        assert_eq!(cells.len(), kinds.len(), "{row}");
        for (kind, cell) in kinds.iter().zip(&cells) {
            let name = kind["name"].as_str().unwrap();
            match kind["weeks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|w| w["week"] == iso)
            {
                Some(w) => assert!(
                    cell.starts_with(&format!(
                        "{} <span class=\"meta\">({})</span>",
                        signed(w["mean"].as_f64().unwrap()),
                        w["entries"]
                    )),
                    "{name} {iso}: {cell}"
                ),
                None => assert!(cell.contains("no entry"), "{name} {iso}: {cell}"),
            }
        }
    }
    let foot = &table[table.find("<tfoot>").unwrap()..];
    for (kind, cell) in kinds.iter().zip(cells_of(foot)) {
        assert!(
            cell.starts_with(&format!(
                "<strong>{}</strong> <span class=\"meta\">({})</span>",
                signed(kind["mean"].as_f64().unwrap()),
                kind["entries"]
            )),
            "{}: {cell}",
            kind["name"]
        );
    }
    // Learning per week: every week, its entries and those with learning.
    for week in insights["learning_per_week"].as_array().unwrap() {
        let iso = week["week"].as_str().unwrap();
        let start = page
            .find(&format!("<time datetime=\"{iso}\">"))
            .unwrap_or_else(|| panic!("{iso}"));
        let row = &page[start..start + page[start..].find("</tr>").unwrap()];
        assert!(
            row.ends_with(&format!(
                "</th><td class=\"num\">{}</td><td class=\"num\">{}</td>",
                week["entries"], week["learned"]
            )),
            "{row}"
        );
    }
    // Days since hands-on work, and the note naming its kind.
    let days = insights["days_since_hands_on"].as_i64().unwrap();
    assert!(
        page.contains(&format!(
            "<th scope=\"row\">Days since</th><td class=\"num\">{days}</td>"
        )),
        "{days}"
    );
    let notes = insights["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{insights}");
    assert_eq!(notes[0]["kind"], "code-review");
    assert!(
        page.contains(&format!(
            "<strong>Code review</strong>: {}",
            notes[0]["text"].as_str().unwrap()
        )),
        "the note"
    );
    // Every chart is an image with a name and a description.
    assert_eq!(
        page.matches("role=\"img\" aria-labelledby=\"journal-")
            .count(),
        3
    );
    for id in ["journal-energy", "journal-learning", "journal-craft"] {
        assert!(page.contains(&format!("<title id=\"{id}-title\">")), "{id}");
        assert!(page.contains(&format!("<desc id=\"{id}-desc\">")), "{id}");
    }
}

#[tokio::test]
async fn older_entries_come_a_page_at_a_time() {
    let (w, _dir) = world().await;
    let org = w.store.org(w.org_a);
    let mo = w.people["mo"];
    let day = today(&w);
    for i in 0..45 {
        org.add_journal_entry(
            mo,
            &entry_on(
                day - time::Duration::days(i / 2),
                &["meetings"],
                0,
                None,
                &format!("note number {i}."),
            ),
        )
        .await
        .unwrap();
    }
    let (_, first) = send(&w, Who::Member, "GET", "/journal", Body::None).await;
    let cards = first.matches("<li class=\"journal-entry").count();
    assert_eq!(cards, 30);
    let older = first
        .find("href=\"/journal?before=")
        .expect("a link to older entries");
    let href = &first[older + 6..];
    let href = href[..href.find('"').unwrap()].replace("&#38;", "&");
    let (status, second) = send(&w, Who::Member, "GET", &href, Body::None).await;
    assert_eq!(status, StatusCode::OK, "{href}");
    assert_eq!(
        second.matches("<li class=\"journal-entry").count(),
        16,
        "15 more and the planted one"
    );
    assert!(!second.contains("href=\"/journal?before="), "the last page");
    assert!(second.contains("The newest entries"));
    for i in 0..45 {
        let note = format!("note number {i}.");
        assert_eq!(
            usize::from(first.contains(&note)) + usize::from(second.contains(&note)),
            1,
            "{note} shows once"
        );
    }
}

#[tokio::test]
async fn the_home_page_prompts_until_something_is_written_this_week() {
    let (w, _dir) = world().await;
    let (_, home) = send(&w, Who::Member, "GET", "/", Body::None).await;
    assert!(home.contains("id=\"home-journal\""));
    assert!(home.contains("You have not written in your journal this week"));
    assert!(home.contains("href=\"/journal\">Write in your journal</a>"));
    let body = format!("date={}&energy=0", today(&w));
    let res = post_form(&w, Who::Member, "/journal", &body).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, home) = send(&w, Who::Member, "GET", "/", Body::None).await;
    assert!(
        !home.contains("id=\"home-journal\""),
        "nothing once written"
    );
    // Someone else's entry prompts them still.
    let (_, other) = send(&w, Who::Manager, "GET", "/", Body::None).await;
    assert!(other.contains("id=\"home-journal\""));
}

/// Reads from `stream` until the end of a response's header block, and returns it.
async fn response_head(stream: &mut tokio::net::TcpStream) -> String {
    use tokio::io::AsyncReadExt;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).await.unwrap();
        assert_eq!(n, 1, "the connection closed in the header block");
        head.push(byte[0]);
    }
    String::from_utf8(head).unwrap()
}

#[tokio::test]
async fn downloads_past_the_limit_are_refused_until_a_slot_is_free() {
    use pendulum_domain::journal::{MAX_LEARNED_CHARS, MAX_NOTE_CHARS};
    use tokio::io::AsyncWriteExt;

    let limits = pendulum_web::Limits {
        max_downloads: 1,
        ..pendulum_web::Limits::default()
    };
    let app = TestApp::spawn_configured(false, limits, Vec::new()).await;
    let author = app.member().await;
    let org_id = app.store.list_orgs().await.unwrap()[0].id;
    let org = app.store.org(org_id);
    let person = org
        .create_person(
            "Linus",
            &pendulum_domain::Email::new("linus@acme.test").unwrap(),
            None,
        )
        .await
        .unwrap()
        .id;
    // A journal far larger than a connection's buffers hold (about 20 KB an entry, 40 MB in
    // all), so that a download whose client stops reading cannot be finished by the server.
    let today = org.today();
    let note = "𝄞".repeat(MAX_NOTE_CHARS);
    let learned = "𝄞".repeat(MAX_LEARNED_CHARS);
    let entries = 2_000;
    for i in 0..entries {
        let on = today - time::Duration::days(i64::from(i % 300));
        org.add_journal_entry(
            person,
            &entry_on(on, &["building"], 1, Some(&learned), &note),
        )
        .await
        .unwrap();
    }

    // One download, held open: the client reads the answer's head and then nothing, with a
    // receive buffer kept small.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut held = socket.connect(app.addr).await.unwrap();
    held.write_all(
        format!(
            "GET /journal/journal.csv HTTP/1.1\r\nHost: pendulum\r\n\
             Cookie: pendulum_session={}\r\n\r\n",
            author.session
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let head = response_head(&mut held).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");

    // Every slot is taken: the next download is refused at once, whichever its format,
    // saying so and when to try again; the rest of the site answers as before.
    for path in ["/journal/journal.csv", "/journal/journal.json"] {
        let res = author.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert_eq!(header(&res, "retry-after"), "5", "{path}");
        assert!(
            header(&res, "content-type").starts_with("text/html"),
            "{path}"
        );
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Pendulum is preparing as many downloads as it allows at once.")
                && page.contains("Nothing was done"),
            "{page}"
        );
    }
    let res = author.client.get(app.url("/journal")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // The held download's client goes away: its slot is given back, and the next download
    // holds the whole journal, as valid CSV.
    drop(held);
    let mut tries = 0;
    let bytes = loop {
        let res = author
            .client
            .get(app.url("/journal/journal.csv"))
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::OK {
            break res.bytes().await.unwrap();
        }
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        tries += 1;
        assert!(
            tries < 400,
            "the slot of a download whose client left was never given back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let mut reader = csv::Reader::from_reader(bytes.as_ref());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), entries as usize);
    assert!(
        rows.iter()
            .all(|r| r.len() == 8 && r[6] == note && r[4] == learned)
    );

    // A download that ended gave its slot back before its last byte: the next one, in the
    // other format, is served at once.
    let res = author
        .client
        .get(app.url("/journal/journal.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let downloaded: Value = serde_json::from_slice(&res.bytes().await.unwrap()).unwrap();
    assert_eq!(downloaded.as_array().unwrap().len(), entries as usize);
}
