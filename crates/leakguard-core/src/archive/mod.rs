//! Archives (zip and kin, tar, gz, bz2, xz, zstd), expanded with limits against bombs. Being
//! written; see the issue on built output and encodings.
