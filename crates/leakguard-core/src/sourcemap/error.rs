//! What can be wrong with a source map. Messages name what was found so that a user can act; the
//! caller prefixes the map's path.

use super::vlq::VlqError;

/// The largest line, column or index a map may use. Maps count in 32-bit signed integers (the
/// reference implementations are JavaScript); the bound also keeps every `+ 1` free of overflow.
pub(crate) const MAX_VALUE: u32 = i32::MAX as u32;

/// How deep index maps may nest. The spec allows no nesting at all; a few levels are read for
/// tools that produce them, and the bound keeps a hostile map from recursing without end.
pub(crate) const MAX_SECTION_DEPTH: usize = 4;

/// Why a source map cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SourceMapError {
    /// The bytes are not JSON.
    #[error("not JSON: {reason}")]
    NotJson {
        /// The JSON parser's message, with line and column.
        reason: String,
    },
    /// JSON, but not shaped like a source map (a field of the wrong type, say).
    #[error("not a source map: {reason}")]
    NotSourceMap {
        /// What is wrong, with line and column.
        reason: String,
    },
    /// A `version` other than 3, or none.
    #[error("source map version {found} is not supported (only version 3 is)")]
    Version {
        /// The version as written, or `missing`.
        found: String,
    },
    /// Index maps nested deeper than [`MAX_SECTION_DEPTH`].
    #[error("index map sections nest {depth} levels deep; at most {MAX_SECTION_DEPTH} are read")]
    SectionsTooDeep {
        /// The depth reached.
        depth: usize,
    },
    /// A section starting beyond the lines or columns a map can count.
    #[error("section {section} starts at line {line}, column {column}: beyond {MAX_VALUE}")]
    SectionOffset {
        /// The section's index among its siblings.
        section: usize,
        /// Its 0-based start line, added to its parent's.
        line: u64,
        /// Its 0-based start column, added to its parent's.
        column: u64,
    },
    /// A segment of `mappings` that cannot be used; it was skipped and the others still map.
    #[error("mappings{}, byte {at}: {reason}", in_part(*.part))]
    Mappings {
        /// For an index map, which of its flattened sections (0-based, in document order).
        part: Option<usize>,
        /// The byte offset of the segment in that `mappings` string.
        at: usize,
        /// What is wrong with the segment.
        reason: MappingsProblem,
    },
}

/// What is wrong with one segment of `mappings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum MappingsProblem {
    /// A number could not be read.
    #[error(transparent)]
    Vlq(#[from] VlqError),
    /// Segments have 1, 4 or 5 fields.
    #[error("a segment has {count} fields; 1, 4 or 5 are allowed")]
    FieldCount {
        /// How many fields it has.
        count: usize,
    },
    /// A relative field summed to a value below 0 or above [`MAX_VALUE`].
    #[error("the {field} becomes {value}, outside 0..={MAX_VALUE}")]
    OutOfRange {
        /// Which field: `generated line`, `generated column`, `source index`, ...
        field: &'static str,
        /// The value it reached.
        value: i64,
    },
    /// A source index past the end of `sources`.
    #[error("source index {index} but the map lists {count} sources")]
    SourceIndex {
        /// The index reached.
        index: i64,
        /// How many sources there are.
        count: usize,
    },
}

fn in_part(part: Option<usize>) -> String {
    part.map(|part| format!(" of section {part}"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_errors_say_where_and_why() {
        let plain = SourceMapError::Mappings {
            part: None,
            at: 17,
            reason: MappingsProblem::FieldCount { count: 2 },
        };
        assert_eq!(
            plain.to_string(),
            "mappings, byte 17: a segment has 2 fields; 1, 4 or 5 are allowed"
        );
        let sectioned = SourceMapError::Mappings {
            part: Some(1),
            at: 0,
            reason: MappingsProblem::Vlq(VlqError::Overflow),
        };
        assert_eq!(
            sectioned.to_string(),
            "mappings of section 1, byte 0: a number does not fit in 32 bits"
        );
    }
}
