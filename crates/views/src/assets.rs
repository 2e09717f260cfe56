//! The static files every page uses, compiled into the binary so that the web application
//! serves them and the static export writes them without reaching any other host.

/// A static file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Asset {
    /// File name under the assets folder ([`crate::shell::links::ASSETS_DIR`] in the export).
    pub name: &'static str,
    pub content_type: &'static str,
    pub content: &'static str,
}

/// The style sheet: hand-written, no framework.
pub const CSS: Asset = Asset {
    name: "pendulum.css",
    content_type: "text/css; charset=utf-8",
    content: include_str!("../static/pendulum.css"),
};

/// htmx, vendored from its npm package (version in `static/README.md`); pages work
/// without it, and with it the web application swaps only the main content.
pub const HTMX: Asset = Asset {
    name: "htmx.min.js",
    content_type: "text/javascript; charset=utf-8",
    content: include_str!("../static/htmx.min.js"),
};

/// Pendulum's own script, written for it: focuses a refused form's error summary and
/// shows only the record form's fields that apply (see the file's head). Pages work
/// without it.
pub const SCRIPT: Asset = Asset {
    name: "pendulum.js",
    content_type: "text/javascript; charset=utf-8",
    content: include_str!("../static/pendulum.js"),
};

/// htmx's licence (Zero-Clause BSD), shipped beside it.
pub const HTMX_LICENSE: Asset = Asset {
    name: "htmx.LICENSE",
    content_type: "text/plain; charset=utf-8",
    content: include_str!("../static/htmx.LICENSE"),
};

pub const ALL: [Asset; 4] = [CSS, HTMX, HTMX_LICENSE, SCRIPT];

/// The asset called `name`, for a server's static route.
pub fn get(name: &str) -> Option<Asset> {
    ALL.into_iter().find(|a| a.name == name)
}
