//! Tests of import: every published framework in the fixtures imports, survives the trip
//! through YAML and `check` unchanged, is valid under the JSON Schema, keeps every text of its source, and shows the
//! parity findings the linter exists for.
//!
//! The texts a source holds are extracted here with deliberately simple, line-based
//! readers that share nothing with the importers, so an importer that drops or mangles a
//! text cannot hide it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pendulum_framework::diagnostic::{self, Style};
use pendulum_framework::import::{self, ImportError, Source};
use pendulum_framework::lint::{self, Finding};
use pendulum_framework::model::{Framework, TrackKind};
use pendulum_framework::{LoadError, check_str};

use crate::fixtures;

/// Imports `paths`, writes the framework as YAML, checks the text and returns what `check`
/// built. `check` must accept the text and build the very framework that was imported.
fn round_trip(source: Source, paths: &[PathBuf]) -> Framework {
    let imported = import::import(source, paths)
        .unwrap_or_else(|e| panic!("importing {paths:?} as {source} failed: {e}"));
    let yaml = imported.to_yaml();
    crate::schema::assert_valid(&yaml, &format!("the import of {paths:?}"));
    let checked = match check_str("imported.yaml", &yaml) {
        Ok(checked) => checked,
        Err(LoadError::Invalid {
            sources,
            diagnostics,
        }) => panic!(
            "the import of {paths:?} does not pass check:\n{}",
            diagnostic::render(&diagnostics, &sources, Style::Plain)
        ),
        Err(other) => panic!("the import of {paths:?} cannot be loaded: {other}"),
    };
    assert_eq!(
        checked.framework, imported,
        "the YAML of {paths:?} reads back as a different framework"
    );
    checked.framework
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every string value of a framework, normalised, joined by a separator no text holds.
fn haystack(framework: &Framework) -> String {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(normalise(s)),
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(
        &serde_json::to_value(framework).expect("a framework is JSON"),
        &mut out,
    );
    out.join("\u{1}")
}

/// Asserts every text is in the framework; returns how many were checked.
fn assert_all_kept(framework: &Framework, texts: &[String], what: &str) -> usize {
    let hay = haystack(framework);
    let missing: Vec<&String> = texts
        .iter()
        .filter(|t| !hay.contains(&normalise(t)))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} texts of {what} are missing from the import, e.g. {:?}",
        missing.len(),
        texts.len(),
        &missing[..missing.len().min(5)]
    );
    texts.len()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("fixture dir reads") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Paragraphs of Markdown: runs of non-blank lines; headings and rules end a paragraph
/// and are not one.
fn paragraphs(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in markdown.lines().chain(std::iter::once("")) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Monzo

/// (front matter, body) of a Monzo file.
fn monzo_parts(text: &str) -> (String, String) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("---"));
    let mut front = Vec::new();
    for line in lines.by_ref() {
        if line.trim_end() == "---" {
            break;
        }
        front.push(line);
    }
    (front.join("\n"), lines.collect::<Vec<_>>().join("\n"))
}

/// Every criterion, example and title a Monzo front matter states, read line by line.
fn monzo_front_texts(front: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in front.lines() {
        let mut rest = line.trim();
        let is_item = rest.starts_with('-');
        if is_item {
            rest = rest[1..].trim_start();
        }
        let keyed = ["criteria:", "title:"]
            .into_iter()
            .find_map(|k| rest.strip_prefix(k));
        let value = match keyed {
            Some(v) => v.trim(),
            None if is_item && !rest.contains(": ") && !rest.ends_with(':') => rest,
            None => continue,
        };
        let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
            None => value.to_string(),
        };
        if !value.trim().is_empty() {
            out.push(value);
        }
    }
    out
}

fn monzo_texts(path: &Path) -> Vec<String> {
    let (front, body) = monzo_parts(&read(path));
    let mut texts = monzo_front_texts(&front);
    texts.extend(paragraphs(&body));
    texts
}

#[test]
fn every_monzo_file_imports_alone_and_keeps_every_text() {
    let Some(dir) = fixtures::dir() else { return };
    let files = md_files(&dir.join("monzo"));
    assert!(
        files.len() >= 17,
        "expected the 17 Monzo frameworks, found {}",
        files.len()
    );
    let mut counts = Vec::new();
    for file in &files {
        let framework = round_trip(Source::Monzo, std::slice::from_ref(file));
        assert_eq!(framework.tracks.len(), 1, "{}", file.display());
        assert!(
            framework.grades.is_empty(),
            "Monzo states no equivalence: no grades"
        );
        assert!(
            framework
                .levels()
                .all(|(_, l)| l.grade.is_none() && l.pay.is_empty()),
            "nothing invented"
        );
        let texts = monzo_texts(file);
        let kept = assert_all_kept(&framework, &texts, &file.display().to_string());
        assert!(
            kept >= 10,
            "{}: only {kept} texts found in the source",
            file.display()
        );
        counts.push((file.strip_prefix(&dir).unwrap().display().to_string(), kept));
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    eprintln!("Monzo texts checked: {total} {counts:?}");
    assert!(total > 1500, "only {total} Monzo texts checked");
}

#[test]
fn monzo_folder_imports_as_one_framework_with_unique_levels() {
    let Some(dir) = fixtures::dir() else { return };
    let framework = round_trip(Source::Monzo, &[dir.join("monzo")]);
    let files = md_files(&dir.join("monzo"));
    assert_eq!(
        framework.tracks.len(),
        files.len(),
        "one track per file, generic.md included"
    );
    let generic = framework
        .track(&"generic".parse_id())
        .expect("generic.md found in the folder is a track");
    assert_eq!(generic.kind, TrackKind::IndividualContributor);
    let mut texts = Vec::new();
    for file in &files {
        texts.extend(monzo_texts(file));
    }
    let kept = assert_all_kept(&framework, &texts, "monzo/");
    assert!(kept > 1500, "{kept}");
    let findings = lint::lint(&framework, &lint::Options::default());
    let duplicates: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == lint::DUPLICATE_TITLE)
        .collect();
    assert!(
        duplicates.is_empty(),
        "level titles are unique: {duplicates:?}"
    );
    // Inheriting competencies name the generic track's competencies.
    let backend_communication = framework
        .competencies
        .iter()
        .find(|c| c.id.as_str() == "backend-communication")
        .expect("backend's communication topic");
    let parent = backend_communication.inherits.as_ref().expect("inherits");
    let parent = framework.competency(parent).expect("parent exists");
    assert_eq!(parent.tracks, vec![generic.id.clone()]);
    assert_eq!(parent.name, "Communication");
}

trait ParseId {
    fn parse_id<I: TryFrom<String>>(&self) -> I
    where
        I::Error: std::fmt::Debug;
}

impl ParseId for str {
    fn parse_id<I: TryFrom<String>>(&self) -> I
    where
        I::Error: std::fmt::Debug,
    {
        I::try_from(self.to_string()).expect("a valid id")
    }
}

#[test]
fn monzo_topics_without_a_title_inherit_from_generic_md_upward() {
    let Some(dir) = fixtures::dir() else { return };
    let framework = round_trip(Source::Monzo, &[dir.join("monzo/engineering/backend.md")]);
    let track = &framework.tracks[0];
    assert_eq!(track.id.as_str(), "backend");
    assert_eq!(track.kind, TrackKind::IndividualContributor);
    assert_eq!(track.levels[0].id.as_str(), "backend-1");
    assert_eq!(track.levels[0].title, "Backend Engineering Level 1");
    let own = framework
        .competencies
        .iter()
        .find(|c| c.id.as_str() == "backend-communication")
        .expect("the track's own communication competency");
    let parent_id = own.inherits.clone().expect("an untitled topic inherits");
    assert_eq!(parent_id.as_str(), "generic-communication");
    let parent = framework
        .competency(&parent_id)
        .expect("the generic topic is defined");
    assert_eq!(parent.name, "Communication");
    assert_eq!(own.name, "Communication");
    assert_eq!(parent.extra["original_title"], "💬 Communication");
    assert_eq!(parent.tracks, vec![track.id.clone()]);

    // The generic criteria of each level are merged into the track's expectations.
    let level1 = &track.levels[0];
    let e = level1.expectation(&own.id).expect("level 1 communication");
    assert_eq!(
        e.criteria[0],
        "Provides regular status updates to their mentor/buddy"
    );
    let own_count = e.extra["own_criteria"].as_u64().expect("own_criteria") as usize;
    assert_eq!(own_count, 4);
    assert_eq!(
        &e.criteria[own_count..],
        [
            "Actively communicates what they are working on",
            "Seeks out feedback"
        ]
    );
    assert_eq!(e.extra["inherited_criteria_from"], "generic-communication");

    // A titled topic stands alone, its emoji kept aside.
    let leadership = framework
        .competencies
        .iter()
        .find(|c| c.id.as_str() == "backend-leadership")
        .expect("leadership");
    assert!(leadership.inherits.is_none());
    assert_eq!(leadership.name, "Leadership");
    assert_eq!(
        leadership.extra["original_title"],
        "👩\u{200d}💼 Leadership"
    );

    // exampleCriteria: the criterion is a criterion, its examples the examples.
    let level2 = &track.levels[1];
    let e = level2.expectation(&own.id).expect("level 2 communication");
    let i = e
        .criteria
        .iter()
        .position(|c| c.starts_with("Provides helpful and actionable feedback"))
        .expect("example criterion kept");
    assert_eq!(
        e.examples[0],
        "Take a look at the levelling up your code reviews talk for some ideas"
    );
    assert_eq!(e.extra["examples_illustrate"][0], i);
}

#[test]
fn monzo_leadership_files_are_management_tracks() {
    let Some(dir) = fixtures::dir() else { return };
    let framework = round_trip(
        Source::Monzo,
        &[
            dir.join("monzo/operations/ops-individual-contributor.md"),
            dir.join("monzo/operations/ops-leadership.md"),
        ],
    );
    let kinds: Vec<(&str, TrackKind)> = framework
        .tracks
        .iter()
        .map(|t| (t.id.as_str(), t.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (
                "ops-individual-contributor",
                TrackKind::IndividualContributor
            ),
            ("ops-leadership", TrackKind::Management),
        ]
    );
    // Both inherit from the same generic topics: one shared competency, used by both.
    let conduct = framework
        .competency(&"generic-conduct".parse_id())
        .expect("shared generic conduct");
    assert_eq!(conduct.tracks.len(), 2);
}

#[test]
fn monzo_markdown_files_keep_every_paragraph_under_its_level_and_topic() {
    let Some(dir) = fixtures::dir() else { return };
    let framework = round_trip(Source::Monzo, &[dir.join("monzo/design/product-design.md")]);
    let track = &framework.tracks[0];
    assert_eq!(track.name, "Product Design");
    assert_eq!(track.levels.len(), 6);
    let names: Vec<&str> = framework
        .competencies
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Knowledge", "Ownership", "Collaboration"]);
    let level1 = &track.levels[0];
    assert_eq!(level1.expectations.len(), 3);
    assert!(
        level1.expectations[0].criteria[0].starts_with("You are early on in your design career")
    );
}

// ---------------------------------------------------------------------------------------
// Engineering ladders

/// Verb → axis, read from the introduction's "# Levels" section.
fn ladder_axes(readme: &str) -> HashMap<String, String> {
    let mut axes = HashMap::new();
    let mut axis = None;
    let mut in_levels = false;
    for line in readme.lines() {
        if let Some(h1) = line.strip_prefix("# ") {
            in_levels = h1.trim() == "Levels";
        } else if let Some(h2) = line.strip_prefix("## ") {
            axis = Some(h2.trim().to_string());
        } else if let (true, Some(axis)) = (in_levels, &axis) {
            let item = line
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                .trim();
            if let Some(rest) = item.strip_prefix("**") {
                let verb = &rest[..rest.find("**").expect("closing **")];
                axes.insert(verb.to_string(), axis.clone());
            }
        }
    }
    axes
}

/// (level code, verb, bullet text) of each bullet of a ladder.
fn ladder_bullets(text: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut code = None;
    for line in text.lines() {
        if let Some(h2) = line.strip_prefix("## ") {
            code = h2.split_whitespace().next().map(str::to_string);
        } else if line.starts_with("# ") {
            code = None;
        } else if let (Some(code), Some(rest)) = (&code, line.strip_prefix("* **")) {
            let (verb, text) = rest.split_once("**:").expect("`* **Verb**: text`");
            out.push((code.clone(), verb.to_string(), text.trim().to_string()));
        }
    }
    out
}

const LADDERS: [(&str, &str, TrackKind); 4] = [
    (
        "Developer.md",
        "developer",
        TrackKind::IndividualContributor,
    ),
    ("TechLead.md", "tech-lead", TrackKind::IndividualContributor),
    (
        "TechnicalProgramManager.md",
        "technical-program-manager",
        TrackKind::Other,
    ),
    (
        "EngineeringManager.md",
        "engineering-manager",
        TrackKind::Management,
    ),
];

/// Checks every bullet of a ladder file is an expectation with the right step and the
/// bullet's own words; returns how many were checked.
fn assert_ladder_kept(framework: &Framework, file: &Path, axes: &HashMap<String, String>) -> usize {
    let text = read(file);
    let bullets = ladder_bullets(&text);
    for (code, verb, bullet) in &bullets {
        let (_, level) = framework
            .levels()
            .find(|(_, l)| l.aliases.contains(code))
            .unwrap_or_else(|| panic!("level {code} of {}", file.display()));
        let axis = &axes[verb];
        let e = level
            .expectation(&axis.to_lowercase().parse_id())
            .unwrap_or_else(|| panic!("{code} has an expectation on {axis}"));
        let step = e.step.as_ref().expect("a step");
        assert_eq!(
            step.as_str(),
            verb.to_lowercase().replace(' ', "-"),
            "{code} {axis}"
        );
        assert_eq!(
            e.criteria,
            vec![bullet.clone()],
            "{code} {axis}: the bullet's own words"
        );
    }
    // The introduction paragraph of the ladder.
    let intro = text
        .lines()
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .expect("an introduction")
        .to_string();
    let mut texts: Vec<String> = bullets.iter().map(|(_, _, t)| t.clone()).collect();
    texts.push(intro);
    assert_all_kept(framework, &texts, &file.display().to_string())
}

#[test]
fn each_engineering_ladder_imports_alone() {
    let Some(dir) = fixtures::dir() else { return };
    let dir = dir.join("engineeringladders");
    let axes = ladder_axes(&read(&dir.join("README.md")));
    assert_eq!(axes.len(), 25, "five axes of five steps");
    for (file, id, kind) in LADDERS {
        let framework = round_trip(Source::EngineeringLadders, &[dir.join(file)]);
        assert_eq!(framework.tracks.len(), 1);
        let track = &framework.tracks[0];
        assert_eq!((track.id.as_str(), track.kind), (id, kind), "{file}");
        assert_eq!(framework.competencies.len(), 5);
        assert!(framework.competencies.iter().all(|c| c.scale.len() == 5));
        let kept = assert_ladder_kept(&framework, &dir.join(file), &axes);
        assert!(kept >= 16, "{file}: {kept}");
        eprintln!("{file}: {kept} texts checked");
    }
}

#[test]
fn engineering_ladders_folder_imports_every_ladder_and_keeps_the_prose_pages() {
    let Some(dir) = fixtures::dir() else { return };
    let dir = dir.join("engineeringladders");
    let framework = round_trip(Source::EngineeringLadders, std::slice::from_ref(&dir));
    let ids: Vec<&str> = framework.tracks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "developer",
            "engineering-manager",
            "tech-lead",
            "technical-program-manager"
        ],
        "one track per ladder, in path order"
    );
    let grades: Vec<&str> = framework.grades.iter().map(|g| g.as_str()).collect();
    assert_eq!(grades, ["l1", "l2", "l3", "l4", "l5", "l6", "l7"]);
    // The shared Level column is the grade: D5, TL5, TPM5 and EM5 are equivalent.
    for code in ["D5", "TL5", "TPM5", "EM5"] {
        let (_, level) = framework
            .levels()
            .find(|(_, l)| l.aliases.iter().any(|a| a == code))
            .expect(code);
        assert_eq!(
            level.grade.as_ref().map(|g| g.as_str()),
            Some("l5"),
            "{code}"
        );
        assert_eq!(level.extra["senior"], true);
    }
    let (_, d1) = framework
        .levels()
        .find(|(_, l)| l.id.as_str() == "d1")
        .expect("d1");
    assert_eq!(d1.extra["senior"], false);
    assert_eq!(d1.title, "Developer 1");

    let axes = ladder_axes(&read(&dir.join("README.md")));
    let mut total = 0;
    for (file, _, _) in LADDERS {
        total += assert_ladder_kept(&framework, &dir.join(file), &axes);
    }
    assert_eq!(
        total,
        90 + 4,
        "every bullet of the four ladders and their introductions"
    );

    let pages = framework.extra["pages"].as_object().expect("pages kept");
    for (file, key) in [
        ("README.md", "readme"),
        (
            "TechLead-EngineeringManager.md",
            "techlead-engineeringmanager",
        ),
        ("Managing-Managers.md", "managing-managers"),
    ] {
        assert_eq!(pages[key], read(&dir.join(file)), "{file} kept whole");
    }
    // The Tech Lead vs Engineering Manager table survives as text.
    let table_cells: Vec<String> = read(&dir.join("TechLead-EngineeringManager.md"))
        .lines()
        .filter(|l| l.starts_with("| ") && !l.contains(":---"))
        .flat_map(|l| {
            l.split('|')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty())
        .collect();
    assert!(table_cells.len() > 30);
    assert_all_kept(&framework, &table_cells, "TechLead-EngineeringManager.md");
}

#[test]
fn engineering_ladders_lint_finds_the_manager_below_the_developer_on_influence() {
    let Some(dir) = fixtures::dir() else { return };
    let framework = round_trip(
        Source::EngineeringLadders,
        &[dir.join("engineeringladders")],
    );
    let findings = lint::lint(&framework, &lint::Options::default());
    let influence: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == lint::STEP_PARITY && f.message.contains("Influence"))
        .collect();
    assert!(
        influence
            .iter()
            .any(|f| f.message.contains("Engineering Manager 7")
                && f.message.contains("Developer 7")
                && f.message.contains("Multiple Teams")
                && f.message.contains("Community")),
        "EM7 (Multiple Teams) is below D7 (Community) on Influence: {findings:#?}"
    );
}

// ---------------------------------------------------------------------------------------
// Snowflake

#[test]
fn snowflake_imports_with_points_shared_grades_and_every_milestone_text() {
    let Some(dir) = fixtures::dir() else { return };
    let path = dir.join("snowflake/snowflake.json");
    let framework = round_trip(Source::Snowflake, std::slice::from_ref(&path));
    let source: serde_json::Value =
        serde_json::from_str(&read(&path)).expect("the fixture is JSON");

    let tracks = source["tracks"].as_object().expect("tracks");
    assert_eq!(framework.competencies.len(), tracks.len());
    assert_eq!(framework.competencies.len(), 16);
    let categories: Vec<&str> = framework.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(categories, ["a", "b", "c", "d"]);
    let points = source["milestone_points"]
        .as_array()
        .expect("milestone points");
    for c in &framework.competencies {
        let steps: Vec<Option<u32>> = c.scale.iter().map(|s| s.points).collect();
        let expected: Vec<Option<u32>> = points[1..]
            .iter()
            .map(|p| p.as_u64().map(|p| p as u32))
            .collect();
        assert_eq!(steps, expected, "{}", c.id);
    }

    let mut texts = Vec::new();
    for track in tracks.values() {
        texts.push(track["displayName"].as_str().expect("name").to_string());
        texts.push(
            track["description"]
                .as_str()
                .expect("description")
                .to_string(),
        );
        for m in track["milestones"].as_array().expect("milestones") {
            texts.push(m["summary"].as_str().expect("summary").to_string());
            for key in ["signals", "examples"] {
                for t in m[key].as_array().expect(key) {
                    texts.push(t.as_str().expect("text").to_string());
                }
            }
        }
    }
    let kept = assert_all_kept(&framework, &texts, "snowflake.json");
    eprintln!("snowflake.json: {kept} texts checked");
    assert!(kept >= 16 * (2 + 5 * 3), "{kept}");

    let thresholds = &framework.points.as_ref().expect("points").thresholds;
    let levels = source["points_to_levels"]
        .as_object()
        .expect("points_to_levels");
    assert_eq!(thresholds.len(), levels.len());
    for t in thresholds {
        assert_eq!(levels[&t.points.to_string()], t.label.as_str());
    }

    // Titles with equal point ranges share a grade across the two tracks.
    let kinds: Vec<(&str, TrackKind)> = framework
        .tracks
        .iter()
        .map(|t| (t.id.as_str(), t.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("ic", TrackKind::IndividualContributor),
            ("management", TrackKind::Management)
        ]
    );
    let by_title: HashMap<&str, _> = framework
        .levels()
        .map(|(_, l)| (l.title.as_str(), l))
        .collect();
    assert_eq!(by_title.len(), 8);
    for title in source["titles"].as_array().expect("titles") {
        let label = title["label"].as_str().expect("label");
        let level = by_title[label];
        let range = level.points.expect("points range");
        assert_eq!(
            range.min.map(u64::from),
            title["minPoints"].as_u64(),
            "{label}"
        );
        assert_eq!(
            range.max.map(u64::from),
            title["maxPoints"].as_u64(),
            "{label}"
        );
    }
    for (ic, mgmt) in [
        ("Senior Engineer", "Group Lead"),
        ("Staff Engineer", "Senior Group Lead"),
        ("Principal Engineer", "Director of Engineering"),
    ] {
        assert_eq!(by_title[ic].grade, by_title[mgmt].grade, "{ic} ~ {mgmt}");
        assert!(by_title[ic].grade.is_some());
    }
    assert_ne!(by_title["Engineer I"].grade, by_title["Engineer II"].grade);
    assert_eq!(framework.grades.len(), 5);
}

// ---------------------------------------------------------------------------------------
// Pay bands

/// (heading, title, min, max) of every band line, read with plain string operations.
fn guardian_bands(text: &str) -> Vec<(String, String, u64, u64)> {
    let thousands = |s: &str| -> u64 {
        let digits = s.trim().trim_start_matches('£').trim_end_matches('k');
        digits.parse::<u64>().expect("a figure like £44k") * 1000
    };
    let mut out = Vec::new();
    let mut heading = String::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("* **") {
            heading = rest.replace("**", "");
        } else if let Some((title, figures)) = line.split_once(": `") {
            let figures = figures.trim().trim_end_matches('`');
            let (low, high) = figures.split_once(" - ").expect("`£a - £b`");
            out.push((
                heading.clone(),
                title.trim().trim_start_matches('*').trim().to_string(),
                thousands(low),
                thousands(high),
            ));
        }
    }
    out
}

#[test]
fn guardian_salary_bands_import_every_band_without_grades() {
    let Some(dir) = fixtures::dir() else { return };
    let path = dir.join("guardian/salary-bands.md");
    let framework = round_trip(Source::PayBands, std::slice::from_ref(&path));
    assert!(
        framework.grades.is_empty(),
        "pay bands state no equivalence"
    );
    let text = read(&path);
    let bands = guardian_bands(&text);
    assert_eq!(bands.len(), 20);
    for (heading, title, min, max) in &bands {
        let track = framework
            .tracks
            .iter()
            .find(|t| normalise(t.description.as_deref().unwrap_or(&t.name)) == normalise(heading))
            .unwrap_or_else(|| panic!("a track for `{heading}`"));
        let level = track
            .levels
            .iter()
            .find(|l| &l.title == title)
            .unwrap_or_else(|| panic!("`{title}` under `{heading}`"));
        assert_eq!(level.pay.len(), 1);
        let band = &level.pay[0];
        assert_eq!(
            (band.currency.as_str(), band.min, band.max),
            ("GBP", *min, *max),
            "{heading} / {title}"
        );
    }
    let kinds: Vec<(&str, TrackKind)> = framework
        .tracks
        .iter()
        .map(|t| (t.name.as_str(), t.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("Individual Contributor", TrackKind::IndividualContributor),
            (
                "Individual Contributor — Apps Engineering",
                TrackKind::IndividualContributor
            ),
            (
                "Individual Contributor — Data Engineering",
                TrackKind::IndividualContributor
            ),
            ("Engineering Management", TrackKind::Management),
            ("User Help", TrackKind::Other),
        ]
    );
    // Every figure as written, every heading and the introduction.
    let mut texts: Vec<String> = text
        .lines()
        .filter_map(|l| {
            l.split_once('`')
                .map(|(_, f)| f.trim().trim_end_matches('`').to_string())
        })
        .collect();
    texts.extend(bands.iter().map(|b| b.0.clone()));
    texts.push("Our salary bands are public and can be seen below.".into());
    let kept = assert_all_kept(&framework, &texts, "salary-bands.md");
    eprintln!(
        "salary-bands.md: {} bands and {kept} texts checked",
        bands.len()
    );
}

#[test]
fn guardian_lint_finds_the_ic_pay_ceiling_below_engineering_management() {
    let Some(dir) = fixtures::dir() else { return };
    let framework = round_trip(Source::PayBands, &[dir.join("guardian/salary-bands.md")]);
    let management = framework
        .tracks
        .iter()
        .find(|t| t.name == "Engineering Management")
        .expect("the management track");
    let findings = lint::lint(&framework, &lint::Options::default());
    let ceilings: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == lint::PAY_CEILING)
        .collect();
    // The three IC tracks top out at £120k and £105k, below management's £140k.
    assert_eq!(ceilings.len(), 3, "{ceilings:#?}");
    for f in &ceilings {
        assert!(f.message.contains(management.id.as_str()), "{}", f.message);
        assert!(f.message.contains("140,000"), "{}", f.message);
    }
    assert!(lint::has_denied(&findings));
}

// ---------------------------------------------------------------------------------------
// Errors

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file");
    path
}

#[test]
fn a_monzo_file_without_front_matter_is_reported_with_its_path_and_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(tmp.path(), "backend.md", "# Backend\n\nNo front matter.\n");
    let err = import::import(Source::Monzo, std::slice::from_ref(&path)).unwrap_err();
    assert!(matches!(err, ImportError::Parse { line: 1, .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("{}:1: ", path.display())),
        "{err}"
    );
}

#[test]
fn an_unknown_ladder_step_is_reported_on_its_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(
        tmp.path(),
        "Juggler.md",
        "# Juggler\n\nKeeps balls in the air.\n\n## J1 - Juggler 1\n\n* **Adopts**: learns\n* **Juggles**: three balls\n",
    );
    let err = import::import(Source::EngineeringLadders, &[path]).unwrap_err();
    assert!(matches!(err, ImportError::Parse { line: 8, .. }), "{err:?}");
    assert!(err.to_string().contains("`Juggles` is not a step"), "{err}");
}

#[test]
fn an_unreadable_pay_band_is_reported_on_its_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = write(
        tmp.path(),
        "bands.md",
        "* **Engineering**\n\n    * Junior: `£30k - £40k`\n    * Senior: ask us\n",
    );
    let err = import::import(Source::PayBands, &[path]).unwrap_err();
    assert!(matches!(err, ImportError::Parse { line: 4, .. }), "{err:?}");
}

#[test]
fn a_missing_path_is_an_io_error_naming_it() {
    let err = import::import(Source::Monzo, &[PathBuf::from("/nonexistent/monzo")]).unwrap_err();
    assert!(matches!(err, ImportError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("/nonexistent/monzo"), "{err}");
}

#[test]
fn a_directory_without_files_of_the_format_is_an_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "notes.txt", "nothing to import");
    let err = import::import(Source::Snowflake, &[tmp.path().to_path_buf()]).unwrap_err();
    assert!(matches!(err, ImportError::NoFiles { .. }), "{err:?}");
}
