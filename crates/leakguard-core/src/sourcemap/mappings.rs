//! A map's `mappings`, decoded into one list of segments sorted by generated position, so that a
//! lookup is a binary search.
//!
//! Decoding is lenient, segment by segment: a segment that cannot be used (a bad number, a field
//! count other than 1, 4 or 5, a value outside `0..=MAX_VALUE`, a source index past the end) is
//! skipped and the first such problem is kept for the caller, because one bad segment should not
//! hide where the rest of a bundle came from. Every sum is done in `i64` with saturation, so no
//! input overflows; each kept segment comes from at least one input byte, so memory stays a small
//! multiple of the `mappings` text.

use super::error::{MappingsProblem, SourceMapError, MAX_VALUE};
use super::vlq;

/// The `source` of a segment that maps to nothing: a one-field segment, or the start of an
/// index-map section (so that a column before the section's first segment maps to nothing rather
/// than to the previous section's last one).
const NO_SOURCE: u32 = u32::MAX;

/// One regular map's `mappings`, placed where its index-map section puts it.
#[derive(Debug)]
pub(super) struct Part {
    /// The `mappings` text as written.
    pub(super) mappings: String,
    /// The 0-based generated line the section starts on (0 outside index maps).
    pub(super) line: u32,
    /// The 0-based generated column the section starts at, on its first line only.
    pub(super) column: u32,
    /// Where this map's `sources` start in the flattened list of sources.
    pub(super) first_source: usize,
    /// How many `sources` this map lists.
    pub(super) source_count: usize,
}

/// Where a generated position came from, 0-based, the source indexed in the flattened list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    pub(super) source: usize,
    pub(super) line: u32,
    pub(super) column: u32,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    line: u32,
    column: u32,
    source: u32,
    original_line: u32,
    original_column: u32,
}

/// Every segment of every part, sorted by generated position.
#[derive(Debug)]
pub(super) struct Mappings {
    segments: Vec<Segment>,
    /// Kept for [`super::SourceMap::mappings_error`], which only the tests read for now.
    #[cfg_attr(not(test), allow(dead_code))]
    first_error: Option<SourceMapError>,
}

/// The fields that run on from one segment to the next across the whole `mappings` text.
#[derive(Default)]
struct Running {
    source: i64,
    original_line: i64,
    original_column: i64,
}

impl Mappings {
    /// Decodes `parts`; `sectioned` says they come from an index map's sections.
    pub(super) fn decode(parts: &[Part], sectioned: bool) -> Mappings {
        let mut segments = Vec::new();
        let mut first_error = None;
        for (index, part) in parts.iter().enumerate() {
            if sectioned {
                segments.push(Segment {
                    line: part.line,
                    column: part.column,
                    source: NO_SOURCE,
                    original_line: 0,
                    original_column: 0,
                });
            }
            let label = sectioned.then_some(index);
            if let Err(error) = decode_part(part, label, &mut segments) {
                first_error.get_or_insert(error);
            }
        }
        // Ties keep the order pushed (the sort is stable): a section's start marker wins over
        // the previous section's segments there, and the section's own first segment over it.
        let key = |segment: &Segment| (segment.line, segment.column);
        if !segments.is_sorted_by_key(key) {
            segments.sort_by_key(key);
        }
        Mappings {
            segments,
            first_error,
        }
    }

    /// The segment with the greatest generated column at or before `column` on `line` (both
    /// 0-based), if it has a source.
    pub(super) fn lookup(&self, line: u32, column: u32) -> Option<Hit> {
        let after = self
            .segments
            .partition_point(|segment| (segment.line, segment.column) <= (line, column));
        let segment = self.segments.get(after.checked_sub(1)?)?;
        if segment.line != line || segment.source == NO_SOURCE {
            return None;
        }
        Some(Hit {
            source: usize::try_from(segment.source).ok()?,
            line: segment.original_line,
            column: segment.original_column,
        })
    }

    /// The first segment that was skipped, and why.
    #[cfg(test)]
    pub(super) fn first_error(&self) -> Option<&SourceMapError> {
        self.first_error.as_ref()
    }
}

/// Appends the usable segments of `part`; returns the first problem met, after decoding the rest.
fn decode_part(
    part: &Part,
    label: Option<usize>,
    out: &mut Vec<Segment>,
) -> Result<(), SourceMapError> {
    let mut running = Running::default();
    let mut first_error = None;
    let mut at = 0;
    for (line_index, line_text) in part.mappings.as_bytes().split(|&b| b == b';').enumerate() {
        let mut column = 0_i64;
        for text in line_text.split(|&b| b == b',') {
            let start = at;
            at += text.len() + 1;
            if text.is_empty() {
                continue;
            }
            match read_segment(text, line_index, &mut column, &mut running, part) {
                Ok(segment) => out.push(segment),
                Err(reason) => {
                    first_error.get_or_insert(SourceMapError::Mappings {
                        part: label,
                        at: start,
                        reason,
                    });
                }
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// Applies one segment's relative fields and places it. The fields read are applied even when
/// the segment is then rejected, so that the segments after it keep the writer's reference point.
fn read_segment(
    text: &[u8],
    line_index: usize,
    column: &mut i64,
    running: &mut Running,
    part: &Part,
) -> Result<Segment, MappingsProblem> {
    let mut count = 0;
    let decoded = vlq::decode_segment(text, |value| {
        let value = i64::from(value);
        match count {
            0 => *column = column.saturating_add(value),
            1 => running.source = running.source.saturating_add(value),
            2 => running.original_line = running.original_line.saturating_add(value),
            3 => running.original_column = running.original_column.saturating_add(value),
            // The name index: names are not reported, so it is neither kept nor checked.
            _ => {}
        }
        count += 1;
    });
    decoded?;
    if !matches!(count, 1 | 4 | 5) {
        return Err(MappingsProblem::FieldCount { count });
    }
    let line_index = i64::try_from(line_index).unwrap_or(i64::MAX);
    let line = in_range(
        "generated line",
        line_index.saturating_add(part.line.into()),
    )?;
    in_range("generated column", *column)?;
    let shift = if line_index == 0 { part.column } else { 0 };
    let column = in_range("generated column", column.saturating_add(shift.into()))?;
    if count == 1 {
        return Ok(Segment {
            line,
            column,
            source: NO_SOURCE,
            original_line: 0,
            original_column: 0,
        });
    }
    let local = running.source;
    let source = usize::try_from(local)
        .ok()
        .filter(|&local| local < part.source_count)
        .and_then(|local| u32::try_from(part.first_source.checked_add(local)?).ok())
        .filter(|&global| global != NO_SOURCE)
        .ok_or(MappingsProblem::SourceIndex {
            index: local,
            count: part.source_count,
        })?;
    Ok(Segment {
        line,
        column,
        source,
        original_line: in_range("original line", running.original_line)?,
        original_column: in_range("original column", running.original_column)?,
    })
}

fn in_range(field: &'static str, value: i64) -> Result<u32, MappingsProblem> {
    u32::try_from(value)
        .ok()
        .filter(|&value| value <= MAX_VALUE)
        .ok_or(MappingsProblem::OutOfRange { field, value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(mappings: &str, sources: usize) -> Part {
        Part {
            mappings: mappings.to_owned(),
            line: 0,
            column: 0,
            first_source: 0,
            source_count: sources,
        }
    }

    fn hit(source: usize, line: u32, column: u32) -> Option<Hit> {
        Some(Hit {
            source,
            line,
            column,
        })
    }

    #[test]
    fn finds_the_segment_at_or_before_the_column() {
        // Line 0: col 0 -> (0, 0, 0); col 10 -> (0, 1, 4). Line 1: col 2 -> (0, 1, 0).
        let mappings = Mappings::decode(&[part("AAAA,UACI;EAAJ", 1)], false);
        assert_eq!(mappings.first_error(), None);
        assert_eq!(mappings.lookup(0, 0), hit(0, 0, 0));
        assert_eq!(mappings.lookup(0, 9), hit(0, 0, 0));
        assert_eq!(mappings.lookup(0, 10), hit(0, 1, 4));
        assert_eq!(mappings.lookup(0, 5000), hit(0, 1, 4));
        assert_eq!(mappings.lookup(1, 1), None);
        assert_eq!(mappings.lookup(1, 2), hit(0, 1, 0));
        assert_eq!(mappings.lookup(2, 0), None);
    }

    #[test]
    fn a_one_field_segment_ends_the_previous_mapping() {
        let mappings = Mappings::decode(&[part("AAAA,K", 1)], false);
        assert_eq!(mappings.lookup(0, 4), hit(0, 0, 0));
        assert_eq!(mappings.lookup(0, 5), None);
    }

    #[test]
    fn bad_segments_are_skipped_and_the_first_is_reported() {
        // `AA` has two fields; `AEAA` points at source 2 of 1; `K!` has a foreign byte.
        let mappings = Mappings::decode(&[part("AAAA,KA,KEAA,K!;AFAA", 1)], false);
        assert_eq!(
            mappings.first_error(),
            Some(&SourceMapError::Mappings {
                part: None,
                at: 5,
                reason: MappingsProblem::FieldCount { count: 2 },
            })
        );
        assert_eq!(mappings.lookup(0, 100), hit(0, 0, 0));
        // `AFAA` brings the source index back from 2 to 0; the line stays usable.
        assert_eq!(mappings.lookup(1, 0), hit(0, 0, 0));
    }

    #[test]
    fn negative_and_oversized_values_are_rejected() {
        let negative = Mappings::decode(&[part("ADAA", 1)], false);
        assert!(matches!(
            negative.first_error(),
            Some(SourceMapError::Mappings {
                reason: MappingsProblem::SourceIndex { index: -1, .. },
                ..
            })
        ));
        // Original line i32::MAX, then one more.
        let beyond = Mappings::decode(&[part("AA+/////DA,CACA", 1)], false);
        assert_eq!(beyond.lookup(0, 0), hit(0, MAX_VALUE, 0));
        assert_eq!(beyond.lookup(0, 1), hit(0, MAX_VALUE, 0));
        assert!(matches!(
            beyond.first_error(),
            Some(SourceMapError::Mappings {
                reason: MappingsProblem::OutOfRange {
                    field: "original line",
                    ..
                },
                ..
            })
        ));
    }

    #[test]
    fn sections_are_shifted_and_start_a_fresh_range() {
        let first = part("AAAA", 1);
        let second = Part {
            mappings: "EAAA;AACA".to_owned(),
            line: 0,
            column: 20,
            first_source: 1,
            source_count: 1,
        };
        let mappings = Mappings::decode(&[first, second], true);
        assert_eq!(mappings.lookup(0, 19), hit(0, 0, 0));
        // The second section starts at column 20 but maps nothing before column 22.
        assert_eq!(mappings.lookup(0, 21), None);
        assert_eq!(mappings.lookup(0, 22), hit(1, 0, 0));
        // The column offset applies to the section's first line only.
        assert_eq!(mappings.lookup(1, 0), hit(1, 1, 0));
    }
}
