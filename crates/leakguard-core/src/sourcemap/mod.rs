//! Source maps: their embedded sources and their mappings back to original files. Being written;
//! see the issue on built output and encodings.
