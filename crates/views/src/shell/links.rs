//! Where pages and assets live, relative to the page that links to them.
//!
//! The same views serve two sites: the static export (files such as `index.html`,
//! `levels/ic-4.html`, opened from disk or any file server) and the web application
//! (routes such as `/framework/levels/ic-4` under a prefix). A view never writes a path
//! itself; it asks its [`Links`], so one template produces correct links in both.

use pendulum_framework::ids::{LevelId, TrackId};

/// An entry of the site navigation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavLink {
    pub label: String,
    pub href: String,
    /// Marked `aria-current="page"`.
    pub current: bool,
}

/// The signed-in part of the web application's header: the application's sections, who
/// is signed in, and the sign-out form with the session's anti-forgery token. Absent in
/// the static export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppBar {
    /// The sections this account may open (the web application decides which).
    pub nav: Vec<NavLink>,
    /// Who is signed in, as shown: an email address.
    pub who: String,
    /// Their role, as shown: `member`, `manager`…
    pub role: String,
    /// The session's CSRF token, sent with the sign-out form.
    pub csrf: String,
    /// Where the sign-out form posts.
    pub logout: String,
}

/// Builds the links of one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Links {
    /// Prepended to every page path: `""` or `"../"` in the static export, a prefix such
    /// as `"/framework/"` in the web application.
    base: String,
    /// Appended to every page path: `".html"` for files, `""` for routes.
    ext: &'static str,
    /// Where `pendulum.css` and `htmx.min.js` are.
    assets: String,
    /// Whether links are followed with htmx (`hx-boost`); only where a server answers
    /// with partials. Everything works without it.
    boost: bool,
    /// The signed-in header, in the web application.
    app: Option<AppBar>,
}

/// The folder of the static assets in the export, relative to its root.
pub const ASSETS_DIR: &str = "static";

impl Links {
    /// Links for a page of the static export at `path` (relative to the export's root,
    /// `/`-separated): `levels/ic-4.html` links to the index as `../index.html`.
    pub fn static_page(path: &str) -> Self {
        let base = "../".repeat(path.matches('/').count());
        Self {
            assets: format!("{base}{ASSETS_DIR}/"),
            base,
            ext: ".html",
            boost: false,
            app: None,
        }
    }

    /// Links for the web application: pages under `base` (such as `/framework/`), assets
    /// under `assets` (such as `/static/`). Both should end with `/`.
    pub fn web(base: &str, assets: &str) -> Self {
        Self {
            base: base.to_string(),
            ext: "",
            assets: assets.to_string(),
            boost: true,
            app: None,
        }
    }

    /// The same links, with the signed-in header every page of the web application shows.
    pub fn with_app(mut self, app: AppBar) -> Self {
        self.app = Some(app);
        self
    }

    pub fn app(&self) -> Option<&AppBar> {
        self.app.as_ref()
    }

    pub fn boost(&self) -> bool {
        self.boost
    }

    fn page(&self, path: &str) -> String {
        format!("{}{path}{}", self.base, self.ext)
    }

    /// Where the brand in the header leads: the application's home page when signed in,
    /// the framework's front page in the static export.
    pub fn home(&self) -> String {
        if self.app.is_some() {
            crate::shell::paths::HOME.to_string()
        } else {
            self.index()
        }
    }

    /// The framework's front page: tracks side by side by grade.
    pub fn index(&self) -> String {
        if self.ext.is_empty() {
            self.base.clone()
        } else {
            self.page("index")
        }
    }

    pub fn track(&self, id: &TrackId) -> String {
        self.page(&format!("tracks/{id}"))
    }

    pub fn level(&self, id: &LevelId) -> String {
        self.page(&format!("levels/{id}"))
    }

    /// What changes from level `id` to the next level of its track.
    pub fn next_level(&self, id: &LevelId) -> String {
        self.page(&format!("next/{id}"))
    }

    pub fn pay(&self) -> String {
        self.page("compare/pay")
    }

    pub fn rights(&self) -> String {
        self.page("compare/rights")
    }

    pub fn lint(&self) -> String {
        self.page("lint")
    }

    /// A static asset by file name: `pendulum.css`, `htmx.min.js`.
    pub fn asset(&self, name: &str) -> String {
        format!("{}{name}", self.assets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_links_climb_out_of_the_page_folder() {
        let ic4 = LevelId::new("ic-4").unwrap();
        let root = Links::static_page("index.html");
        assert_eq!(root.index(), "index.html");
        assert_eq!(root.level(&ic4), "levels/ic-4.html");
        assert_eq!(root.asset("pendulum.css"), "static/pendulum.css");
        let nested = Links::static_page("levels/ic-4.html");
        assert_eq!(nested.index(), "../index.html");
        assert_eq!(nested.next_level(&ic4), "../next/ic-4.html");
        assert_eq!(nested.pay(), "../compare/pay.html");
        assert_eq!(nested.asset("htmx.min.js"), "../static/htmx.min.js");
        assert!(!nested.boost());
    }

    #[test]
    fn web_links_sit_under_a_prefix_without_extensions() {
        let web = Links::web("/framework/", "/static/");
        assert_eq!(web.index(), "/framework/");
        assert_eq!(
            web.track(&TrackId::new("ic").unwrap()),
            "/framework/tracks/ic"
        );
        assert_eq!(web.lint(), "/framework/lint");
        assert_eq!(web.asset("pendulum.css"), "/static/pendulum.css");
        assert!(web.boost());
    }
}
