//! What every artifact builder shares: the record of a planted fake as leakguard will name it
//! (`outer.zip!lib/a.jar!app.properties`), the entries of an archive being assembled, and the
//! spreading of an artifact's fakes over the entries that can hold them.
//!
//! Builders plan their entries first (names, kinds, sizes), spread the fakes over them, then
//! write them; a nested archive is built the same way and added as one stored entry, its
//! plants' paths prefixed with its name. So a plant's path is right by construction at every
//! depth.

use std::collections::HashSet;

use anyhow::Result;

use crate::artifact_content::{self, EntryKind};
use crate::content::Planted;
use crate::fakes::FakeKind;
use crate::pack::{self, Entry};
use crate::rng::Rng;

/// One planted fake: where leakguard should report it and what it is inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plant {
    /// The path as leakguard names it, relative to the artifact being built (and, once the
    /// artifact is placed, to the corpus): entries of nested archives joined by `!`.
    pub(crate) path: String,
    /// What holds it, outermost first: `jar`, `whl`, `zip`, `tar`, `tar.gz`, `gz`, `base64`,
    /// `map`, `inline-map`, `bundle`. Empty for a plain file.
    pub(crate) via: Vec<&'static str>,
    pub(crate) planted: Planted,
}

impl Plant {
    /// The same plant seen from outside a container of kind `label` named `name`.
    pub(crate) fn inside(mut self, name: &str, label: &'static str) -> Plant {
        self.path = format!("{name}!{}", self.path);
        self.via.insert(0, label);
        self
    }

    /// `via` as the manifest writes it: `zip>tar.gz>jar`, or `file`.
    pub(crate) fn container(&self) -> String {
        if self.via.is_empty() {
            "file".to_owned()
        } else {
            self.via.join(">")
        }
    }
}

/// A built archive: its bytes, the fakes inside (paths relative to it), and how many bytes its
/// files (nested archives' files included) hold once unpacked.
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) bytes: Vec<u8>,
    pub(crate) plants: Vec<Plant>,
    pub(crate) unpacked: u64,
}

/// An entry planned but not yet written.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub(crate) name: String,
    pub(crate) kind: EntryKind,
    pub(crate) size: usize,
    pub(crate) fakes: Vec<FakeKind>,
}

impl Spec {
    pub(crate) fn new(name: String, kind: EntryKind, size: usize) -> Spec {
        Spec {
            name,
            kind,
            size,
            fakes: Vec::new(),
        }
    }
}

/// Gives each fake to a random spec that accepts its kind. Returns the fakes none accepts.
pub(crate) fn spread(fakes: &[FakeKind], specs: &mut [Spec], rng: &mut Rng) -> Vec<FakeKind> {
    let mut left = Vec::new();
    for &fake in fakes {
        let takers: Vec<usize> = (0..specs.len())
            .filter(|&i| specs[i].kind.accepts(fake))
            .collect();
        if takers.is_empty() {
            left.push(fake);
        } else {
            specs[*rng.pick(&takers)].fakes.push(fake);
        }
    }
    left
}

/// Splits `fakes` into `weights.len()` groups, each fake going to group `i` with probability
/// proportional to `weights[i]`.
pub(crate) fn split(fakes: &[FakeKind], weights: &[f64], rng: &mut Rng) -> Vec<Vec<FakeKind>> {
    let total: f64 = weights.iter().sum();
    let mut groups = vec![Vec::new(); weights.len()];
    for &fake in fakes {
        let mut x = rng.unit() * total;
        let mut chosen = weights.len() - 1;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                chosen = i;
                break;
            }
            x -= w;
        }
        groups[chosen].push(fake);
    }
    groups
}

/// Moves fakes into `groups[i]` from the largest other group until it holds `n` (or no other
/// group has more than one), so that a nesting level the corpus should cover is not left empty
/// by the draw.
pub(crate) fn ensure(groups: &mut [Vec<FakeKind>], i: usize, n: usize) {
    while groups[i].len() < n {
        let donor = (0..groups.len())
            .filter(|&j| j != i)
            .max_by_key(|&j| groups[j].len());
        match donor {
            Some(j) if groups[j].len() > 1 => {
                if let Some(fake) = groups[j].pop() {
                    groups[i].push(fake);
                }
            }
            _ => break,
        }
    }
}

/// The entries of an archive being assembled, with a running estimate of its packed size.
pub(crate) struct Contents {
    entries: Vec<Entry>,
    names: HashSet<String>,
    plants: Vec<Plant>,
    unpacked: u64,
    packed: f64,
    /// Whether the container compresses what it holds (zip, gzip) or not (a plain tar).
    compresses: bool,
}

impl Contents {
    pub(crate) fn new(compresses: bool) -> Contents {
        Contents {
            entries: Vec::new(),
            names: HashSet::new(),
            plants: Vec::new(),
            unpacked: 0,
            packed: 0.0,
            compresses,
        }
    }

    /// About how many bytes the archive takes so far once packed.
    pub(crate) fn packed(&self) -> usize {
        self.packed as usize
    }

    /// `wanted`, or `wanted` with a number added if an entry has that name already.
    pub(crate) fn name(&mut self, wanted: String) -> String {
        let mut name = wanted.clone();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = match wanted.rsplit_once('.') {
                Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
                    format!("{stem}_{n}.{ext}")
                }
                _ => format!("{wanted}_{n}"),
            };
            n += 1;
        }
        name
    }

    /// Writes the planned entry, planting its fakes.
    pub(crate) fn write(&mut self, spec: Spec, rng: &mut Rng) {
        let (bytes, planted) = artifact_content::generate(spec.kind, spec.size, &spec.fakes, rng);
        let via = if spec.kind == EntryKind::K8sSecret {
            vec!["base64"]
        } else {
            Vec::new()
        };
        self.plants.extend(planted.into_iter().map(|planted| Plant {
            path: spec.name.clone(),
            via: via.clone(),
            planted,
        }));
        self.estimate(bytes.len(), spec.kind.deflate_ratio());
        self.entries.push(Entry::deflated(spec.name, bytes));
    }

    /// Adds a small text file that holds no fake (a manifest, a listing).
    pub(crate) fn text(&mut self, name: String, text: String) {
        self.estimate(text.len(), 3.0);
        self.entries.push(Entry::deflated(name, text.into_bytes()));
    }

    /// Adds a built archive as a stored entry named `name`, of kind `label`.
    pub(crate) fn nest(&mut self, name: String, label: &'static str, built: Built) {
        self.unpacked += built.unpacked;
        self.plants
            .extend(built.plants.into_iter().map(|p| p.inside(&name, label)));
        self.packed += built.bytes.len() as f64;
        self.entries.push(Entry::stored(name, built.bytes));
    }

    /// Adds an already-compressed stream (a `.gz` file) holding the plants of its one file,
    /// which leakguard names after the stream without its suffix.
    pub(crate) fn gz(&mut self, name: String, built: Built) {
        self.nest(name, "gz", built);
    }

    fn estimate(&mut self, len: usize, ratio: f64) {
        self.unpacked += len as u64;
        self.packed += if self.compresses {
            len as f64 / ratio
        } else {
            len as f64
        };
    }

    /// Entries in name order after the first `keep_first` (a jar's manifest stays first).
    pub(crate) fn sort(&mut self, keep_first: usize) {
        let keep = keep_first.min(self.entries.len());
        self.entries[keep..].sort_by(|a, b| a.name.cmp(&b.name));
    }

    fn built(self, bytes: Vec<u8>) -> Built {
        Built {
            bytes,
            plants: self.plants,
            unpacked: self.unpacked,
        }
    }

    pub(crate) fn zip(self) -> Result<Built> {
        let bytes = pack::zip(&self.entries)?;
        Ok(self.built(bytes))
    }

    pub(crate) fn tar(self) -> Result<Built> {
        let bytes = pack::tar(&self.entries)?;
        Ok(self.built(bytes))
    }

    pub(crate) fn tar_gz(self) -> Result<Built> {
        let bytes = pack::gzip(&pack::tar(&self.entries)?, None)?;
        Ok(self.built(bytes))
    }
}

/// A single file `name` of `kind` gzip-compressed on its own (`app.log` → `app.log.gz`): the
/// plants are named after the file, as leakguard names a stream's content.
pub(crate) fn gzipped_file(
    name: &str,
    kind: EntryKind,
    size: usize,
    fakes: &[FakeKind],
    rng: &mut Rng,
) -> Result<Built> {
    let (bytes, planted) = artifact_content::generate(kind, size, fakes, rng);
    let plants = planted
        .into_iter()
        .map(|planted| Plant {
            path: name.to_owned(),
            via: Vec::new(),
            planted,
        })
        .collect();
    Ok(Built {
        unpacked: bytes.len() as u64,
        bytes: pack::gzip(&bytes, Some(name))?,
        plants,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::FileKind;

    #[test]
    fn spread_respects_what_each_entry_accepts() {
        let mut rng = Rng::new(4);
        let mut specs = vec![
            Spec::new("a.class".into(), EntryKind::Class, 100),
            Spec::new("k.yaml".into(), EntryKind::K8sSecret, 100),
            Spec::new("server.pem".into(), EntryKind::File(FileKind::Pem), 100),
        ];
        let fakes = [FakeKind::Password, FakeKind::PrivateKey, FakeKind::Github];
        let left = spread(&fakes, &mut specs, &mut rng);
        assert_eq!(left, [FakeKind::Password]);
        assert!(specs[0].fakes.is_empty());
        assert!(specs[1].fakes.contains(&FakeKind::Github));
        let mut groups = split(&[FakeKind::Aws; 50], &[1.0, 0.0, 3.0], &mut rng);
        assert!(groups[1].is_empty());
        assert_eq!(groups[0].len() + groups[2].len(), 50);
        ensure(&mut groups, 1, 2);
        assert_eq!(groups[1].len(), 2);
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), 50);
    }

    #[test]
    fn nested_plants_name_every_level() {
        let planted = Planted {
            kind: FakeKind::Github,
            line: 3,
            column: 5,
            end_line: 3,
            end_column: 45,
        };
        let plant = Plant {
            path: "config/app.properties".into(),
            via: Vec::new(),
            planted,
        }
        .inside("lib/core.jar", "jar")
        .inside("vendor/dep-1.0.tar.gz", "tar.gz")
        .inside("releases/app.zip", "zip");
        assert_eq!(
            plant.path,
            "releases/app.zip!vendor/dep-1.0.tar.gz!lib/core.jar!config/app.properties"
        );
        assert_eq!(plant.container(), "zip>tar.gz>jar");
        let mut contents = Contents::new(true);
        assert_eq!(contents.name("a/b.txt".into()), "a/b.txt");
        assert_eq!(contents.name("a/b.txt".into()), "a/b_2.txt");
    }
}
