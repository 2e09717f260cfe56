//! The sign-in form: a page of its own, without the site's navigation (nothing behind it
//! is readable before signing in). The web application decides what it says and where it
//! posts; this module only renders it.

use askama::Template;

use crate::forms::FormErrors;

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginView<'a> {
    /// The organisation's name.
    pub organisation: &'a str,
    /// Where the form posts.
    pub action: &'a str,
    /// The anti-forgery token sent back in a hidden field.
    pub csrf: &'a str,
    /// The style sheet's address.
    pub css: &'a str,
    /// The email typed last time, kept after a failed attempt.
    pub email: &'a str,
    /// Why the last attempt failed.
    pub message: Option<&'a str>,
    /// The field the failure is about (`password` for a wrong email or password), marked
    /// by the form's pattern ([`FormErrors`]); `None` for a refusal of the attempt itself
    /// (too many attempts).
    pub field: Option<&'a str>,
    /// The demo's public logins, shown under the form; empty (and not shown) anywhere but
    /// in `pendulum demo`.
    pub demo_logins: &'a [DemoLogin],
}

/// One of the demo's sign-in accounts. Its password is public: the demo prints it too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoLogin {
    /// The role, as people say it ("pay administrator").
    pub role: String,
    pub email: String,
    pub password: String,
    /// What signing in as this role shows, in one line.
    pub sees: String,
}

impl LoginView<'_> {
    /// The refusal, as every form shows one: the summary at the top of the form, focused,
    /// and the field it is about marked.
    pub fn errors(&self) -> Option<FormErrors> {
        FormErrors::refusal("signin", self.message, self.field)
    }

    pub fn render_page(&self) -> String {
        Template::render(self).expect("a view renders")
    }
}
