//! The static export: every framework page as a file, with relative links, plus the
//! assets, ready to open from disk or publish on any file server.
//!
//! ```text
//! index.html               tracks side by side by grade
//! tracks/<track>.html      a track
//! levels/<level>.html      a level
//! next/<level>.html        what changes from a level to the next one of its track
//! compare/pay.html         pay bands compared across tracks
//! compare/rights.html      decision rights compared across tracks
//! lint.html                the lint report
//! static/…                 pendulum.css, htmx.min.js and its licence
//! ```

use std::path::PathBuf;

use pendulum_framework::Framework;
use pendulum_framework::diagnostic::Sources;
use pendulum_framework::explain;
use pendulum_framework::lint::Finding;

use crate::View;
use crate::assets;
use crate::framework::{
    ExplainView, IndexView, LevelView, LintView, PayView, RightsView, TrackView,
};
use crate::shell::links::{ASSETS_DIR, Links};

/// A file of the export: its path relative to the output folder (`/`-separated) and its
/// content. The same type as the Markdown renderer's pages, so one writer serves both.
pub use pendulum_framework::render::Page;

/// What the export is made from.
#[derive(Clone, Copy, Debug)]
pub struct Site<'a> {
    pub framework: &'a Framework,
    /// What `lint::lint` found, for the lint report.
    pub findings: &'a [Finding],
    /// The files the framework was read from, so the lint report names a finding's file.
    pub sources: Option<&'a Sources>,
}

/// Renders every page of the export and its assets; see [`Site`].
pub fn render_site(fw: &Framework, findings: &[Finding]) -> Vec<Page> {
    Site {
        framework: fw,
        findings,
        sources: None,
    }
    .render()
}

impl Site<'_> {
    /// Every page, in a stable order: index, tracks, levels, next-level pages,
    /// comparisons, lint report; then the assets.
    pub fn render(&self) -> Vec<Page> {
        let fw = self.framework;
        // Links from the root are the files' own paths.
        let root = Links::static_page("index.html");
        let mut pages = Vec::new();
        let mut add = |path: String, render: &dyn Fn(&Links) -> String| {
            let links = Links::static_page(&path);
            pages.push(Page {
                content: render(&links),
                path: PathBuf::from(path),
            });
        };

        add(root.index(), &|l| {
            IndexView::new(fw, self.findings, l).render_page()
        });
        for track in &fw.tracks {
            add(root.track(&track.id), &|l| {
                TrackView::new(fw, track, l).render_page()
            });
        }
        for track in &fw.tracks {
            for (i, level) in track.levels.iter().enumerate() {
                add(root.level(&level.id), &|l| {
                    LevelView::new(fw, track, i, l).render_page()
                });
            }
        }
        for track in &fw.tracks {
            for pair in track.levels.windows(2) {
                let e = explain::explain(fw, &track.id, &pair[0].id, &pair[1].id)
                    .expect("consecutive levels of one track can always be explained");
                add(root.next_level(&pair[0].id), &|l| {
                    ExplainView::new(fw, &e, l).render_page()
                });
            }
        }
        add(root.pay(), &|l| PayView::new(fw, l).render_page());
        add(root.rights(), &|l| RightsView::new(fw, l).render_page());
        add(root.lint(), &|l| {
            LintView::new(fw, self.findings, self.sources, l).render_page()
        });

        pages.extend(assets::ALL.iter().map(|a| Page {
            path: PathBuf::from(format!("{ASSETS_DIR}/{}", a.name)),
            content: a.content.to_string(),
        }));
        pages
    }
}
