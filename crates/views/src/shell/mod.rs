//! What every page shares: where the web application's pages live ([`paths`]), how a page
//! links to the others in both sites ([`links`]), the layout around it ([`layout`]), and
//! how dates and times are shown ([`dates`]).
//!
//! The web application registers its routes with the templates of [`paths`], and the
//! views link with its builders, so a route and the links to it cannot part ways. This
//! module imports no view: every view may import it.

pub mod dates;
pub mod layout;
pub mod links;
pub mod paths;
