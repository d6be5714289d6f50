//! A file as the git history generator keeps it between commits, and the edits one commit makes
//! to it. Text is held as lines, so that an edit is a splice and a planted fake's line number is
//! known exactly; other files are held as bytes and rewritten whole, as images and lock files are
//! in real repositories.

use crate::content::{self, FileKind, Planted};
use crate::fakes::FakeKind;
use crate::rng::Rng;

/// One file of the generated tree.
#[derive(Debug, Clone)]
pub(crate) struct Tracked {
    pub(crate) path: String,
    pub(crate) kind: FileKind,
    body: Body,
    /// Line count when the file was added: edits stop growing a file at twice that, so hot files
    /// do not swell without end over a long history.
    initial_lines: usize,
}

#[derive(Debug, Clone)]
enum Body {
    Lines(Vec<String>),
    Bytes(Vec<u8>),
}

/// A fake just planted: where it is, and its lines, to find and delete them in a later commit.
#[derive(Debug, Clone)]
pub(crate) struct Plant {
    pub(crate) planted: Planted,
    pub(crate) lines: Vec<String>,
}

impl Tracked {
    /// A file holding `bytes`, as `content::generate` made them.
    pub(crate) fn new(path: String, kind: FileKind, bytes: Vec<u8>) -> Tracked {
        let body = match String::from_utf8(bytes) {
            Ok(text) if kind.edited_by_line() => {
                Body::Lines(text.lines().map(str::to_owned).collect())
            }
            Ok(text) => Body::Bytes(text.into_bytes()),
            Err(e) => Body::Bytes(e.into_bytes()),
        };
        let initial_lines = match &body {
            Body::Lines(lines) => lines.len(),
            Body::Bytes(_) => 0,
        };
        Tracked {
            path,
            kind,
            body,
            initial_lines,
        }
    }

    /// The file's bytes; text always ends with a newline, which keeps line numbers plain.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        match &self.body {
            Body::Bytes(bytes) => bytes.clone(),
            Body::Lines(lines) => {
                let len = lines.iter().map(|l| l.len() + 1).sum();
                let mut out = Vec::with_capacity(len);
                for line in lines {
                    out.extend_from_slice(line.as_bytes());
                    out.push(b'\n');
                }
                out
            }
        }
    }

    /// Whether a fake can be planted here: a text file of a kind that holds credentials.
    pub(crate) fn takes_fakes(&self) -> bool {
        self.kind.takes_fakes() && matches!(self.body, Body::Lines(_))
    }

    /// An ordinary change: a few lines replaced, inserted or deleted somewhere in a text file, or
    /// new content of about the same size for any other. Returns false for files that are never
    /// edited (private keys, which would otherwise gain keys the manifest does not list).
    pub(crate) fn edit(&mut self, rng: &mut Rng) -> bool {
        let kind = self.kind;
        let cap = (2 * self.initial_lines).max(100);
        match &mut self.body {
            Body::Lines(lines) => {
                edit_lines(lines, kind, cap, rng);
                true
            }
            Body::Bytes(_) if kind == FileKind::Pem => false,
            Body::Bytes(bytes) => {
                let size = bytes.len() * rng.range(80, 120) / 100;
                *bytes = content::generate(kind, size.max(64), &[], rng).0;
                true
            }
        }
    }

    /// Inserts a few fresh lines holding a `fake` at a random place, and says where it went.
    pub(crate) fn plant(&mut self, fake: FakeKind, rng: &mut Rng) -> Option<Plant> {
        let Body::Lines(lines) = &mut self.body else {
            return None;
        };
        let extra = rng.range(0, 3);
        let (text, planted) = content::fresh_lines(self.kind, extra, Some(fake), rng)?;
        let mut planted = planted.into_iter().next()?;
        let new: Vec<String> = text.lines().map(str::to_owned).collect();
        let credential = new.get(planted.line - 1..planted.end_line)?.to_vec();
        let at = rng.below(lines.len() + 1);
        lines.splice(at..at, new);
        planted.line += at;
        planted.end_line += at;
        Some(Plant {
            planted,
            lines: credential,
        })
    }

    /// Deletes the lines of a fake planted earlier, if no edit since has touched them.
    pub(crate) fn remove(&mut self, credential: &[String]) -> bool {
        let Body::Lines(lines) = &mut self.body else {
            return false;
        };
        if credential.is_empty() {
            return false;
        }
        let Some(start) = lines
            .windows(credential.len())
            .position(|window| window == credential)
        else {
            return false;
        };
        lines.drain(start..start + credential.len());
        true
    }
}

/// Replaces, inserts or deletes a few lines at one random place; a file at `cap` lines or more
/// only shrinks or keeps its length.
fn edit_lines(lines: &mut Vec<String>, kind: FileKind, cap: usize, rng: &mut Rng) {
    let at = rng.below(lines.len() + 1);
    let (remove, add) = match rng.below(10) {
        0..=3 => (rng.range(1, 3), rng.range(1, 4)),
        4..=6 if lines.len() < cap => (0, rng.range(1, 8)),
        _ => (rng.range(1, 4), 0),
    };
    let remove = remove.min(lines.len() - at);
    let added: Vec<String> = match content::fresh_lines(kind, add, None, rng) {
        Some((text, _)) if add > 0 => text.lines().map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    lines.splice(at..at + remove, added);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ruby_file(rng: &mut Rng) -> Tracked {
        let (bytes, _) = content::generate(FileKind::Ruby, 3_000, &[], rng);
        Tracked::new("app/models/user.rb".into(), FileKind::Ruby, bytes)
    }

    #[test]
    fn planted_lines_are_where_the_plant_says_and_can_be_removed() {
        let mut rng = Rng::new(11);
        for kind in FakeKind::ALL {
            let mut file = ruby_file(&mut rng);
            let plant = file.plant(kind, &mut rng).expect("ruby takes fakes");
            let text = String::from_utf8(file.bytes()).expect("text");
            let lines: Vec<&str> = text.lines().collect();
            let p = &plant.planted;
            let value = &lines[p.line - 1][p.column - 1..];
            match kind {
                FakeKind::Github => assert!(value.starts_with("ghp_"), "{value}"),
                FakeKind::Aws => assert!(value.starts_with("AKIA"), "{value}"),
                FakeKind::PrivateKey => assert!(value.starts_with("-----BEGIN "), "{value}"),
                _ => {}
            }
            assert_eq!(plant.lines.len(), p.end_line - p.line + 1);
            assert!(file.remove(&plant.lines));
            assert!(!file.remove(&plant.lines));
            let after = String::from_utf8(file.bytes()).expect("text");
            assert!(!after.contains(&plant.lines[plant.lines.len() / 2]));
        }
    }

    #[test]
    fn edits_change_text_files_and_leave_keys_alone() {
        let mut rng = Rng::new(5);
        let mut file = ruby_file(&mut rng);
        let mut changed = 0;
        for _ in 0..50 {
            let before = file.bytes();
            assert!(file.edit(&mut rng));
            changed += usize::from(file.bytes() != before);
        }
        assert!(changed >= 45, "{changed}");
        let (key, _) = content::generate(FileKind::Pem, 0, &[FakeKind::PrivateKey], &mut rng);
        let mut pem = Tracked::new("k.pem".into(), FileKind::Pem, key.clone());
        assert!(!pem.edit(&mut rng));
        assert_eq!(pem.bytes(), key);
    }
}
