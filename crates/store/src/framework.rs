//! Framework versions as the store keeps them: the YAML text exactly as published (it is
//! what was reviewed), a content hash, and the rules a new version must pass before it is
//! stored. Backends call these helpers so that both apply the same rules.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::Future;
use std::sync::{Arc, Mutex};

use pendulum_domain::{Frameworks, OrgId};
use pendulum_framework::Framework;
use pendulum_framework::diagnostic::{Style, render};
use pendulum_framework::ids::LevelId;
use pendulum_framework::load::LoadError;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::base::Base;
use crate::error::{Result, StoreError};

/// A published version, without its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameworkVersion {
    pub version: u32,
    /// SHA-256 of the YAML text, lowercase hex.
    pub sha256: String,
    pub published_at: OffsetDateTime,
}

/// SHA-256 of a framework's text, lowercase hex.
pub fn content_hash(yaml: &str) -> String {
    Sha256::digest(yaml.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a framework about to be published, with the diagnostics as plain text when it
/// fails.
pub fn check(yaml: &str) -> Result<Framework, StoreError> {
    pendulum_framework::check_str("framework.yaml", yaml)
        .map(|checked| checked.framework)
        .map_err(|e| StoreError::Invalid(load_error_text(&e)))
}

/// Parses a version read back from the database. It passed `check` when it was published;
/// failing now means the framework engine has become stricter than the stored text.
pub fn parse_stored(version: u32, yaml: &str) -> Result<Framework, StoreError> {
    pendulum_framework::check_str(&format!("framework version {version}"), yaml)
        .map(|checked| checked.framework)
        .map_err(|e| {
            StoreError::Invalid(format!(
                "stored framework version {version} no longer passes check:\n{}",
                load_error_text(&e)
            ))
        })
}

fn load_error_text(e: &LoadError) -> String {
    match e {
        LoadError::Invalid {
            sources,
            diagnostics,
        } => render(diagnostics, sources, Style::Plain),
        other => other.to_string(),
    }
}

/// Levels that `held` names (levels of current roles and of stored events) which the new
/// version neither keeps nor takes over through `renamed_from`. Renames are followed through
/// every published version, so a level renamed in version 2 and renamed again in version 3
/// counts as kept by version 3. `published` is in ascending version order.
pub fn dropped_levels(
    published: &[&Framework],
    new: &Framework,
    held: &BTreeSet<LevelId>,
) -> Vec<LevelId> {
    held.iter()
        .filter(|level| {
            let mut names = BTreeSet::from([(*level).clone()]);
            for framework in published {
                for l in levels(framework) {
                    if l.renamed_from.iter().any(|old| names.contains(old)) {
                        names.insert(l.id.clone());
                    }
                }
            }
            !levels(new).any(|l| {
                names.contains(&l.id) || l.renamed_from.iter().any(|old| names.contains(old))
            })
        })
        .cloned()
        .collect()
}

fn levels(framework: &Framework) -> impl Iterator<Item = &pendulum_framework::model::Level> {
    framework.tracks.iter().flat_map(|t| t.levels.iter())
}

/// The refusal message for [`dropped_levels`].
pub fn dropped_levels_message(dropped: &[LevelId]) -> String {
    let list = dropped
        .iter()
        .map(LevelId::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "this version drops level(s) that people hold or that their histories name: {list}. \
         Keep them, or list each under `renamed_from` of the level that takes it over"
    )
}

/// The framework versions a history needs, by version number.
#[derive(Clone, Debug, Default)]
pub struct FrameworkSet(BTreeMap<u32, Arc<Framework>>);

impl FrameworkSet {
    pub fn insert(&mut self, version: u32, framework: Arc<Framework>) {
        self.0.insert(version, framework);
    }

    pub fn contains(&self, version: u32) -> bool {
        self.0.contains_key(&version)
    }

    pub fn iter(&self) -> impl Iterator<Item = (u32, &Framework)> {
        self.0.iter().map(|(v, f)| (*v, &**f))
    }
}

impl Frameworks for FrameworkSet {
    fn get(&self, version: u32) -> Option<&Framework> {
        self.0.get(&version).map(|f| &**f)
    }

    fn versions_in(&self, from: u32, to: u32) -> Vec<u32> {
        if from > to {
            return Vec::new();
        }
        self.0.range(from..=to).map(|(v, _)| *v).collect()
    }
}

/// Parsed framework versions, shared by every handle of one store. Versions are immutable
/// once published, so an entry never goes stale; it saves parsing the YAML on every append.
#[derive(Debug, Default)]
pub struct FrameworkCache(Mutex<HashMap<(OrgId, u32), Arc<Framework>>>);

impl FrameworkCache {
    pub fn get(&self, org: OrgId, version: u32) -> Option<Arc<Framework>> {
        self.lock().get(&(org, version)).cloned()
    }

    /// Parses a stored version and keeps it.
    pub fn parse_and_keep(
        &self,
        org: OrgId,
        version: u32,
        yaml: &str,
    ) -> Result<Arc<Framework>, StoreError> {
        let framework = Arc::new(parse_stored(version, yaml)?);
        self.keep(org, version, framework.clone());
        Ok(framework)
    }

    pub fn keep(&self, org: OrgId, version: u32, framework: Arc<Framework>) {
        self.lock().insert((org, version), framework);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(OrgId, u32), Arc<Framework>>> {
        // A panic while holding the lock cannot leave the map half-updated (insert and get
        // are single operations), so a poisoned lock is still usable.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The framework versions of an organisation.
pub trait FrameworkVersions: Base {
    /// Checks `yaml` and stores it as the next version, immutably, with its content hash.
    /// Refused ([`StoreError::Invalid`]) when it fails `check`, or when it drops a level
    /// that someone's current role holds or any stored event names, unless a level of the
    /// new version lists the dropped one in `renamed_from`. Two publishers racing for the
    /// same version number get [`StoreError::Conflict`].
    fn publish_framework(&self, yaml: &str) -> impl Future<Output = Result<u32>> + Send;

    /// The published versions, oldest first.
    fn framework_versions(&self) -> impl Future<Output = Result<Vec<FrameworkVersion>>> + Send;

    /// One version, parsed.
    fn framework(&self, version: u32) -> impl Future<Output = Result<Framework>> + Send;

    /// One version's text exactly as published.
    fn framework_yaml(&self, version: u32) -> impl Future<Output = Result<String>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework(yaml_levels: &str) -> Framework {
        let yaml = format!(
            "format: 1\nname: Test\ntracks:\n  - id: ic\n    name: IC\n    kind: individual-contributor\n    levels:\n{yaml_levels}"
        );
        check(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
    }

    fn ids(ids: &[&str]) -> BTreeSet<LevelId> {
        ids.iter().map(|s| LevelId::new(*s).unwrap()).collect()
    }

    #[test]
    fn hash_is_sha256_hex() {
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn dropped_levels_follow_renames_through_versions() {
        let v1 = framework("      - { id: a, title: A }\n      - { id: b, title: B }\n");
        let v2 = framework(
            "      - { id: a, title: A }\n      - { id: b2, title: B, renamed_from: [b] }\n",
        );
        let v3_keeps = framework(
            "      - { id: a, title: A }\n      - { id: b3, title: B, renamed_from: [b2] }\n",
        );
        let v3_drops = framework("      - { id: a, title: A }\n");
        let held = ids(&["a", "b"]);
        assert!(dropped_levels(&[&v1, &v2], &v3_keeps, &held).is_empty());
        assert_eq!(
            dropped_levels(&[&v1, &v2], &v3_drops, &held),
            vec![LevelId::new("b").unwrap()]
        );
        assert!(dropped_levels(&[&v1], &v2, &held).is_empty());
    }
}
