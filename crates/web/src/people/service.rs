//! What the people pages and the people API share: finding the people a viewer may see,
//! reading a person's record, and recording changes, each with its permission check.
//! Pages and API handlers only translate between HTTP and these functions.

use std::collections::HashMap;
use std::sync::Arc;

use pendulum_domain::timeline::Preview;
use pendulum_domain::{
    CurrentRole, EventId, EventKind, Money, PayEvent, Person, PersonId, Reason, ReportingChange,
    RoleEvent, TrialOutcome, parse_currency, parse_date,
};
use pendulum_framework::Framework;
use pendulum_framework::ids::{LevelId, TrackId};
use pendulum_framework::model::TrackKind;
use pendulum_store::{
    COUNT_LIMIT, FrameworkSet, NewRoleEvent, PeopleQuery, Proposal, StatusFilter, Store,
};
use serde::Deserialize;

use crate::access::{Openable, Recording, Relation, Viewer};
use crate::error::WebError;
use crate::state::AppState;

/// People per page of the directory.
pub const PAGE_SIZE: usize = 50;

/// The directory's filters, from the query string. Empty values mean "any".
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryQuery {
    /// Part of a name or an email, in any case. A search of one or two characters
    /// matches the start of a word of a name (words are separated by spaces, hyphens and
    /// apostrophes) or the start of an email; three characters or more match anywhere in
    /// either.
    #[serde(default)]
    pub q: Option<String>,
    /// A track id of the latest framework version (`ic`, `management`).
    #[serde(default)]
    pub track: Option<String>,
    /// A level id (`ic-4`).
    #[serde(default)]
    pub level: Option<String>,
    /// A grade id (`g5`).
    #[serde(default)]
    pub grade: Option<String>,
    /// A manager's person id: their direct reports.
    #[serde(default)]
    pub manager: Option<String>,
    /// Who is listed: nothing for the people here now (everyone but those who left),
    /// `all` for everyone on record, `left` for those who left.
    #[serde(default)]
    pub status: Option<String>,
    /// The page, from 1.
    #[serde(default)]
    pub page: Option<String>,
}

impl DirectoryQuery {
    fn value(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    pub fn q(&self) -> Option<&str> {
        Self::value(&self.q)
    }
    pub fn track(&self) -> Option<&str> {
        Self::value(&self.track)
    }
    pub fn level(&self) -> Option<&str> {
        Self::value(&self.level)
    }
    pub fn grade(&self) -> Option<&str> {
        Self::value(&self.grade)
    }
    pub fn manager(&self) -> Option<&str> {
        Self::value(&self.manager)
    }
    pub fn status(&self) -> Option<&str> {
        Self::value(&self.status)
    }
    /// The page asked for, from 1 (junk reads as 1).
    pub fn page(&self) -> usize {
        Self::value(&self.page)
            .and_then(|p| p.parse().ok())
            .filter(|&p| p >= 1)
            .unwrap_or(1)
    }
}

/// A person as the directory lists them: their current role resolved against its
/// framework version.
#[derive(Clone, Debug)]
pub struct Listed {
    pub person: Person,
    pub role: Option<CurrentRole>,
    pub placement: Option<Placement>,
    pub manager: Option<Person>,
    /// The date of their next scheduled change, if any.
    pub scheduled: Option<time::Date>,
}

/// Where a level sits in its framework: titles and names to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    pub level: LevelId,
    pub level_title: String,
    pub track: TrackId,
    pub track_name: String,
    pub track_kind: TrackKind,
    pub grade: String,
}

/// Resolves `level` in `framework`.
pub fn place(framework: &Framework, level: &LevelId) -> Option<Placement> {
    let (track, found) = framework.level(level)?;
    Some(Placement {
        level: found.id.clone(),
        level_title: found.title.clone(),
        track: track.id.clone(),
        track_name: track.name.clone(),
        track_kind: track.kind,
        grade: found
            .grade
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    })
}

/// A page of the directory.
#[derive(Clone, Debug)]
pub struct Directory {
    pub rows: Vec<Listed>,
    /// Matches on every page, counted up to [`COUNT_LIMIT`].
    pub total: usize,
    /// `false` when more than `total` match.
    pub exact: bool,
    pub page: usize,
    /// The number of pages, when the count is exact.
    pub pages: Option<usize>,
    /// Whether a page follows this one.
    pub more: bool,
}

/// The people the viewer may see that match `query`, one page of them. Filtering, counting
/// and paging happen in the database, which also keeps the search to the people the viewer
/// may see ([`Viewer::search`]); only the page's rows are read.
pub async fn directory<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    query: &DirectoryQuery,
) -> Result<Directory, WebError> {
    let latest = state.latest_framework().await?;
    // Level and grade filters become the levels of the latest framework that pass both.
    let levels = match (query.level(), query.grade()) {
        (None, None) => None,
        (level, grade) => Some(
            latest
                .framework
                .tracks
                .iter()
                .flat_map(|t| &t.levels)
                .filter(|l| level.is_none_or(|id| l.id.as_str() == id))
                .filter(|l| {
                    grade.is_none_or(|g| l.grade.as_ref().is_some_and(|lg| lg.as_str() == g))
                })
                .map(|l| l.id.clone())
                .collect(),
        ),
    };
    let mut search = PeopleQuery {
        text: query.q().map(str::to_string),
        // A malformed manager id matches no one.
        manager: None,
        track: None,
        levels,
        status: match query.status() {
            Some("all") => StatusFilter::All,
            Some("left") => StatusFilter::Left,
            _ => StatusFilter::Current,
        },
        line_of: None,
        within: None,
        offset: 0,
        // One row more than a page says whether another page follows.
        limit: PAGE_SIZE as u32 + 1,
        count_up_to: Some(COUNT_LIMIT),
    };
    if let Some(manager) = query.manager() {
        match manager.parse::<PersonId>() {
            Ok(id) => search.manager = Some(id),
            Err(_) => search.within = Some(Vec::new()),
        }
    }
    if let Some(track) = query.track() {
        match TrackId::new(track) {
            Ok(id) => search.track = Some(id),
            Err(_) => search.within = Some(Vec::new()),
        }
    }
    // Ask for the page wanted; only a page past the end costs a second query (the last).
    let offset_of = |page: usize| u32::try_from((page - 1) * PAGE_SIZE).unwrap_or(u32::MAX);
    search.offset = offset_of(query.page());
    let mut found = viewer.search(search.clone()).await?;
    let mut page_number = query.page();
    if found.people.is_empty() && page_number > 1 {
        // Past the end (a link kept from a longer list): the last page, counted in full.
        search.count_up_to = None;
        let total = if found.exact {
            found.total
        } else {
            let mut count = search.clone();
            count.limit = 0;
            viewer.search(count).await?.total
        };
        let pages = usize::try_from(total)
            .unwrap_or(usize::MAX)
            .div_ceil(PAGE_SIZE)
            .max(1);
        page_number = page_number.min(pages);
        search.offset = offset_of(page_number);
        found = viewer.search(search).await?;
    }
    let total = usize::try_from(found.total).unwrap_or(usize::MAX);
    let more = found.people.len() > PAGE_SIZE;
    found.people.truncate(PAGE_SIZE);
    let pages = found.exact.then(|| total.div_ceil(PAGE_SIZE).max(1));
    // The managers of the page's people, in one query.
    let page_people: Vec<Person> = found.people.iter().map(|(p, _)| p.clone()).collect();
    let managers: HashMap<PersonId, Person> = viewer.managers_of(&page_people).await?;
    let scheduled = viewer.scheduled_changes_of(&page_people).await?;
    let mut frameworks: HashMap<u32, Arc<Framework>> = HashMap::new();
    let mut rows = Vec::with_capacity(found.people.len());
    for (person, role) in found.people {
        let manager = person.manager.and_then(|id| managers.get(&id).cloned());
        let placement = match &role {
            Some(role) => {
                let framework = match frameworks.get(&role.framework_version) {
                    Some(f) => f.clone(),
                    None => {
                        let f = state.framework(role.framework_version).await?;
                        frameworks.insert(role.framework_version, f.clone());
                        f
                    }
                };
                place(&framework, &role.level)
            }
            None => None,
        };
        rows.push(Listed {
            scheduled: scheduled.get(&person.id).copied(),
            person,
            role,
            placement,
            manager,
        });
    }
    Ok(Directory {
        rows,
        total,
        exact: found.exact,
        more,
        page: page_number,
        pages,
    })
}

/// A person's record as the viewer may see it.
#[derive(Clone, Debug)]
pub struct Profile {
    pub person: Person,
    /// How the viewer may change the person's history, if at all.
    pub recording: Option<Recording>,
    /// Whether the viewer may read the person's pay.
    pub may_view_pay: bool,
    pub role: Option<CurrentRole>,
    pub placement: Option<Placement>,
    pub events: Vec<RoleEvent>,
    pub frameworks: FrameworkSet,
    /// The managers above the person, the top first. Only names: a member sees who their
    /// managers are, not their records.
    pub managers: Vec<Person>,
    /// The person's direct reports the viewer may see.
    pub reports: Vec<Person>,
    /// Their reporting history, each change with its manager (names only).
    pub reporting: Vec<(ReportingChange, Option<Person>)>,
    /// Which of the people named above the viewer may open: only they are links.
    pub openable: Openable,
    /// For the person's manager on record only: the reflections the person shared with
    /// them.
    pub shared_reflections: Option<Vec<pendulum_domain::reflection::Reflection>>,
}

/// Loads person `id` for `viewer`: 404 when they may not see them.
pub async fn profile<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    id: PersonId,
) -> Result<Profile, WebError> {
    let visible = viewer.person(id).await?;
    let role = visible.current_role().await?;
    let events = visible.events().await?;
    let frameworks = state.frameworks_of(&events).await?;
    let placement = match &role {
        Some(role) => place(
            &*state.framework(role.framework_version).await?,
            &role.level,
        ),
        None => None,
    };
    let managers = visible.reporting_line().await?;
    let reports = visible.direct_reports().await?;
    let reporting = visible.reporting_history().await?;
    let recording = visible.recording();
    let may_view_pay = visible.may_view_pay();
    let named = managers
        .iter()
        .chain(&reports)
        .chain(reporting.iter().filter_map(|(_, m)| m.as_ref()))
        .map(|p| p.id)
        .collect::<Vec<_>>();
    let openable = viewer.openable(&named).await?;
    let shared_reflections = match viewer.manager_of(id).await {
        Ok(manager) => Some(manager.shared_reflections().await?),
        Err(WebError::NotFound) => None,
        Err(e) => return Err(e),
    };
    Ok(Profile {
        person: visible.into_person(),
        recording,
        may_view_pay,
        role,
        placement,
        events,
        frameworks,
        managers,
        reports,
        reporting,
        openable,
        shared_reflections,
    })
}

/// A change to a role history, as a form or a JSON body sends it. Dates are `YYYY-MM-DD`;
/// empty strings mean "not given".
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct EventInput {
    /// `promotion`, `move`, `trial-start`, `trial-extend`, `trial-end`, `leave`,
    /// `career-break`, `return`, `exit` (and `hire`, `baseline` for a first event).
    pub kind: String,
    /// When it takes effect, `YYYY-MM-DD`, in the years 1900–2200.
    pub effective: String,
    /// The level id it leads to, where the kind needs one.
    #[serde(default)]
    pub level: Option<String>,
    /// The planned end of a trial or a leave, `YYYY-MM-DD`, in the years 1900–2200.
    #[serde(default)]
    pub until: Option<String>,
    /// `stay` or `return`, for `trial-end`.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Why: up to 2,000 characters; line breaks and tabs are fine, other control
    /// characters and bidirectional overrides are refused.
    #[serde(default)]
    pub reason: Option<String>,
    /// A correction: the id of the earlier event of this person's history that this one
    /// replaces (see `EventInfo.id`). The corrected event stays in the history, marked,
    /// and no longer counts. A correction needs a `reason`; an event is corrected once (to
    /// correct it again, correct the correction), and the history's rules apply to the
    /// history with the correction in place.
    #[serde(default)]
    pub supersedes: Option<String>,
    /// Set to `true` to record a back-dated change: one dated before entries already
    /// recorded, which the rules check again with it in place. Without it such a change is
    /// refused with code `backdated` and a message naming the entries it comes before.
    #[serde(default)]
    pub confirm_backdated: Option<bool>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl EventInput {
    /// The event to append under framework `version`.
    pub fn to_event(&self, version: u32) -> Result<NewRoleEvent, WebError> {
        let bad = |m: String| WebError::invalid("invalid_event", m);
        let kind = EventKind::parse(self.kind.trim()).ok_or_else(|| {
            bad(format!(
                "{:?} is not a kind of change: use promotion, move, trial-start, trial-extend, \
                 trial-end, leave, career-break, return or exit",
                self.kind
            ))
            .at_field("kind")
        })?;
        let bad_value =
            |field: &'static str| move |e: pendulum_domain::InvalidValue| bad(e.0).at_field(field);
        let effective = parse_date(&self.effective).map_err(bad_value("effective"))?;
        let mut event = NewRoleEvent::new(kind, effective, version);
        if let Some(level) = given(&self.level) {
            event = event.level(
                LevelId::new(level)
                    .map_err(|e| bad(format!("level {level:?}: {e}")).at_field("level"))?,
            );
        }
        if let Some(until) = given(&self.until) {
            event = event.until(parse_date(until).map_err(bad_value("until"))?);
        }
        if let Some(outcome) = given(&self.outcome) {
            event = event.outcome(TrialOutcome::parse(outcome).map_err(bad_value("outcome"))?);
        }
        if let Some(reason) = Reason::optional(given(&self.reason)).map_err(bad_value("reason"))? {
            event = event.reason(reason.into_string());
        }
        if let Some(target) = given(&self.supersedes) {
            let target = target
                .parse::<EventId>()
                .map_err(|_| bad(format!("{target:?} is not an event id")))?;
            if event.reason.is_none() {
                return Err(bad(
                    "a correction needs a reason: say what was wrong with the entry".to_string(),
                )
                .at_field("reason"));
            }
            event = event.supersedes(target);
        }
        Ok(event)
    }
}

/// What recording a change did.
#[derive(Clone, Debug)]
pub enum Recorded {
    /// Appended (an admin).
    Event(RoleEvent),
    /// Proposed for an admin to confirm (a manager, for a report).
    Proposal(Proposal),
}

/// Records `input` in person `id`'s history, or proposes it, as the viewer's role allows:
/// 404 for a person the viewer may not see, 403 when they may see but not change them,
/// 422 with the history rule's message when the change is impossible.
///
/// A back-dated change (one dated before entries already recorded) is refused with code
/// `backdated` at the field `confirm_backdated` unless `input.confirm_backdated` is set:
/// what it will change is [`preview`]ed first, and recording it needs that confirmation.
/// The preview comes back with what was recorded, so that the answer can say when the rules
/// recorded another level than the one asked for.
pub async fn record<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    id: PersonId,
    input: &EventInput,
) -> Result<(Recorded, Preview), WebError> {
    let person = viewer.person(id).await?;
    let mode = person.recording().ok_or(WebError::Forbidden)?;
    let latest = state.latest_framework().await?;
    let event = input.to_event(latest.version)?;
    let events = person.events().await?;
    let (preview, _) = preview_of(state, id, &events, event.clone()).await?;
    if preview.needs_confirmation()
        && input.confirm_backdated != Some(true)
        && let Some(warning) = preview.backdated_warning()
    {
        return Err(
            WebError::invalid("backdated", format!("{warning} Confirm to record it."))
                .at_field("confirm_backdated"),
        );
    }
    let recorded = match mode {
        Recording::Record => Recorded::Event(viewer.admin()?.record(&person, event).await?),
        Recording::Propose => Recorded::Proposal(person.proposer()?.propose(event).await?),
    };
    Ok((recorded, preview))
}

/// What recording `input` in person `id`'s history will do, without recording it: the
/// history with the change in place (and the framework versions to read it in), the entries
/// it comes before, and the level the rules will record. For whoever may record or propose
/// changes for the person (404 and 403 otherwise, as for recording); 422 with the rule's
/// message when recording would be refused.
pub async fn preview<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    id: PersonId,
    input: &EventInput,
) -> Result<(Preview, FrameworkSet), WebError> {
    let person = viewer.person(id).await?;
    person.recording().ok_or(WebError::Forbidden)?;
    let latest = state.latest_framework().await?;
    let event = input.to_event(latest.version)?;
    let events = person.events().await?;
    preview_of(state, id, &events, event).await
}

async fn preview_of<S: Store>(
    state: &AppState<S>,
    id: PersonId,
    events: &[RoleEvent],
    event: NewRoleEvent,
) -> Result<(Preview, FrameworkSet), WebError> {
    let proposed = event.into_event(EventId::new(), id, 0, pendulum_store::now());
    let mut all = events.to_vec();
    all.push(proposed.clone());
    let frameworks = state.frameworks_of(&all).await?;
    let today = state.sealed().today();
    let preview = pendulum_domain::timeline::preview(&frameworks, events, proposed, today)
        .map_err(|rule| WebError::from(pendulum_store::StoreError::Rule(rule)))?;
    Ok((preview, frameworks))
}

/// A pay change, as a form or a JSON body sends it.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct PayInput {
    /// Annual base pay in major units, more than zero and at most 100,000,000,000, with
    /// no more decimals than the currency's minor unit: `85000`, `85,000.50`; whole
    /// numbers for JPY.
    pub amount: String,
    /// ISO 4217 code: `EUR`.
    pub currency: String,
    /// `YYYY-MM-DD`, in the years 1900–2200.
    pub effective: String,
    /// Why: up to 2,000 characters.
    #[serde(default)]
    pub reason: Option<String>,
    /// A pay administrator's reason for paying less than the person's pay before a
    /// management trial they returned from within the last 12 months: needed only then (the
    /// answer is 422 with code `pay_protected`, naming the pay before the trial and the end
    /// of the protection, otherwise), kept as the pay change's reason and noted in the
    /// audit log (`pay-event.below-pre-trial-pay`). Up to 2,000 characters.
    #[serde(default)]
    pub below_pre_trial_reason: Option<String>,
}

/// Person `id`'s pay history, read on the viewer's behalf (audited): 404 when they may not
/// see the person, 403 when they may see the person but not their pay.
pub async fn read_pay<S: Store>(
    viewer: &Viewer<S>,
    id: PersonId,
) -> Result<(Person, Relation, Vec<PayEvent>), WebError> {
    let person = viewer.person(id).await?;
    let pay = person.pay().await?;
    let relation = person.relation();
    Ok((person.into_person(), relation, pay))
}

/// Records a pay change for person `id`: pay holders only, never for themselves.
pub async fn record_pay<S: Store>(
    viewer: &Viewer<S>,
    id: PersonId,
    input: &PayInput,
) -> Result<PayEvent, WebError> {
    let person = viewer.person(id).await?;
    let desk = viewer.pay()?;
    if !person.may_record_pay() {
        return Err(WebError::Forbidden);
    }
    let bad = |field: &'static str| {
        move |e: pendulum_domain::InvalidValue| {
            WebError::invalid("invalid_pay", e.0).at_field(field)
        }
    };
    // A currency the domain does not know is the currency's fault; anything else wrong
    // with the money is the amount's.
    let money_field = if parse_currency(&input.currency).is_ok() {
        "amount"
    } else {
        "currency"
    };
    let money = Money::parse(&input.amount, &input.currency).map_err(bad(money_field))?;
    let effective = parse_date(&input.effective).map_err(bad("effective"))?;
    let reason = Reason::optional(given(&input.reason))
        .map_err(bad("reason"))?
        .map(Reason::into_string);
    let below = Reason::optional(given(&input.below_pre_trial_reason))
        .map_err(bad("below_pre_trial_reason"))?
        .map(Reason::into_string);
    match below {
        // The reason for paying less is the change's reason; one given as well is kept.
        Some(below) => {
            let reason = match reason {
                Some(reason) => format!("{below} ({reason})"),
                None => below,
            };
            desk.record_below_protection(&person, money, effective, reason)
                .await
        }
        None => desk.record(&person, money, effective, reason).await,
    }
}

/// Which way a change of track swings, if it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swing {
    ToManagement,
    ToIndividualContribution,
    /// Between two tracks of the same kind, or to a track of another kind.
    Across,
}

impl Swing {
    pub fn between(from: TrackKind, to: TrackKind) -> Self {
        match (from, to) {
            (TrackKind::IndividualContributor, TrackKind::Management) => Self::ToManagement,
            (TrackKind::Management, TrackKind::IndividualContributor) => {
                Self::ToIndividualContribution
            }
            _ => Self::Across,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ToManagement => "to-management",
            Self::ToIndividualContribution => "to-individual-contribution",
            Self::Across => "across",
        }
    }
}

/// The placement of each event's level under its own framework version, and the swing it
/// makes from the track held before it.
pub fn placements(
    events: &[RoleEvent],
    frameworks: &FrameworkSet,
) -> Vec<(Option<Placement>, Option<Swing>)> {
    let versions: HashMap<u32, &Framework> = frameworks.iter().collect();
    let mut held: Option<(TrackId, TrackKind)> = None;
    events
        .iter()
        .map(|event| {
            let placement = event.level.as_ref().and_then(|level| {
                versions
                    .get(&event.framework_version)
                    .and_then(|f| place(f, level))
            });
            let swing = match (&held, &placement) {
                (Some((track, kind)), Some(p)) if *track != p.track => {
                    Some(Swing::between(*kind, p.track_kind))
                }
                _ => None,
            };
            if let Some(p) = &placement {
                held = Some((p.track.clone(), p.track_kind));
            }
            (placement, swing)
        })
        .collect()
}

/// Confirms a proposal (admins): appends its event.
pub async fn confirm_proposal<S: Store>(
    viewer: &Viewer<S>,
    id: pendulum_domain::ProposalId,
) -> Result<RoleEvent, WebError> {
    viewer.admin()?.confirm(id).await
}

/// Declines a proposal (admins).
pub async fn decline_proposal<S: Store>(
    viewer: &Viewer<S>,
    id: pendulum_domain::ProposalId,
    reason: Option<String>,
) -> Result<Proposal, WebError> {
    let admin = viewer.admin()?;
    let reason = Reason::optional(given(&reason))
        .map_err(|e| WebError::invalid("invalid", e.0).at_field("reason"))?
        .map(Reason::into_string);
    admin.decline(id, reason).await
}
