//! Tests of render.
