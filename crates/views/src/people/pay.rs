//! A person's pay: their pay history and, for pay administrators, the form that records a
//! change. Only the person and pay administrators see this page (the web application
//! decides), and the page says that every view of it is logged.

use askama::Template;
use pendulum_domain::pay::ReturnProtection;
use pendulum_domain::{BandPlace, BandPosition, PayEvent, Person};
use pendulum_framework::model::PayBand;

use super::{PeopleLinks, format_money};
use crate::forms::FormErrors;
use crate::framework::Link;
use crate::shell::layout::Chrome;
use crate::shell::links::Links;

/// The pay form's fields as submitted (all text), kept after a refusal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PayValues {
    /// Annual base pay in major units, as typed: `123456.78`.
    pub amount: String,
    /// An ISO 4217 code; left empty, the form offers the currency of the latest pay.
    pub currency: String,
    /// An ISO date.
    pub effective: String,
    pub reason: String,
    /// A pay administrator's reason for paying less than before a management trial the
    /// person returned from within 12 months; the field shows once the rule asks for it.
    pub below_pre_trial_reason: String,
}

/// The name of the field for a pay administrator's reason for paying less than before a
/// management trial.
pub const BELOW_REASON: &str = "below_pre_trial_reason";

/// The form that records a pay change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayForm {
    /// The session's anti-forgery token, sent back in the hidden `csrf` field.
    pub csrf: String,
    pub values: PayValues,
    /// Why the last submission was refused (`role="alert"`).
    pub error: Option<String>,
    /// The field the refusal is about (`amount`, `currency`, `effective`, `reason`).
    pub error_field: Option<&'static str>,
    /// What the last submission did (`role="status"`).
    pub notice: Option<String>,
    /// The protection after a return from a management trial in effect today, which the
    /// form announces above its fields before anything is recorded.
    pub protection: Option<ProtectionNotice>,
}

/// What the pay form says of a protection after a return
/// ([`pendulum_domain::pay::protection_on`]): the amount protected and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtectionNotice {
    /// The pay before the trial, formatted: "EUR 100,000.00".
    pub before_trial: String,
    /// The day the trial ended with a return (ISO).
    pub returned_on: String,
    /// The last day an amount below `before_trial` needs a reason (ISO).
    pub until: String,
}

impl ProtectionNotice {
    pub fn new(protection: &ReturnProtection) -> Self {
        Self {
            before_trial: format_money(&protection.before_trial),
            returned_on: protection.returned_on.to_string(),
            until: protection.protected_until.to_string(),
        }
    }
}

impl PayForm {
    /// An empty form.
    pub fn new(csrf: &str) -> Self {
        Self {
            csrf: csrf.to_string(),
            values: PayValues::default(),
            error: None,
            error_field: None,
            notice: None,
            protection: None,
        }
    }

    /// The form with these values filled in (after a refusal: what was submitted).
    pub fn with_values(mut self, values: PayValues) -> Self {
        self.values = values;
        self
    }

    pub fn with_error(mut self, message: &str) -> Self {
        self.error = Some(message.to_string());
        self
    }

    /// The form with a refusal's message about `field`, or about no field in particular.
    pub fn with_error_at(mut self, field: Option<&'static str>, message: &str) -> Self {
        self.error = Some(message.to_string());
        self.error_field = field;
        self
    }

    pub fn with_notice(mut self, message: &str) -> Self {
        self.notice = Some(message.to_string());
        self
    }

    /// The form announcing `protection`, when one is in effect: the notice above the
    /// fields, and the field for a reason for paying less shown from the start.
    pub fn with_protection(mut self, protection: Option<&ReturnProtection>) -> Self {
        self.protection = protection.map(ProtectionNotice::new);
        self
    }

    /// Whether the field for a reason for paying less is shown: while a protection is in
    /// effect, after a refusal that asks for it, and whenever it holds a value.
    pub fn shows_below_reason(&self) -> bool {
        self.protection.is_some()
            || self.asks_below_reason()
            || !self.values.below_pre_trial_reason.is_empty()
    }

    /// Whether the last submission was refused for want of a reason for paying less (the
    /// field is then required).
    pub fn asks_below_reason(&self) -> bool {
        self.error_field == Some(BELOW_REASON)
    }
}

/// Where an amount sits in its level's pay band
/// ([`band_position`](pendulum_domain::band_position)), as the pay page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BandInfo {
    /// The level whose band it is: "Senior Engineer (ic-3)".
    pub level: String,
    /// The band: "EUR 80,000–100,000 (midpoint 90,000)".
    pub band: String,
    pub position: BandPosition,
}

impl BandInfo {
    pub fn new(level: String, band: &PayBand, position: BandPosition) -> Self {
        Self {
            level,
            band: pendulum_framework::format::band(band),
            position,
        }
    }

    /// "75 % into the band", "below the band", "above the band".
    pub fn place(&self) -> String {
        match self.position.place {
            BandPlace::Below => "below the band".to_string(),
            BandPlace::Within { percent } => format!("{percent} % into the band"),
            BandPlace::Above => "above the band".to_string(),
        }
    }

    /// The place within the band, 0 to 100, for a meter; `None` outside it.
    pub fn percent(&self) -> Option<u8> {
        match self.position.place {
            BandPlace::Within { percent } => Some(percent),
            _ => None,
        }
    }

    /// "0.97".
    pub fn compa_ratio(&self) -> String {
        self.position.compa_ratio()
    }
}

/// A row of the pay history.
pub struct PayRow {
    pub effective: String,
    pub amount: String,
    pub reason: Option<String>,
    pub recorded: String,
    /// Where the amount sits in the band of the level held when it took effect.
    pub band: Option<BandInfo>,
}

#[derive(Template)]
#[template(path = "people/pay.html", blocks = ["content"])]
pub struct PayView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub name: String,
    /// The latest pay and since when.
    pub current: Option<(String, String)>,
    /// Where the current pay sits in today's band of the person's level.
    pub current_band: Option<BandInfo>,
    pub rows: Vec<PayRow>,
    /// Whether any row has a band position (the table then has its columns).
    pub banded: bool,
    pub action: String,
    pub form: Option<PayForm>,
    /// The form's refusal, drawn by the shared error pattern ([`crate::forms`]).
    pub errors: Option<FormErrors>,
}

crate::view!(PayView);

impl PayView {
    /// The pay page of `person`.
    ///
    /// - `links`: the web application's links (the signed-in header).
    /// - `people`: where the people pages are; the form posts to [`PeopleLinks::pay`].
    /// - `history`: their pay events, in any order (shown in the order they took effect).
    /// - `form`: the record form, when the viewer administers pay.
    /// - `bands`: where each amount sits in its level's band, when known.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        organisation: &str,
        links: &Links,
        people: &PeopleLinks,
        person: &Person,
        history: &[PayEvent],
        form: Option<PayForm>,
        bands: &dyn Fn(&PayEvent) -> Option<BandInfo>,
    ) -> Self {
        let mut ordered: Vec<&PayEvent> = history.iter().collect();
        ordered.sort_by_key(|e| (e.effective, e.seq));
        let latest = ordered.last();
        let form = form.map(|mut f| {
            if f.values.currency.trim().is_empty()
                && let Some(latest) = latest
            {
                f.values.currency = latest.amount.currency.to_string();
            }
            f
        });
        Self {
            chrome: Chrome::app(organisation, &format!("Pay of {}", person.name), links),
            trail: vec![
                people.trail_root(),
                Link {
                    label: person.name.clone(),
                    href: people.person(&person.id),
                },
            ],
            name: person.name.clone(),
            current: latest.map(|e| (format_money(&e.amount), e.effective.to_string())),
            current_band: latest.and_then(|e| bands(e)),
            banded: ordered.iter().any(|e| bands(e).is_some()),
            rows: ordered
                .iter()
                .map(|e| PayRow {
                    effective: e.effective.to_string(),
                    amount: format_money(&e.amount),
                    reason: e
                        .reason
                        .as_deref()
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(str::to_string),
                    recorded: super::recorded_at(e.recorded_at),
                    band: bands(e),
                })
                .collect(),
            action: people.pay(&person.id),
            errors: form
                .as_ref()
                .and_then(|f| FormErrors::refusal("pay", f.error.as_deref(), f.error_field)),
            form,
        }
    }
}
