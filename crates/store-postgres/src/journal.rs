//! The journal: each person's own entries, written, changed and deleted by their author.

use pendulum_domain::journal::{Energy, JournalEntry, NewJournalEntry};
use pendulum_domain::{JournalEntryId, PersonId};
use pendulum_store::journal::{kinds_column, parse_kinds};
use pendulum_store::prelude::*;
use pendulum_store::sql::db;
use pendulum_store::{JournalCursor, MAX_JOURNAL_ENTRIES, Result, StoreError, now};
use sqlx::Row;
use sqlx::postgres::PgRow;
use time::Date;

use crate::rows::{self, key};
use crate::{PgOrg, require_person};

/// The columns every read selects, in a literal so that each query stays a literal.
macro_rules! columns {
    () => {
        "id, person_id, entry_date, kinds, energy, learned, hands_on, note, written_at"
    };
}

pub(crate) fn entry(row: &PgRow) -> Result<JournalEntry> {
    let energy: i16 = row.try_get("energy").map_err(db)?;
    Ok(JournalEntry {
        id: JournalEntryId::from_uuid(rows::uuid(row, "id")?),
        person: PersonId::from_uuid(rows::uuid(row, "person_id")?),
        date: row.try_get::<Date, _>("entry_date").map_err(db)?,
        kinds: parse_kinds(&rows::string(row, "kinds")?)?,
        energy: Energy::new(i64::from(energy))
            .map_err(|e| StoreError::corrupt(format!("journal energy: {}", e.0)))?,
        learned: rows::opt_string(row, "learned")?,
        hands_on: row.try_get("hands_on").map_err(db)?,
        note: rows::string(row, "note")?,
        written_at: rows::time(row, "written_at")?,
    })
}

async fn one(
    conn: &mut sqlx::PgConnection,
    org: &PgOrg,
    person: PersonId,
    id: JournalEntryId,
) -> Result<JournalEntry> {
    let row = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM journal_entries WHERE org_id = $1 AND person_id = $2 AND id = $3"
    ))
    .bind(org.org_key())
    .bind(key(person.as_uuid()))
    .bind(key(id.as_uuid()))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    match row {
        Some(row) => entry(&row),
        None => Err(StoreError::not_found("journal entry", id)),
    }
}

impl Journals for PgOrg {
    async fn add_journal_entry(
        &self,
        person: PersonId,
        new: &NewJournalEntry,
    ) -> Result<JournalEntry> {
        let mut tx = self.store.begin_write().await?;
        require_person(&mut tx, self, person).await?;
        let held: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM journal_entries WHERE org_id = $1 AND person_id = $2",
        )
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        if held >= i64::from(MAX_JOURNAL_ENTRIES) {
            return Err(StoreError::Invalid(format!(
                "a journal holds at most {MAX_JOURNAL_ENTRIES} entries; delete some to write more"
            )));
        }
        let written = JournalEntry {
            id: JournalEntryId::new(),
            person,
            date: new.date,
            kinds: new.kinds.clone(),
            energy: new.energy,
            learned: new.learned.clone(),
            hands_on: new.hands_on,
            note: new.note.clone(),
            written_at: now(),
        };
        sqlx::query(
            "INSERT INTO journal_entries (org_id, id, person_id, entry_date, kinds, energy,
                 learned, hands_on, note, written_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(self.org_key())
        .bind(key(written.id.as_uuid()))
        .bind(key(person.as_uuid()))
        .bind(written.date)
        .bind(kinds_column(new))
        .bind(i16::from(new.energy.get()))
        .bind(&new.learned)
        .bind(new.hands_on)
        .bind(&new.note)
        .bind(rows::timestamp(written.written_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(written)
    }

    async fn journal_entries(
        &self,
        person: PersonId,
        from: Option<Date>,
        to: Option<Date>,
        limit: u32,
    ) -> Result<Vec<JournalEntry>> {
        let mut conn = self.store.acquire().await?;
        require_person(&mut conn, self, person).await?;
        sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM journal_entries
             WHERE org_id = $1 AND person_id = $2
               AND ($3 IS NULL OR entry_date >= $3) AND ($4 IS NULL OR entry_date <= $4)
             ORDER BY entry_date DESC, written_at DESC, id DESC
             LIMIT $5"
        ))
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(from)
        .bind(to)
        .bind(i64::from(limit))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(entry)
        .collect()
    }

    async fn journal_entries_after(
        &self,
        person: PersonId,
        after: Option<JournalCursor>,
        limit: u32,
    ) -> Result<Vec<JournalEntry>> {
        let mut conn = self.store.acquire().await?;
        require_person(&mut conn, self, person).await?;
        sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM journal_entries
             WHERE org_id = $1 AND person_id = $2
               AND ($3 IS NULL OR (entry_date, written_at, id) < ($3, $4, $5))
             ORDER BY entry_date DESC, written_at DESC, id DESC
             LIMIT $6"
        ))
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(after.map(|c| c.date))
        .bind(after.map(|c| rows::timestamp(c.written_at)))
        .bind(after.map(|c| key(c.id.as_uuid())))
        .bind(i64::from(limit))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(entry)
        .collect()
    }

    async fn latest_hands_on(&self, person: PersonId, until: Date) -> Result<Option<Date>> {
        let mut conn = self.store.acquire().await?;
        require_person(&mut conn, self, person).await?;
        sqlx::query_scalar(
            "SELECT max(entry_date) FROM journal_entries
             WHERE org_id = $1 AND person_id = $2 AND hands_on AND entry_date <= $3",
        )
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(until)
        .fetch_one(&mut *conn)
        .await
        .map_err(db)
    }

    async fn journal_entry(&self, person: PersonId, id: JournalEntryId) -> Result<JournalEntry> {
        let mut conn = self.store.acquire().await?;
        one(&mut conn, self, person, id).await
    }

    async fn change_journal_entry(
        &self,
        person: PersonId,
        id: JournalEntryId,
        new: &NewJournalEntry,
    ) -> Result<JournalEntry> {
        let mut tx = self.store.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE journal_entries SET entry_date = $4, kinds = $5, energy = $6, learned = $7,
                 hands_on = $8, note = $9, changed_at = $10
             WHERE org_id = $1 AND person_id = $2 AND id = $3",
        )
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(key(id.as_uuid()))
        .bind(new.date)
        .bind(kinds_column(new))
        .bind(i16::from(new.energy.get()))
        .bind(&new.learned)
        .bind(new.hands_on)
        .bind(&new.note)
        .bind(rows::timestamp(now()))
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::not_found("journal entry", id));
        }
        let entry = one(&mut tx, self, person, id).await?;
        tx.commit().await.map_err(db)?;
        Ok(entry)
    }

    async fn delete_journal_entry(&self, person: PersonId, id: JournalEntryId) -> Result<()> {
        let mut tx = self.store.begin_write().await?;
        let deleted = sqlx::query(
            "DELETE FROM journal_entries WHERE org_id = $1 AND person_id = $2 AND id = $3",
        )
        .bind(self.org_key())
        .bind(key(person.as_uuid()))
        .bind(key(id.as_uuid()))
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if deleted == 0 {
            return Err(StoreError::not_found("journal entry", id));
        }
        tx.commit().await.map_err(db)?;
        Ok(())
    }
}
