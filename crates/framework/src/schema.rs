//! The JSON Schema of the file format, generated from the raw types.

use crate::raw::RawFramework;

/// The schema as pretty-printed JSON.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(RawFramework);
    serde_json::to_string_pretty(&schema).expect("a schema always serialises")
}
