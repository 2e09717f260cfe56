//! Conformance tests of the directory search's text index (migration `0006_search.sql`):
//! three characters or more match anywhere in a name or an email, one or two match the
//! start of a name's word or of the email (`PeopleQuery::text`), in any case, and
//! the index follows every change to a person (create, import, a refused import, erasure).
//! Also the manager's line, walked by the database.

use std::collections::BTreeSet;

use pendulum_domain::generate::{Params, generate};
use pendulum_domain::{EventKind, OrgId, OrgSlug, Person, PersonId, RoleEvent};
use pendulum_framework::builtin::ENGINEERING_YAML;
use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_store::prelude::*;
use pendulum_store::{
    ImportBatch, NewRoleEvent, OrgStore, PeoplePage, PeopleQuery, StatusFilter, Store, StoreError,
};

use crate::Backend;
use crate::fixtures::{date, email};

async fn new_org<S: Store>(store: &S, slug: &str) -> S::Org {
    let org = store
        .create_org(&OrgSlug::new(slug).unwrap(), slug)
        .await
        .expect("create organisation");
    store.org(org.id)
}

async fn person<O: OrgStore>(
    org: &O,
    name: &str,
    address: &str,
    manager: Option<PersonId>,
) -> PersonId {
    let id = org
        .create_person(name, &email(address), manager)
        .await
        .expect("create person")
        .id;
    org.append_event(
        id,
        NewRoleEvent::new(EventKind::Hire, date(2021, 2, 1), 1)
            .level(LevelId::new("ic-2").unwrap()),
    )
    .await
    .expect("hire");
    id
}

/// Everyone (any status) whose name or email matches `text`, as many as there are.
fn text(text: &str) -> PeopleQuery {
    PeopleQuery {
        text: Some(text.to_string()),
        status: StatusFilter::All,
        limit: 10_000,
        ..PeopleQuery::default()
    }
}

async fn search<O: OrgStore>(org: &O, query: &PeopleQuery) -> PeoplePage {
    let page = org.search_people(query).await.expect("search");
    assert_eq!(
        page.total,
        page.people.len() as u64,
        "{query:?}: the total counts what the page lists"
    );
    page
}

/// The names found by `query`, sorted (the order of names in other scripts differs by
/// backend; the directory's order is tested elsewhere).
async fn names<O: OrgStore>(org: &O, query: &str) -> Vec<String> {
    let mut found: Vec<String> = search(org, &text(query))
        .await
        .people
        .into_iter()
        .map(|(p, _)| p.name)
        .collect();
    found.sort();
    found
}

/// What the directory search must find for `query` among `people`, worked out from the
/// rule itself rather than from an index.
fn expected(people: &[Person], query: &str) -> BTreeSet<PersonId> {
    let query: String = query
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .to_lowercase();
    people
        .iter()
        .filter(|p| {
            let name = p.name.to_lowercase();
            let address = p.email.as_str().to_lowercase();
            if query.chars().count() >= 3 {
                name.contains(&query) || address.contains(&query)
            } else {
                address.starts_with(&query)
                    || name
                        .split([' ', '-', '\''])
                        .any(|word| word.starts_with(&query))
            }
        })
        .map(|p| p.id)
        .collect()
}

/// For each query, the search finds exactly the people the rule finds by reading everyone.
async fn agrees_with_a_scan<O: OrgStore>(org: &O, queries: &[&str], context: &str) {
    let everyone = org.list_people().await.unwrap();
    for query in queries {
        let found: BTreeSet<PersonId> = search(org, &text(query))
            .await
            .people
            .into_iter()
            .map(|(p, _)| p.id)
            .collect();
        assert_eq!(
            found,
            expected(&everyone, query),
            "{context}: {query:?} among {} people",
            everyone.len()
        );
    }
}

fn generated(org: OrgId, people: usize, seed: u64) -> ImportBatch {
    let framework = pendulum_framework::check_str("builtin", ENGINEERING_YAML)
        .unwrap()
        .framework;
    let params = Params {
        people,
        years: 2,
        seed,
        as_of: date(2026, 6, 30),
    };
    let g = generate(&framework, 1, org, &params);
    ImportBatch {
        people: g.people,
        events: g.events,
        pay: g.pay,
        reporting: g.reporting,
    }
}

/// Queries that exercise both kinds of search over generated names (`Ana Andersen`,
/// `ana.andersen@example.org`).
const GENERATED_QUERIES: &[&str] = &[
    "a", "A", "an", "AN", "ma", "z", "ana", "sen", "ERS", "a.a", "example", "@", "n.", "9", "zz",
];

/// Substrings of three characters or more are found in the middle of names and emails,
/// in any case (letters with accents too, though an accent is not ignored); one or two
/// characters find the start of a name's words and of the email only; the characters of
/// the search syntaxes are plain text; another organisation's people are never found.
pub async fn text_is_found_in_names_and_emails<S: Backend>(store: S) {
    let org = new_org(&store, "find").await;
    let other = new_org(&store, "other-find").await;
    person(&org, "Ann Lee", "ann.lee@find.test", None).await;
    person(&org, "Joanna Smith", "jo@find.test", None).await;
    person(&org, "Élodie Durand", "e.durand@find.test", None).await;
    person(&org, "Mary-Jane O'Neil", "mj@find.test", None).await;
    person(&org, "Bob", "bob.hannah@find.test", None).await;
    person(&org, "Per%cent_Sign \"Quoted\"", "odd@find.test", None).await;
    person(&other, "Anna Other", "anna@other.test", None).await;

    // Three characters or more: anywhere, any case.
    assert_eq!(
        names(&org, "ann").await,
        ["Ann Lee", "Bob", "Joanna Smith"],
        "{}: a name's start, a name's middle, an email's middle",
        S::NAME
    );
    assert_eq!(names(&org, "ANN").await, names(&org, "ann").await);
    assert_eq!(names(&org, "oanna sm").await, ["Joanna Smith"]);
    assert_eq!(names(&org, "lee@fi").await, ["Ann Lee"]);
    assert_eq!(names(&org, "  hannah ").await, ["Bob"], "blanks around");
    // Case folds beyond ASCII; accents count.
    assert_eq!(names(&org, "ÉLOD").await, ["Élodie Durand"]);
    assert_eq!(names(&org, "élod").await, ["Élodie Durand"]);
    assert!(names(&org, "elod").await.is_empty(), "{}", S::NAME);
    // Wildcards and quotes of SQL and of the index's query syntax are text.
    assert_eq!(names(&org, "r%c").await, ["Per%cent_Sign \"Quoted\""]);
    assert_eq!(names(&org, "t_s").await, ["Per%cent_Sign \"Quoted\""]);
    assert_eq!(
        names(&org, "\"quoted\"").await,
        ["Per%cent_Sign \"Quoted\""]
    );
    assert!(names(&org, "n%").await.is_empty());
    assert!(names(&org, "a_%").await.is_empty());
    assert!(names(&org, "x\" OR \"a").await.is_empty());
    assert!(names(&org, "*").await.is_empty());

    // One or two characters: the start of a word of the name, or of the email.
    assert_eq!(names(&org, "an").await, ["Ann Lee"], "{}", S::NAME);
    assert_eq!(names(&org, "AN").await, ["Ann Lee"]);
    assert_eq!(names(&org, "a").await, ["Ann Lee"]);
    assert_eq!(
        names(&org, "j").await,
        ["Joanna Smith", "Mary-Jane O'Neil"],
        "after a hyphen, and an email's start"
    );
    assert_eq!(
        names(&org, "ne").await,
        ["Mary-Jane O'Neil"],
        "after an apostrophe"
    );
    assert_eq!(names(&org, "sm").await, ["Joanna Smith"]);
    assert_eq!(names(&org, "du").await, ["Élodie Durand"]);
    assert_eq!(
        names(&org, "e.").await,
        ["Élodie Durand"],
        "an email's start"
    );
    assert_eq!(names(&org, "É").await, ["Élodie Durand"]);
    assert_eq!(names(&org, "é").await, ["Élodie Durand"]);
    assert!(
        names(&org, "ha").await.is_empty(),
        "not in the middle of a word"
    );
    assert!(names(&org, "nn").await.is_empty());
    assert!(names(&org, "%").await.is_empty());
    assert_eq!(names(&org, "\"").await, ["Per%cent_Sign \"Quoted\""]);
    assert_eq!(names(&org, "\"q").await, ["Per%cent_Sign \"Quoted\""]);
    // Nothing to search for: everyone.
    assert_eq!(names(&org, "  ").await.len(), 6);

    assert_eq!(names(&other, "ann").await, ["Anna Other"]);
    assert_eq!(names(&other, "a").await, ["Anna Other"]);
    agrees_with_a_scan(
        &org,
        &[
            "a",
            "j",
            "an",
            "ne",
            "e.",
            "ann",
            "lee",
            "ÉLO",
            "-ja",
            "'ne",
            "d.c",
            "find.test",
        ],
        "created one by one",
    )
    .await;
}

/// An import's people are in the index when it commits; a refused import leaves the index
/// as it was, including one refused only when its rows were already being written.
pub async fn the_index_follows_imports<S: Backend>(store: S) {
    let org = new_org(&store, "imported").await;
    let stored = person(&org, "Stored Person", "stored@imported.test", None).await;
    let stored_event = org.events(stored).await.unwrap().remove(0);

    let mut refused = generated(org.org_id(), 60, 3);
    assert!(refused.people.len() >= 60, "{}", refused.people.len());
    let last = refused.events.len() - 1;
    let last_id = refused.events[last].id;
    // The id of a stored event of someone the import does not touch: only the database's
    // key sees it, once the people are written.
    refused.events[last] = RoleEvent {
        id: stored_event.id,
        ..refused.events[last].clone()
    };
    let error = org.import(refused.clone()).await.unwrap_err();
    assert!(
        matches!(error, StoreError::Invalid(_)),
        "{}: {error}",
        S::NAME
    );
    assert_eq!(org.list_people().await.unwrap().len(), 1);
    for p in &refused.people {
        let page = search(&org, &text(p.email.as_str())).await;
        assert_eq!(
            page.total,
            0,
            "{}: {} after the refused import",
            S::NAME,
            p.email
        );
    }
    agrees_with_a_scan(&org, GENERATED_QUERIES, "after a refused import").await;

    let mut batch = refused;
    batch.events[last] = RoleEvent {
        id: last_id,
        ..batch.events[last].clone()
    };
    org.import(batch.clone()).await.unwrap();
    for p in batch.people.iter().step_by(7) {
        let page = search(&org, &text(p.email.as_str())).await;
        assert!(
            page.people.iter().any(|(found, _)| found.id == p.id),
            "{}: {} not found",
            S::NAME,
            p.email
        );
    }
    agrees_with_a_scan(&org, GENERATED_QUERIES, "after an import").await;

    // A second import adds to the index; the same import again changes nothing.
    let mut more = generated(org.org_id(), 30, 4);
    for p in &mut more.people {
        p.email = email(&format!("second.{}", p.email));
    }
    org.import(more.clone()).await.unwrap();
    org.import(more).await.unwrap();
    agrees_with_a_scan(&org, GENERATED_QUERIES, "after two imports").await;
}

/// An erased person is not found by any search, short or long, and their email can be
/// used again by someone new, who is found once.
pub async fn an_erased_person_is_not_found<S: Backend>(store: S) {
    let org = new_org(&store, "forget").await;
    let boss = person(&org, "Quentin Boss", "quentin@forget.test", None).await;
    let address = "zebulon.quintessence@forget.test";
    let erased = person(&org, "Zebulon Quintessence", address, Some(boss)).await;
    person(&org, "Zoe Keeper", "zoe@forget.test", Some(erased)).await;
    assert_eq!(names(&org, "quint").await, ["Zebulon Quintessence"]);
    assert_eq!(
        names(&org, "z").await,
        ["Zebulon Quintessence", "Zoe Keeper"]
    );

    org.erase_person(&email(address)).await.unwrap();
    for query in [
        "quint", "ZEBULON", "ssence@", "zeb", "z", "ze", "qu", address,
    ] {
        assert!(
            !names(&org, query)
                .await
                .contains(&"Zebulon Quintessence".to_string()),
            "{}: {query:?} still finds the erased person",
            S::NAME
        );
    }
    assert_eq!(names(&org, "z").await, ["Zoe Keeper"]);
    assert_eq!(names(&org, "qu").await, ["Quentin Boss"]);

    let again = person(&org, "Zeb Newcomer", address, None).await;
    let page = search(&org, &text("zebulon")).await;
    assert_eq!(
        page.people.iter().map(|(p, _)| p.id).collect::<Vec<_>>(),
        [again]
    );
    agrees_with_a_scan(
        &org,
        &["z", "ze", "zeb", "qu", "forget"],
        "after an erasure",
    )
    .await;
}

/// `line_of` keeps a search to a person and everyone under them, at any depth, whatever
/// their status, together with the other filters; in another organisation it finds no one.
pub async fn a_managers_line_is_walked_by_the_database<S: Backend>(store: S) {
    let org = new_org(&store, "lines").await;
    let other = new_org(&store, "other-lines").await;
    let top = person(&org, "Top", "top@lines.test", None).await;
    let m1 = person(&org, "Manager One", "m1@lines.test", Some(top)).await;
    let m2 = person(&org, "Manager Two", "m2@lines.test", Some(top)).await;
    let r1 = person(&org, "Report One", "r1@lines.test", Some(m1)).await;
    let r2 = person(&org, "Report Deep", "r2@lines.test", Some(r1)).await;
    let gone = person(&org, "Report Gone", "gone@lines.test", Some(m1)).await;
    org.append_event(
        gone,
        NewRoleEvent::new(EventKind::Exit, date(2022, 1, 1), 1),
    )
    .await
    .unwrap();
    let elsewhere = person(&other, "Report Elsewhere", "r@other-lines.test", None).await;

    let line = |top: PersonId, status: StatusFilter| PeopleQuery {
        line_of: Some(top),
        status,
        limit: 50,
        ..PeopleQuery::default()
    };
    let ids = |page: PeoplePage| -> BTreeSet<PersonId> {
        page.people.into_iter().map(|(p, _)| p.id).collect()
    };
    assert_eq!(
        ids(search(&org, &line(m1, StatusFilter::All)).await),
        BTreeSet::from([m1, r1, r2, gone]),
        "{}",
        S::NAME
    );
    assert_eq!(
        ids(search(&org, &line(m1, StatusFilter::Current)).await),
        BTreeSet::from([m1, r1, r2])
    );
    assert_eq!(
        ids(search(&org, &line(top, StatusFilter::All)).await),
        BTreeSet::from([top, m1, m2, r1, r2, gone])
    );
    assert_eq!(
        ids(search(&org, &line(r2, StatusFilter::All)).await),
        BTreeSet::from([r2])
    );
    assert_eq!(
        ids(search(&org, &line(m2, StatusFilter::All)).await),
        BTreeSet::from([m2])
    );
    // With text, a manager filter and a list of people: every filter holds.
    let mut q = line(m1, StatusFilter::All);
    q.text = Some("report".into());
    assert_eq!(ids(search(&org, &q).await), BTreeSet::from([r1, r2, gone]));
    q.text = Some("r".into());
    assert_eq!(ids(search(&org, &q).await), BTreeSet::from([r1, r2, gone]));
    q.manager = Some(m1);
    assert_eq!(ids(search(&org, &q).await), BTreeSet::from([r1, gone]));
    q.within = Some(vec![gone, m2]);
    assert_eq!(ids(search(&org, &q).await), BTreeSet::from([gone]));
    // Paged: the total is the whole line's.
    let mut q = line(top, StatusFilter::All);
    q.limit = 2;
    let page = org.search_people(&q).await.unwrap();
    assert_eq!((page.total, page.people.len()), (6, 2));
    // Someone of another organisation, or no one, heads no line here.
    assert_eq!(
        search(&org, &line(elsewhere, StatusFilter::All))
            .await
            .total,
        0
    );
    assert_eq!(
        search(&org, &line(PersonId::new(), StatusFilter::All))
            .await
            .total,
        0
    );
    assert_eq!(
        ids(search(&other, &line(elsewhere, StatusFilter::All)).await),
        BTreeSet::from([elsewhere])
    );
}

/// A count that stops at its limit changes how a page is read (a few matches are sorted,
/// many are found along the directory's order) but never which people a page lists: for
/// texts that match a few, many and everyone, each status and a track, every page of a
/// capped search is the same slice of the full search's order, and the total is the
/// full count up to the limit, marked inexact beyond it. That order is the directory's
/// order of everyone, keeping the matches.
pub async fn a_capped_count_pages_like_a_full_one<S: Backend>(store: S) {
    let org = new_org(&store, "capped").await;
    let batch = generated(org.org_id(), 150, 11);
    org.import(batch).await.expect("import");
    // Names that differ only in case, and one equal name: the order's ties.
    person(&org, "ana zed", "ana.zed.lower@capped.test", None).await;
    person(&org, "Ana Zed", "ana.zed@capped.test", None).await;
    person(&org, "Ana Zed", "ana.zed.2@capped.test", None).await;
    // Emails in another order than their names, so that an order by email shows.
    person(&org, "Aaron Abbot", "zz.aaron@capped.test", None).await;
    person(&org, "Anya Zorn", "aa.anya@capped.test", None).await;

    let ids =
        |page: &PeoplePage| -> Vec<PersonId> { page.people.iter().map(|(p, _)| p.id).collect() };
    let texts = [
        None,
        Some("a"),
        Some("an"),
        Some("sen"),
        Some("ana z"),
        Some("zz"),
    ];
    let tracks = [None, Some(TrackId::new("management").unwrap())];
    let statuses = [StatusFilter::Current, StatusFilter::All, StatusFilter::Left];
    let mut inexact_seen = 0;
    for text in texts {
        for track in &tracks {
            for status in statuses {
                let query = PeopleQuery {
                    text: text.map(str::to_string),
                    track: track.clone(),
                    status,
                    limit: 10_000,
                    ..PeopleQuery::default()
                };
                let full = search(&org, &query).await;
                assert!(full.exact);
                let all = ids(&full);
                // The order of a search with text (for a word start, read along the
                // backend's own index of starts) is the directory's order of everyone with
                // the same filters, keeping the matches.
                let everyone = search(
                    &org,
                    &PeopleQuery {
                        text: None,
                        ..query.clone()
                    },
                )
                .await;
                let matched: BTreeSet<PersonId> = all.iter().copied().collect();
                let in_order: Vec<PersonId> = ids(&everyone)
                    .into_iter()
                    .filter(|id| matched.contains(id))
                    .collect();
                assert_eq!(all, in_order, "{}: {text:?} {track:?} {status:?}", S::NAME);
                for up_to in [0_u64, 5, 40] {
                    for offset in [0_u32, 7, 39, 45, 200] {
                        let capped = org
                            .search_people(&PeopleQuery {
                                count_up_to: Some(up_to),
                                offset,
                                limit: 13,
                                ..query.clone()
                            })
                            .await
                            .expect("capped search");
                        let context = format!(
                            "{}: {text:?} {track:?} {status:?} up to {up_to} from {offset}",
                            S::NAME
                        );
                        let matches = all.len() as u64;
                        assert_eq!(capped.total, matches.min(up_to), "{context}");
                        assert_eq!(capped.exact, matches <= up_to, "{context}");
                        inexact_seen += usize::from(!capped.exact);
                        let from = (offset as usize).min(all.len());
                        let to = (from + 13).min(all.len());
                        assert_eq!(ids(&capped), all[from..to].to_vec(), "{context}");
                    }
                }
            }
        }
    }
    assert!(
        inexact_seen > 0,
        "{}: some counts stopped at their limit",
        S::NAME
    );
}

/// For every status, the people a search with `text` lists (sorted, or found along the
/// directory's order when its count stops at a small limit) are exactly those the search
/// without text lists whose name or email holds the text.
async fn statuses_agree<O: OrgStore>(org: &O, backend: &str, context: &str) {
    let everyone = org.list_people().await.unwrap();
    let ids = |page: PeoplePage| -> BTreeSet<PersonId> {
        page.people.into_iter().map(|(p, _)| p.id).collect()
    };
    for status in [StatusFilter::Current, StatusFilter::All, StatusFilter::Left] {
        let by_status = ids(search(
            org,
            &PeopleQuery {
                status,
                limit: 10_000,
                ..PeopleQuery::default()
            },
        )
        .await);
        for query in ["a", "an", "AN", "sen", "lea", "ke", "o", "zz", "9"] {
            let want: BTreeSet<PersonId> = expected(&everyone, query)
                .intersection(&by_status)
                .copied()
                .collect();
            let q = PeopleQuery {
                text: Some(query.to_string()),
                status,
                limit: 10_000,
                ..PeopleQuery::default()
            };
            let context = format!("{backend}, {context}: {query:?} {status:?}");
            assert_eq!(ids(search(org, &q).await), want, "{context}, sorted");
            let capped = org
                .search_people(&PeopleQuery {
                    count_up_to: Some(2),
                    ..q
                })
                .await
                .expect("capped search");
            assert_eq!(ids(capped), want, "{context}, along the directory's order");
        }
    }
}

/// Whether a match has left is read with the text (from the search index's own keys in
/// SQLite, migration `0012_search_order.sql`): it follows an import, a hire, leave, an exit,
/// a re-hire and a person with no role yet, in every way a page is read.
pub async fn a_matchs_status_follows_its_history<S: Backend>(store: S) {
    let org = new_org(&store, "status").await;
    org.import(generated(org.org_id(), 150, 5))
        .await
        .expect("import");
    statuses_agree(&org, S::NAME, "imported").await;
    let anna = person(&org, "Anna Leaving", "anna.leaving@status.test", None).await;
    let leaving = |status| PeopleQuery {
        text: Some("lea".into()),
        status,
        limit: 100,
        ..PeopleQuery::default()
    };
    let found = |page: PeoplePage| page.people.iter().any(|(p, _)| p.id == anna);
    assert!(found(search(&org, &leaving(StatusFilter::Current)).await));
    statuses_agree(&org, S::NAME, "hired").await;
    org.append_event(
        anna,
        NewRoleEvent::new(EventKind::Leave, date(2022, 1, 1), 1),
    )
    .await
    .expect("leave");
    assert!(found(search(&org, &leaving(StatusFilter::Current)).await));
    org.append_event(
        anna,
        NewRoleEvent::new(EventKind::Exit, date(2022, 6, 1), 1),
    )
    .await
    .expect("exit");
    assert!(!found(search(&org, &leaving(StatusFilter::Current)).await));
    assert!(found(search(&org, &leaving(StatusFilter::Left)).await));
    statuses_agree(&org, S::NAME, "after an exit").await;
    org.append_event(
        anna,
        NewRoleEvent::new(EventKind::Hire, date(2023, 3, 1), 1)
            .level(LevelId::new("ic-3").unwrap()),
    )
    .await
    .expect("re-hire");
    assert!(found(search(&org, &leaving(StatusFilter::Current)).await));
    assert!(!found(search(&org, &leaving(StatusFilter::Left)).await));
    statuses_agree(&org, S::NAME, "re-hired").await;
    org.create_person("Leah Norole", &email("leah@status.test"), None)
        .await
        .expect("a person with no role yet");
    // Word starts after a hyphen and an apostrophe, and a capital outside ASCII whose
    // lowercase is an ASCII letter (the Kelvin sign).
    person(&org, "Mary-Ann O'Keefe", "mao@status.test", None).await;
    person(&org, "\u{212A}elvin Sign", "kelvin@status.test", None).await;
    statuses_agree(&org, S::NAME, "a person with no role").await;
}
