//! Pendulum's server-rendered HTML, shared by the web application and the static export.
//!
//! Each view is a struct built from the framework model (and, for the lint report and the
//! diff, from what `lint` and `diff` found). It renders twice over from one askama
//! template: [`View::render_page`] gives the whole page (the layout around the template's
//! `content` block) and [`View::render_partial`] gives the `content` block alone, which
//! the web application answers htmx requests (`HX-Request: true`) with. Every page reads
//! completely without JavaScript.
//!
//! Views link to each other only through [`Links`], so the same templates produce the
//! static export's relative file links and the web application's routes.
//!
//! This crate renders; it reads no files, holds no state and knows nothing of accounts or
//! HTTP (the sign-in form, [`login::LoginView`], is told everything it shows). Text from a framework is escaped by the templates; Markdown descriptions go
//! through [`markup::markdown`], which neutralises raw HTML.
//!
//! Wording follows the product's neutral language: tracks are side by side, a move
//! between them is a move, and a return to individual contribution is never a step down.

pub mod admin;
pub mod assets;
pub mod chart;
pub mod forms;
pub mod framework;
pub mod home;
pub mod journal;
pub mod login;
pub mod markup;
pub mod notes_lock;
pub mod people;
pub mod plan;
pub mod reflection;
pub mod refused;
pub mod shell;
pub mod simulate;
pub mod site;
pub mod timeline;
pub mod versions;

pub use markup::Markup;
pub use shell::layout::Chrome;
pub use shell::links::{AppBar, Links, NavLink};
pub use shell::{dates, layout, links, paths};
pub use site::{Page, Site, render_site};

/// A page of the web application or the static export.
pub trait View {
    /// The whole HTML document.
    fn render_page(&self) -> String;
    /// Only what goes inside `<main>`: the answer to an htmx request.
    fn render_partial(&self) -> String;
}

/// Implements [`View`] for a template struct whose template extends `layout.html` and
/// fills its `content` block. Rendering cannot fail: views hold only strings and numbers,
/// whose formatting has no error path.
macro_rules! view {
    ($ty:ty) => {
        impl $crate::View for $ty {
            fn render_page(&self) -> String {
                askama::Template::render(self).expect("a view renders")
            }

            fn render_partial(&self) -> String {
                askama::Template::render(&self.as_content()).expect("a view renders")
            }
        }
    };
}
pub(crate) use view;
