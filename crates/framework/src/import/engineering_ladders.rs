//! The engineering ladders (jorgef/engineeringladders): Developer, Tech Lead, Technical
//! Program Manager and Engineering Manager, on five axes of five cumulative steps.
//!
//! The axes and their steps are fixed by the framework's introduction, so this importer
//! knows them: each axis is a competency (`technology`, `system`, `people`, `process`,
//! `influence`) whose scale is its five steps, lowest first, with the introduction's
//! descriptions.
//!
//! A ladder file (`# Developer`, then `## D1 - Developer 1` sections) is a track:
//!
//! - its introduction is the track's description; the kind is `individual-contributor`
//!   for Developer and Tech Lead, `management` for Engineering Manager, `other` for
//!   Technical Program Manager (and any ladder this importer does not know);
//! - each section is a level (id from its code, `d1`; title `Developer 1`; the code as an
//!   alias); each bullet `* **Adopts**: text` is an expectation on the axis that has that
//!   step, with the step and the bullet's own text as its criterion (the ladders word some
//!   bullets differently from the introduction, and the ladder's words are kept);
//! - the ladders' `Level` column (1–7) is shared by all four ladders, so it becomes the
//!   grades `l1`…`l7`; the `Senior` column and the radar chart's image are kept in the
//!   level's `extra`.
//!
//! Any other Markdown page (the introduction, "Tech Lead vs Engineering Manager",
//! "Managing Managers") is kept whole in the framework's `extra.pages`, keyed by the
//! slug of its file name. The "Other Pages" navigation at the foot of each ladder is the
//! only text left out: it lists links to the other files.

use indexmap::IndexMap;
use serde_json::json;

use super::{Block, BlockKind, Ids, ImportError, InputFile, id, markdown_blocks};
use crate::ids::{CompetencyId, GradeId, LevelId, StepId, TrackId, slugify};
use crate::model::{Competency, Expectation, Extra, Framework, Level, Step, Track, TrackKind};

/// An axis of the ladders and its steps, lowest first.
struct Axis {
    name: &'static str,
    description: &'static str,
    steps: [(&'static str, &'static str); 5],
}

const AXES: [Axis; 5] = [
    Axis {
        name: "Technology",
        description: "knowledge of the tech stack and tools",
        steps: [
            (
                "Adopts",
                "actively learns and adopts the technology and tools defined by the team",
            ),
            (
                "Specializes",
                "is the go-to person for one or more technologies and takes initiative to learn new ones",
            ),
            (
                "Evangelizes",
                "researches, creates proofs of concept and introduces new technologies to the team",
            ),
            (
                "Masters",
                "has very deep knowledge about the whole technology stack of the system",
            ),
            (
                "Creates",
                "designs and creates new technologies that are widely used either by internal or external teams",
            ),
        ],
    },
    Axis {
        name: "System",
        description: "level of ownership of the system(s)",
        steps: [
            (
                "Enhances",
                "successfully pushes new features and bug fixes to improve and extend the system",
            ),
            (
                "Designs",
                "designs and implements medium to large size features while reducing the system's tech debt",
            ),
            (
                "Owns",
                "owns the production operation and monitoring of the system and is aware of its SLAs",
            ),
            (
                "Evolves",
                "evolves the architecture to support future requirements and defines its SLAs",
            ),
            (
                "Leads",
                "leads the technical excellence of the system and creates plans to mitigate outages",
            ),
        ],
    },
    Axis {
        name: "People",
        description: "relationship with the team(s)",
        steps: [
            (
                "Learns",
                "quickly learns from others and consistently steps up when it is required",
            ),
            (
                "Supports",
                "proactively supports other team members and helps them to be successful",
            ),
            (
                "Mentors",
                "mentors others to accelerate their career-growth and encourages them to participate",
            ),
            (
                "Coordinates",
                "coordinates team members providing effective feedback and moderating discussions",
            ),
            (
                "Manages",
                "manages the team members' career, expectations, performance and level of happiness",
            ),
        ],
    },
    Axis {
        name: "Process",
        description: "level of engagement with the development process",
        steps: [
            (
                "Follows",
                "follows the team processes, delivering a consistent flow of features to production",
            ),
            (
                "Enforces",
                "enforces the team processes, making sure everybody understands the benefits and tradeoffs",
            ),
            (
                "Challenges",
                "challenges the team processes, looking for ways to improve them",
            ),
            (
                "Adjusts",
                "adjusts the team processes, listening to feedback and guiding the team through the changes",
            ),
            (
                "Defines",
                "defines the right processes for the team's maturity level, balancing agility and discipline",
            ),
        ],
    },
    Axis {
        name: "Influence",
        description: "scope of influence of the position",
        steps: [
            ("Subsystem", "makes an impact on one or more subsystems"),
            (
                "Team",
                "makes an impact on the whole team, not just on specific parts of it",
            ),
            (
                "Multiple Teams",
                "makes an impact not only his/her team but also on other teams",
            ),
            ("Company", "makes an impact on the whole tech organization"),
            ("Community", "makes an impact on the tech community"),
        ],
    },
];

/// The ladders' levels run from 1 to 7.
const TOP_LEVEL: u32 = 7;

/// The axis and step a bullet's verb names.
fn step_of(verb: &str) -> Option<(&'static Axis, &'static str)> {
    AXES.iter().find_map(|axis| {
        axis.steps
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(verb.trim()))
            .map(|(name, _)| (axis, *name))
    })
}

fn kind_of(ladder: &str) -> TrackKind {
    match slugify(ladder).as_str() {
        "developer" | "tech-lead" => TrackKind::IndividualContributor,
        "engineering-manager" => TrackKind::Management,
        _ => TrackKind::Other,
    }
}

/// `**Adopts**: text` → ("Adopts", "text").
fn verb_bullet(source: &str) -> Option<(&str, &str)> {
    let rest = source.strip_prefix("**")?;
    let end = rest.find("**")?;
    let verb = rest[..end].trim().trim_end_matches(':').trim();
    let after = rest[end + 2..].trim_start();
    let text = after.strip_prefix(':').unwrap_or(after).trim();
    (!verb.is_empty()).then_some((verb, text))
}

/// `D1 - Developer 1` → ("D1", "Developer 1").
fn level_heading(text: &str) -> Option<(&str, &str)> {
    let (code, title) = text.split_once([' ', '\u{a0}'])?;
    let title = title
        .trim_start()
        .trim_start_matches(['-', '–', '—'])
        .trim();
    let letters = code.trim_end_matches(|c: char| c.is_ascii_digit());
    let is_code = !letters.is_empty()
        && letters.len() < code.len()
        && letters.chars().all(|c| c.is_ascii_alphabetic());
    (is_code && !title.is_empty()).then_some((code, title))
}

struct LadderLevel {
    code: String,
    title: String,
    line: usize,
    chart: Option<String>,
    description: Vec<String>,
    /// (verb, text, line)
    bullets: Vec<(String, String, usize)>,
}

struct Ladder {
    name: String,
    description: Vec<String>,
    /// Code → (level number, senior).
    table: IndexMap<String, (Option<u32>, Option<String>)>,
    levels: Vec<LadderLevel>,
    /// Sections other than the levels and the navigation, heading → text.
    sections: IndexMap<String, String>,
}

/// Reads a ladder, or `None` when the file has no level sections (a prose page).
fn parse_ladder(file: &InputFile, text: &str) -> Result<Option<Ladder>, ImportError> {
    let blocks = markdown_blocks(text);
    if !blocks
        .iter()
        .any(|b| b.kind == BlockKind::Heading(2) && level_heading(&b.text).is_some())
    {
        return Ok(None);
    }
    let mut ladder = Ladder {
        name: String::new(),
        description: Vec::new(),
        table: IndexMap::new(),
        levels: Vec::new(),
        sections: IndexMap::new(),
    };
    enum Place {
        Preamble,
        Level,
        Section(String),
        Navigation,
    }
    let mut place = Place::Preamble;
    let mut header: Option<Vec<String>> = None;
    for block in &blocks {
        match block.kind {
            BlockKind::Heading(1) if ladder.name.is_empty() => ladder.name = block.text.clone(),
            BlockKind::Heading(1) => {
                place = if block.text.eq_ignore_ascii_case("other pages") {
                    Place::Navigation
                } else {
                    Place::Section(block.text.clone())
                };
            }
            BlockKind::Heading(2) if level_heading(&block.text).is_some() => {
                let (code, title) = level_heading(&block.text).unwrap_or_default();
                ladder.levels.push(LadderLevel {
                    code: code.to_string(),
                    title: title.to_string(),
                    line: block.line,
                    chart: None,
                    description: Vec::new(),
                    bullets: Vec::new(),
                });
                place = Place::Level;
            }
            _ => match &place {
                Place::Navigation => {}
                Place::Section(heading) => {
                    let section = ladder.sections.entry(heading.clone()).or_default();
                    if !section.is_empty() {
                        section.push_str("\n\n");
                    }
                    section.push_str(block.source);
                }
                Place::Preamble => match block.kind {
                    BlockKind::TableRow => match &header {
                        None => header = Some(block.cells.clone()),
                        Some(h) => table_row(&mut ladder, h, &block.cells),
                    },
                    BlockKind::Rule => {}
                    _ => ladder.description.push(block.source.to_string()),
                },
                Place::Level => {
                    let level = ladder.levels.last_mut().expect("a level section is open");
                    level_block(file, level, block)?;
                }
            },
        }
    }
    if ladder.name.is_empty() {
        ladder.name = file.stem();
    }
    Ok(Some(ladder))
}

fn table_row(ladder: &mut Ladder, header: &[String], cells: &[String]) {
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .and_then(|i| cells.get(i))
    };
    let Some(position) = column("position") else {
        return;
    };
    let Some(code) = position.split_whitespace().next() else {
        return;
    };
    let number = column("level").and_then(|l| l.parse().ok());
    let senior = column("senior").filter(|s| !s.is_empty()).cloned();
    ladder.table.insert(code.to_string(), (number, senior));
}

fn level_block(
    file: &InputFile,
    level: &mut LadderLevel,
    block: &Block<'_>,
) -> Result<(), ImportError> {
    match block.kind {
        BlockKind::Html if level.chart.is_none() => level.chart = image_source(block.source),
        BlockKind::Html => {}
        BlockKind::Item(depth) => {
            let bullet = (depth == 1).then(|| verb_bullet(block.source)).flatten();
            let Some((verb, text)) = bullet else {
                return Err(ImportError::parse(
                    &file.path,
                    block.line,
                    format!(
                        "expected a bullet `* **Step**: text` in level {}, found `{}`",
                        level.code, block.source
                    ),
                ));
            };
            if step_of(verb).is_none() {
                let known: Vec<String> = AXES
                    .iter()
                    .map(|a| {
                        let steps: Vec<&str> = a.steps.iter().map(|(s, _)| *s).collect();
                        format!("{}: {}", a.name, steps.join(", "))
                    })
                    .collect();
                return Err(ImportError::parse(
                    &file.path,
                    block.line,
                    format!("`{verb}` is not a step of any axis ({})", known.join("; ")),
                ));
            }
            level
                .bullets
                .push((verb.to_string(), text.to_string(), block.line));
        }
        BlockKind::Rule => {}
        _ if !block.source.is_empty() => level.description.push(block.source.to_string()),
        _ => {}
    }
    Ok(())
}

/// The `src` of the first `<img>` of an HTML block.
fn image_source(html: &str) -> Option<String> {
    let img = &html[html.find("<img")?..];
    let start = img.find("src=\"")? + 5;
    let end = img[start..].find('"')?;
    Some(img[start..start + end].to_string())
}

fn competencies() -> Vec<Competency> {
    AXES.iter()
        .map(|axis| Competency {
            id: id(slugify(axis.name)),
            name: axis.name.to_string(),
            category: None,
            tracks: Vec::new(),
            description: Some(axis.description.to_string()),
            inherits: None,
            scale: axis
                .steps
                .iter()
                .map(|(name, description)| Step {
                    id: id(slugify(name)),
                    name: (*name).to_string(),
                    description: Some((*description).to_string()),
                    points: None,
                    extra: Extra::new(),
                })
                .collect(),
            extra: Extra::new(),
            origin: Default::default(),
        })
        .collect()
}

fn grade(number: u32) -> GradeId {
    id(format!("l{number}"))
}

pub(crate) fn import(files: &[InputFile]) -> Result<Framework, ImportError> {
    let mut track_ids = Ids::default();
    let mut level_ids = Ids::default();
    let mut page_ids = Ids::default();
    let mut pages = serde_json::Map::new();
    let mut tracks = Vec::new();
    let mut top = TOP_LEVEL;
    for file in files {
        let text = file.read()?;
        let Some(ladder) = parse_ladder(file, &text)? else {
            pages.insert(page_ids.claim_slug(&file.stem()), json!(text));
            continue;
        };
        let track_id: TrackId = track_ids.claim(&ladder.name);
        let mut levels = Vec::new();
        for l in &ladder.levels {
            let (number, senior) = ladder.table.get(&l.code).cloned().unwrap_or_default();
            let number = number.or_else(|| {
                l.code
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    .parse()
                    .ok()
            });
            let Some(number) = number else {
                return Err(ImportError::parse(
                    &file.path,
                    l.line,
                    format!(
                        "level {} states no level number, in its code or in the table",
                        l.code
                    ),
                ));
            };
            top = top.max(number);
            let mut expectations: Vec<Expectation> = Vec::new();
            for (verb, text, line) in &l.bullets {
                let (axis, step) = step_of(verb).expect("verbs were checked while reading");
                let competency: CompetencyId = id(slugify(axis.name));
                if expectations.iter().any(|e| e.competency == competency) {
                    return Err(ImportError::parse(
                        &file.path,
                        *line,
                        format!("level {} names two steps of {}", l.code, axis.name),
                    ));
                }
                expectations.push(Expectation {
                    description: None,
                    competency,
                    step: Some(id::<StepId>(slugify(step))),
                    criteria: vec![text.clone()],
                    examples: Vec::new(),
                    extra: Extra::new(),
                    origin: Default::default(),
                });
            }
            let mut extra = Extra::new();
            if let Some(senior) = senior {
                let value = match senior.to_ascii_lowercase().as_str() {
                    "yes" => json!(true),
                    "no" => json!(false),
                    _ => json!(senior),
                };
                extra.insert("senior".into(), value);
            }
            if let Some(chart) = &l.chart {
                extra.insert("chart".into(), json!(chart));
            }
            levels.push(Level {
                aliases: vec![l.code.clone()],
                description: (!l.description.is_empty()).then(|| l.description.join("\n\n")),
                grade: Some(grade(number)),
                expectations,
                extra,
                ..Level::new(level_ids.claim::<LevelId>(&l.code), l.title.clone())
            });
        }
        let mut extra = Extra::new();
        extra.insert("source_file".into(), json!(file.name));
        if !ladder.sections.is_empty() {
            extra.insert("sections".into(), json!(ladder.sections));
        }
        tracks.push(Track {
            id: track_id,
            kind: kind_of(&ladder.name),
            name: ladder.name,
            description: (!ladder.description.is_empty()).then(|| ladder.description.join("\n\n")),
            levels,
            extra,
            origin: Default::default(),
        });
    }
    if tracks.is_empty() {
        let first = &files[0];
        return Err(ImportError::parse(
            &first.path,
            1,
            "no ladder found: a ladder has level sections such as `## D1 - Developer 1` with bullets `* **Adopts**: text`",
        ));
    }
    let mut framework = Framework::new(match tracks.as_slice() {
        [only] => only.name.clone(),
        _ => String::new(),
    });
    framework.grades = (1..=top).map(grade).collect();
    framework.competencies = competencies();
    framework.tracks = tracks;
    if !pages.is_empty() {
        framework
            .extra
            .insert("pages".into(), serde_json::Value::Object(pages));
    }
    Ok(framework)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_name_a_step_and_keep_their_text() {
        assert_eq!(
            verb_bullet("**Multiple Teams**: makes an impact on other teams"),
            Some(("Multiple Teams", "makes an impact on other teams"))
        );
        assert_eq!(
            verb_bullet("**Adopts:** learns"),
            Some(("Adopts", "learns"))
        );
        assert_eq!(verb_bullet("plain text"), None);
        let (axis, step) = step_of("multiple teams").unwrap();
        assert_eq!((axis.name, step), ("Influence", "Multiple Teams"));
        assert!(step_of("Juggles").is_none());
    }

    #[test]
    fn level_headings_split_code_and_title() {
        assert_eq!(
            level_heading("D1 - Developer 1"),
            Some(("D1", "Developer 1"))
        );
        assert_eq!(
            level_heading("TPM7 - Technical Program Manager 7"),
            Some(("TPM7", "Technical Program Manager 7"))
        );
        assert_eq!(level_heading("Technology"), None);
        assert_eq!(level_heading("Goals and more"), None);
    }

    #[test]
    fn every_axis_has_five_distinct_steps() {
        let all: std::collections::HashSet<String> = AXES
            .iter()
            .flat_map(|a| a.steps.iter().map(|(s, _)| slugify(s)))
            .collect();
        assert_eq!(all.len(), 25, "a verb must name one step of one axis");
    }

    #[test]
    fn charts_are_read_from_picture_blocks() {
        let html = "<picture>\n  <source srcset=\"/a-dark.png\">\n  <img alt=\"x\" src=\"/a.png\">\n</picture>";
        assert_eq!(image_source(html).as_deref(), Some("/a.png"));
    }
}
