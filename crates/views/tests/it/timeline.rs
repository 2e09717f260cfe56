//! The pendulum timeline: well-formed SVG with a title and a description, one swing per
//! move between tracks (labelled in the same words both ways), equal grades at equal
//! heights on every track, trials and time away drawn apart, an exit ending the line, and
//! the same output every time.

use std::collections::{BTreeMap, BTreeSet};

use pendulum_domain::{EventKind, PersonStatus, RoleEvent};
use pendulum_views::timeline::TimelineChart;
use roxmltree::{Document, Node};
use time::macros::date;

use crate::people::{HOSTILE, History, TODAY, alex_history, frameworks, person_id};

fn chart(name: &str, events: &[RoleEvent]) -> TimelineChart {
    TimelineChart::new(name, events, &frameworks(), TODAY)
}

fn number(node: Node, attribute: &str) -> f64 {
    node.attribute(attribute)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{attribute} of {node:?}"))
}

fn has_class(node: &Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

fn texts<'a>(doc: &'a Document, class: &str) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && has_class(n, class))
        .filter_map(|n| n.text())
        .collect()
}

/// The number of times the events that count change track, worked out from the framework
/// independently of the chart.
fn track_changes(events: &[RoleEvent]) -> usize {
    let fws = frameworks();
    let fw = &fws[&1];
    let corrected: BTreeSet<_> = events.iter().filter_map(|e| e.supersedes).collect();
    let mut counting: Vec<&RoleEvent> = events
        .iter()
        .filter(|e| !corrected.contains(&e.id))
        .collect();
    counting.sort_by_key(|e| (e.effective, e.seq));
    let tracks: Vec<String> = counting
        .iter()
        .filter_map(|e| e.level.as_ref())
        .map(|l| fw.level(l).unwrap().0.id.to_string())
        .collect();
    tracks.windows(2).filter(|w| w[0] != w[1]).count()
}

#[test]
fn the_standalone_image_is_well_formed_svg_with_a_title_and_a_description() {
    let events = alex_history(&frameworks());
    let svg = chart("Alex Kim", &events).to_document();
    assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg"));
    let doc = Document::parse(&svg).expect("the timeline is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("width"), Some("100%"));
    let view_box: Vec<f64> = root
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(view_box[..3], [0.0, 0.0, 900.0]);

    let labelled_by: Vec<&str> = root
        .attribute("aria-labelledby")
        .unwrap()
        .split(' ')
        .collect();
    let children: Vec<Node> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(children[0].tag_name().name(), "title");
    assert_eq!(children[1].tag_name().name(), "desc");
    assert_eq!(
        labelled_by,
        [
            children[0].attribute("id").unwrap(),
            children[1].attribute("id").unwrap()
        ]
    );
    assert_eq!(children[0].text(), Some("Career timeline of Alex Kim"));
    assert_eq!(
        children[1].text(),
        Some(
            "Alex Kim: hired as Engineer II (ic-2) in 2019, began a management trial in 2021, \
             swung back to individual contribution after the trial in 2021, took leave in 2022, \
             swung back to management in 2023 and swung back to individual contribution in 2025; \
             now Senior Staff Engineer (ic-5)."
        )
    );
}

#[test]
fn every_move_between_tracks_is_one_labelled_swing() {
    let events = alex_history(&frameworks());
    let chart = chart("Alex Kim", &events);
    let svg = chart.to_document();
    let doc = Document::parse(&svg).unwrap();
    let swings: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "swing"))
        .collect();
    assert_eq!(track_changes(&events), 4);
    assert_eq!(swings.len(), 4);
    assert_eq!(chart.swings(), 4);
    // Neither direction reads as a fall: no swing dips below the lower of its ends (nor
    // rises above the higher), and one between equal grades is level.
    let mut level = 0;
    for swing in &swings {
        let path = swing.children().find(|n| n.has_tag_name("path")).unwrap();
        let d = path.attribute("d").unwrap();
        assert!(d.starts_with('M') && d.contains(" C"), "{d}");
        let numbers: Vec<f64> = d
            .replace(['M', 'C'], " ")
            .split_whitespace()
            .map(|v| v.parse().unwrap())
            .collect();
        let (x1, y1, x2, y2) = (numbers[0], numbers[1], numbers[6], numbers[7]);
        assert!(x2 > x1, "a swing moves forward in time: {d}");
        for y in [numbers[3], numbers[5]] {
            assert!(y >= y1.min(y2) && y <= y1.max(y2), "{d}");
        }
        if y1 == y2 {
            level += 1;
            assert!(numbers.iter().skip(1).step_by(2).all(|y| *y == y1), "{d}");
        }
        // A ring marks where the line crosses over, on the curve's height range.
        let ring = swing
            .children()
            .find(|n| n.has_tag_name("circle"))
            .expect("a ring on the swing");
        let ring_y = number(ring, "cy");
        assert!(ring_y >= y1.min(y2) && ring_y <= y1.max(y2), "{d}");
    }
    // Staff Engineer and Engineering Manager share a grade, as do Senior Staff Engineer
    // and Senior Engineering Manager: three of Alex's four swings are between equals.
    assert_eq!(level, 3);
    assert_eq!(
        texts(&doc, "swing-label"),
        [
            "swing to management",
            "swing to individual contribution",
            "swing to management",
            "swing to individual contribution"
        ]
    );
    assert!(!svg.to_lowercase().contains("demot"));
}

#[test]
fn equal_grades_sit_at_equal_heights_on_every_track() {
    let events = alex_history(&frameworks());
    let svg = chart("Alex Kim", &events).to_document();
    let doc = Document::parse(&svg).unwrap();
    let mut heights: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut tracks_at: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for stint in doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "stint"))
    {
        let grade = stint.attribute("data-grade").unwrap().to_string();
        let line = stint.children().find(|n| n.has_tag_name("line")).unwrap();
        assert_eq!(
            line.attribute("y1"),
            line.attribute("y2"),
            "segments are horizontal"
        );
        heights
            .entry(grade.clone())
            .or_default()
            .insert(line.attribute("y1").unwrap().to_string());
        let kind = if has_class(&stint, "kind-ic") {
            "ic"
        } else {
            "management"
        };
        tracks_at.entry(grade).or_default().insert(kind.to_string());
    }
    for (grade, ys) in &heights {
        assert_eq!(ys.len(), 1, "grade {grade} at one height: {ys:?}");
    }
    // Grade g4 (Staff Engineer, Engineering Manager) and g5 (Senior Staff Engineer, Senior
    // Engineering Manager) are held on both tracks, at one height each.
    assert_eq!(tracks_at["g4"].len(), 2);
    assert_eq!(tracks_at["g5"].len(), 2);
    let y = |g: &str| heights[g].iter().next().unwrap().parse::<f64>().unwrap();
    assert!(
        y("g2") > y("g3") && y("g3") > y("g4") && y("g4") > y("g5"),
        "higher grades higher up"
    );
    // Grade labels on the axis, at the same heights.
    let grade_labels: Vec<(String, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "grades"))
        .flat_map(|g| {
            g.children()
                .filter(|n| n.has_tag_name("line"))
                .collect::<Vec<_>>()
        })
        .map(|l| (String::new(), number(l, "y1")))
        .collect();
    for g in ["g2", "g3", "g4", "g5"] {
        assert!(
            grade_labels.iter().any(|(_, gy)| (*gy - y(g)).abs() < 0.01),
            "{g}"
        );
    }
}

#[test]
fn tracks_differ_by_pattern_not_colour_alone_and_trials_and_leave_are_marked() {
    let events = alex_history(&frameworks());
    let svg = chart("Alex Kim", &events).to_document();
    let doc = Document::parse(&svg).unwrap();
    let stints: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "stint"))
        .collect();
    for stint in &stints {
        let lines: Vec<Node> = stint
            .children()
            .filter(|n| n.has_tag_name("line"))
            .collect();
        let dashed = lines[0].attribute("stroke-dasharray").is_some();
        if has_class(stint, "kind-management") {
            assert_eq!(lines.len(), 2, "management is a double line");
        } else {
            assert_eq!(lines.len(), 1, "individual contribution is a single line");
        }
        assert_eq!(dashed, has_class(stint, "trial"), "only a trial is dashed");
    }
    let trial = stints
        .iter()
        .find(|s| has_class(s, "trial"))
        .expect("the trial");
    assert_eq!(trial.attribute("data-level"), Some("em-1"));
    assert!(
        texts(&doc, "stint-label")
            .iter()
            .any(|t| t.starts_with("trial")),
        "the trial is labelled"
    );
    let gaps: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "gap"))
        .collect();
    assert_eq!(gaps.len(), 1);
    assert!(has_class(&gaps[0], "leave"));
    assert_eq!(texts(&doc, "gap-label"), ["leave"]);
    // A legend says which pattern is which.
    let legend = doc
        .descendants()
        .find(|n| n.has_tag_name("g") && has_class(n, "legend"))
        .unwrap();
    let legend_text = crate::text_of(legend);
    for words in [
        "individual contribution (solid line)",
        "management (double line)",
        "management trial (dashed)",
        "leave or career break (gap)",
        "swing: a move between tracks",
    ] {
        assert!(legend_text.contains(words), "{words} in {legend_text}");
    }
    // Years along the bottom.
    let years: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "years"))
        .flat_map(|g| {
            g.children()
                .filter(|n| n.has_tag_name("text"))
                .filter_map(|t| t.text())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        years,
        ["2020", "2021", "2022", "2023", "2024", "2025", "2026"]
    );
}

#[test]
fn an_exit_ends_the_line_and_a_career_break_is_a_gap() {
    let fws = frameworks();
    let mut h = History::new(&fws, person_id(5));
    h.then(EventKind::Hire, date!(2018 - 05 - 02), Some("ic-3"));
    h.then(EventKind::CareerBreak, date!(2020 - 01 - 01), None);
    h.then(EventKind::Return, date!(2021 - 01 - 04), None);
    h.then(EventKind::Exit, date!(2023 - 06 - 30), None);
    assert_eq!(h.role().status, PersonStatus::Exited);
    let chart = chart("Kit Doe", &h.events);
    let svg = chart.to_document();
    let doc = Document::parse(&svg).unwrap();
    let exit = doc
        .descendants()
        .find(|n| n.has_tag_name("g") && has_class(n, "exit"))
        .expect("an exit mark");
    let exit_x = number(
        exit.children().find(|n| n.has_tag_name("line")).unwrap(),
        "x1",
    );
    let today_x = number(
        doc.descendants()
            .find(|n| n.has_tag_name("g") && has_class(n, "today"))
            .unwrap()
            .children()
            .find(|n| n.has_tag_name("line"))
            .unwrap(),
        "x1",
    );
    assert!(exit_x < today_x);
    for line in doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && (has_class(n, "stint") || has_class(n, "gap")))
        .flat_map(|g| {
            g.children()
                .filter(|n| n.has_tag_name("line"))
                .collect::<Vec<_>>()
        })
    {
        assert!(
            number(line, "x2") <= exit_x + 0.01,
            "nothing runs past the exit"
        );
    }
    assert_eq!(texts(&doc, "gap-label"), ["career break"]);
    let rows = chart.rows();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1].role, "Career break, keeping Senior Engineer (ic-3)");
    assert_eq!(rows[2].change, "back from a career break");
    assert_eq!(rows[2].to, "2023-06-30 (left)");
    assert_eq!(
        chart.summary(),
        "Kit Doe: hired as Senior Engineer (ic-3) in 2018, took a career break in 2020 and left in 2023."
    );
}

#[test]
fn the_same_history_draws_the_same_image_in_any_order() {
    let events = alex_history(&frameworks());
    let mut shuffled = events.clone();
    shuffled.reverse();
    let a = chart("Alex Kim", &events).to_document();
    let b = chart("Alex Kim", &shuffled).to_document();
    assert_eq!(a, b);
    // Numbers have at most one decimal.
    for value in a.split('"').filter(|v| v.parse::<f64>().is_ok()) {
        assert!(
            value.split('.').nth(1).is_none_or(|d| d.len() <= 1),
            "{value}"
        );
    }
}

#[test]
fn names_are_escaped_in_the_image() {
    let fws = frameworks();
    let mut h = History::new(&fws, person_id(6));
    h.then(EventKind::Hire, date!(2022 - 02 - 01), Some("ic-1"));
    let svg = chart(HOSTILE, &h.events).to_document();
    assert!(!svg.contains("<script>"));
    let doc = Document::parse(&svg).expect("well-formed despite the name");
    let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
    assert!(desc.text().unwrap().starts_with(HOSTILE));
}

#[test]
fn an_empty_history_still_draws_a_described_image() {
    let chart = chart("New Person", &[]);
    let doc_text = chart.to_document();
    let doc = Document::parse(&doc_text).unwrap();
    let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
    assert_eq!(
        desc.text(),
        Some("New Person: no role history is recorded yet.")
    );
    assert!(chart.rows().is_empty());
    assert_eq!(chart.swings(), 0);
}

#[test]
fn the_inline_image_has_no_xml_declaration() {
    let events = alex_history(&frameworks());
    let markup = chart("Alex Kim", &events).to_markup();
    assert!(
        markup
            .as_str()
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
    );
    insta::assert_snapshot!("alex_timeline", markup.as_str());
}

/// The horizontal extent of a `<text>`, estimated at 0.6 of its font size a character
/// (DejaVu Sans, the widest font the image names, averages under that).
fn font_size(node: Node) -> f64 {
    node.ancestors()
        .find_map(|n| n.attribute("font-size"))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap()
}

fn text_extent(node: Node) -> (f64, f64) {
    let size = font_size(node);
    let width = node.text().unwrap_or_default().chars().count() as f64 * size * 0.6;
    let x = number(node, "x");
    let anchor = node
        .ancestors()
        .find_map(|n| n.attribute("text-anchor"))
        .unwrap_or("start");
    match anchor {
        "middle" => (x - width / 2.0, x + width / 2.0),
        "end" => (x - width, x),
        _ => (x, x + width),
    }
}

fn view_box_width(doc: &Document) -> f64 {
    doc.root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .nth(2)
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn the_narrow_image_holds_the_whole_career_and_every_label_inside_its_width() {
    let fws = frameworks();
    let events = alex_history(&fws);
    let narrow = TimelineChart::narrow("Alex Kim", &events, &fws, TODAY);
    let wide = chart("Alex Kim", &events);
    // The same history, told the same way.
    assert_eq!(narrow.rows(), wide.rows());
    assert_eq!(narrow.summary(), wide.summary());
    assert_eq!(narrow.swings(), 4);
    let svg = narrow.to_document();
    let doc = Document::parse(&svg).unwrap();
    let width = view_box_width(&doc);
    assert_eq!(width, 360.0);
    assert!(has_class(&doc.root_element(), "timeline-narrow"));
    // Its ids differ from the wide image's, so both can sit in one page.
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.attribute("id"), Some("timeline-narrow-title"));
    // Every stint from the first to today is drawn inside the image.
    let stints: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "stint"))
        .collect();
    assert_eq!(stints.len(), wide.rows().len() - 1, "all but the leave");
    for line in stints
        .iter()
        .flat_map(|g| g.children().filter(|n| n.has_tag_name("line")))
    {
        assert!(number(line, "x1") >= 0.0 && number(line, "x2") <= width);
    }
    // Fewer years are labelled than on the wide image, and every one is inside.
    let years = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "years"))
        .flat_map(|g| g.children().filter(|n| n.has_tag_name("text")))
        .count();
    assert!((2..=6).contains(&years), "{years} year labels");
    // The key is the page's list, not part of this image.
    assert!(
        doc.descendants()
            .filter(|n| n.has_tag_name("g") && has_class(n, "legend"))
            .all(|g| g.children().all(|n| !n.is_element()))
    );
    assert_eq!(texts(&doc, "swing-label").len(), 4);
}

#[test]
fn no_label_runs_past_either_edge_of_either_image() {
    let fws = frameworks();
    let mut short = History::new(&fws, person_id(7));
    short.then(EventKind::Hire, date!(2026 - 02 - 01), Some("ic-4"));
    for events in [alex_history(&fws), short.events] {
        for chart in [
            chart("Alex Kim", &events),
            TimelineChart::narrow("Alex Kim", &events, &fws, TODAY),
        ] {
            let svg = chart.to_document();
            let doc = Document::parse(&svg).unwrap();
            let width = view_box_width(&doc);
            for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
                let (left, right) = text_extent(text);
                assert!(
                    left >= 0.0 && right <= width,
                    "{:?} runs from {left} to {right} in an image {width} wide",
                    text.text()
                );
                // A line's box rises the font's ascent above the baseline: under 0.95
                // of the size for DejaVu Sans.
                let top = number(text, "y") - 0.95 * font_size(text);
                assert!(top >= 0.0, "{:?} rises above the image", text.text());
            }
        }
    }
}
