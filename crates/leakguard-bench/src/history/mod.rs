//! The commits of a generated git history, decided one at a time from one PRNG stream, so the
//! same options give the same commits (and the same object ids) on any machine.
//!
//! The shape follows what makes real histories slow to scan: many commits that each change a few
//! lines of a few files (so the same files come back in hundreds of versions, most often the old
//! "hot" ones), a tree that grows from a tenth of its final size, renames and deletions, feature
//! branches that run beside `main` and are merged (or left unmerged), tags, and fakes that are
//! planted and sometimes deleted again a few commits later, which a scan of the last commit
//! alone would miss.

mod branch;
mod trunk;

use std::collections::HashSet;
use std::io::Write;

use anyhow::Result;

use crate::content::{self, Planted};
use crate::corpus::{self, FileSpec};
use crate::fast_import::{Change, CommitHeader, Mark, Stream};
use crate::rng::Rng;
use crate::tracked::Tracked;
use crate::words::{ADJECTIVES, NOUNS, VERBS};
use branch::Branch;

/// What to generate.
#[derive(Debug, Clone)]
pub(crate) struct HistoryOptions {
    pub(crate) commits: usize,
    /// Files in the tree once every planned file has been added.
    pub(crate) files: usize,
    pub(crate) seed: u64,
}

/// A fake as planted, before fast-import has given its commit an object id.
#[derive(Debug, Clone)]
pub(crate) struct PlantRecord {
    pub(crate) commit: Mark,
    pub(crate) path: String,
    pub(crate) planted: Planted,
    pub(crate) removed_by: Option<Mark>,
}

/// Counts for the summary line.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    pub(crate) commits: usize,
    pub(crate) merges: usize,
    pub(crate) unmerged_branches: usize,
    pub(crate) tags: usize,
    pub(crate) renames: usize,
    pub(crate) deletions: usize,
    pub(crate) files_at_head: usize,
    /// File versions written (blobs, before git drops duplicates) and their bytes.
    pub(crate) versions: usize,
    pub(crate) version_bytes: u64,
    pub(crate) plants: Vec<PlantRecord>,
    /// Fakes planted on branches never merged: only a scan of every ref finds them.
    pub(crate) branch_only_plants: usize,
}

/// Where `main` and the branches live.
const MAIN: &str = "refs/heads/main";
/// A tag every this many commits, like release tags.
const TAG_EVERY: usize = 1_000;
/// Share of planted fakes that a later commit deletes again.
const REMOVED_SHARE: f64 = 0.25;

/// A file of `main`'s tree, by creation order: lower indices are older and edited more often.
#[derive(Debug)]
struct Slot {
    file: Tracked,
    /// False once deleted, and for files a branch added that `main` does not have (yet): `main`
    /// never touches a dead slot.
    alive: bool,
    /// Held by the open branch: `main` leaves it alone until the merge, so merges never conflict.
    locked: bool,
}

/// A planted fake that a later `main` commit deletes.
#[derive(Debug)]
struct Removal {
    due: usize,
    plant: usize,
    slot: usize,
    /// The fake's lines; empty for a key file, which is deleted whole.
    lines: Vec<String>,
}

/// A fake planted by the commit being put together.
#[derive(Debug)]
struct DraftPlant {
    slot: usize,
    path: String,
    planted: Planted,
    lines: Vec<String>,
    /// On `main`, where a later commit may delete it again; branch fakes stay.
    removable: bool,
}

/// One commit being put together.
#[derive(Debug, Default)]
struct Draft {
    changes: Vec<Change>,
    /// Slots this commit already changes: each file changes at most once per commit.
    touched: HashSet<usize>,
    plants: Vec<DraftPlant>,
    /// Indices (into the summary's plants) of fakes this commit deletes.
    removed: Vec<usize>,
}

impl Draft {
    fn modify(&mut self, slot: usize, file: &Tracked) {
        self.touched.insert(slot);
        self.changes.push(Change::Modify {
            path: file.path.clone(),
            data: file.bytes(),
        });
    }
}

/// The generator's state between commits.
pub(crate) struct History {
    rng: Rng,
    options: HistoryOptions,
    slots: Vec<Slot>,
    planned: std::vec::IntoIter<FileSpec>,
    /// Every path ever used, so that adds and renames never collide.
    paths: HashSet<String>,
    main_tip: Option<Mark>,
    branch: Option<Branch>,
    branches_opened: usize,
    clock: i64,
    authors: Vec<String>,
    removals: Vec<Removal>,
    summary: Summary,
}

impl History {
    pub(crate) fn new(options: &HistoryOptions) -> History {
        let mut rng = Rng::new(options.seed);
        let planned = corpus::source_files(options.files.max(1), rng.next_u64());
        let authors = authors(&mut rng);
        History {
            rng,
            options: options.clone(),
            slots: Vec::new(),
            planned: planned.into_iter(),
            paths: HashSet::new(),
            main_tip: None,
            branch: None,
            branches_opened: 0,
            // 2019-01-01T00:00:00Z.
            clock: 1_546_300_800,
            authors,
            removals: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// Writes the whole history into `stream` and returns what it holds.
    pub(crate) fn write<W: Write>(mut self, stream: &mut Stream<W>) -> Result<Summary> {
        self.initial_commit(stream)?;
        while self.summary.commits < self.options.commits {
            if !self.branch_step(stream)? {
                self.main_commit(stream)?;
                self.maybe_open_branch();
            }
        }
        if self.branch.is_some() {
            self.abandon();
        }
        self.summary.files_at_head = self.slots.iter().filter(|s| s.alive).count();
        Ok(self.summary)
    }

    /// A tenth of the planned files (at least 50), as the first commit.
    fn initial_commit<W: Write>(&mut self, stream: &mut Stream<W>) -> Result<()> {
        let count = (self.options.files / 10).max(50).min(self.options.files);
        let mut draft = Draft::default();
        for _ in 0..count {
            self.add_planned(&mut draft);
        }
        self.commit_main(stream, draft, "Initial commit", None)
    }

    /// The chance that a commit plants a fake: 200 + commits / 100 fakes over the history.
    fn fake_rate(&self) -> f64 {
        let wanted = 200.0 + self.options.commits as f64 / 100.0;
        (wanted / self.options.commits.max(1) as f64).min(1.0)
    }

    /// Writes `draft` on `main` (merging `merged`, if given), records its fakes, and tags every
    /// [`TAG_EVERY`]th commit.
    fn commit_main<W: Write>(
        &mut self,
        stream: &mut Stream<W>,
        draft: Draft,
        message: &str,
        merged: Option<Mark>,
    ) -> Result<()> {
        let parents: Vec<Mark> = self.main_tip.into_iter().chain(merged).collect();
        let mark = self.write_commit(stream, MAIN, &parents, message, &draft)?;
        self.main_tip = Some(mark);
        self.record(mark, draft);
        if self.summary.commits.is_multiple_of(TAG_EVERY) {
            let n = self.summary.commits / TAG_EVERY;
            stream.reset(&format!("refs/tags/v1.{n}.0"), mark)?;
            self.summary.tags += 1;
        }
        Ok(())
    }

    fn write_commit<W: Write>(
        &mut self,
        stream: &mut Stream<W>,
        branch: &str,
        parents: &[Mark],
        message: &str,
        draft: &Draft,
    ) -> Result<Mark> {
        self.clock += self.rng.range(60, 4 * 3600) as i64;
        let author = self.rng.pick(&self.authors).clone();
        let header = CommitHeader {
            branch,
            author: &author,
            time: self.clock,
            message,
            parents,
        };
        let mark = stream.commit(&header, &draft.changes)?;
        self.summary.commits += 1;
        for change in &draft.changes {
            if let Change::Modify { data, .. } = change {
                self.summary.versions += 1;
                self.summary.version_bytes += data.len() as u64;
            }
        }
        Ok(mark)
    }

    /// Notes the fakes `draft` planted and removed, now that its commit has a mark, and picks
    /// some of the new ones for deletion a few commits later. Returns the new plants' indices.
    fn record(&mut self, mark: Mark, draft: Draft) -> Vec<usize> {
        let mut added = Vec::new();
        for plant in draft.plants {
            let index = self.summary.plants.len();
            added.push(index);
            self.summary.plants.push(PlantRecord {
                commit: mark,
                path: plant.path,
                planted: plant.planted,
                removed_by: None,
            });
            if plant.removable && self.rng.chance(REMOVED_SHARE) {
                let due = self.summary.commits + self.rng.range(1, 50);
                self.removals.push(Removal {
                    due,
                    plant: index,
                    slot: plant.slot,
                    lines: plant.lines,
                });
            }
        }
        for plant in draft.removed {
            self.summary.plants[plant].removed_by = Some(mark);
        }
        added
    }

    /// A live file `main` may change in this commit, for which `wanted` holds: an old one more
    /// often than a new one when `hot`, any one alike otherwise. `None` after a few misses.
    fn pick(
        &mut self,
        touched: &HashSet<usize>,
        wanted: impl Fn(&Tracked) -> bool,
        hot: bool,
    ) -> Option<usize> {
        let n = self.slots.len();
        for _ in 0..20 {
            let i = if hot {
                // Squaring a uniform draw favours low indices: a tenth of the files gets about a
                // third of the edits, as CHANGELOGs and routing tables do.
                ((n as f64) * self.rng.unit().powi(2)) as usize
            } else {
                self.rng.below(n)
            };
            let slot = &self.slots[i.min(n - 1)];
            if slot.alive && !slot.locked && !touched.contains(&i) && wanted(&slot.file) {
                return Some(i);
            }
        }
        None
    }

    /// The next planned file, added to `main`.
    fn add_planned(&mut self, draft: &mut Draft) {
        let Some(file) = self.next_planned() else {
            return;
        };
        let i = self.push_slot(file, true);
        draft.modify(i, &self.slots[i].file);
    }

    fn next_planned(&mut self) -> Option<Tracked> {
        let spec = self.planned.next()?;
        let (bytes, _) = content::generate(spec.kind, spec.size, &[], &mut self.rng);
        let path = self.unique_path(spec.path);
        Some(Tracked::new(path, spec.kind, bytes))
    }

    fn push_slot(&mut self, file: Tracked, alive: bool) -> usize {
        self.slots.push(Slot {
            file,
            alive,
            locked: false,
        });
        self.slots.len() - 1
    }

    /// `path`, or `stem_2.ext`, `stem_3.ext`… if it was ever used.
    fn unique_path(&mut self, path: String) -> String {
        let mut candidate = path.clone();
        let mut n = 2;
        while !self.paths.insert(candidate.clone()) {
            candidate = match path.rsplit_once('.') {
                Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
                    format!("{stem}_{n}.{ext}")
                }
                _ => format!("{path}_{n}"),
            };
            n += 1;
        }
        candidate
    }

    fn message(&mut self) -> String {
        let verb = self.rng.word(VERBS);
        let mut message = format!(
            "{} {} {}",
            verb,
            self.rng.word(ADJECTIVES),
            self.rng.word(NOUNS)
        );
        if let Some(first) = message.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        message
    }
}

/// Two dozen invented authors on a reserved domain.
fn authors(rng: &mut Rng) -> Vec<String> {
    const FIRST: &[&str] = &[
        "Ada", "Bo", "Chen", "Dana", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena",
    ];
    const LAST: &[&str] = &["Park", "Okafor", "Silva", "Novak", "Tanaka", "Meyer"];
    (0..24)
        .map(|_| {
            let (first, last) = (rng.word(FIRST), rng.word(LAST));
            format!(
                "{first} {last} <{}.{}@example.com>",
                first.to_ascii_lowercase(),
                last.to_ascii_lowercase()
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(options: &HistoryOptions) -> (Vec<u8>, Summary) {
        let mut stream = Stream::new(Vec::new()).expect("writes to memory");
        let summary = History::new(options)
            .write(&mut stream)
            .expect("writes to memory");
        (stream.done().expect("writes to memory"), summary)
    }

    #[test]
    fn the_same_options_give_the_same_stream_with_every_commit_asked_for() {
        let options = HistoryOptions {
            commits: 400,
            files: 120,
            seed: 7,
        };
        let (first, summary) = write(&options);
        let (second, _) = write(&options);
        assert!(
            first == second,
            "the stream depends on more than the options"
        );
        assert_eq!(summary.commits, 400);
        assert!(summary.merges + summary.unmerged_branches >= 1);
        assert!(summary.files_at_head >= 100, "{}", summary.files_at_head);
        assert!(summary.plants.len() >= 150, "{}", summary.plants.len());
        assert!(summary.plants.iter().any(|p| p.removed_by.is_some()));
        let (other, _) = write(&HistoryOptions { seed: 8, ..options });
        assert!(first != other);
    }
}
