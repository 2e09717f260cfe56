//! The projection against small examples worked by hand, the file's rules one by one, and
//! the estimate on a handmade history.

mod estimate;
mod model;
mod project;

/// `a` and `b` agree to within `1e-9`.
#[track_caller]
fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} is not {b}");
}
