//! `leakguard-bench generate-archives`: a corpus shaped like a release or CI artifact folder,
//! where most bytes are archives (jars, wheels, source tarballs, `docker save` images, nested
//! release zips, gzip logs) and built front-end output (minified bundles and source maps), with
//! a few Kubernetes Secrets. Fakes are planted inside archive entries at every nesting depth up
//! to three, inside maps' `sourcesContent`, inside bundles, and base64-encoded in Secrets;
//! `manifest.tsv` names each by the path leakguard reports (`a.zip!b.tar.gz!c.jar!x.properties`,
//! `dist/app.js.map!src/config.ts`) and says what holds it.
//!
//! As with `generate`, the plan comes from one PRNG stream and each artifact from a stream
//! derived from the seed and its index, so a seed and size give the same bytes on any machine.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::artifact::{gzipped_file, Plant};
use crate::artifact_content::{self, EntryKind};
use crate::corpus::{MANIFEST, MANIFEST_HEADER, MB};
use crate::fakes::FakeKind;
use crate::jars::{boot_jar, library_jar, library_name, version};
use crate::rng::{mix, Rng};
use crate::words::{hex, NOUNS};
use crate::{dist, image, packages};

/// Mixed into the seed so this corpus's streams differ from `generate`'s.
const STREAM: u64 = 0xA2C4_1BE5_0000_0001;

/// The kinds of top-level artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Artifact {
    LibraryJar,
    BootJar,
    Wheel,
    SourceTarball,
    Image,
    OciImage,
    Release,
    Log,
    Bundle,
    InlineBundle,
    K8sSecret,
    HelmChart,
}

/// One row of the mix: the share of bytes on disk and of fakes (percent), and the range of an
/// artifact's size on disk.
struct Category {
    artifact: Artifact,
    bytes: f64,
    fakes: f64,
    lo: usize,
    hi: usize,
}

const MIX: &[Category] = &[
    Category {
        artifact: Artifact::LibraryJar,
        bytes: 12.0,
        fakes: 10.0,
        lo: 40_000,
        hi: 6_000_000,
    },
    Category {
        artifact: Artifact::BootJar,
        bytes: 15.0,
        fakes: 13.0,
        lo: 4_000_000,
        hi: 30_000_000,
    },
    Category {
        artifact: Artifact::Wheel,
        bytes: 6.0,
        fakes: 7.0,
        lo: 20_000,
        hi: 4_000_000,
    },
    Category {
        artifact: Artifact::SourceTarball,
        bytes: 11.0,
        fakes: 11.0,
        lo: 50_000,
        hi: 8_000_000,
    },
    Category {
        artifact: Artifact::Image,
        bytes: 12.0,
        fakes: 8.0,
        lo: 8_000_000,
        hi: 50_000_000,
    },
    Category {
        artifact: Artifact::OciImage,
        bytes: 12.0,
        fakes: 8.0,
        lo: 8_000_000,
        hi: 50_000_000,
    },
    Category {
        artifact: Artifact::Release,
        bytes: 9.0,
        fakes: 10.0,
        lo: 2_000_000,
        hi: 20_000_000,
    },
    Category {
        artifact: Artifact::Log,
        bytes: 5.0,
        fakes: 6.0,
        lo: 100_000,
        hi: 3_000_000,
    },
    Category {
        artifact: Artifact::Bundle,
        bytes: 15.0,
        fakes: 13.0,
        lo: 300_000,
        hi: 9_000_000,
    },
    Category {
        artifact: Artifact::InlineBundle,
        bytes: 2.0,
        fakes: 3.0,
        lo: 150_000,
        hi: 1_500_000,
    },
    Category {
        artifact: Artifact::K8sSecret,
        bytes: 0.5,
        fakes: 8.0,
        lo: 1_500,
        hi: 12_000,
    },
    Category {
        artifact: Artifact::HelmChart,
        bytes: 0.5,
        fakes: 3.0,
        lo: 4_000,
        hi: 40_000,
    },
];

/// Planted fakes for a corpus of `size_mb` MB.
fn fake_count(size_mb: f64) -> usize {
    (150.0 + 0.75 * size_mb).round() as usize
}

/// One artifact of the plan.
#[derive(Debug, Clone)]
struct Spec {
    /// Path relative to the corpus (for a bundle, without `.js`).
    path: String,
    artifact: Artifact,
    /// Target size on disk.
    size: usize,
    fakes: Vec<FakeKind>,
}

/// Whether a fake of `kind` can go in `artifact` in a form a reader would recognise.
fn accepts(artifact: Artifact, kind: FakeKind) -> bool {
    match artifact {
        Artifact::Log => EntryKind::Log.accepts(kind),
        Artifact::K8sSecret => EntryKind::K8sSecret.accepts(kind),
        _ => true,
    }
}

fn path_for(artifact: Artifact, rng: &mut Rng) -> String {
    let noun = *rng.pick(NOUNS);
    match artifact {
        Artifact::LibraryJar => format!("lib/{}-{}.jar", library_name(rng), version(rng)),
        Artifact::BootJar => format!("services/{noun}-service-{}.jar", version(rng)),
        Artifact::Wheel => format!(
            "wheels/{}-{}-py3-none-any.whl",
            library_name(rng).replace('-', "_"),
            version(rng)
        ),
        Artifact::SourceTarball => format!("sdist/{}-{}.tar.gz", library_name(rng), version(rng)),
        Artifact::Image => format!("images/{noun}-{}.tar", version(rng)),
        Artifact::OciImage => format!("images/{noun}-{}.oci.tar", version(rng)),
        Artifact::Release => format!("releases/{noun}-{}-dist.zip", version(rng)),
        Artifact::Log => format!("logs/{noun}/{noun}-2026-11-{:02}.log.gz", rng.range(1, 30)),
        Artifact::Bundle => format!(
            "dist/assets/{}.{}",
            rng.pick(&["main", "vendors", "app", "admin", "checkout", noun]),
            hex(rng, 8)
        ),
        Artifact::InlineBundle => format!("dist/assets/chunk-{noun}.{}", hex(rng, 8)),
        Artifact::K8sSecret => format!(
            "deploy/k8s/{}/{noun}-secrets.yaml",
            rng.pick(&["production", "staging", "preview"])
        ),
        Artifact::HelmChart => format!("charts/{noun}-{}.tgz", version(rng)),
    }
}

/// The artifacts for about `target` bytes on disk, with the fakes spread over them.
fn plan(target: usize, size_mb: f64, seed: u64) -> Vec<Spec> {
    let mut rng = Rng::new(seed ^ STREAM);
    let mut specs: Vec<Spec> = Vec::new();
    let mut paths: HashSet<String> = HashSet::new();
    let total_fakes = fake_count(size_mb);
    for category in MIX {
        let budget = (target as f64 * category.bytes / 100.0) as usize;
        let hi = category.hi.min(budget.max(1_500));
        let lo = category.lo.min(hi);
        let first = specs.len();
        let mut used = 0;
        while used < budget || specs.len() == first {
            let size = rng
                .log_uniform(lo, hi)
                .min((budget - used.min(budget)).max(lo));
            let path = loop {
                let path = path_for(category.artifact, &mut rng);
                if paths.insert(path.clone()) {
                    break path;
                }
            };
            specs.push(Spec {
                path,
                artifact: category.artifact,
                size,
                fakes: Vec::new(),
            });
            used += size;
        }
        let count = (total_fakes as f64 * category.fakes / 100.0).round() as usize;
        let total: usize = specs[first..].iter().map(|s| s.size).sum();
        for _ in 0..count {
            let kind = loop {
                let kind = FakeKind::random(&mut rng);
                if accepts(category.artifact, kind) {
                    break kind;
                }
            };
            let mut x = rng.below(total.max(1));
            let mut chosen = specs.len() - 1;
            for (i, s) in specs.iter().enumerate().skip(first) {
                if x < s.size {
                    chosen = i;
                    break;
                }
                x -= s.size;
            }
            specs[chosen].fakes.push(kind);
        }
    }
    specs
}

/// What building one artifact gave: files (path, bytes) and the fakes in them.
struct Output {
    files: Vec<dist::File>,
    plants: Vec<Plant>,
    unpacked: u64,
}

/// `name` of `dir/name-1.2.3{suffix}`.
fn artifact_id<'a>(path: &'a str, suffix: &str) -> &'a str {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.strip_suffix(suffix).unwrap_or(file);
    stem.rsplit_once('-').map_or(stem, |(id, _)| id)
}

fn build(spec: &Spec, rng: &mut Rng) -> Result<Output> {
    let (built, label) = match spec.artifact {
        Artifact::LibraryJar => {
            let id = artifact_id(&spec.path, ".jar");
            (library_jar(id, spec.size, &spec.fakes, rng)?, "jar")
        }
        Artifact::BootJar => (boot_jar(spec.size, &spec.fakes, rng)?, "jar"),
        Artifact::Wheel => (packages::wheel(spec.size, &spec.fakes, rng)?, "whl"),
        Artifact::SourceTarball => {
            let file = spec.path.rsplit('/').next().unwrap_or(&spec.path);
            let root = file.strip_suffix(".tar.gz").unwrap_or(file);
            let jars = usize::from(rng.chance(0.25));
            let built = packages::source_tarball(root, spec.size, jars, &spec.fakes, rng)?;
            (built, "tar.gz")
        }
        Artifact::Image | Artifact::OciImage => {
            let oci = spec.artifact == Artifact::OciImage;
            (image::image(spec.size, oci, &spec.fakes, rng)?, "tar")
        }
        Artifact::Release => {
            let file = spec.path.rsplit('/').next().unwrap_or(&spec.path);
            let root = file.strip_suffix("-dist.zip").unwrap_or(file);
            let built = packages::release_zip(root, spec.size, &spec.fakes, rng)?;
            (built, "zip")
        }
        Artifact::HelmChart => (
            packages::helm_chart(spec.size * 7 / 2, &spec.fakes, rng)?,
            "tar.gz",
        ),
        Artifact::Log => {
            let file = spec.path.rsplit('/').next().unwrap_or(&spec.path);
            let content = file.strip_suffix(".gz").unwrap_or(file);
            let size = spec.size * 9 / 2;
            (
                gzipped_file(content, EntryKind::Log, size, &spec.fakes, rng)?,
                "gz",
            )
        }
        Artifact::Bundle | Artifact::InlineBundle => {
            let inline = spec.artifact == Artifact::InlineBundle;
            let (dir, name) = spec.path.rsplit_once('/').unwrap_or(("dist", &spec.path));
            let size = (spec.size as f64 / if inline { 2.6 } else { 2.9 }) as usize;
            let (files, plants) = dist::bundle(dir, name, size, inline, &spec.fakes, rng);
            let unpacked = files.iter().map(|f| f.1.len() as u64).sum();
            return Ok(Output {
                files,
                plants,
                unpacked,
            });
        }
        Artifact::K8sSecret => {
            let (bytes, planted) =
                artifact_content::generate(EntryKind::K8sSecret, spec.size, &spec.fakes, rng);
            let plants = planted
                .into_iter()
                .map(|planted| Plant {
                    path: spec.path.clone(),
                    via: vec!["base64"],
                    planted,
                })
                .collect();
            return Ok(Output {
                unpacked: bytes.len() as u64,
                files: vec![(spec.path.clone(), bytes)],
                plants,
            });
        }
    };
    Ok(Output {
        plants: built
            .plants
            .into_iter()
            .map(|p| p.inside(&spec.path, label))
            .collect(),
        unpacked: built.unpacked,
        files: vec![(spec.path.clone(), built.bytes)],
    })
}

/// Writes an artifact's files under `dir`; returns it and the bytes written.
fn write(dir: &Path, out: Output) -> Result<(Output, u64)> {
    let mut bytes = 0;
    for (path, content) in &out.files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create directory {}", parent.display()))?;
        }
        std::fs::write(&path, content)
            .with_context(|| format!("cannot write {}", path.display()))?;
        bytes += content.len() as u64;
    }
    Ok((out, bytes))
}

/// What the writers produced, by artifact index.
#[derive(Default)]
struct Written {
    files: usize,
    bytes: u64,
    unpacked: u64,
    plants: Vec<(usize, Vec<Plant>)>,
}

/// Writes the archive-heavy corpus for `size_mb` MB with `seed` into `dir` (empty or absent).
pub(crate) fn generate(dir: &Path, size_mb: f64, seed: u64) -> Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read directory {}", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} is not empty: remove it or choose another directory (generate-archives never overwrites)", dir.display());
        }
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))?;
    let started = Instant::now();
    let specs = plan((size_mb * MB) as usize, size_mb, seed);
    let written = write_all(dir, &specs, seed)?;

    let mut rows: Vec<Plant> = written.plants.into_iter().flat_map(|(_, p)| p).collect();
    rows.sort_by(|a, b| {
        (&a.path, a.planted.line, a.planted.column).cmp(&(
            &b.path,
            b.planted.line,
            b.planted.column,
        ))
    });
    let mut manifest = format!("{MANIFEST_HEADER}\tcontainer\n");
    for p in &rows {
        let _ = writeln!(
            manifest,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            p.path,
            p.planted.kind.name(),
            p.planted.line,
            p.planted.column,
            p.planted.end_line,
            p.planted.end_column,
            p.container()
        );
    }
    let manifest_path = dir.join(MANIFEST);
    std::fs::write(&manifest_path, &manifest)
        .with_context(|| format!("cannot write {}", manifest_path.display()))?;

    let mut by_kind = String::new();
    for kind in FakeKind::ALL {
        let n = rows.iter().filter(|p| p.planted.kind == kind).count();
        let _ = write!(
            by_kind,
            "{}{} {n}",
            if by_kind.is_empty() { "" } else { ", " },
            kind.name()
        );
    }
    let mut by_depth: BTreeMap<usize, usize> = BTreeMap::new();
    for p in &rows {
        let depth = p
            .via
            .iter()
            .filter(|v| !matches!(**v, "base64" | "bundle"))
            .count();
        *by_depth.entry(depth).or_default() += 1;
    }
    let depths: Vec<String> = by_depth.iter().map(|(d, n)| format!("{d}: {n}")).collect();
    say!(
        "wrote {:.1} MB in {} files ({} artifacts) to {} in {:.1} s; {:.1} MB once unpacked",
        written.bytes as f64 / MB,
        crate::group(written.files as u64),
        crate::group(specs.len() as u64),
        dir.display(),
        started.elapsed().as_secs_f64(),
        written.unpacked as f64 / MB
    );
    say!(
        "planted {} fakes ({by_kind}); by nesting depth {}; listed in {}",
        rows.len(),
        depths.join(", "),
        manifest_path.display()
    );
    Ok(())
}

fn write_all(dir: &Path, specs: &[Spec], seed: u64) -> Result<Written> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(specs.len().max(1));
    // Largest first, so that one big image does not finish alone at the end.
    let mut order: Vec<usize> = (0..specs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(specs[i].size));
    let next = AtomicUsize::new(0);
    let result = Mutex::new(Written::default());
    let first_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let mut rng = Rng::derive(mix(seed ^ STREAM), index as u64);
                    match build(&specs[index], &mut rng).and_then(|out| write(dir, out)) {
                        Ok((out, bytes)) => {
                            let mut r = result.lock().unwrap_or_else(|e| e.into_inner());
                            r.files += out.files.len();
                            r.bytes += bytes;
                            r.unpacked += out.unpacked;
                            r.plants.push((index, out.plants));
                        }
                        Err(error) => {
                            first_error
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .get_or_insert(error);
                            next.store(order.len(), Ordering::Relaxed);
                            break;
                        }
                    }
                }
            });
        }
    });
    if let Some(error) = first_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(error);
    }
    Ok(result.into_inner().unwrap_or_else(|e| e.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unpack::resolve;
    use base64::Engine as _;
    use std::path::PathBuf;

    #[test]
    fn plan_is_deterministic_and_mixes_every_artifact() {
        let a = plan(200_000_000, 200.0, 42);
        let b = plan(200_000_000, 200.0, 42);
        assert_eq!(a.len(), b.len());
        assert!(a
            .iter()
            .zip(&b)
            .all(|(x, y)| x.path == y.path && x.size == y.size && x.fakes == y.fakes));
        let total: usize = a.iter().map(|s| s.size).sum();
        assert!((200_000_000..215_000_000).contains(&total), "{total}");
        let fakes: usize = a.iter().map(|s| s.fakes.len()).sum();
        assert_eq!(fakes, fake_count(200.0));
        for category in MIX {
            assert!(a.iter().any(|s| s.artifact == category.artifact));
        }
        assert!(a
            .iter()
            .all(|s| s.fakes.iter().all(|&k| accepts(s.artifact, k))));
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "leakguard-bench-test-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    /// The text of the half-open span (1-based lines and columns) of `text`.
    fn span(text: &str, line: usize, column: usize, end_line: usize, end_column: usize) -> String {
        let lines: Vec<&str> = text.split('\n').collect();
        if line == end_line {
            return lines[line - 1][column - 1..end_column - 1].to_owned();
        }
        let mut out = lines[line - 1][column - 1..].to_owned();
        for l in &lines[line..end_line - 1] {
            out.push('\n');
            out.push_str(l);
        }
        out.push('\n');
        out.push_str(&lines[end_line - 1][..end_column - 1]);
        out
    }

    fn looks_like(kind: &str, value: &str) -> bool {
        match kind {
            "github" => value.starts_with("ghp_") && value.len() == 40,
            "aws" => value.starts_with("AKIA") && value.len() == 20,
            "slack" => value.starts_with("xoxb-"),
            "stripe" => value.starts_with("sk_live_"),
            "jwt" => value.starts_with("eyJ") && value.split('.').count() == 3,
            "postgres" => value.starts_with("postgres://"),
            "password" => value.len() == 20,
            "private-key" => {
                value.starts_with("-----BEGIN ") && value.ends_with(" PRIVATE KEY-----")
            }
            _ => false,
        }
    }

    #[test]
    fn every_manifest_row_names_a_fake_where_leakguard_will_see_it() {
        let dir = scratch("archives");
        generate(&dir, 4.0, 3).expect("generates");
        let manifest = std::fs::read_to_string(dir.join(MANIFEST)).expect("a manifest");
        let mut lines = manifest.lines();
        assert_eq!(
            lines.next(),
            Some(format!("{MANIFEST_HEADER}\tcontainer").as_str())
        );
        let mut containers = HashSet::new();
        let mut rows = 0;
        for row in lines {
            let f: Vec<&str> = row.split('\t').collect();
            let n = |i: usize| f[i].parse::<usize>().expect("a number");
            let bytes = resolve(&dir, f[0]).unwrap_or_else(|e| panic!("{row}: {e:#}"));
            let text = String::from_utf8(bytes).expect("text");
            let mut value = span(&text, n(2), n(3), n(4), n(5));
            if f[6].ends_with("base64") {
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(&value)
                    .expect("base64");
                value = String::from_utf8(decoded).expect("text");
            }
            assert!(looks_like(f[1], &value), "{row}: {value:?}");
            containers.insert(f[6].to_owned());
            rows += 1;
        }
        assert_eq!(rows, fake_count(4.0));
        for expected in [
            "jar",
            "jar>jar",
            "whl",
            "tar.gz",
            "tar",
            "tar>tar",
            "tar>tar>jar",
            "tar>tar>gz",
            "tar>tar.gz",
            "tar>tar.gz>jar",
            "zip",
            "zip>jar",
            "zip>jar>jar",
            "zip>tar.gz",
            "zip>tar.gz>jar",
            "gz",
            "map",
            "bundle",
            "inline-map",
            "base64",
            "tar.gz>base64",
        ] {
            assert!(
                containers.contains(expected),
                "no plant in {expected}: {containers:?}"
            );
        }

        // The same seed and size give the same bytes.
        let again = scratch("archives-again");
        generate(&again, 4.0, 3).expect("generates");
        let listing = |root: &Path| {
            let mut files = Vec::new();
            let mut stack = vec![root.to_owned()];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).expect("lists").flatten() {
                    let path = e.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else {
                        let bytes = std::fs::read(&path).expect("reads");
                        let name = path.strip_prefix(root).expect("inside").to_owned();
                        files.push((name, bytes));
                    }
                }
            }
            files.sort();
            files
        };
        assert!(listing(&dir) == listing(&again), "two runs differ");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&again);
    }
}
