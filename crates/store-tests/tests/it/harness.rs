//! The shared harness, from the library.

pub use pendulum_store_tests::harness::*;
