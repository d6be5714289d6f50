//! Feature branches: each takes a few files away from `main`, changes them in its own commits
//! interleaved with `main`'s, and is then merged (or, one time in five, left unmerged, so that
//! its commits are reachable from its ref alone).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;

use anyhow::Result;

use super::{Draft, DraftPlant, History};
use crate::fakes::FakeKind;
use crate::fast_import::{Mark, Stream};
use crate::tracked::Tracked;
use crate::words::{NOUNS, VERBS};

/// The chance that a branch commit plants a fake: higher than on `main`, as branches are where
/// tokens get pasted while trying things out, and it leaves some fakes on unmerged branches,
/// where only a scan of every ref finds them.
const BRANCH_FAKE_RATE: f64 = 0.2;

/// A feature branch: copies of the files it owns, changed in its own commits.
#[derive(Debug)]
pub(super) struct Branch {
    reference: String,
    tip: Mark,
    copies: BTreeMap<usize, Tracked>,
    changed: BTreeSet<usize>,
    commits_left: usize,
    merge: bool,
    /// Indices (into the summary's plants) of the fakes planted on this branch.
    plants: Vec<usize>,
}

impl History {
    /// Moves the open branch on, if there is one and it is its turn (two commits in five while
    /// it lasts): one commit on it, or its merge once done. False when `main` should commit.
    pub(super) fn branch_step<W: Write>(&mut self, stream: &mut Stream<W>) -> Result<bool> {
        let Some(branch) = &self.branch else {
            return Ok(false);
        };
        match (branch.commits_left, branch.merge) {
            (0, true) => self.merge(stream)?,
            (0, false) => {
                self.abandon();
                return Ok(false);
            }
            _ if self.rng.chance(0.4) => self.branch_commit(stream)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Opens a feature branch now and then (about one per thousand commits, at least three in a
    /// short history) that takes a few files away from `main` until it is merged.
    pub(super) fn maybe_open_branch(&mut self) {
        let rate = (3.0 / self.options.commits.max(1) as f64).max(0.001);
        if self.branch.is_some() || !self.rng.chance(rate) {
            return;
        }
        let Some(tip) = self.main_tip else {
            return;
        };
        let mut copies = BTreeMap::new();
        for _ in 0..self.rng.range(2, 6) {
            if let Some(i) = self.pick(&HashSet::new(), |_| true, true) {
                self.slots[i].locked = true;
                copies.insert(i, self.slots[i].file.clone());
            }
        }
        self.branches_opened += 1;
        let reference = format!(
            "refs/heads/feature/{}-{}-{}",
            self.rng.word(VERBS),
            self.rng.word(NOUNS),
            self.branches_opened
        );
        self.branch = Some(Branch {
            reference,
            tip,
            copies,
            changed: BTreeSet::new(),
            commits_left: self.rng.range(2, 30),
            merge: !self.rng.chance(0.2),
            plants: Vec::new(),
        });
    }

    /// A commit on the open branch: its own files edited, sometimes a new file or a fake.
    fn branch_commit<W: Write>(&mut self, stream: &mut Stream<W>) -> Result<()> {
        let Some(mut branch) = self.branch.take() else {
            return Ok(());
        };
        let mut draft = Draft::default();
        if self.rng.chance(0.15) {
            if let Some(file) = self.next_planned() {
                let i = self.push_slot(file.clone(), false);
                draft.modify(i, &file);
                branch.copies.insert(i, file);
            }
        }
        let owned: Vec<usize> = branch.copies.keys().copied().collect();
        for _ in 0..self.rng.range(1, 2) {
            let Some(&i) = owned.get(self.rng.below(owned.len().max(1))) else {
                break;
            };
            let Some(file) = branch.copies.get_mut(&i) else {
                continue;
            };
            if !draft.touched.contains(&i) && file.edit(&mut self.rng) {
                draft.modify(i, file);
            }
        }
        if self.rng.chance(BRANCH_FAKE_RATE) {
            let kind = FakeKind::random(&mut self.rng);
            let target = branch
                .copies
                .iter_mut()
                .find(|(i, file)| !draft.touched.contains(*i) && file.takes_fakes());
            if let Some((&i, file)) = target {
                if let Some(plant) = file.plant(kind, &mut self.rng) {
                    draft.modify(i, file);
                    draft.plants.push(DraftPlant {
                        slot: i,
                        path: file.path.clone(),
                        planted: plant.planted,
                        lines: plant.lines,
                        removable: false,
                    });
                }
            }
        }
        let message = self.message();
        let mark = self.write_commit(stream, &branch.reference, &[branch.tip], &message, &draft)?;
        branch.tip = mark;
        branch.commits_left -= 1;
        branch.changed.extend(draft.touched.iter().copied());
        let added = self.record(mark, draft);
        branch.plants.extend(added);
        self.branch = Some(branch);
        Ok(())
    }

    /// Merges the open branch into `main`: its versions of the files it changed become
    /// `main`'s, which never conflicts because `main` left them alone meanwhile.
    fn merge<W: Write>(&mut self, stream: &mut Stream<W>) -> Result<()> {
        let Some(mut branch) = self.branch.take() else {
            return Ok(());
        };
        let mut draft = Draft::default();
        for &i in &branch.changed {
            if let Some(file) = branch.copies.remove(&i) {
                draft.modify(i, &file);
                self.slots[i].file = file;
                self.slots[i].alive = true;
            }
        }
        for i in branch.changed.iter().chain(branch.copies.keys()) {
            self.slots[*i].locked = false;
        }
        let name = branch.reference.trim_start_matches("refs/heads/");
        let message = format!("Merge branch '{name}'");
        self.commit_main(stream, draft, &message, Some(branch.tip))?;
        self.summary.merges += 1;
        Ok(())
    }

    /// Leaves the open branch unmerged: its commits stay reachable from its ref only.
    pub(super) fn abandon(&mut self) {
        let Some(branch) = self.branch.take() else {
            return;
        };
        // Files the branch added stay dead on `main`; the others are `main`'s again.
        for &i in branch.copies.keys() {
            self.slots[i].locked = false;
        }
        self.summary.unmerged_branches += 1;
        self.summary.branch_only_plants += branch.plants.len();
    }
}
