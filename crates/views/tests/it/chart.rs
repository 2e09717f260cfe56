//! The pay chart: one bar per level with a band, grouped by grade with the tracks side by
//! side, well-formed SVG with a title and a description, and placed so that the bars'
//! order and extent match the figures.

use std::collections::BTreeSet;

use pendulum_framework::ids::Currency;
use pendulum_views::chart::PayChart;
use pendulum_views::render_site;
use roxmltree::{Document, Node};

use crate::{builtin_fw, checked, page};

fn bars<'a>(doc: &'a Document<'a>) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|c| c == "bar"))
        })
        .collect()
}

fn number(node: Node, attribute: &str) -> f64 {
    node.attribute(attribute)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{attribute} of {node:?}"))
}

#[test]
fn the_pay_chart_has_one_bar_per_level_with_a_band_and_is_well_formed() {
    let fw = builtin_fw();
    let pages = render_site(&fw, &[]);
    let html = page(&pages, "compare/pay.html");
    assert_eq!(html.matches("<svg").count(), 1, "one currency, one chart");
    let svg = crate::fragment(html, "<svg", "svg");
    let doc = Document::parse(&svg).expect("the chart is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let labelled_by: Vec<&str> = root
        .attribute("aria-labelledby")
        .unwrap()
        .split(' ')
        .collect();
    let title = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(labelled_by[0]))
        .unwrap();
    let desc = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(labelled_by[1]))
        .unwrap();
    assert!(title.has_tag_name("title"));
    assert_eq!(
        title.text(),
        Some("Pay bands in EUR (example figures), by grade and track")
    );
    assert!(desc.has_tag_name("desc"));
    assert!(
        desc.text()
            .unwrap()
            .contains("One horizontal bar per level")
    );

    let bars = bars(&doc);
    let with_band: BTreeSet<String> = fw
        .levels()
        .filter(|(_, l)| !l.pay.is_empty())
        .map(|(_, l)| l.id.to_string())
        .collect();
    assert_eq!(bars.len(), with_band.len());
    let drawn: BTreeSet<String> = bars
        .iter()
        .map(|b| b.attribute("data-level").unwrap().to_string())
        .collect();
    assert_eq!(drawn, with_band);

    // Bars follow the grades, the highest first as on every page, the tracks side by side
    // within each; a wider band draws a wider bar, and equal bands draw equal bars.
    let order: Vec<&str> = bars
        .iter()
        .map(|b| b.attribute("data-level").unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "ic-7", "em-4", "ic-6", "em-3", "ic-5", "em-2", "ic-4", "em-1", "ic-3", "ic-2", "ic-1"
        ]
    );
    let rect = |level: &str| {
        let bar = bars
            .iter()
            .find(|b| b.attribute("data-level") == Some(level))
            .unwrap();
        let r = bar.children().find(|n| n.has_tag_name("rect")).unwrap();
        (number(r, "x"), number(r, "y"), number(r, "width"))
    };
    let (ic4, em1, ic7) = (rect("ic-4"), rect("em-1"), rect("ic-7"));
    assert_eq!((ic4.0, ic4.2), (em1.0, em1.2), "equal bands, equal bars");
    assert!(em1.1 > ic4.1, "side by side, one below the other");
    assert!(ic7.0 > ic4.0 && ic7.2 > ic4.2);
    let groups: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("group-label"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    assert_eq!(
        groups,
        [
            "Grade g7", "Grade g6", "Grade g5", "Grade g4", "Grade g3", "Grade g2", "Grade g1"
        ]
    );
    // Every bar has a tooltip with the whole story, track included.
    let tooltip = bars[6]
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap();
    assert_eq!(
        tooltip.text(),
        Some("Staff Engineer (Individual contributor): 90,000–114,000 EUR, midpoint 102,000")
    );
}

#[test]
fn one_chart_per_currency_with_ungraded_levels_last() {
    let yaml = r#"
format: 1
name: Two currencies
grades: [g1]
tracks:
  - id: eng
    name: Engineering
    kind: individual-contributor
    levels:
      - id: e1
        title: Engineer
        grade: g1
        pay:
          - { currency: EUR, min: 50000, max: 60000 }
          - { currency: GBP, min: 40000, max: 52000 }
      - id: e2
        title: Apprentice
        pay:
          - { currency: EUR, min: 30000, max: 35000, example: true }
  - id: mgmt
    name: Management
    kind: management
    levels:
      - id: m1
        title: Manager
        grade: g1
        pay:
          - { currency: EUR, min: 50000, max: 60000 }
"#;
    let fw = checked("two.yaml", yaml);
    let eur = PayChart::new(&fw, &Currency::new("EUR").unwrap()).unwrap();
    assert_eq!(eur.bars(), 3);
    assert_eq!(
        eur.groups
            .iter()
            .map(|g| g.label.as_str())
            .collect::<Vec<_>>(),
        ["Grade g1", "No grade"]
    );
    assert!(
        eur.groups[1].bars[0].label.ends_with(", example figures"),
        "mixed bands say which"
    );
    let gbp = PayChart::new(&fw, &Currency::new("GBP").unwrap()).unwrap();
    assert_eq!(gbp.bars(), 1);
    assert!(PayChart::new(&fw, &Currency::new("USD").unwrap()).is_none());

    let pages = render_site(&fw, &[]);
    let html = page(&pages, "compare/pay.html");
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(html.contains("<h2 id=\"pay-eur\">EUR"));
    assert!(html.contains("<h2 id=\"pay-gbp\">GBP</h2>"));
    let ids: Vec<String> = crate::attribute_values(html, "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "ids are unique in the page");
    for chart in html.split("<svg").skip(1) {
        let svg = format!("<svg{}", &chart[..chart.find("</svg>").unwrap() + 6]);
        Document::parse(&svg).expect("each chart is well-formed XML");
    }
}
