//! A manpower model as a planner writes it ([`ModelSpec`], the JSON file of
//! `pendulum project --matrix`) and as the projection reads it ([`Model`]: checked once, so
//! the rest of the code cannot hold a row summing above 1 or a share of a state that does
//! not exist).

use std::collections::HashSet;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

use super::linalg::Matrix;

/// The most states a model holds: enough for every level of several tracks, small enough
/// that the dense algebra of the long-run figures stays instant.
pub const MAX_STATES: usize = 200;
/// The longest projection, in years.
pub const MAX_YEARS: u32 = 100;
/// The largest projection file `pendulum project --matrix` reads, in bytes.
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// The longest state name, in characters.
pub const MAX_STATE_NAME_CHARS: usize = 100;
/// The largest head count a model takes: for one state, for the yearly recruitment and for
/// a fixed size.
pub const MAX_HEADCOUNT: f64 = 10_000_000.0;
/// The lowest yearly growth, −50 %.
pub const MIN_GROWTH: f64 = -0.5;
/// The highest yearly growth, +100 %.
pub const MAX_GROWTH: f64 = 1.0;
/// How far a sum may stray from what it should be and still be read as exact: a row may
/// sum to `1 + SUM_TOLERANCE` (it is then read as summing to 1), and the recruitment
/// shares to `1 ± SUM_TOLERANCE`.
pub const SUM_TOLERANCE: f64 = 1e-6;

/// How many people are recruited each year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// `total` people in year 1, then `total · (1 + growth)^(t − 1)` in year `t`.
    Fixed,
    /// As many as keep the head count on its path: `size · (1 + growth)^t` at the end of
    /// year `t`, where `size` is `total` when given and the starting head count otherwise.
    /// With no growth, every leaver is replaced.
    FixedSize,
}

impl Mode {
    /// `fixed` or `fixed-size`, as the file spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fixed => "fixed",
            Self::FixedSize => "fixed-size",
        }
    }
}

/// Values by state name, kept in order and written as a JSON object. Read in the order
/// written with duplicates kept, so that a state written twice in a file is reported
/// rather than silently overwritten.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ByState<T>(pub Vec<(String, T)>);

impl<T> ByState<T> {
    /// The value of state `name`, if it has one.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The states, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

impl<T: Serialize> Serialize for ByState<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ByState<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ByStateVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ByStateVisitor<T> {
            type Value = ByState<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object whose keys are state names")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    if out.len() > MAX_STATES {
                        return Err(serde::de::Error::custom(format!(
                            "more than {MAX_STATES} entries; a model holds at most {MAX_STATES} states"
                        )));
                    }
                    out.push((k, v));
                }
                Ok(ByState(out))
            }
        }
        deserializer.deserialize_map(ByStateVisitor(std::marker::PhantomData))
    }
}

/// A model as written: the JSON file of `pendulum project --matrix` (docs/data.md,
/// "Workforce projection file"). [`Model::try_from`] checks it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// The states (levels, grades, bands…) in the order tables show them.
    pub states: Vec<String>,
    /// The head count in each state today, in the order of `states`.
    pub stocks: Vec<f64>,
    /// For each state, the probability of being in each state a year later; the rest of
    /// the row (1 minus its sum) is the probability of having left. Every state has a row
    /// (`{}` for a state everyone leaves within a year); states left out of a row are 0.
    pub transitions: ByState<ByState<f64>>,
    pub recruitment: RecruitmentSpec,
}

/// Recruitment as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecruitmentSpec {
    pub mode: Mode,
    /// [`Mode::Fixed`]: people recruited in year 1 (required). [`Mode::FixedSize`]: the
    /// head count to keep (optional; the starting head count when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    /// Yearly growth as a fraction (0.05 is 5 % a year), from [`MIN_GROWTH`] to
    /// [`MAX_GROWTH`]; 0 when left out.
    #[serde(default)]
    pub growth: f64,
    /// The share of recruits who arrive in each state; the shares sum to 1. States left
    /// out take no recruits.
    pub distribution: ByState<f64>,
}

/// Recruitment, checked: the shares are in the order of the model's states.
#[derive(Clone, Debug, PartialEq)]
pub struct Recruitment {
    pub mode: Mode,
    pub total: Option<f64>,
    pub growth: f64,
    /// One share per state, summing to 1.
    pub distribution: Vec<f64>,
}

/// A checked manpower model: states, today's head counts, the yearly transition matrix and
/// the recruitment policy. Built from a [`ModelSpec`] (or its JSON, [`Model::from_json`])
/// or by the estimation from an organisation's history.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    states: Vec<String>,
    stocks: Vec<f64>,
    transitions: Matrix,
    recruitment: Recruitment,
}

/// Why a model was refused. Each message names the field or state at fault; a file that
/// is not well-formed JSON (or has a value of the wrong type) gives its line and column.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ModelError {
    /// Malformed JSON, a missing or unknown field, or a value of the wrong type.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the file is {bytes} bytes; a projection file holds at most {MAX_FILE_BYTES} bytes")]
    TooLarge { bytes: usize },
    #[error("`states` is empty: name at least one state")]
    NoStates,
    #[error("`states` names {count} states; a model holds at most {MAX_STATES}")]
    TooManyStates { count: usize },
    /// `index` counts from 1.
    #[error("states: state {index} {reason}")]
    StateName { index: usize, reason: String },
    #[error("states: `{0}` is named twice")]
    DuplicateState(String),
    #[error(
        "`stocks` has {stocks} numbers for {states} states: give one head count per state, in the order of `states`"
    )]
    StocksLength { stocks: usize, states: usize },
    #[error("{field}: {value} is out of range; {expected}")]
    Number {
        field: String,
        value: f64,
        expected: String,
    },
    #[error("{field}: `{name}` is not one of `states`")]
    UnknownState { field: String, name: String },
    #[error("{field}: `{name}` appears twice")]
    DuplicateKey { field: String, name: String },
    #[error(
        "transitions: `{0}` has no row; write `\"{0}\": {{}}` for a state everyone leaves within a year"
    )]
    MissingRow(String),
    #[error(
        "transitions.{state}: the probabilities sum to {sum}, above 1 (the tolerance is {SUM_TOLERANCE}); the rest of a row, 1 minus its sum, is the probability of leaving, so a row sums to 1 at most"
    )]
    RowAboveOne { state: String, sum: f64 },
    #[error(
        "recruitment.distribution: the shares sum to {sum}; they must sum to 1 (within {SUM_TOLERANCE})"
    )]
    DistributionSum { sum: f64 },
    #[error(
        "recruitment.total is missing: fixed recruitment needs the number of people recruited in year 1"
    )]
    MissingTotal,
    #[error("years: {years}; a projection runs from 1 to {MAX_YEARS} years")]
    Years { years: u32 },
}

impl ModelError {
    fn number(field: impl Into<String>, value: f64, expected: impl Into<String>) -> Self {
        Self::Number {
            field: field.into(),
            value,
            expected: expected.into(),
        }
    }
}

impl Model {
    /// Reads and checks a model from the JSON of a projection file.
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        if text.len() > MAX_FILE_BYTES {
            return Err(ModelError::TooLarge { bytes: text.len() });
        }
        let spec: ModelSpec = serde_json::from_str(text).map_err(|e| syntax(&e))?;
        Self::try_from(spec)
    }

    /// The states, in the order given.
    pub fn states(&self) -> &[String] {
        &self.states
    }

    /// Today's head count in each state.
    pub fn stocks(&self) -> &[f64] {
        &self.stocks
    }

    /// The probability that someone in state `from` is in state `to` a year later.
    pub fn transition(&self, from: usize, to: usize) -> f64 {
        self.transitions[from][to]
    }

    /// The transition matrix, row by row.
    pub fn transitions(&self) -> &[Vec<f64>] {
        &self.transitions
    }

    /// The probability that someone in state `from` has left a year later: 1 minus the
    /// row's sum.
    pub fn exit_probability(&self, from: usize) -> f64 {
        (1.0 - self.transitions[from].iter().sum::<f64>()).max(0.0)
    }

    pub fn recruitment(&self) -> &Recruitment {
        &self.recruitment
    }

    /// The same model with another recruitment policy (the shares kept): what a planner
    /// changes to compare policies on an estimated model.
    pub fn with_policy(
        &self,
        mode: Mode,
        total: Option<f64>,
        growth: f64,
    ) -> Result<Self, ModelError> {
        let (total, growth) = check_policy(mode, total, growth)?;
        Ok(Self {
            recruitment: Recruitment {
                mode,
                total,
                growth,
                distribution: self.recruitment.distribution.clone(),
            },
            ..self.clone()
        })
    }

    /// The model as a planner would write it (zero probabilities and shares left out).
    pub fn to_spec(&self) -> ModelSpec {
        let named = |values: &[f64]| {
            ByState(
                self.states
                    .iter()
                    .zip(values)
                    .filter(|(_, v)| **v > 0.0)
                    .map(|(s, v)| (s.clone(), *v))
                    .collect(),
            )
        };
        ModelSpec {
            states: self.states.clone(),
            stocks: self.stocks.clone(),
            transitions: ByState(
                self.states
                    .iter()
                    .zip(&self.transitions)
                    .map(|(s, row)| (s.clone(), named(row)))
                    .collect(),
            ),
            recruitment: RecruitmentSpec {
                mode: self.recruitment.mode,
                total: self.recruitment.total,
                growth: self.recruitment.growth,
                distribution: named(&self.recruitment.distribution),
            },
        }
    }
}

impl TryFrom<ModelSpec> for Model {
    type Error = ModelError;

    fn try_from(spec: ModelSpec) -> Result<Self, ModelError> {
        let states = check_states(spec.states)?;
        let index = |field: &str, name: &str| {
            states
                .iter()
                .position(|s| s == name)
                .ok_or_else(|| ModelError::UnknownState {
                    field: field.to_string(),
                    name: name.to_string(),
                })
        };

        if spec.stocks.len() != states.len() {
            return Err(ModelError::StocksLength {
                stocks: spec.stocks.len(),
                states: states.len(),
            });
        }
        for (state, stock) in states.iter().zip(&spec.stocks) {
            check_headcount(&format!("stocks: the stock of `{state}`"), *stock)?;
        }

        let n = states.len();
        let mut transitions: Matrix = vec![vec![0.0; n]; n];
        let mut has_row = vec![false; n];
        for (from_name, row) in &spec.transitions.0 {
            let from = index("transitions", from_name)?;
            if std::mem::replace(&mut has_row[from], true) {
                return Err(ModelError::DuplicateKey {
                    field: "transitions".into(),
                    name: from_name.clone(),
                });
            }
            let field = format!("transitions.{from_name}");
            let mut seen = HashSet::new();
            for (to_name, p) in &row.0 {
                let to = index(&field, to_name)?;
                if !seen.insert(to) {
                    return Err(ModelError::DuplicateKey {
                        field,
                        name: to_name.clone(),
                    });
                }
                check_fraction(&format!("{field}.{to_name}"), *p)?;
                transitions[from][to] = *p;
            }
            let sum: f64 = transitions[from].iter().sum();
            if sum > 1.0 + SUM_TOLERANCE {
                return Err(ModelError::RowAboveOne {
                    state: from_name.clone(),
                    sum,
                });
            }
            if sum > 1.0 {
                for p in &mut transitions[from] {
                    *p /= sum;
                }
            }
        }
        if let Some(missing) = has_row.iter().position(|has| !has) {
            return Err(ModelError::MissingRow(states[missing].clone()));
        }

        let field = "recruitment.distribution";
        let mut distribution = vec![0.0; n];
        let mut seen = HashSet::new();
        for (name, share) in &spec.recruitment.distribution.0 {
            let to = index(field, name)?;
            if !seen.insert(to) {
                return Err(ModelError::DuplicateKey {
                    field: field.into(),
                    name: name.clone(),
                });
            }
            check_fraction(&format!("{field}.{name}"), *share)?;
            distribution[to] = *share;
        }
        let sum: f64 = distribution.iter().sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            return Err(ModelError::DistributionSum { sum });
        }
        for share in &mut distribution {
            *share /= sum;
        }
        let (total, growth) = check_policy(
            spec.recruitment.mode,
            spec.recruitment.total,
            spec.recruitment.growth,
        )?;

        Ok(Self {
            states,
            stocks: spec.stocks,
            transitions,
            recruitment: Recruitment {
                mode: spec.recruitment.mode,
                total,
                growth,
                distribution,
            },
        })
    }
}

impl Serialize for Model {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_spec().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Model {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spec = ModelSpec::deserialize(deserializer)?;
        Self::try_from(spec).map_err(serde::de::Error::custom)
    }
}

/// A serde_json error as line, column and the message without serde's own " at line …".
fn syntax(e: &serde_json::Error) -> ModelError {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
    ModelError::Syntax {
        line: e.line(),
        column: e.column(),
        message,
    }
}

fn check_states(states: Vec<String>) -> Result<Vec<String>, ModelError> {
    if states.is_empty() {
        return Err(ModelError::NoStates);
    }
    if states.len() > MAX_STATES {
        return Err(ModelError::TooManyStates {
            count: states.len(),
        });
    }
    let mut seen = HashSet::new();
    for (i, name) in states.iter().enumerate() {
        let reason = if name.trim().is_empty() {
            Some("is blank: give each state a name".to_string())
        } else if name.chars().count() > MAX_STATE_NAME_CHARS {
            Some(format!("is longer than {MAX_STATE_NAME_CHARS} characters"))
        } else if name.chars().any(char::is_control) {
            Some(format!("({name:?}) holds a control character"))
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(ModelError::StateName {
                index: i + 1,
                reason,
            });
        }
        if !seen.insert(name.as_str()) {
            return Err(ModelError::DuplicateState(name.clone()));
        }
    }
    Ok(states)
}

fn check_fraction(field: &str, p: f64) -> Result<(), ModelError> {
    if p.is_finite() && (0.0..=1.0).contains(&p) {
        Ok(())
    } else {
        Err(ModelError::number(field, p, "a probability is from 0 to 1"))
    }
}

fn check_headcount(field: &str, n: f64) -> Result<(), ModelError> {
    if n.is_finite() && (0.0..=MAX_HEADCOUNT).contains(&n) {
        Ok(())
    } else {
        Err(ModelError::number(
            field,
            n,
            format!("a head count is from 0 to {MAX_HEADCOUNT}"),
        ))
    }
}

fn check_policy(
    mode: Mode,
    total: Option<f64>,
    growth: f64,
) -> Result<(Option<f64>, f64), ModelError> {
    if mode == Mode::Fixed && total.is_none() {
        return Err(ModelError::MissingTotal);
    }
    if let Some(total) = total {
        check_headcount("recruitment.total", total)?;
    }
    if !(growth.is_finite() && (MIN_GROWTH..=MAX_GROWTH).contains(&growth)) {
        return Err(ModelError::number(
            "recruitment.growth",
            growth,
            format!(
                "growth is a yearly fraction from {MIN_GROWTH} to {MAX_GROWTH} (0.05 is 5 % a year)"
            ),
        ));
    }
    Ok((total, growth))
}
