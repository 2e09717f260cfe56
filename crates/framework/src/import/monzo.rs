//! Monzo's progression frameworks: one Markdown file per discipline.
//!
//! Most files carry their content as YAML front matter: `levels`, and `topics`, each with
//! a `name`, a `title` and `content` per level (`criteria`, and `exampleCriteria` pairing a
//! criterion with examples). A few files say `yaml: false` and are plain Markdown instead:
//! `## Level N` sections holding `### Topic` sections of prose.
//!
//! The mapping:
//!
//! - a file is a track (id from the file name; kind `management` when its name or title
//!   speaks of leadership, a lead or a manager, else `individual-contributor`); its front
//!   matter (except `topics`) is kept in the track's `extra.front_matter`, and Markdown
//!   after the front matter of a YAML file becomes the track's description;
//! - a topic is a competency of that track (`<track>-<topic>`), named by its title without
//!   the leading emoji (the original title is kept in `extra.original_title`);
//! - each level number a file uses is a level `<track>-<n>` titled `<name> Level <n>`,
//!   with one expectation per topic that says something at that level: criteria, then the
//!   criteria of `exampleCriteria`, whose examples become the expectation's examples
//!   (`extra.examples_illustrate` gives, for each example, the index of its criterion);
//! - in plain Markdown files, each paragraph of a topic section is one criterion, and text
//!   between a level heading and its first topic is the level's description.
//!
//! A topic with an empty title inherits the title and the criteria of the topic of the same
//! name in `generic.md`, found by searching upward from the file's directory. The generic
//! topic becomes a shared competency `generic-<topic>` (used by the generic track when
//! `generic.md` itself is imported, else by the tracks that inherit from it), and the
//! track's competency names it in `inherits`. The generic criteria of each level are
//! appended to the track's expectation, which records where they came from in
//! `extra.inherited_criteria_from` and how many criteria before them are the track's own
//! in `extra.own_criteria`.
//!
//! Monzo does not say which levels of two disciplines are equivalent, so no grades are set.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    BlockKind, Ids, ImportError, InputFile, collapse_whitespace, markdown_blocks, strip_decoration,
};
use crate::ids::{CompetencyId, LevelId, TrackId, slugify};
use crate::model::{Competency, Expectation, Extra, Framework, Level, Track, TrackKind};

const GENERIC_FILE: &str = "generic.md";

#[derive(Debug, Deserialize)]
struct FrontMatter {
    title: Option<String>,
    yaml: Option<bool>,
    topics: Option<Vec<Topic>>,
    #[serde(flatten)]
    rest: IndexMap<String, Value>,
}

#[derive(Clone, Debug, Deserialize)]
struct Topic {
    name: String,
    title: Option<String>,
    content: Option<Vec<Content>>,
    #[serde(flatten)]
    rest: IndexMap<String, Value>,
}

impl Topic {
    fn inherits(&self) -> bool {
        self.title.as_deref().is_none_or(|t| t.trim().is_empty())
    }

    fn slug(&self) -> String {
        slugify(&self.name)
    }

    fn at_level(&self, level: u32) -> impl Iterator<Item = &Content> {
        self.content
            .iter()
            .flatten()
            .filter(move |c| c.level == level)
    }
}

#[derive(Clone, Debug, Deserialize)]
struct Content {
    level: u32,
    criteria: Option<Vec<String>>,
    #[serde(rename = "exampleCriteria")]
    example_criteria: Option<Vec<ExampleCriterion>>,
    #[serde(flatten)]
    rest: IndexMap<String, Value>,
}

#[derive(Clone, Debug, Deserialize)]
struct ExampleCriterion {
    criteria: String,
    examples: Option<Vec<String>>,
    #[serde(flatten)]
    rest: IndexMap<String, Value>,
}

/// One parsed file.
#[derive(Debug)]
struct Doc {
    path: PathBuf,
    name: String,
    stem: String,
    front: FrontMatter,
    body: String,
    /// Line of the file where `body` starts.
    body_line: usize,
}

impl Doc {
    fn is_markdown(&self) -> bool {
        self.front.yaml == Some(false)
    }

    fn topics(&self) -> &[Topic] {
        self.front.topics.as_deref().unwrap_or_default()
    }

    fn title(&self) -> String {
        let title = self.front.title.as_deref().unwrap_or_default();
        let title = strip_decoration(title);
        if title.is_empty() {
            self.stem.clone()
        } else {
            title.to_string()
        }
    }

    /// The track's name: its title without a trailing "Framework".
    fn track_name(&self) -> String {
        let title = self.title();
        let name = title
            .strip_suffix("Framework")
            .map(str::trim_end)
            .filter(|n| !n.is_empty())
            .unwrap_or(&title);
        name.to_string()
    }

    fn kind(&self) -> TrackKind {
        let words = format!("{} {}", self.stem, self.title()).to_lowercase();
        let management = words.split(|c: char| !c.is_alphanumeric()).any(|w| {
            matches!(
                w,
                "lead" | "leads" | "leadership" | "manager" | "managers" | "management"
            )
        });
        if management {
            TrackKind::Management
        } else {
            TrackKind::IndividualContributor
        }
    }

    /// The front matter as written, except `topics`, which the track itself holds.
    fn front_matter_extra(&self) -> Value {
        let mut map = serde_json::Map::new();
        if let Some(title) = &self.front.title {
            map.insert("title".into(), Value::String(title.clone()));
        }
        if let Some(yaml) = self.front.yaml {
            map.insert("yaml".into(), Value::Bool(yaml));
        }
        for (k, v) in &self.front.rest {
            map.insert(k.clone(), v.clone());
        }
        Value::Object(map)
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

fn parse_file(path: &Path, name: String) -> Result<Doc, ImportError> {
    let text = super::read(path)?;
    parse_text(path, name, &text)
}

fn parse_text(path: &Path, name: String, text: &str) -> Result<Doc, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_fence = |line: &str| line.trim_end() == "---";
    if !lines.first().is_some_and(|l| is_fence(l)) {
        return Err(ImportError::parse(
            path,
            1,
            "a Monzo framework file starts with YAML front matter between two `---` lines",
        ));
    }
    let Some(close) = lines
        .iter()
        .skip(1)
        .position(|l| is_fence(l))
        .map(|i| i + 1)
    else {
        return Err(ImportError::parse(
            path,
            1,
            "the front matter opened here is never closed by a `---` line",
        ));
    };
    let front_text: String = lines[1..close]
        .iter()
        .map(|l| untab_sequence_entry(l))
        .collect();
    let front: FrontMatter = serde_saphyr::from_str(&front_text).map_err(|err| {
        let line = err
            .location()
            .map_or(1, |loc| usize::try_from(loc.line()).unwrap_or(1));
        let message = err.to_string();
        let message = message.lines().next().unwrap_or_default();
        let message = message
            .rfind(" at line ")
            .map_or(message, |i| &message[..i]);
        ImportError::parse(
            path,
            line + 1,
            format!("the front matter is not valid: {message}"),
        )
    })?;
    let body: String = lines[close + 1..].concat();
    Ok(Doc {
        stem: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_path_buf(),
        name,
        front,
        body,
        body_line: close + 2,
    })
}

/// Published Monzo files write a tab after a sequence dash (`-\t"text"`), which YAML does
/// not allow as indentation; it is read as the space its author meant.
fn untab_sequence_entry(line: &str) -> String {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    match rest.strip_prefix("-\t") {
        Some(after) => format!("{}- {}", &line[..indent], after.trim_start_matches('\t')),
        None => line.to_string(),
    }
}

/// The nearest `generic.md` in the file's directory or above it (never the file itself).
fn find_generic(path: &Path) -> Option<PathBuf> {
    let own = canonical(path);
    let mut dir = own.parent();
    while let Some(d) = dir {
        let candidate = d.join(GENERIC_FILE);
        if candidate.is_file() && canonical(&candidate) != own {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// A `generic.md` that other files inherit from.
struct Generic {
    name: String,
    /// Prefix of its competency ids.
    prefix: String,
    /// The generic track and its file's index, when `generic.md` itself is imported.
    track: Option<TrackId>,
    doc: Option<usize>,
    topics: Vec<Topic>,
    /// Topic slug → index in `Builder::parents`.
    competencies: HashMap<String, usize>,
}

impl Generic {
    fn topic(&self, slug: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.slug() == slug)
    }
}

/// A topic of a file, its competency, and the generic topic (with its `generics` index)
/// it inherits criteria from.
struct TopicCompetency<'a> {
    topic: &'a Topic,
    id: CompetencyId,
    inherited: Option<(usize, Topic)>,
}

#[derive(Default)]
struct Builder {
    track_ids: Ids,
    level_ids: Ids,
    competency_ids: Ids,
    titles: HashSet<String>,
    /// Competencies other competencies inherit from, listed first.
    parents: Vec<Competency>,
    competencies: Vec<Competency>,
    generics: Vec<Generic>,
}

pub(crate) fn import(files: &[InputFile]) -> Result<Framework, ImportError> {
    let docs = files
        .iter()
        .map(|f| parse_file(&f.path, f.name.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut b = Builder::default();
    let track_ids: Vec<TrackId> = docs.iter().map(|d| b.track_ids.claim(&d.stem)).collect();

    // Each file's generic.md: an imported file, or one read only to inherit from.
    let imported: HashMap<PathBuf, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (canonical(&d.path), i))
        .collect();
    let mut generic_of: Vec<Option<usize>> = Vec::with_capacity(docs.len());
    let mut generic_by_path: HashMap<PathBuf, usize> = HashMap::new();
    for doc in &docs {
        let needs = !doc.is_markdown() && doc.topics().iter().any(Topic::inherits);
        let found = if needs { find_generic(&doc.path) } else { None };
        let Some(path) = found else {
            generic_of.push(None);
            continue;
        };
        let key = canonical(&path);
        if let Some(&g) = generic_by_path.get(&key) {
            generic_of.push(Some(g));
            continue;
        }
        let generic = match imported.get(&key) {
            Some(&i) => Generic {
                name: docs[i].name.clone(),
                prefix: track_ids[i].to_string(),
                track: Some(track_ids[i].clone()),
                doc: Some(i),
                topics: docs[i].topics().to_vec(),
                competencies: HashMap::new(),
            },
            None => {
                let name = relative_name(&doc.path, &doc.name, &path);
                let parsed = parse_file(&path, name.clone())?;
                Generic {
                    name,
                    prefix: slugify(&parsed.stem),
                    track: None,
                    doc: None,
                    topics: parsed.topics().to_vec(),
                    competencies: HashMap::new(),
                }
            }
        };
        b.generics.push(generic);
        generic_by_path.insert(key, b.generics.len() - 1);
        generic_of.push(Some(b.generics.len() - 1));
    }
    // An imported generic.md defines its competencies before anyone inherits from them.
    let mut generic_track_of_doc: HashMap<usize, usize> = HashMap::new();
    for g in 0..b.generics.len() {
        if let Some(i) = b.generics[g].doc {
            generic_track_of_doc.insert(i, g);
            b.define_generic_topics(g, &docs[i]);
        }
    }

    let mut tracks = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let track_id = track_ids[i].clone();
        let track = if doc.is_markdown() {
            b.markdown_track(doc, track_id)?
        } else {
            b.yaml_track(
                doc,
                track_id,
                generic_of[i],
                generic_track_of_doc.get(&i).copied(),
            )?
        };
        tracks.push(track);
    }

    let mut framework = Framework::new(match docs.as_slice() {
        [only] => only.title(),
        _ => String::new(),
    });
    framework.competencies = b.parents;
    framework.competencies.extend(b.competencies);
    framework.tracks = tracks;
    Ok(framework)
}

/// How a generic file found above `doc` is shown: as a path from the directory in which
/// the importing file is shown ("monzo/engineering/backend.md" → "monzo/generic.md";
/// "backend.md" → "../generic.md"), so the framework never holds a machine's own paths.
fn relative_name(doc_path: &Path, doc_name: &str, generic: &Path) -> String {
    let doc_dir = canonical(doc_path);
    let doc_dir = doc_dir.parent().unwrap_or(Path::new(""));
    let generic = canonical(generic);
    let up = doc_dir
        .ancestors()
        .position(|a| generic.parent() == Some(a))
        .unwrap_or_default();
    let mut parts: Vec<&str> = doc_name.split('/').collect();
    parts.pop();
    let mut prefix = Vec::new();
    for _ in 0..up {
        if parts.pop().is_none() {
            prefix.push("..");
        }
    }
    let file = generic.file_name().map_or_else(
        || GENERIC_FILE.to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    prefix
        .into_iter()
        .chain(parts)
        .chain([file.as_str()])
        .collect::<Vec<_>>()
        .join("/")
}

impl Builder {
    fn level_title(&mut self, track: &str, n: u32, track_id: &TrackId) -> String {
        let mut title = format!("{track} Level {n}");
        if !self.titles.insert(title.to_lowercase()) {
            title = format!("{track} Level {n} ({track_id})");
            self.titles.insert(title.to_lowercase());
        }
        title
    }

    fn define_generic_topics(&mut self, g: usize, doc: &Doc) {
        let track = self.generics[g].track.clone();
        let prefix = self.generics[g].prefix.clone();
        for topic in doc.topics() {
            let idx = self.new_parent(g, &prefix, topic, track.iter().cloned().collect());
            self.generics[g].competencies.insert(topic.slug(), idx);
        }
    }

    fn new_parent(&mut self, g: usize, prefix: &str, topic: &Topic, tracks: Vec<TrackId>) -> usize {
        let id: CompetencyId = self
            .competency_ids
            .claim(&format!("{prefix}-{}", topic.slug()));
        let (name, mut extra) = topic_name(topic);
        extra.insert("source_file".into(), json!(self.generics[g].name));
        self.parents.push(Competency {
            id,
            name,
            category: None,
            tracks,
            description: None,
            inherits: None,
            scale: Vec::new(),
            extra,
            origin: Default::default(),
        });
        self.parents.len() - 1
    }

    /// The shared competency of a generic topic, used by `track`.
    fn generic_parent(&mut self, g: usize, slug: &str, track: &TrackId) -> Option<usize> {
        if let Some(&idx) = self.generics[g].competencies.get(slug) {
            if self.generics[g].track.is_none() && !self.parents[idx].tracks.contains(track) {
                self.parents[idx].tracks.push(track.clone());
            }
            return Some(idx);
        }
        let topic = self.generics[g].topic(slug)?.clone();
        let prefix = self.generics[g].prefix.clone();
        let idx = self.new_parent(g, &prefix, &topic, vec![track.clone()]);
        self.generics[g].competencies.insert(slug.to_string(), idx);
        Some(idx)
    }

    fn own_competency(
        &mut self,
        track: &TrackId,
        topic_slug: &str,
        name: String,
        inherits: Option<CompetencyId>,
        extra: Extra,
    ) -> CompetencyId {
        let id: CompetencyId = self.competency_ids.claim(&format!("{track}-{topic_slug}"));
        self.competencies.push(Competency {
            id: id.clone(),
            name,
            category: None,
            tracks: vec![track.clone()],
            description: None,
            inherits,
            scale: Vec::new(),
            extra,
            origin: Default::default(),
        });
        id
    }

    fn yaml_track(
        &mut self,
        doc: &Doc,
        track_id: TrackId,
        generic: Option<usize>,
        is_generic: Option<usize>,
    ) -> Result<Track, ImportError> {
        let mut topics: Vec<TopicCompetency<'_>> = Vec::new();
        for topic in doc.topics() {
            let slug = topic.slug();
            if let Some(g) = is_generic {
                let idx = self.generics[g].competencies[&slug];
                topics.push(TopicCompetency {
                    topic,
                    id: self.parents[idx].id.clone(),
                    inherited: None,
                });
                continue;
            }
            let parent = if topic.inherits() {
                generic.and_then(|g| {
                    let idx = self.generic_parent(g, &slug, &track_id)?;
                    let gtopic = self.generics[g].topic(&slug)?.clone();
                    Some((g, idx, gtopic))
                })
            } else {
                None
            };
            let (name, extra) = topic_name(topic);
            let (name, inherits, inherited) = match parent {
                Some((g, idx, gtopic)) => {
                    let parent = &self.parents[idx];
                    (
                        parent.name.clone(),
                        Some(parent.id.clone()),
                        Some((g, gtopic)),
                    )
                }
                None => (name, None, None),
            };
            let id = self.own_competency(&track_id, &slug, name, inherits, extra);
            topics.push(TopicCompetency {
                topic,
                id,
                inherited,
            });
        }

        let numbers: std::collections::BTreeSet<u32> = doc
            .topics()
            .iter()
            .flat_map(|t| t.content.iter().flatten().map(|c| c.level))
            .collect();
        if numbers.is_empty() {
            return Err(ImportError::parse(
                &doc.path,
                1,
                "no topic has content for any level, so there is no level to import",
            ));
        }
        let track_name = doc.track_name();
        let mut levels = Vec::new();
        for n in numbers {
            let mut expectations = Vec::new();
            for TopicCompetency {
                topic,
                id,
                inherited,
            } in &topics
            {
                let mut e = expectation(id.clone(), topic.at_level(n));
                if let Some((g, gtopic)) = inherited {
                    let own = e.criteria.len();
                    for c in gtopic.at_level(n) {
                        e.criteria.extend(c.criteria.iter().flatten().cloned());
                    }
                    if e.criteria.len() > own {
                        let parent = self.generics[*g].competencies[&gtopic.slug()];
                        e.extra.insert(
                            "inherited_criteria_from".into(),
                            json!(self.parents[parent].id.as_str()),
                        );
                        e.extra.insert("own_criteria".into(), json!(own));
                    }
                }
                if !(e.criteria.is_empty() && e.examples.is_empty() && e.extra.is_empty()) {
                    expectations.push(e);
                }
            }
            levels.push(Level {
                expectations,
                ..Level::new(
                    self.level_ids.claim::<LevelId>(&format!("{track_id}-{n}")),
                    self.level_title(&track_name, n, &track_id),
                )
            });
        }
        let body = doc.body.trim();
        Ok(self.track(
            doc,
            track_id,
            track_name,
            (!body.is_empty()).then(|| body.to_string()),
            levels,
        ))
    }

    fn track(
        &self,
        doc: &Doc,
        id: TrackId,
        name: String,
        description: Option<String>,
        levels: Vec<Level>,
    ) -> Track {
        let mut extra = Extra::new();
        extra.insert("source_file".into(), json!(doc.name));
        extra.insert("front_matter".into(), doc.front_matter_extra());
        Track {
            id,
            name,
            kind: doc.kind(),
            description,
            levels,
            extra,
            origin: Default::default(),
        }
    }

    /// A `yaml: false` file: `## Level N` sections of `### Topic` prose.
    fn markdown_track(&mut self, doc: &Doc, track_id: TrackId) -> Result<Track, ImportError> {
        struct Section {
            number: u32,
            heading: String,
            description: Vec<String>,
            /// Topic slug → paragraphs, in order of appearance.
            topics: IndexMap<String, Vec<String>>,
        }
        let mut preamble: Vec<String> = Vec::new();
        let mut sections: Vec<Section> = Vec::new();
        // Topic slug → (name, original heading).
        let mut topic_names: IndexMap<String, String> = IndexMap::new();
        let mut current_topic: Option<String> = None;
        let mut numbers = HashSet::new();
        let line = |l: usize| doc.body_line + l - 1;

        for block in markdown_blocks(&doc.body) {
            match block.kind {
                BlockKind::Rule => {}
                BlockKind::Heading(2) => {
                    let Some((number, rest)) = level_heading(&block.text) else {
                        return Err(ImportError::parse(
                            &doc.path,
                            line(block.line),
                            format!(
                                "expected a level heading such as `## Level 1`, found `## {}`",
                                block.text
                            ),
                        ));
                    };
                    if !numbers.insert(number) {
                        return Err(ImportError::parse(
                            &doc.path,
                            line(block.line),
                            format!("level {number} is described twice"),
                        ));
                    }
                    sections.push(Section {
                        number,
                        heading: rest,
                        description: Vec::new(),
                        topics: IndexMap::new(),
                    });
                    current_topic = None;
                }
                BlockKind::Heading(3) => {
                    if sections.is_empty() {
                        return Err(ImportError::parse(
                            &doc.path,
                            line(block.line),
                            format!(
                                "topic `{}` comes before any `## Level N` heading",
                                block.text
                            ),
                        ));
                    }
                    let name = strip_decoration(&block.text).to_string();
                    let slug = slugify(&name);
                    topic_names
                        .entry(slug.clone())
                        .or_insert(block.text.clone());
                    current_topic = Some(slug);
                }
                _ => {
                    let text = block.source.to_string();
                    if text.is_empty() {
                        continue;
                    }
                    match (sections.last_mut(), &current_topic) {
                        (None, _) => preamble.push(text),
                        (Some(s), None) => s.description.push(text),
                        (Some(s), Some(topic)) => {
                            s.topics.entry(topic.clone()).or_default().push(text)
                        }
                    }
                }
            }
        }
        if sections.is_empty() {
            return Err(ImportError::parse(
                &doc.path,
                doc.body_line,
                "a file with `yaml: false` describes its levels under `## Level N` headings, and there are none",
            ));
        }

        let mut competencies: HashMap<String, CompetencyId> = HashMap::new();
        for (slug, heading) in &topic_names {
            let name = strip_decoration(heading).to_string();
            let mut extra = Extra::new();
            if name != *heading {
                extra.insert("original_title".into(), json!(heading));
            }
            let id = self.own_competency(&track_id, slug, name, None, extra);
            competencies.insert(slug.clone(), id);
        }
        let track_name = doc.track_name();
        let mut levels = Vec::new();
        for s in sections {
            let expectations = s
                .topics
                .into_iter()
                .map(|(slug, paragraphs)| Expectation {
                    description: None,
                    competency: competencies[&slug].clone(),
                    step: None,
                    criteria: paragraphs,
                    examples: Vec::new(),
                    extra: Extra::new(),
                    origin: Default::default(),
                })
                .collect();
            let mut extra = Extra::new();
            if !s.heading.is_empty() {
                extra.insert("heading".into(), json!(s.heading));
            }
            let description = (!s.description.is_empty()).then(|| s.description.join("\n\n"));
            levels.push(Level {
                description,
                expectations,
                extra,
                ..Level::new(
                    self.level_ids
                        .claim::<LevelId>(&format!("{track_id}-{}", s.number)),
                    self.level_title(&track_name, s.number, &track_id),
                )
            });
        }
        let description = (!preamble.is_empty()).then(|| preamble.join("\n\n"));
        Ok(self.track(doc, track_id, track_name, description, levels))
    }
}

/// A topic's competency name (its title without decoration, or its name) and the extra
/// that keeps what the name leaves out.
fn topic_name(topic: &Topic) -> (String, Extra) {
    let mut extra = Extra::new();
    extra.insert("topic".into(), json!(topic.name));
    let title = topic.title.as_deref().unwrap_or_default();
    let stripped = strip_decoration(title);
    let name = if stripped.is_empty() {
        title_case(&topic.name)
    } else {
        stripped.to_string()
    };
    if !title.trim().is_empty() && stripped != title.trim() {
        extra.insert("original_title".into(), json!(title));
    }
    for (k, v) in &topic.rest {
        extra.insert(k.clone(), v.clone());
    }
    (name, extra)
}

/// "communication and teamwork" → "Communication and teamwork".
fn title_case(name: &str) -> String {
    let name = collapse_whitespace(&name.replace(['-', '_'], " "));
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

/// The expectation stated by a topic's content entries for one level.
fn expectation<'a>(
    competency: CompetencyId,
    content: impl Iterator<Item = &'a Content>,
) -> Expectation {
    let mut criteria = Vec::new();
    let mut examples = Vec::new();
    let mut illustrate = Vec::new();
    let mut extra = Extra::new();
    let mut example_extra = BTreeMap::new();
    for c in content {
        criteria.extend(c.criteria.iter().flatten().cloned());
        for ec in c.example_criteria.iter().flatten() {
            let index = criteria.len();
            criteria.push(ec.criteria.clone());
            for example in ec.examples.iter().flatten() {
                examples.push(example.clone());
                illustrate.push(index);
            }
            if !ec.rest.is_empty() {
                example_extra.insert(index.to_string(), json!(ec.rest));
            }
        }
        for (k, v) in &c.rest {
            extra.insert(k.clone(), v.clone());
        }
    }
    if !illustrate.is_empty() {
        extra.insert("examples_illustrate".into(), json!(illustrate));
    }
    if !example_extra.is_empty() {
        extra.insert("example_criteria_extra".into(), json!(example_extra));
    }
    Expectation {
        description: None,
        competency,
        step: None,
        criteria,
        examples,
        extra,
        origin: Default::default(),
    }
}

/// "Level 3" → (3, ""); "Level 3: Senior" → (3, "Senior").
fn level_heading(text: &str) -> Option<(u32, String)> {
    let text = strip_decoration(text);
    let rest = text
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("level"))
        .map(|_| &text[5..])?;
    let rest = rest.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().ok()?;
    let after = rest[digits.len()..]
        .trim_start_matches([':', '-', '—', '–', ' '])
        .trim();
    Some((number, after.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::id;

    #[test]
    fn generic_files_are_shown_relative_to_the_importing_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let nested = dir.join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.join("generic.md"), "").unwrap();
        let file = nested.join("x.md");
        std::fs::write(&file, "").unwrap();
        let generic = find_generic(&file).expect("found upward");
        assert_eq!(relative_name(&file, "x.md", &generic), "../../generic.md");
        assert_eq!(
            relative_name(&file, "root/a/b/x.md", &generic),
            "root/generic.md"
        );
        assert_eq!(relative_name(&file, "b/x.md", &generic), "../generic.md");
    }

    #[test]
    fn level_headings_give_their_number() {
        assert_eq!(level_heading("Level 1"), Some((1, String::new())));
        assert_eq!(level_heading("level 12: Lead"), Some((12, "Lead".into())));
        assert_eq!(level_heading("Knowledge"), None);
        assert_eq!(level_heading("Level"), None);
    }

    #[test]
    fn a_tab_after_a_sequence_dash_reads_as_a_space() {
        assert_eq!(untab_sequence_entry("    -\t\"a\"\n"), "    - \"a\"\n");
        assert_eq!(untab_sequence_entry("    - \"a\"\n"), "    - \"a\"\n");
        assert_eq!(untab_sequence_entry("key: \"-\ta\"\n"), "key: \"-\ta\"\n");
    }

    #[test]
    fn a_file_without_front_matter_is_reported_at_its_first_line() {
        let err = parse_text(
            Path::new("x/backend.md"),
            "backend.md".into(),
            "# Backend\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x/backend.md:1: a Monzo framework file starts with YAML front matter between two `---` lines"
        );
    }

    #[test]
    fn a_front_matter_error_names_the_line_in_the_file() {
        let text = "---\ntitle: \"a\"\ntopics:\n  - name: [unclosed\n---\n";
        let err = parse_text(Path::new("f.md"), "f.md".into(), text).unwrap_err();
        match err {
            ImportError::Parse { line, .. } => assert!((4..=6).contains(&line), "line {line}"),
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn example_criteria_keep_their_examples_linked() {
        let content = Content {
            level: 2,
            criteria: Some(vec!["a".into()]),
            example_criteria: Some(vec![ExampleCriterion {
                criteria: "b".into(),
                examples: Some(vec!["b1".into(), "b2".into()]),
                rest: IndexMap::new(),
            }]),
            rest: IndexMap::new(),
        };
        let e = expectation(id("x"), std::iter::once(&content));
        assert_eq!(e.criteria, vec!["a", "b"]);
        assert_eq!(e.examples, vec!["b1", "b2"]);
        assert_eq!(e.extra["examples_illustrate"], json!([1, 1]));
    }

    #[test]
    fn leadership_files_are_management_tracks() {
        let doc = |stem: &str, title: &str| Doc {
            path: PathBuf::from(format!("{stem}.md")),
            name: format!("{stem}.md"),
            stem: stem.into(),
            front: FrontMatter {
                title: Some(title.into()),
                yaml: Some(true),
                topics: None,
                rest: IndexMap::new(),
            },
            body: String::new(),
            body_line: 1,
        };
        assert_eq!(
            doc("ops-leadership", "🎯 Ops Leadership Framework").kind(),
            TrackKind::Management
        );
        assert_eq!(
            doc("backend", "🛠️ Backend Engineering Framework").kind(),
            TrackKind::IndividualContributor
        );
        assert_eq!(
            doc("backend", "🛠️ Backend Engineering Framework").track_name(),
            "Backend Engineering"
        );
    }
}
