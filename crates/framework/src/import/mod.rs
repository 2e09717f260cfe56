//! Importers of published frameworks.
