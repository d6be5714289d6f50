//! Packages other than jars: Python wheels, source tarballs, Helm charts, and release zips that
//! nest jars and tarballs up to three levels deep (`app.zip!vendor/x.tar.gz!lib/x.jar!…`).

use anyhow::Result;

use crate::artifact::{ensure, split, spread, Built, Contents, Spec};
use crate::artifact_content::EntryKind;
use crate::content::FileKind;
use crate::fakes::FakeKind;
use crate::jars::{boot_jar, library_jar, library_name, version};
use crate::rng::Rng;
use crate::words::{hex, ident, NAMESPACES, NOUNS, VERBS};

/// A Python wheel of about `size` bytes, with `fakes` in its modules.
pub(crate) fn wheel(size: usize, fakes: &[FakeKind], rng: &mut Rng) -> Result<Built> {
    let package = library_name(rng).replace('-', "_");
    let v = version(rng);
    let mut whl = Contents::new(true);
    let mut specs = vec![
        Spec::new(
            format!("{package}/__init__.py"),
            EntryKind::File(FileKind::Python),
            300,
        ),
        Spec::new(
            format!(
                "{package}/{}.py",
                rng.pick(&["settings", "config", "client"])
            ),
            EntryKind::File(FileKind::Python),
            rng.log_uniform(1_000, 20_000),
        ),
    ];
    // Modules until the estimate is reached; the first two take the fakes most often.
    let mut estimate = 0;
    while estimate < size * 9 / 10 {
        let len = rng.log_uniform(1_000, 40_000);
        estimate += len * 2 / 7;
        specs.push(Spec::new(
            format!("{package}/{}/{}.py", rng.pick(NAMESPACES), ident(rng)),
            EntryKind::File(FileKind::Python),
            len,
        ));
    }
    let (head, rest) = specs.split_at_mut(2);
    let groups = split(fakes, &[2.0, 1.0], rng);
    spread(&groups[0], head, rng);
    spread(&groups[1], rest, rng);
    let mut record = String::new();
    for spec in specs {
        let spec = Spec {
            name: whl.name(spec.name),
            ..spec
        };
        record.push_str(&format!(
            "{},sha256={},{}\n",
            spec.name,
            hex(rng, 43),
            spec.size
        ));
        whl.write(spec, rng);
    }
    if rng.chance(0.3) {
        let name = format!("{package}/_speedups.cpython-312-x86_64-linux-gnu.so");
        let len = rng.log_uniform(20_000, 600_000).min(size / 3 + 20_000);
        whl.write(Spec::new(name, EntryKind::SharedObject, len), rng);
    }
    let info = format!("{package}-{v}.dist-info");
    whl.text(
        format!("{info}/METADATA"),
        format!(
            "Metadata-Version: 2.1\nName: {package}\nVersion: {v}\nSummary: {} {} client\n\
             Requires-Python: >=3.9\nRequires-Dist: requests (>=2.31)\n",
            rng.pick(VERBS),
            rng.pick(NOUNS)
        ),
    );
    whl.text(
        format!("{info}/WHEEL"),
        "Wheel-Version: 1.0\nGenerator: bdist_wheel (0.42.0)\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
            .to_owned(),
    );
    whl.text(format!("{info}/top_level.txt"), format!("{package}\n"));
    record.push_str(&format!("{info}/RECORD,,\n"));
    whl.text(format!("{info}/RECORD"), record);
    whl.zip()
}

/// The file kinds of a source tree, with the extensions they get.
const SOURCE_KINDS: &[(FileKind, &str)] = &[
    (FileKind::Python, "py"),
    (FileKind::Ruby, "rb"),
    (FileKind::Go, "go"),
    (FileKind::Js, "js"),
    (FileKind::Ts, "ts"),
    (FileKind::Yaml, "yml"),
    (FileKind::JsonConfig, "json"),
];

/// A source tarball (`root/…`, gzip-compressed) of about `size` bytes. With `jars`, that
/// many library jars are vendored under `lib/`, one level down; a third of tarballs vendor a
/// wheel under `vendor/`. Fakes go in the sources, the jars and the wheel alike.
pub(crate) fn source_tarball(
    root: &str,
    size: usize,
    jars: usize,
    fakes: &[FakeKind],
    rng: &mut Rng,
) -> Result<Built> {
    let mut tar = Contents::new(true);
    let vendored_wheel = rng.chance(0.33);
    let nested = jars + usize::from(vendored_wheel);
    let nested_size = (size / 3 / nested.max(1)).max(20_000);
    let mut weights = vec![3.0];
    weights.extend(std::iter::repeat_n(1.0, nested));
    let mut groups = split(fakes, &weights, rng);
    for i in 1..=jars {
        ensure(&mut groups, i, 1);
    }

    let mut specs = vec![Spec::new(
        format!("{root}/README.md"),
        EntryKind::File(FileKind::Markdown),
        rng.log_uniform(1_000, 12_000),
    )];
    if rng.chance(0.3) {
        specs.push(Spec::new(
            format!("{root}/.env.production"),
            EntryKind::File(FileKind::Env),
            rng.log_uniform(300, 3_000),
        ));
    }
    let mut estimate = 0;
    let budget = if nested > 0 { size * 2 / 3 } else { size };
    while estimate < budget {
        let (kind, ext) = *rng.pick(SOURCE_KINDS);
        let len = rng.log_uniform(800, 40_000);
        estimate += len * 2 / 7;
        let dir = rng.pick(&["src", "lib", "app", "config", "scripts", "internal"]);
        specs.push(Spec::new(
            format!("{root}/{dir}/{}/{}.{ext}", rng.pick(NAMESPACES), ident(rng)),
            EntryKind::File(kind),
            len,
        ));
    }
    spread(&groups[0], &mut specs, rng);
    for spec in specs {
        let spec = Spec {
            name: tar.name(spec.name),
            ..spec
        };
        tar.write(spec, rng);
    }
    for (i, group) in groups[1..].iter().enumerate() {
        if i < jars {
            let lib = library_name(rng);
            let name = tar.name(format!("{root}/lib/{lib}-{}.jar", version(rng)));
            let built = library_jar(&lib, nested_size, group, rng)?;
            tar.nest(name, "jar", built);
        } else {
            let name = tar.name(format!(
                "{root}/vendor/{}-{}-py3-none-any.whl",
                library_name(rng).replace('-', "_"),
                version(rng)
            ));
            let built = wheel(nested_size, group, rng)?;
            tar.nest(name, "whl", built);
        }
    }
    tar.sort(0);
    tar.tar_gz()
}

/// A Helm chart (`.tgz`) whose `templates/secret.yaml` holds base64 values and whose
/// `values.yaml` holds the passwords (a Secret's value alone would not say it is one).
pub(crate) fn helm_chart(size: usize, fakes: &[FakeKind], rng: &mut Rng) -> Result<Built> {
    let chart = *rng.pick(NOUNS);
    let mut tgz = Contents::new(true);
    tgz.text(
        format!("{chart}/Chart.yaml"),
        format!(
            "apiVersion: v2\nname: {chart}\ndescription: A Helm chart for the {chart} service\n\
             type: application\nversion: {}\nappVersion: \"{}\"\n",
            version(rng),
            version(rng)
        ),
    );
    let mut specs = vec![
        Spec::new(
            format!("{chart}/values.yaml"),
            EntryKind::File(FileKind::Yaml),
            size / 3,
        ),
        Spec::new(
            format!("{chart}/templates/secret.yaml"),
            EntryKind::K8sSecret,
            size / 3,
        ),
        Spec::new(
            format!("{chart}/templates/deployment.yaml"),
            EntryKind::File(FileKind::Yaml),
            size / 3,
        ),
    ];
    for &fake in fakes {
        let target = if fake == FakeKind::Password || rng.chance(0.15) {
            0
        } else {
            1
        };
        specs[target].fakes.push(fake);
    }
    for spec in specs {
        tgz.write(spec, rng);
    }
    tgz.tar_gz()
}

/// A release zip (`root/…`, `root` being `app-1.2.3`) of about `size` bytes: configuration under `conf/` (one
/// level), library jars under `lib/` (two), a Spring Boot jar (two and three) and a vendored
/// source tarball holding a jar (two and three).
pub(crate) fn release_zip(
    root: &str,
    size: usize,
    fakes: &[FakeKind],
    rng: &mut Rng,
) -> Result<Built> {
    let app = root.rsplit_once('-').map_or(root, |(app, _)| app);
    let mut zip = Contents::new(true);
    let mut groups = split(fakes, &[2.0, 2.5, 3.0, 2.5], rng);
    ensure(&mut groups, 3, 2);

    zip.write(
        Spec::new(
            format!("{root}/README.md"),
            EntryKind::File(FileKind::Markdown),
            rng.log_uniform(1_000, 8_000),
        ),
        rng,
    );
    zip.text(
        format!("{root}/bin/{app}"),
        format!(
            "#!/bin/sh\nset -eu\nAPP_HOME=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\"\n\
             exec java $JAVA_OPTS -jar \"$APP_HOME/lib/{app}-boot.jar\" \"$@\"\n"
        ),
    );
    let mut conf = vec![
        Spec::new(
            format!("{root}/conf/application.properties"),
            EntryKind::Properties,
            rng.log_uniform(1_000, 10_000),
        ),
        Spec::new(
            format!("{root}/conf/{app}-context.xml"),
            EntryKind::Xml,
            rng.log_uniform(1_000, 10_000),
        ),
    ];
    spread(&groups[0], &mut conf, rng);
    for spec in conf {
        zip.write(spec, rng);
    }
    let libs = rng.range(2, 5);
    let lib_groups = split(&groups[1], &vec![1.0; libs], rng);
    for group in &lib_groups {
        let lib = library_name(rng);
        let name = zip.name(format!("{root}/lib/{lib}-{}.jar", version(rng)));
        let lib_size = rng
            .log_uniform(size / 8 / libs, size / 3 / libs)
            .max(20_000);
        let built = library_jar(&lib, lib_size, group, rng)?;
        zip.nest(name, "jar", built);
    }
    let boot = boot_jar((size * 2 / 5).max(100_000), &groups[2], rng)?;
    zip.nest(format!("{root}/lib/{app}-boot.jar"), "jar", boot);
    let vendored = format!("{}-{}", library_name(rng), version(rng));
    let vendor = source_tarball(&vendored, (size * 3 / 10).max(60_000), 1, &groups[3], rng)?;
    zip.nest(format!("{root}/vendor/{vendored}.tar.gz"), "tar.gz", vendor);
    zip.zip()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_zips_reach_depth_three() {
        let mut rng = Rng::new(21);
        let fakes = vec![FakeKind::Aws; 40];
        let built = release_zip("app-1.0.0", 600_000, &fakes, &mut rng).expect("builds");
        assert_eq!(built.plants.len(), 40);
        let depths: Vec<usize> = built
            .plants
            .iter()
            .map(|p| p.path.matches('!').count())
            .collect();
        assert!(depths.contains(&0) && depths.contains(&1) && depths.contains(&2));
        let containers: Vec<String> = built.plants.iter().map(|p| p.container()).collect();
        assert!(
            containers.iter().any(|c| c == "tar.gz>jar"),
            "{containers:?}"
        );
        assert!(containers.iter().any(|c| c == "jar>jar"), "{containers:?}");
        assert!(built.unpacked > built.bytes.len() as u64);
    }

    #[test]
    fn helm_charts_keep_passwords_out_of_the_secret() {
        let mut rng = Rng::new(5);
        let fakes = [FakeKind::Password, FakeKind::Github, FakeKind::Github];
        let built = helm_chart(20_000, &fakes, &mut rng).expect("builds");
        for plant in &built.plants {
            if plant.planted.kind == FakeKind::Password {
                assert!(plant.path.ends_with("values.yaml"));
            }
        }
        assert!(built.plants.iter().any(|p| p.via == ["base64"]));
    }
}
