//! The shape of a database as both backends can describe it: tables, column names,
//! primary keys, unique constraints and foreign keys. Types are left out on purpose (TEXT
//! in SQLite is uuid, date or timestamptz in PostgreSQL); names and keys must agree.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{AssertSqlSafe, PgPool, Row, SqlitePool};

/// Tables by name.
pub type Schema = BTreeMap<String, Table>;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: BTreeSet<String>,
    /// In key order.
    pub primary_key: Vec<String>,
    /// Each in key order.
    pub unique: BTreeSet<Vec<String>>,
    /// (columns, referenced table, referenced columns).
    pub foreign_keys: BTreeSet<(Vec<String>, String, Vec<String>)>,
}

/// sqlx's own bookkeeping table, not part of Pendulum's schema.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// The prefix of the tables of the directory search's index: SQLite's, and PostgreSQL's
/// word starts in the directory's order (migration `0017_search_prefixes.sql`).
const SEARCH_INDEX: &str = "people_search";

pub async fn sqlite(pool: &SqlitePool) -> Schema {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .expect("list tables");
    let mut schema = Schema::new();
    // The directory search's index (an FTS5 table, its shadow tables and the numbers of
    // its rows) has no table on PostgreSQL, where pg_trgm indexes `people` itself.
    for name in names
        .into_iter()
        .filter(|n| n != MIGRATIONS_TABLE && !n.starts_with(SEARCH_INDEX))
    {
        let mut table = Table::default();
        let columns = sqlx::query(AssertSqlSafe(format!(
            "SELECT name, pk FROM pragma_table_info('{name}')"
        )))
        .fetch_all(pool)
        .await
        .expect("columns");
        let mut pk: Vec<(i64, String)> = Vec::new();
        for row in &columns {
            let column: String = row.get("name");
            let position: i64 = row.get("pk");
            if position > 0 {
                pk.push((position, column.clone()));
            }
            table.columns.insert(column);
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, c)| c).collect();

        let indexes = sqlx::query(AssertSqlSafe(format!(
            "SELECT name FROM pragma_index_list('{name}') WHERE origin = 'u'"
        )))
        .fetch_all(pool)
        .await
        .expect("indexes");
        for index in &indexes {
            let index: String = index.get("name");
            let columns: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
                "SELECT name FROM pragma_index_info('{index}') ORDER BY seqno"
            )))
            .fetch_all(pool)
            .await
            .expect("index columns");
            table.unique.insert(columns);
        }

        let references = sqlx::query(AssertSqlSafe(format!(
            "SELECT id, \"table\" AS target, \"from\" AS source, \"to\" AS referenced
             FROM pragma_foreign_key_list('{name}') ORDER BY id, seq"
        )))
        .fetch_all(pool)
        .await
        .expect("foreign keys");
        let mut by_id: BTreeMap<i64, (Vec<String>, String, Vec<String>)> = BTreeMap::new();
        for row in &references {
            let entry = by_id
                .entry(row.get("id"))
                .or_insert_with(|| (Vec::new(), row.get("target"), Vec::new()));
            entry.0.push(row.get("source"));
            entry.2.push(row.get("referenced"));
        }
        table.foreign_keys = by_id.into_values().collect();
        schema.insert(name, table);
    }
    schema
}

/// PostgreSQL's index material is left out, as SQLite's search index lives in tables of its
/// own: its generated columns (`people.search_starts`), `people.has_left`, which only the
/// triggers of migration `0016_search_status.sql` write, and the table of word starts that
/// the trigger of migration `0017_search_prefixes.sql` keeps.
pub async fn postgres(pool: &PgPool) -> Schema {
    let columns = sqlx::query(
        "SELECT c.table_name::text AS table_name, c.column_name::text AS column_name
         FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
           AND c.is_generated = 'NEVER'
           AND NOT (c.table_name = 'people' AND c.column_name = 'has_left')",
    )
    .fetch_all(pool)
    .await
    .expect("columns");
    let mut schema = Schema::new();
    for row in &columns {
        let table: String = row.get("table_name");
        if table != MIGRATIONS_TABLE && !table.starts_with(SEARCH_INDEX) {
            schema
                .entry(table)
                .or_default()
                .columns
                .insert(row.get("column_name"));
        }
    }

    // Constraint columns in key order, from the catalogue (information_schema cannot give
    // the referenced columns of a composite foreign key in order).
    let constraints = sqlx::query(
        "SELECT con.contype::text AS kind,
                con.conrelid::regclass::text AS table_name,
                ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
                      ORDER BY k.ord) AS columns,
                con.confrelid::regclass::text AS target,
                ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
                      ORDER BY k.ord) AS referenced
         FROM pg_constraint con
         WHERE con.connamespace = current_schema()::regnamespace
           AND con.contype IN ('p', 'u', 'f')",
    )
    .fetch_all(pool)
    .await
    .expect("constraints");
    for row in &constraints {
        let name: String = row.get("table_name");
        let Some(table) = schema.get_mut(&name) else {
            continue;
        };
        let columns: Vec<String> = row.get("columns");
        match row.get::<String, _>("kind").as_str() {
            "p" => table.primary_key = columns,
            "u" => {
                table.unique.insert(columns);
            }
            _ => {
                table.foreign_keys.insert((
                    columns,
                    row.get("target"),
                    row.get::<Vec<String>, _>("referenced"),
                ));
            }
        }
    }
    schema
}
