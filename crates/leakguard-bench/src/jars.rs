//! Java archives: library jars (class files with a few resources) and Spring Boot executable
//! jars, which store whole library jars under `BOOT-INF/lib/`, one nesting level down.

use anyhow::Result;

use crate::artifact::{split, spread, Built, Contents, Spec};
use crate::artifact_content::EntryKind;
use crate::content::FileKind;
use crate::fakes::FakeKind;
use crate::rng::Rng;
use crate::words::{self, pascal, LIB_WORDS, NAMESPACES, NOUNS};

/// `major.minor.patch`.
pub(crate) fn version(rng: &mut Rng) -> String {
    format!(
        "{}.{}.{}",
        rng.range(0, 9),
        rng.range(0, 30),
        rng.range(0, 20)
    )
}

/// A library name such as `billing-client`.
pub(crate) fn library_name(rng: &mut Rng) -> String {
    words::join(rng, LIB_WORDS, 1, 2, "-")
}

fn manifest(rng: &mut Rng, extra: &str) -> String {
    format!(
        "Manifest-Version: 1.0\r\nCreated-By: Maven JAR Plugin 3.4.2\r\nBuild-Jdk-Spec: 21\r\n\
         Implementation-Version: {}\r\n{extra}\r\n",
        version(rng)
    )
}

/// Resource files a jar's fakes can go in: `.properties`, XML and YAML, and a key file when a
/// private key is among them (half of the time; the rest go in the configuration).
fn resources(rng: &mut Rng, prefix: &str, fakes: &[FakeKind]) -> Vec<Spec> {
    let noun = *rng.pick(NOUNS);
    let mut specs = vec![Spec::new(
        format!("{prefix}application.properties"),
        EntryKind::Properties,
        rng.log_uniform(600, 12_000),
    )];
    if rng.chance(0.6) {
        specs.push(Spec::new(
            format!("{prefix}{noun}-context.xml"),
            EntryKind::Xml,
            rng.log_uniform(1_000, 20_000),
        ));
    }
    if rng.chance(0.5) {
        specs.push(Spec::new(
            format!("{prefix}config/{}.yml", rng.pick(NOUNS)),
            EntryKind::File(FileKind::Yaml),
            rng.log_uniform(500, 8_000),
        ));
    }
    if fakes.contains(&FakeKind::PrivateKey) && rng.chance(0.5) {
        specs.push(Spec::new(
            format!("{prefix}keys/{noun}-signing.pem"),
            EntryKind::File(FileKind::Pem),
            0,
        ));
    }
    specs
}

/// A library jar (artifact `name`) of about `size` bytes with `fakes` in its resources.
pub(crate) fn library_jar(
    name: &str,
    size: usize,
    fakes: &[FakeKind],
    rng: &mut Rng,
) -> Result<Built> {
    let ns = *rng.pick(NAMESPACES);
    let mut jar = Contents::new(true);
    jar.text("META-INF/MANIFEST.MF".to_owned(), manifest(rng, ""));
    jar.text(
        format!("META-INF/maven/com.acme/{name}/pom.properties"),
        format!(
            "artifactId={name}\ngroupId=com.acme\nversion={}\n",
            version(rng)
        ),
    );
    let mut specs = resources(rng, "", fakes);
    let left = spread(fakes, &mut specs, rng);
    debug_assert!(left.is_empty(), "{left:?}");
    for spec in specs {
        let spec = Spec {
            name: jar.name(spec.name),
            ..spec
        };
        jar.write(spec, rng);
    }
    while jar.packed() < size {
        let class = jar.name(format!(
            "com/acme/{ns}/{}{}.class",
            pascal(rng.word(NOUNS)),
            rng.pick(&["", "Service", "Impl", "Config", "Handler", "$1", "$Builder"])
        ));
        let len = rng.log_uniform(800, 40_000);
        jar.write(Spec::new(class, EntryKind::Class, len), rng);
    }
    jar.sort(2);
    jar.zip()
}

/// A Spring Boot executable jar of about `size` bytes: loader classes, the application's
/// classes and configuration under `BOOT-INF/classes/`, and library jars stored under
/// `BOOT-INF/lib/`. About half the fakes go in the application's configuration, the rest in
/// the library jars.
pub(crate) fn boot_jar(size: usize, fakes: &[FakeKind], rng: &mut Rng) -> Result<Built> {
    let app = *rng.pick(NOUNS);
    let mut jar = Contents::new(true);
    jar.text(
        "META-INF/MANIFEST.MF".to_owned(),
        manifest(
            rng,
            &format!(
                "Main-Class: org.springframework.boot.loader.launch.JarLauncher\r\n\
                 Start-Class: com.acme.{app}.{}Application\r\nSpring-Boot-Classes: BOOT-INF/classes/\r\n\
                 Spring-Boot-Lib: BOOT-INF/lib/\r\n",
                pascal(app)
            ),
        ),
    );
    // Library sizes first, so that fakes can be given to them by size.
    let mut libs: Vec<usize> = Vec::new();
    let lib_budget = size * 7 / 10;
    while libs.iter().sum::<usize>() < lib_budget {
        libs.push(
            rng.log_uniform(20_000, 3_000_000)
                .min(lib_budget.max(20_000)),
        );
    }
    let mut weights = vec![libs.iter().sum::<usize>() as f64];
    weights.extend(libs.iter().map(|&s| s as f64));
    let groups = split(fakes, &weights, rng);

    let mut specs = resources(rng, "BOOT-INF/classes/", &groups[0]);
    specs.push(Spec::new(
        "BOOT-INF/classes/application.yml".to_owned(),
        EntryKind::File(FileKind::Yaml),
        rng.log_uniform(800, 10_000),
    ));
    spread(&groups[0], &mut specs, rng);
    for spec in specs {
        let spec = Spec {
            name: jar.name(spec.name),
            ..spec
        };
        jar.write(spec, rng);
    }
    for loader in [
        "JarLauncher",
        "Launcher",
        "LaunchedClassLoader",
        "ExecutableArchiveLauncher",
    ] {
        let len = rng.log_uniform(2_000, 20_000);
        jar.write(
            Spec::new(
                format!("org/springframework/boot/loader/launch/{loader}.class"),
                EntryKind::Class,
                len,
            ),
            rng,
        );
    }
    let mut listing = String::new();
    for (i, &lib_size) in libs.iter().enumerate() {
        let lib = library_name(rng);
        let name = jar.name(format!("BOOT-INF/lib/{lib}-{}.jar", version(rng)));
        listing.push_str(&format!("- \"{}\"\n", &name["BOOT-INF/lib/".len()..]));
        let built = library_jar(&lib, lib_size, &groups[i + 1], rng)?;
        jar.nest(name, "jar", built);
    }
    jar.text("BOOT-INF/classpath.idx".to_owned(), listing);
    while jar.packed() < size {
        let class = jar.name(format!(
            "BOOT-INF/classes/com/acme/{app}/{}/{}{}.class",
            rng.pick(NAMESPACES),
            pascal(rng.word(NOUNS)),
            rng.pick(&["Controller", "Service", "Repository", "Dto", "Mapper"])
        ));
        let len = rng.log_uniform(1_000, 30_000);
        jar.write(Spec::new(class, EntryKind::Class, len), rng);
    }
    jar.sort(1);
    jar.zip()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read as _};

    #[test]
    fn boot_jars_plant_in_their_own_entries_and_in_nested_jars() {
        let mut rng = Rng::new(8);
        let fakes = vec![FakeKind::Github; 12];
        let built = boot_jar(400_000, &fakes, &mut rng).expect("builds");
        assert_eq!(built.plants.len(), 12);
        assert!(built.bytes.len() > 200_000, "{}", built.bytes.len());
        assert!(built.plants.iter().any(|p| p.via == ["jar"]));
        let mut archive = zip::ZipArchive::new(Cursor::new(&built.bytes)).expect("a zip");
        for plant in &built.plants {
            let mut names = plant.path.split('!');
            let first = names.next().expect("a name");
            let mut bytes = Vec::new();
            archive
                .by_name(first)
                .expect("entry exists")
                .read_to_end(&mut bytes)
                .expect("reads");
            if let Some(inner) = names.next() {
                let mut lib = zip::ZipArchive::new(Cursor::new(bytes)).expect("nested zip");
                let mut text = String::new();
                lib.by_name(inner)
                    .expect("nested entry")
                    .read_to_string(&mut text)
                    .expect("reads");
                let line = text.lines().nth(plant.planted.line - 1).expect("line");
                assert!(
                    line[plant.planted.column - 1..].starts_with("ghp_"),
                    "{line}"
                );
            }
        }
    }
}
