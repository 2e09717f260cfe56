//! Medium's Snowflake: points earned on sixteen tracks add up to a title.
//!
//! The JSON form of Snowflake's `constants.js` holds `tracks` (each with a `displayName`,
//! a `category` A–D, a `description` and five `milestones` of `summary`, `signals` and
//! `examples`), `milestone_points`, `points_to_levels` and `titles`.
//!
//! The mapping:
//!
//! - each Snowflake track is a competency (`MOBILE` → `mobile`) in a category `a`–`d`,
//!   with a scale of five steps `m1`…`m5`: the milestone's summary is the step's
//!   description, its points come from `milestone_points` (milestone *i* earns
//!   `milestone_points[i]`), and its signals and examples are kept in the step's `extra`;
//! - `points_to_levels` is the framework's points thresholds;
//! - `titles` become two tracks, individual contributor and management (titles that speak
//!   of a lead, a manager, a director or a head), each level with its `points` range;
//! - Snowflake gives titles of both tracks the same point ranges, so titles with the same
//!   minimum points share a grade (`g1` for the lowest range, and so on up).
//!
//! Snowflake states no expectations per title (a person's points decide the title), so the
//! levels carry none. Every other top-level key is kept in the framework's `extra`.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{Ids, ImportError, InputFile, id};
use crate::ids::{CategoryId, GradeId, LevelId, TrackId, slugify};
use crate::model::{
    Competency, Extra, Framework, Level, Named, PointsScoring, Range, Step, Threshold, Track,
    TrackKind,
};

#[derive(Debug, Deserialize)]
struct Doc {
    milestone_points: Vec<u32>,
    points_to_levels: IndexMap<String, String>,
    titles: Vec<Title>,
    tracks: IndexMap<String, SnowflakeTrack>,
    #[serde(flatten)]
    rest: IndexMap<String, Value>,
}

#[derive(Debug, Deserialize)]
struct Title {
    label: String,
    #[serde(rename = "minPoints")]
    min_points: u32,
    #[serde(rename = "maxPoints")]
    max_points: Option<u32>,
    #[serde(flatten)]
    rest: IndexMap<String, Value>,
}

#[derive(Debug, Deserialize)]
struct SnowflakeTrack {
    #[serde(rename = "displayName")]
    display_name: String,
    category: String,
    description: Option<String>,
    milestones: Vec<Milestone>,
    #[serde(flatten)]
    rest: IndexMap<String, Value>,
}

#[derive(Debug, Deserialize)]
struct Milestone {
    summary: String,
    #[serde(default)]
    signals: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(flatten)]
    rest: IndexMap<String, Value>,
}

/// Whether a title belongs on the management track.
fn is_management(label: &str) -> bool {
    label
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "lead" | "manager" | "director" | "head" | "vp" | "chief"))
}

/// Line of `key` in the JSON text (for errors that serde cannot place).
fn line_of_key(text: &str, key: &str) -> usize {
    text.find(&format!("\"{key}\""))
        .map_or(1, |offset| super::line_of(text, offset))
}

pub(crate) fn import(files: &[InputFile]) -> Result<Framework, ImportError> {
    let [file] = files else {
        return Err(ImportError::parse(
            &files[1].path,
            1,
            format!(
                "a Snowflake framework is one file (its points and titles cannot be merged), but {} were given",
                files.len()
            ),
        ));
    };
    let text = file.read()?;
    let doc: Doc = serde_json::from_str(&text).map_err(|e| {
        ImportError::parse(&file.path, e.line(), format!("not a Snowflake file: {e}"))
    })?;

    let mut thresholds = Vec::new();
    for (points, label) in &doc.points_to_levels {
        let points: u32 = points.trim().parse().map_err(|_| {
            ImportError::parse(
                &file.path,
                line_of_key(&text, points),
                format!("`points_to_levels` key {points:?} is not a number of points"),
            )
        })?;
        thresholds.push(Threshold {
            points,
            label: label.clone(),
        });
    }
    thresholds.sort_by_key(|t| t.points);

    let categories: BTreeSet<String> = doc.tracks.values().map(|t| t.category.clone()).collect();
    let mut competency_ids = Ids::default();
    let mut competencies = Vec::new();
    for (key, track) in &doc.tracks {
        let expected = doc.milestone_points.len().saturating_sub(1);
        if track.milestones.len() != expected {
            return Err(ImportError::parse(
                &file.path,
                line_of_key(&text, key),
                format!(
                    "track {key} has {} milestones, but `milestone_points` scores {expected}",
                    track.milestones.len()
                ),
            ));
        }
        let scale = track
            .milestones
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut extra = Extra::new();
                extra.insert("signals".into(), json!(m.signals));
                extra.insert("examples".into(), json!(m.examples));
                extra.extend(m.rest.clone());
                Step {
                    id: id(format!("m{}", i + 1)),
                    name: format!("Milestone {}", i + 1),
                    description: Some(m.summary.clone()),
                    points: Some(doc.milestone_points[i + 1]),
                    extra,
                }
            })
            .collect();
        let mut extra = Extra::new();
        extra.insert("key".into(), json!(key));
        extra.extend(track.rest.clone());
        competencies.push(Competency {
            id: competency_ids.claim(key),
            name: track.display_name.clone(),
            category: Some(id::<CategoryId>(slugify(&track.category))),
            tracks: Vec::new(),
            description: track.description.clone(),
            inherits: None,
            scale,
            extra,
            origin: Default::default(),
        });
    }

    // Titles with equal minimum points are equivalent: one grade per distinct minimum.
    let minimums: BTreeSet<u32> = doc.titles.iter().map(|t| t.min_points).collect();
    let grades: Vec<GradeId> = (1..=minimums.len()).map(|n| id(format!("g{n}"))).collect();
    let grade_of = |min: u32| {
        let rank = minimums.iter().position(|m| *m == min).unwrap_or_default();
        grades[rank].clone()
    };
    let mut level_ids = Ids::default();
    let mut tracks = Vec::new();
    for (kind, track_id, name) in [
        (
            TrackKind::IndividualContributor,
            "ic",
            "Individual contributor",
        ),
        (TrackKind::Management, "management", "Management"),
    ] {
        let mut titles: Vec<&Title> = doc
            .titles
            .iter()
            .filter(|t| is_management(&t.label) == (kind == TrackKind::Management))
            .collect();
        if titles.is_empty() {
            continue;
        }
        titles.sort_by_key(|t| t.min_points);
        let levels = titles
            .into_iter()
            .map(|t| Level {
                grade: Some(grade_of(t.min_points)),
                points: Some(Range {
                    min: Some(t.min_points),
                    max: t.max_points,
                }),
                extra: t.rest.clone(),
                ..Level::new(level_ids.claim::<LevelId>(&t.label), t.label.clone())
            })
            .collect();
        tracks.push(Track {
            id: id::<TrackId>(track_id),
            name: name.to_string(),
            kind,
            description: None,
            levels,
            extra: Extra::new(),
            origin: Default::default(),
        });
    }
    if tracks.is_empty() {
        return Err(ImportError::parse(
            &file.path,
            line_of_key(&text, "titles"),
            "`titles` lists no title, so there is no level to import",
        ));
    }

    let mut framework = Framework::new(file.stem());
    framework.grades = grades;
    framework.categories = categories
        .into_iter()
        .map(|c| Named {
            id: id(slugify(&c)),
            name: format!("Category {c}"),
            description: None,
            extra: Extra::new(),
        })
        .collect();
    framework.competencies = competencies;
    framework.points = Some(PointsScoring { thresholds });
    framework.tracks = tracks;
    framework
        .extra
        .insert("milestone_points".into(), json!(doc.milestone_points));
    framework.extra.extend(doc.rest);
    Ok(framework)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_directors_and_managers_are_management() {
        assert!(is_management("Group Lead"));
        assert!(is_management("Director of Engineering"));
        assert!(!is_management("Staff Engineer"));
        assert!(!is_management("Leadership Engineer"));
    }

    #[test]
    fn keys_are_found_on_their_line() {
        assert_eq!(line_of_key("{\n  \"a\": 1,\n  \"b\": 2\n}", "b"), 3);
        assert_eq!(line_of_key("{}", "x"), 1);
    }
}
