//! Which lines of a new blob a change added, by a line diff against the old blob.

use imara_diff::{Algorithm, Diff, InternedInput};

/// The lines (1-based) of a new blob that a change added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AddedLines {
    added: Vec<bool>,
}

impl AddedLines {
    /// Lines of `new` that are not in `old`, by a histogram diff (git's `--histogram`); every line
    /// is added when there is no old blob.
    pub(crate) fn between(old: Option<&[u8]>, new: &[u8]) -> AddedLines {
        let Some(old) = old else {
            return AddedLines {
                added: vec![true; line_count(new)],
            };
        };
        let input = InternedInput::new(old, new);
        let mut diff = Diff::compute(Algorithm::Histogram, &input);
        diff.postprocess_lines(&input);
        let added = (0..input.after.len() as u32)
            .map(|i| diff.is_added(i))
            .collect();
        AddedLines { added }
    }

    /// Keeps only the lines added in both: a merge brings a line in only when no parent had it.
    pub(crate) fn intersect(&mut self, other: &AddedLines) {
        for (i, added) in self.added.iter_mut().enumerate() {
            *added &= other.added.get(i).copied().unwrap_or(false);
        }
    }

    /// No line was added (a deletion-only edit, or a merge that only brings in its parents' lines).
    pub(crate) fn is_empty(&self) -> bool {
        !self.added.iter().any(|&a| a)
    }

    /// Whether any line from `start` to `end` (1-based, inclusive) was added.
    pub(crate) fn any_in(&self, start: usize, end: usize) -> bool {
        (start.max(1)..=end).any(|line| self.added.get(line - 1).copied().unwrap_or(false))
    }
}

/// Lines as the diff counts them: split after each `\n`, a final unterminated line included.
fn line_count(bytes: &[u8]) -> usize {
    let newlines = memchr::memchr_iter(b'\n', bytes).count();
    newlines + usize::from(!bytes.is_empty() && !bytes.ends_with(b"\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_adds_every_line() {
        let added = AddedLines::between(None, b"a\nb\nc");
        assert!(added.any_in(1, 1) && added.any_in(3, 3));
        assert!(!added.any_in(4, 4));
    }

    #[test]
    fn only_inserted_and_edited_lines_are_added() {
        let added = AddedLines::between(Some(b"a\nb\nc\n"), b"a\nB\nc\nd\n");
        assert!(!added.any_in(1, 1));
        assert!(added.any_in(2, 2));
        assert!(!added.any_in(3, 3));
        assert!(added.any_in(4, 4));
        assert!(added.any_in(1, 3));
    }

    #[test]
    fn a_merge_adds_only_what_no_parent_had() {
        let mut first = AddedLines::between(Some(b"a\n"), b"a\nfrom-base\nevil\n");
        let second = AddedLines::between(Some(b"a\nfrom-base\n"), b"a\nfrom-base\nevil\n");
        first.intersect(&second);
        assert!(!first.any_in(2, 2));
        assert!(first.any_in(3, 3));
    }

    #[test]
    fn removing_lines_adds_none() {
        assert!(AddedLines::between(Some(b"a\nb\n"), b"a\n").is_empty());
    }
}
