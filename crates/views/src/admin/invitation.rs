//! Accepting an invitation (`/invitations/{token}`): a page of its own, like the sign-in
//! form, since whoever opens it has no account yet. The person chooses a password; the
//! web application decides everything else the page says.

use askama::Template;

#[derive(Template)]
#[template(path = "admin/invitation.html")]
pub struct InvitationView<'a> {
    /// The organisation's name.
    pub organisation: &'a str,
    /// Where the form posts: the invitation's own address.
    pub action: &'a str,
    /// The anti-forgery token sent back in a hidden field (a double-submit token, as on
    /// the sign-in form).
    pub csrf: &'a str,
    /// The style sheet's address.
    pub css: &'a str,
    /// The invited email address, which becomes the account's.
    pub email: &'a str,
    /// The role the invitation gives: `member`, `manager`…
    pub role: &'a str,
    /// Why the last attempt was refused (passwords differ, too short, expired…).
    pub error: Option<&'a str>,
    /// After the account is created: what happened. The form is then left out and the
    /// page links to `sign_in`.
    pub notice: Option<&'a str>,
    /// The sign-in page's address.
    pub sign_in: &'a str,
}

impl InvitationView<'_> {
    /// The shortest password the form accepts.
    pub const MIN_PASSWORD: usize = 12;

    pub fn render_page(&self) -> String {
        Template::render(self).expect("a view renders")
    }
}
