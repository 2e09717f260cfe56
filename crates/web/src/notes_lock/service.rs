//! What the lock's page and its API share: reading a typed recovery code once, and
//! unlocking with it under the throttle.
//!
//! Unlock attempts are counted per account before the code is checked, and forgiven when
//! it matches ([`crate::throttle::UnlockThrottle`]): whoever holds a locked account cannot
//! try more than a few codes in a quarter of an hour, and each try costs the server one
//! Argon2 computation at most.

use pendulum_domain::notes_lock::RecoveryCode;
use pendulum_store::Store;

use crate::access::{Unlocking, Viewer};
use crate::error::WebError;
use crate::shell::sentence;
use crate::state::AppState;

/// Why an unlock was refused, for the page's form and the API.
#[derive(Debug)]
pub(super) enum Refused {
    /// The code typed is not a code, or not the current one (**422**, at the field
    /// `code`): the message says which.
    Code(String),
    /// Too many wrong codes lately (**429**).
    TooMany,
    /// Anything else: the notes are not locked (**422** `not_locked`), the server is busy…
    Other(WebError),
}

/// What a wrong code is told: the same whether it is malformed-looking or simply another.
const WRONG: &str = "That code does not unlock your notes. Check it against the one you saved.";
/// What a person locked before they had any code is told.
const NO_CODE: &str = "Your notes were locked before you were given a recovery code, so no code \
                       unlocks them. You can delete them and start again.";
/// What a throttled attempt is told.
pub(super) const TOO_MANY: &str =
    "Too many wrong codes. Wait 15 minutes and try again; nothing was checked.";

/// Unlocks the viewer's notes with the code `typed`, counted by the throttle.
pub(super) async fn unlock<S: Store>(
    state: &AppState<S>,
    viewer: &Viewer<S>,
    typed: &str,
) -> Result<(), Refused> {
    let owner = viewer.owner().map_err(Refused::Other)?;
    let code = RecoveryCode::parse(typed).map_err(|e| Refused::Code(sentence(&e.to_string())))?;
    let throttle = state.unlock_throttle();
    let attempt = throttle
        .begin(viewer.account().id)
        .ok_or(Refused::TooMany)?;
    match owner.unlock_notes(&code).await {
        Ok(Unlocking::Unlocked) => {
            throttle.succeeded(attempt);
            Ok(())
        }
        Ok(Unlocking::WrongCode) => Err(Refused::Code(WRONG.to_string())),
        Ok(Unlocking::NoCode) => Err(Refused::Code(NO_CODE.to_string())),
        Err(e) => {
            throttle.cancel(attempt);
            Err(Refused::Other(e))
        }
    }
}
