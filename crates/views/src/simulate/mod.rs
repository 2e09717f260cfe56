//! The simulator's page (`/simulate`, admins and analysts): three tools, each a form and,
//! once run, its results as a chart beside a table of the same figures.
//!
//! - **Promotion strategies**: the Peter-principle model as published, every strategy
//!   under one hypothesis, and a sweep over the chance of promoting the best.
//! - **Dual track**: Pendulum's extension to two ladders and the policies between them.
//! - **Workforce projection**: the organisation's own history as a Markov model, or a
//!   planner's model, projected year by year.
//!
//! The forms are `GET` forms: a simulation changes nothing, and its address can be
//! shared. Refused values come back in the form with the one error pattern
//! ([`crate::forms`]).

pub mod charts;
mod dual;
mod peter;
mod projection;

use askama::Template;

pub use dual::{DualPart, DualValues};
pub use peter::{PeterPart, PeterValues, SweepValues};
pub use projection::{ModelForm, ProjectionPart, ProjectionValues};

use crate::shell::layout::Chrome;
use crate::shell::links::Links;
use crate::shell::paths;

/// The simulator's tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Peter,
    DualTrack,
    Projection,
}

impl Tool {
    pub const ALL: [Tool; 3] = [Tool::Peter, Tool::DualTrack, Tool::Projection];

    /// The value of the page's `tool` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::Peter => "peter",
            Tool::DualTrack => "dual-track",
            Tool::Projection => "projection",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Tool::Peter => "Promotion strategies",
            Tool::DualTrack => "Dual track",
            Tool::Projection => "Workforce projection",
        }
    }

    pub fn href(self) -> String {
        format!("{}?tool={}", paths::SIMULATE, self.as_str())
    }
}

/// A tab of the page.
pub struct Tab {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// `/simulate`.
#[derive(Template)]
#[template(path = "simulate/page.html", blocks = ["content"])]
pub struct SimulatorView {
    pub chrome: Chrome,
    pub tabs: Vec<Tab>,
    pub peter: Option<PeterPart>,
    pub dual: Option<DualPart>,
    pub projection: Option<ProjectionPart>,
}

crate::view!(SimulatorView);

impl SimulatorView {
    fn new(organisation: &str, links: &Links, tool: Tool) -> Self {
        Self {
            chrome: Chrome::app(organisation, &format!("Simulator: {}", tool.label()), links),
            tabs: Tool::ALL
                .into_iter()
                .map(|t| Tab {
                    label: t.label(),
                    href: t.href(),
                    current: t == tool,
                })
                .collect(),
            peter: None,
            dual: None,
            projection: None,
        }
    }

    pub fn peter(organisation: &str, links: &Links, part: PeterPart) -> Self {
        Self {
            peter: Some(part),
            ..Self::new(organisation, links, Tool::Peter)
        }
    }

    pub fn dual(organisation: &str, links: &Links, part: DualPart) -> Self {
        Self {
            dual: Some(part),
            ..Self::new(organisation, links, Tool::DualTrack)
        }
    }

    pub fn projection(organisation: &str, links: &Links, part: ProjectionPart) -> Self {
        Self {
            projection: Some(part),
            ..Self::new(organisation, links, Tool::Projection)
        }
    }
}

/// `12.3 ± 0.4`: an estimate and its standard error, one decimal (or `figures`).
pub fn plus_minus(mean: f64, standard_error: f64, figures: usize) -> String {
    format!(
        "{} ± {:.figures$}",
        signed_plain(mean, figures),
        standard_error
    )
}

/// A number with a true minus and `figures` decimals.
pub fn signed_plain(v: f64, figures: usize) -> String {
    let text = format!("{v:.figures$}");
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => {
            format!("−{rest}")
        }
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// A gain with its sign: `+3.2`, `−1.0`, `0.0`.
pub fn gain(v: f64, figures: usize) -> String {
    let text = signed_plain(v, figures);
    if v > 0.0 && !text.chars().all(|c| c == '0' || c == '.') {
        format!("+{text}")
    } else {
        text
    }
}
