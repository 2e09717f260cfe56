//! Pay bands compared across tracks: for each currency, a table by grade with one column
//! per track, and a chart of every band. Equal grades should carry equal pay; this page
//! makes it visible whether they do.

use askama::Template;
use pendulum_framework::Framework;
use pendulum_framework::ids::Currency;

use super::{Band, Link, kind_class};
use crate::chart::{PayChart, levels_by_grade};
use crate::markup::Markup;
use crate::shell::layout::{Chrome, Section};
use crate::shell::links::Links;

pub struct TrackHead {
    pub link: Link,
    pub class: &'static str,
}

pub struct LevelBand {
    pub link: Link,
    pub band: Band,
}

pub struct PayRow {
    pub grade: String,
    /// One cell per track, in the tracks' order.
    pub cells: Vec<Vec<LevelBand>>,
}

pub struct CurrencySection {
    pub currency: String,
    /// Anchor of the section.
    pub id: String,
    pub example: bool,
    pub rows: Vec<PayRow>,
    pub chart: Markup,
    pub bars: usize,
}

#[derive(Template)]
#[template(path = "framework/pay.html", blocks = ["content"])]
pub struct PayView {
    pub chrome: Chrome,
    pub trail: Vec<Link>,
    pub tracks: Vec<TrackHead>,
    pub currencies: Vec<CurrencySection>,
    pub without_pay: Vec<Link>,
}

crate::view!(PayView);

/// Currencies in the order they first appear, level by level.
fn currencies(fw: &Framework) -> Vec<&Currency> {
    let mut out: Vec<&Currency> = Vec::new();
    for (_, level) in fw.levels() {
        for band in &level.pay {
            if !out.contains(&&band.currency) {
                out.push(&band.currency);
            }
        }
    }
    out
}

impl PayView {
    pub fn new(fw: &Framework, links: &Links) -> Self {
        let currencies = currencies(fw)
            .into_iter()
            .filter_map(|currency| {
                let chart = PayChart::new(fw, currency)?;
                let rows = levels_by_grade(fw, currency)
                    .into_iter()
                    .map(|(grade, levels)| PayRow {
                        grade: grade.map_or_else(|| "no grade".to_string(), |g| g.to_string()),
                        cells: fw
                            .tracks
                            .iter()
                            .map(|t| {
                                levels
                                    .iter()
                                    .filter(|(lt, _, _)| lt.id == t.id)
                                    .map(|(_, l, b)| LevelBand {
                                        link: Link {
                                            label: l.title.clone(),
                                            href: links.level(&l.id),
                                        },
                                        band: Band::of(b),
                                    })
                                    .collect()
                            })
                            .collect(),
                    })
                    .collect::<Vec<_>>();
                Some(CurrencySection {
                    currency: currency.to_string(),
                    id: format!("pay-{}", currency.as_str().to_ascii_lowercase()),
                    example: rows
                        .iter()
                        .flat_map(|r| r.cells.iter().flatten())
                        .any(|c| c.band.example),
                    rows,
                    bars: chart.bars(),
                    chart: chart.to_markup(),
                })
            })
            .collect();
        Self {
            chrome: Chrome::framework(fw, "Pay compared across tracks", links, Section::Pay),
            trail: vec![Link {
                label: fw.name.clone(),
                href: links.index(),
            }],
            tracks: fw
                .tracks
                .iter()
                .map(|t| TrackHead {
                    link: Link::to_track(t, links),
                    class: kind_class(t.kind),
                })
                .collect(),
            currencies,
            without_pay: fw
                .levels()
                .filter(|(_, l)| l.pay.is_empty())
                .filter_map(|(_, l)| Link::to_level(fw, links, &l.id))
                .collect(),
        }
    }
}
