//! Triage marks in the store, by fingerprint.

use std::collections::HashMap;

use leakguard_core::{Fingerprint, Triage, TriageState};
use rusqlite::Connection;

use crate::{error, Store, StoreError};

/// Every mark the store holds.
pub(crate) fn marks(conn: &Connection) -> Result<HashMap<Fingerprint, Triage>, String> {
    let mut statement = conn
        .prepare("SELECT fingerprint, state, note FROM triage")
        .map_err(|e| e.to_string())?;
    let rows = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .map_err(|e| e.to_string())?;
    let mut marks = HashMap::new();
    for row in rows {
        let (fingerprint, state, note) = row.map_err(|e| e.to_string())?;
        let fingerprint: Fingerprint = fingerprint.parse()?;
        let state: TriageState = state.parse()?;
        marks.insert(fingerprint, Triage { state, note });
    }
    Ok(marks)
}

impl Store {
    /// Marks the findings with `fingerprint` (in every repository: the fingerprint holds rule,
    /// secret and path, the same in a fork). Returns how many recorded findings it matches now;
    /// a mark on a fingerprint no finding has yet is kept too, and applies when one appears.
    pub fn triage(&self, fingerprint: Fingerprint, mark: &Triage) -> Result<usize, StoreError> {
        let e = |err: rusqlite::Error| error(&self.path, err);
        self.conn
            .execute(
                "INSERT INTO triage (fingerprint, state, note, marked_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (fingerprint) DO UPDATE SET
                   state = excluded.state, note = excluded.note, marked_at = excluded.marked_at",
                (
                    fingerprint.to_string(),
                    mark.state.as_str(),
                    &mark.note,
                    crate::now(),
                ),
            )
            .map_err(e)?;
        let matched: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM findings WHERE fingerprint = ?1",
                [fingerprint.to_string()],
                |r| r.get(0),
            )
            .map_err(e)?;
        Ok(matched as usize)
    }

    /// Removes the mark on `fingerprint`; returns whether there was one.
    pub fn clear_triage(&self, fingerprint: Fingerprint) -> Result<bool, StoreError> {
        let removed = self
            .conn
            .execute(
                "DELETE FROM triage WHERE fingerprint = ?1",
                [fingerprint.to_string()],
            )
            .map_err(|e| error(&self.path, e))?;
        Ok(removed > 0)
    }

    /// Every mark, ordered by fingerprint.
    pub fn triage_list(&self) -> Result<Vec<(Fingerprint, Triage)>, StoreError> {
        let mut marks: Vec<_> = self.triage_marks()?.into_iter().collect();
        marks.sort();
        Ok(marks)
    }
}
