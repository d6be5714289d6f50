//! `leakguard-bench generate`: plans a corpus shaped like a large Rails application with its
//! `node_modules`, writes it in parallel, and records every planted fake in `manifest.tsv`.
//!
//! The plan is drawn from one PRNG stream, and each file's bytes from a stream derived from the
//! seed and the file's index, so the same seed and size give byte-identical corpora whatever the
//! number of threads.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::content::{self, FileKind, Planted};
use crate::fakes::FakeKind;
use crate::rng::Rng;
use crate::words::{self, hex, ident, pascal, LIB_WORDS, NAMESPACES, NOUNS, VERBS};

/// Name of the planted-fakes list inside a corpus directory.
pub(crate) const MANIFEST: &str = "manifest.tsv";
/// First line of the manifest.
pub(crate) const MANIFEST_HEADER: &str = "path\tkind\tline\tcolumn\tend_line\tend_column";

/// Bytes in a "MB" everywhere in this tool (sizes, throughput).
pub(crate) const MB: f64 = 1e6;

/// One file of the plan.
#[derive(Debug, Clone)]
pub(crate) struct FileSpec {
    pub(crate) path: String,
    pub(crate) kind: FileKind,
    pub(crate) size: usize,
    fakes: Vec<FakeKind>,
}

/// Builds the list of files, keeping paths unique.
struct Planner {
    rng: Rng,
    files: Vec<FileSpec>,
    paths: HashSet<String>,
}

impl Planner {
    fn add(&mut self, path: String, kind: FileKind, size: usize) -> usize {
        let mut unique = path.clone();
        let mut n = 2;
        while !self.paths.insert(unique.clone()) {
            unique = match path.rsplit_once('.') {
                Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}_{n}.{ext}"),
                _ => format!("{path}_{n}"),
            };
            n += 1;
        }
        self.files.push(FileSpec {
            path: unique,
            kind,
            size,
            fakes: Vec::new(),
        });
        size
    }

    /// Size drawn log-uniformly, clamped so a category overshoots its budget by little.
    fn size(&mut self, lo: usize, hi: usize, remaining: usize) -> usize {
        self.rng.log_uniform(lo, hi).min(remaining.max(lo))
    }

    fn rails_file(&mut self, remaining: usize) -> usize {
        let r = &mut self.rng;
        let noun = *r.pick(NOUNS);
        let ns = *r.pick(NAMESPACES);
        let verb = *r.pick(VERBS);
        let path = match r.below(14) {
            0 | 1 => format!("app/models/{noun}.rb"),
            2 => format!("app/models/{ns}/{noun}.rb"),
            3 | 4 => format!(
                "app/controllers/api/v{}/{noun}s_controller.rb",
                r.range(1, 2)
            ),
            5 => format!("app/services/{ns}/{verb}_{noun}_service.rb"),
            6 => format!("app/jobs/{ns}/{verb}_{noun}_job.rb"),
            7 => format!("app/serializers/{noun}_serializer.rb"),
            8 => format!("app/policies/{noun}_policy.rb"),
            9 => format!("lib/{ns}/{}.rb", ident(r)),
            10 => format!(
                "db/migrate/20{}{:04}_create_{noun}s.rb",
                r.range(15, 25),
                r.range(0, 9999)
            ),
            11 => format!("config/initializers/{noun}.rb"),
            12 => format!("engines/{ns}/app/models/{ns}/{noun}.rb"),
            _ => format!(
                "spec/{}/{noun}_spec.rb",
                r.pick(&["models", "requests", "services", "jobs"])
            ),
        };
        let size = self.size(800, 40_000, remaining);
        self.add(path, FileKind::Ruby, size)
    }

    fn frontend_file(&mut self, remaining: usize) -> usize {
        let r = &mut self.rng;
        let noun = *r.pick(NOUNS);
        let (path, kind) = match r.below(5) {
            0 => (
                format!("app/javascript/controllers/{noun}_controller.js"),
                FileKind::Js,
            ),
            1 => (
                format!(
                    "app/javascript/{}/{}.js",
                    r.pick(&["api", "utils", "channels"]),
                    ident(r)
                ),
                FileKind::Js,
            ),
            2 => (
                format!(
                    "frontend/src/{}/{}.ts",
                    r.pick(NAMESPACES),
                    pascal(&ident(r))
                ),
                FileKind::Ts,
            ),
            3 => (
                format!(
                    "frontend/src/components/{}/{}.tsx",
                    pascal(noun),
                    pascal(&ident(r))
                ),
                FileKind::Ts,
            ),
            _ => (
                format!("frontend/src/hooks/use{}.ts", pascal(&ident(r))),
                FileKind::Ts,
            ),
        };
        let size = self.size(1_000, 60_000, remaining);
        self.add(path, kind, size)
    }

    fn python_file(&mut self, remaining: usize) -> usize {
        let r = &mut self.rng;
        let path = match r.below(3) {
            0 => format!("scripts/{}_{}.py", r.pick(VERBS), ident(r)),
            1 => format!("ml/{}/{}.py", r.pick(NAMESPACES), ident(r)),
            _ => format!("tools/{}/{}.py", r.pick(NAMESPACES), r.pick(NOUNS)),
        };
        let size = self.size(1_000, 40_000, remaining);
        self.add(path, FileKind::Python, size)
    }

    fn go_file(&mut self, remaining: usize) -> usize {
        let r = &mut self.rng;
        let svc = format!(
            "{}-{}",
            r.pick(NAMESPACES),
            r.pick(&["api", "worker", "gateway", "sync"])
        );
        let path = match r.below(4) {
            0 => format!("services/{svc}/cmd/{svc}/main.go"),
            1 => format!(
                "services/{svc}/internal/{}/{}_test.go",
                r.pick(NOUNS),
                ident(r)
            ),
            _ => format!("services/{svc}/internal/{}/{}.go", r.pick(NOUNS), ident(r)),
        };
        let size = self.size(1_500, 50_000, remaining);
        self.add(path, FileKind::Go, size)
    }

    fn config_file(&mut self, remaining: usize) -> usize {
        let r = &mut self.rng;
        let noun = *r.pick(NOUNS);
        let (path, kind) = match r.below(8) {
            0 | 1 => (format!("config/{noun}.yml"), FileKind::Yaml),
            2 => (
                format!(
                    "config/locales/{}.{noun}.yml",
                    r.pick(&["en", "de", "fr", "ja", "es"])
                ),
                FileKind::Yaml,
            ),
            3 => (
                format!(".github/workflows/{}.yml", r.pick(VERBS)),
                FileKind::Yaml,
            ),
            4 => (
                format!(
                    "deploy/k8s/{}/{}.yaml",
                    r.pick(NAMESPACES),
                    r.pick(&["deployment", "service", "configmap", "values"])
                ),
                FileKind::Yaml,
            ),
            5 => (format!("config/{noun}.json"), FileKind::JsonConfig),
            6 => (
                format!("deploy/{}/settings.json", r.pick(NAMESPACES)),
                FileKind::JsonConfig,
            ),
            _ => (
                format!(
                    "config/credentials/{}-service-account.json",
                    r.pick(NAMESPACES)
                ),
                FileKind::JsonConfig,
            ),
        };
        let size = self.size(300, 20_000, remaining);
        self.add(path, kind, size)
    }

    fn doc_file(&mut self, remaining: usize) -> usize {
        let path = format!(
            "docs/{}/{}.md",
            self.rng.pick(NAMESPACES),
            ident(&mut self.rng)
        );
        let size = self.size(1_000, 30_000, remaining);
        self.add(path, FileKind::Markdown, size)
    }

    fn npm_package(&mut self, remaining: usize) -> usize {
        let r = &mut self.rng;
        let name = words::join(r, LIB_WORDS, 1, 3, "-");
        let dir = if r.chance(0.2) {
            format!("node_modules/@{}/{name}", r.pick(LIB_WORDS))
        } else if r.chance(0.1) {
            format!("node_modules/{}/node_modules/{name}", r.pick(LIB_WORDS))
        } else {
            format!("node_modules/{name}")
        };
        let mut total = self.add(format!("{dir}/package.json"), FileKind::PackageJson, 900);
        let size = self.size(1_000, 20_000, remaining);
        total += self.add(format!("{dir}/README.md"), FileKind::Markdown, size);
        let size = self.size(1_000, 40_000, remaining);
        total += self.add(format!("{dir}/lib/index.js"), FileKind::Js, size);
        for _ in 0..self.rng.range(0, 6) {
            let file = format!("{dir}/lib/{}.js", self.rng.pick(LIB_WORDS));
            let size = self.size(1_000, 40_000, remaining);
            total += self.add(file, FileKind::Js, size);
        }
        let size = self.size(500, 15_000, remaining);
        total += self.add(format!("{dir}/index.d.ts"), FileKind::TypeDecl, size);
        if self.rng.chance(0.2) {
            let size = self.size(200_000, 3_000_000, remaining.saturating_sub(total));
            total += self.add(format!("{dir}/dist/{name}.min.js"), FileKind::MinJs, size);
        }
        total
    }

    fn bundle(&mut self, remaining: usize) -> usize {
        let r = &mut self.rng;
        let path = match r.below(3) {
            0 => format!("public/assets/application-{}.js", hex(r, 64)),
            1 => format!("public/packs/js/{}-{}.js", ident(r), hex(r, 20)),
            _ => format!(
                "public/packs/js/vendors-{}-{}.chunk.js",
                r.range(100, 999),
                hex(r, 20)
            ),
        };
        let size = self.size(200_000, 3_000_000, remaining);
        self.add(path, FileKind::MinJs, size)
    }

    fn binary_file(&mut self, remaining: usize) -> usize {
        let r = &mut self.rng;
        let noun = *r.pick(NOUNS);
        let (path, kind, lo, hi) = match r.below(6) {
            0 | 1 => (
                format!("app/assets/images/{noun}-{}.png", r.range(1, 99)),
                FileKind::Png,
                2_000,
                400_000,
            ),
            2 => (
                format!("public/images/{noun}.jpg"),
                FileKind::Jpeg,
                10_000,
                800_000,
            ),
            3 => (
                format!(
                    "app/assets/fonts/{}-{}.woff2",
                    r.pick(LIB_WORDS),
                    r.pick(&["regular", "bold", "italic"])
                ),
                FileKind::Woff2,
                20_000,
                150_000,
            ),
            4 => (
                format!(
                    "vendor/cache/{}-{}.{}.{}.gem",
                    r.pick(LIB_WORDS),
                    r.range(0, 9),
                    r.range(0, 30),
                    r.range(0, 9)
                ),
                FileKind::Gzip,
                10_000,
                1_000_000,
            ),
            _ => (
                format!("node_modules/{}/assets/{noun}.png", r.pick(LIB_WORDS)),
                FileKind::Png,
                2_000,
                200_000,
            ),
        };
        let size = self.size(lo, hi, remaining);
        self.add(path, kind, size)
    }
}

/// The whole corpus plan for `target` bytes.
fn plan(target: usize, seed: u64) -> Vec<FileSpec> {
    let mut p = Planner {
        rng: Rng::new(seed),
        files: Vec::new(),
        paths: HashSet::new(),
    };
    // Files every Rails checkout has.
    let lock_size = (target / 160).clamp(300_000, 6_000_000);
    p.add(
        "package-lock.json".to_owned(),
        FileKind::PackageLock,
        lock_size,
    );
    p.add("package.json".to_owned(), FileKind::PackageJson, 900);
    for env in [".env.development", ".env.test", ".env.local"] {
        p.add(env.to_owned(), FileKind::Env, 1_500);
    }
    for ns in ["billing", "payments", "notifications"] {
        p.add(format!("deploy/{ns}/.env"), FileKind::Env, 1_000);
    }
    p.add("config/database.yml".to_owned(), FileKind::Yaml, 2_000);
    let fixed: usize = p.files.iter().map(|f| f.size).sum();

    type Category = fn(&mut Planner, usize) -> usize;
    let categories: [(f64, Category); 9] = [
        (0.22, Planner::rails_file),
        (0.10, Planner::frontend_file),
        (0.05, Planner::python_file),
        (0.06, Planner::go_file),
        (0.03, Planner::config_file),
        (0.03, Planner::doc_file),
        (0.25, Planner::npm_package),
        (0.16, Planner::bundle),
        (0.10, Planner::binary_file),
    ];
    let budget_total = target.saturating_sub(fixed) as f64;
    for (share, add) in categories {
        let budget = (budget_total * share) as usize;
        let mut spent = 0;
        while spent < budget {
            spent += add(&mut p, budget - spent);
        }
    }

    // Plant the fakes: a few hundred, more in bigger corpora.
    let count = 200 + target / 2_500_000;
    let eligible: Vec<usize> = (0..p.files.len())
        .filter(|&i| p.files[i].kind.takes_fakes())
        .collect();
    for _ in 0..count {
        let kind = FakeKind::random(&mut p.rng);
        if kind == FakeKind::PrivateKey && p.rng.chance(0.25) {
            let ext = *p.rng.pick(&["pem", "key"]);
            let path = format!("config/certs/{}.{ext}", ident(&mut p.rng));
            p.add(path, FileKind::Pem, 0);
            if let Some(file) = p.files.last_mut() {
                file.fakes.push(kind);
            }
        } else {
            let index = *p.rng.pick(&eligible);
            p.files[index].fakes.push(kind);
        }
    }
    p.files
}

/// `count` files of an application's own source, shaped like the corpus's Ruby, JavaScript,
/// TypeScript, Python, Go, configuration and docs, with one image or archive in fifty, and the
/// fixed files (`.env.*`, `config/database.yml`) first. The git history generator draws from this
/// so both benchmarks look at the same kind of code; `node_modules` and bundles are left out,
/// since few repositories commit them. Paths are unique.
pub(crate) fn source_files(count: usize, seed: u64) -> Vec<FileSpec> {
    let mut p = Planner {
        rng: Rng::new(seed),
        files: Vec::new(),
        paths: HashSet::new(),
    };
    p.add("package.json".to_owned(), FileKind::PackageJson, 900);
    for env in [".env.development", ".env.test"] {
        p.add(env.to_owned(), FileKind::Env, 1_500);
    }
    p.add("config/database.yml".to_owned(), FileKind::Yaml, 2_000);
    type Category = fn(&mut Planner, usize) -> usize;
    let categories: [(usize, Category); 7] = [
        (22, Planner::rails_file),
        (10, Planner::frontend_file),
        (5, Planner::python_file),
        (6, Planner::go_file),
        (3, Planner::config_file),
        (3, Planner::doc_file),
        (1, Planner::binary_file),
    ];
    let total: usize = categories.iter().map(|c| c.0).sum();
    while p.files.len() < count {
        let mut n = p.rng.below(total);
        for (weight, add) in categories {
            if n < weight {
                // Caps images and archives at about 100 KB; text files stay below it anyway.
                add(&mut p, 100_000);
                break;
            }
            n -= weight;
        }
    }
    p.files.truncate(count);
    p.files
}

/// What `generate` wrote.
struct Written {
    bytes: u64,
    planted: Vec<(usize, Vec<Planted>)>,
}

/// Writes the corpus for `size_mb` MB with `seed` into `dir` (which must be empty or absent).
pub(crate) fn generate(dir: &Path, size_mb: f64, seed: u64) -> Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read directory {}", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} is not empty: remove it or choose another directory (generate never overwrites)", dir.display());
        }
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))?;
    let started = Instant::now();
    let target = (size_mb * MB) as usize;
    let files = plan(target, seed);

    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let result = Mutex::new(Written {
        bytes: 0,
        planted: Vec::new(),
    });
    let first_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut created: HashSet<PathBuf> = HashSet::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(spec) = files.get(index) else { break };
                    match write_file(dir, spec, seed, index, &mut created) {
                        Ok((bytes, planted)) => {
                            let mut r = result.lock().unwrap_or_else(|e| e.into_inner());
                            r.bytes += bytes;
                            if !planted.is_empty() {
                                r.planted.push((index, planted));
                            }
                        }
                        Err(error) => {
                            first_error
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .get_or_insert(error);
                            next.store(files.len(), Ordering::Relaxed);
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
    let mut written = result.into_inner().unwrap_or_else(|e| e.into_inner());

    written.planted.sort_by_key(|(index, _)| *index);
    let mut rows: Vec<(String, Planted)> = written
        .planted
        .into_iter()
        .flat_map(|(index, planted)| planted.into_iter().map(move |p| (index, p)))
        .map(|(index, p)| (files[index].path.clone(), p))
        .collect();
    rows.sort_by(|a, b| (&a.0, a.1.line, a.1.column).cmp(&(&b.0, b.1.line, b.1.column)));
    let mut manifest = String::from(MANIFEST_HEADER);
    manifest.push('\n');
    for (path, p) in &rows {
        let _ = writeln!(
            manifest,
            "{path}\t{}\t{}\t{}\t{}\t{}",
            p.kind.name(),
            p.line,
            p.column,
            p.end_line,
            p.end_column
        );
    }
    let manifest_path = dir.join(MANIFEST);
    std::fs::write(&manifest_path, &manifest)
        .with_context(|| format!("cannot write {}", manifest_path.display()))?;

    let mut by_kind = String::new();
    for kind in FakeKind::ALL {
        let n = rows.iter().filter(|(_, p)| p.kind == kind).count();
        let _ = write!(
            by_kind,
            "{}{} {n}",
            if by_kind.is_empty() { "" } else { ", " },
            kind.name()
        );
    }
    say!(
        "wrote {:.1} MB in {} files to {} in {:.1} s",
        written.bytes as f64 / MB,
        crate::group(files.len() as u64),
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    say!(
        "planted {} fakes ({by_kind}), listed in {}",
        rows.len(),
        manifest_path.display()
    );
    Ok(())
}

fn write_file(
    dir: &Path,
    spec: &FileSpec,
    seed: u64,
    index: usize,
    created: &mut HashSet<PathBuf>,
) -> Result<(u64, Vec<Planted>)> {
    let path = dir.join(&spec.path);
    if let Some(parent) = path.parent() {
        if !created.contains(parent) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create directory {}", parent.display()))?;
            created.insert(parent.to_owned());
        }
    }
    let mut rng = Rng::derive(seed, index as u64);
    let (bytes, planted) = content::generate(spec.kind, spec.size, &spec.fakes, &mut rng);
    std::fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
    Ok((bytes.len() as u64, planted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_is_deterministic_and_fills_the_budget() {
        let a = plan(20_000_000, 5);
        let b = plan(20_000_000, 5);
        assert_eq!(a.len(), b.len());
        assert!(a
            .iter()
            .zip(&b)
            .all(|(x, y)| x.path == y.path && x.size == y.size && x.fakes == y.fakes));
        let total: usize = a.iter().map(|f| f.size).sum();
        assert!((20_000_000..21_500_000).contains(&total), "{total}");
        let fakes: usize = a.iter().map(|f| f.fakes.len()).sum();
        assert_eq!(fakes, 208);
        let unique: HashSet<&str> = a.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(unique.len(), a.len());
    }
}
