//! Commits on `main`: the bulk of the history. Each edits a few files, most often old ones, and
//! now and then adds a planned file, plants a fake, deletes a fake planted earlier, renames or
//! deletes a file.

use std::io::Write;

use anyhow::Result;

use super::{Draft, DraftPlant, History, Removal};
use crate::content::{self, FileKind};
use crate::fakes::FakeKind;
use crate::fast_import::{Change, Stream};
use crate::tracked::Tracked;
use crate::words::ident;

impl History {
    /// An ordinary commit on `main`: due removals, then a few edits, and sometimes a new file, a
    /// fake, a rename or a deletion.
    pub(super) fn main_commit<W: Write>(&mut self, stream: &mut Stream<W>) -> Result<()> {
        let mut draft = Draft::default();
        self.apply_removals(&mut draft);
        let planned_left = self.planned.len() as f64;
        let commits_left = (self.options.commits - self.summary.commits) as f64;
        if self.rng.chance(planned_left / commits_left) {
            self.add_planned(&mut draft);
        }
        let edits = 1 + (self.rng.unit().powi(2) * 4.0) as usize;
        for _ in 0..edits {
            let Some(i) = self.pick(&draft.touched, |_| true, true) else {
                continue;
            };
            if self.slots[i].file.edit(&mut self.rng) {
                draft.modify(i, &self.slots[i].file);
            }
        }
        if self.rng.chance(self.fake_rate()) {
            self.plant_on_main(&mut draft);
        }
        if self.rng.chance(0.01) {
            self.rename(&mut draft);
        }
        if self.rng.chance(0.004) {
            self.delete(&mut draft);
        }
        let message = self.message();
        self.commit_main(stream, draft, &message, None)
    }

    /// Deletes the fakes whose time has come, unless their file has gone, is held by a branch,
    /// or has been edited where the fake was.
    fn apply_removals(&mut self, draft: &mut Draft) {
        let now = self.summary.commits;
        let (due, later): (Vec<Removal>, Vec<Removal>) =
            self.removals.drain(..).partition(|r| r.due <= now);
        self.removals = later;
        for removal in due {
            let slot = &mut self.slots[removal.slot];
            if !slot.alive || slot.locked || draft.touched.contains(&removal.slot) {
                continue;
            }
            if removal.lines.is_empty() {
                slot.alive = false;
                draft.touched.insert(removal.slot);
                draft.changes.push(Change::Delete {
                    path: slot.file.path.clone(),
                });
            } else if slot.file.remove(&removal.lines) {
                draft.modify(removal.slot, &slot.file);
            } else {
                continue;
            }
            draft.removed.push(removal.plant);
        }
    }

    /// Plants one fake on `main`: in a key file of its own for a quarter of the private keys,
    /// else a few lines into a text file.
    fn plant_on_main(&mut self, draft: &mut Draft) {
        let kind = FakeKind::random(&mut self.rng);
        if kind == FakeKind::PrivateKey && self.rng.chance(0.25) {
            let ext = *self.rng.pick(&["pem", "key"]);
            let path = format!("config/certs/{}.{ext}", ident(&mut self.rng));
            let path = self.unique_path(path);
            let (bytes, planted) = content::generate(FileKind::Pem, 0, &[kind], &mut self.rng);
            let i = self.push_slot(Tracked::new(path.clone(), FileKind::Pem, bytes), true);
            draft.modify(i, &self.slots[i].file);
            if let Some(planted) = planted.into_iter().next() {
                draft.plants.push(DraftPlant {
                    slot: i,
                    path,
                    planted,
                    lines: Vec::new(),
                    removable: true,
                });
            }
            return;
        }
        let Some(i) = self.pick(&draft.touched, Tracked::takes_fakes, false) else {
            return;
        };
        let file = &mut self.slots[i].file;
        if let Some(plant) = file.plant(kind, &mut self.rng) {
            draft.modify(i, file);
            draft.plants.push(DraftPlant {
                slot: i,
                path: file.path.clone(),
                planted: plant.planted,
                lines: plant.lines,
                removable: true,
            });
        }
    }

    /// Moves a file into a `legacy/` directory beside it, or gives it a new name in place.
    fn rename(&mut self, draft: &mut Draft) {
        let Some(i) = self.pick(&draft.touched, |_| true, false) else {
            return;
        };
        let from = self.slots[i].file.path.clone();
        let (dir, name) = from.rsplit_once('/').unwrap_or(("", from.as_str()));
        let to = if self.rng.chance(0.5) {
            format!("{dir}/legacy/{name}")
        } else {
            let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
            format!("{dir}/{}.{ext}", ident(&mut self.rng))
        };
        let to = self.unique_path(to.trim_start_matches('/').to_owned());
        self.slots[i].file.path = to.clone();
        draft.touched.insert(i);
        draft.changes.push(Change::Rename { from, to });
        self.summary.renames += 1;
    }

    fn delete(&mut self, draft: &mut Draft) {
        if self.slots.iter().filter(|s| s.alive).count() < 20 {
            return;
        }
        let Some(i) = self.pick(&draft.touched, |_| true, false) else {
            return;
        };
        self.slots[i].alive = false;
        draft.touched.insert(i);
        draft.changes.push(Change::Delete {
            path: self.slots[i].file.path.clone(),
        });
        self.summary.deletions += 1;
    }
}
