//! `docker save` output: a tar of layer tars, in the legacy layout (`<id>/layer.tar`,
//! uncompressed) or the OCI layout (`blobs/sha256/<digest>`, gzip-compressed layers). The
//! image configuration's `Env` (one level deep) and the application layer (two levels, and
//! three for the jars and rotated logs in it) hold the fakes; the base layer is mostly
//! binaries. Digests are random hex, not hashes of the content.

use anyhow::Result;

use crate::artifact::{gzipped_file, split, spread, Built, Contents, Spec};
use crate::artifact_content::EntryKind;
use crate::content::FileKind;
use crate::fakes::FakeKind;
use crate::jars::{library_jar, library_name, version};
use crate::rng::Rng;
use crate::words::{hex, ident, NAMESPACES, NOUNS};

/// A `docker save` tarball of about `size` bytes, in the OCI layout if `oci`.
pub(crate) fn image(size: usize, oci: bool, fakes: &[FakeKind], rng: &mut Rng) -> Result<Built> {
    let app = *rng.pick(NOUNS);
    // Configuration, application files, application jars, a rotated log, runtime packages.
    let mut groups = split(fakes, &[1.2, 3.8, 3.5, 1.0, 0.5], rng);
    let keys: Vec<FakeKind> = groups[0]
        .iter()
        .copied()
        .filter(|&k| !EntryKind::ImageConfig.accepts(k))
        .collect();
    groups[0].retain(|&k| EntryKind::ImageConfig.accepts(k));
    groups[1].extend(keys);
    let keys: Vec<FakeKind> = groups[3]
        .iter()
        .copied()
        .filter(|&k| !EntryKind::Log.accepts(k))
        .collect();
    groups[3].retain(|&k| EntryKind::Log.accepts(k));
    groups[1].extend(keys);

    let layers = [
        base_layer(size / 2, oci, rng)?,
        runtime_layer(size / 5, oci, &groups[4], rng)?,
        app_layer(
            size * 3 / 10,
            oci,
            app,
            &groups[1],
            &groups[2],
            &groups[3],
            rng,
        )?,
    ];
    let mut outer = Contents::new(false);
    let config = Spec {
        fakes: groups[0].clone(),
        ..Spec::new(String::new(), EntryKind::ImageConfig, 0)
    };
    let config_id = hex(rng, 64);
    let tag = format!("registry.acme.internal/{app}:{}", version(rng));
    let mut layer_names = Vec::new();
    if oci {
        outer.text(
            "oci-layout".to_owned(),
            "{\"imageLayoutVersion\":\"1.0.0\"}".to_owned(),
        );
        outer.write(
            Spec {
                name: format!("blobs/sha256/{config_id}"),
                ..config
            },
            rng,
        );
        for layer in layers {
            let name = format!("blobs/sha256/{}", hex(rng, 64));
            layer_names.push(name.clone());
            outer.nest(name, "tar.gz", layer);
        }
        let manifest_id = hex(rng, 64);
        outer.text(
            format!("blobs/sha256/{manifest_id}"),
            format!(
                "{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\
                 \"config\":{{\"digest\":\"sha256:{config_id}\"}},\"layers\":[{}]}}",
                layer_names
                    .iter()
                    .map(|n| format!("{{\"digest\":\"sha256:{}\"}}", &n["blobs/sha256/".len()..]))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        );
        outer.text(
            "index.json".to_owned(),
            format!(
                "{{\"schemaVersion\":2,\"manifests\":[{{\"digest\":\"sha256:{manifest_id}\",\
                 \"annotations\":{{\"io.containerd.image.name\":\"{tag}\"}}}}]}}"
            ),
        );
    } else {
        for layer in layers {
            let id = hex(rng, 64);
            outer.text(format!("{id}/VERSION"), "1.0".to_owned());
            outer.text(
                format!("{id}/json"),
                format!("{{\"id\":\"{id}\",\"os\":\"linux\"}}"),
            );
            let name = format!("{id}/layer.tar");
            layer_names.push(name.clone());
            outer.nest(name, "tar", layer);
        }
        outer.write(
            Spec {
                name: format!("{config_id}.json"),
                ..config
            },
            rng,
        );
        outer.text(
            "repositories".to_owned(),
            format!("{{\"registry.acme.internal/{app}\":{{\"latest\":\"{config_id}\"}}}}"),
        );
    }
    let config_name = if oci {
        format!("blobs/sha256/{config_id}")
    } else {
        format!("{config_id}.json")
    };
    outer.text(
        "manifest.json".to_owned(),
        format!(
            "[{{\"Config\":\"{config_name}\",\"RepoTags\":[\"{tag}\"],\"Layers\":[{}]}}]",
            layer_names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(",")
        ),
    );
    outer.tar()
}

fn finish_layer(layer: Contents, oci: bool) -> Result<Built> {
    if oci {
        layer.tar_gz()
    } else {
        layer.tar()
    }
}

/// Operating-system files: shared libraries and executables, with their documentation.
fn base_layer(size: usize, oci: bool, rng: &mut Rng) -> Result<Built> {
    let mut layer = Contents::new(oci);
    layer.text(
        "etc/os-release".to_owned(),
        "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n"
            .to_owned(),
    );
    while layer.packed() < size {
        let lib = library_name(rng).replace('-', "");
        let (name, kind, len) = match rng.below(6) {
            0 => (
                format!("usr/share/doc/lib{lib}/copyright"),
                EntryKind::File(FileKind::Markdown),
                rng.log_uniform(500, 12_000),
            ),
            1 => (
                format!("usr/bin/{lib}"),
                EntryKind::SharedObject,
                rng.log_uniform(10_000, 800_000),
            ),
            _ => (
                format!("usr/lib/x86_64-linux-gnu/lib{lib}.so.{}", rng.range(0, 9)),
                EntryKind::SharedObject,
                rng.log_uniform(10_000, 2_000_000),
            ),
        };
        let name = layer.name(name);
        layer.write(Spec::new(name, kind, len), rng);
    }
    finish_layer(layer, oci)
}

/// Installed packages of the language runtime (site-packages or node_modules).
fn runtime_layer(size: usize, oci: bool, fakes: &[FakeKind], rng: &mut Rng) -> Result<Built> {
    let mut layer = Contents::new(oci);
    let python = rng.chance(0.5);
    let mut specs = Vec::new();
    let mut estimate = 0;
    while estimate < size {
        let package = library_name(rng);
        let len = rng.log_uniform(800, 40_000);
        estimate += if oci { len * 2 / 7 } else { len };
        let (name, kind) = if python {
            (
                format!(
                    "usr/local/lib/python3.12/site-packages/{}/{}.py",
                    package.replace('-', "_"),
                    ident(rng)
                ),
                FileKind::Python,
            )
        } else {
            (
                format!("usr/local/lib/node_modules/{package}/lib/{}.js", ident(rng)),
                FileKind::Js,
            )
        };
        specs.push(Spec::new(layer.name(name), EntryKind::File(kind), len));
    }
    spread(fakes, &mut specs, rng);
    for spec in specs {
        layer.write(spec, rng);
    }
    finish_layer(layer, oci)
}

/// The application: configuration, sources, its jars (a level further down) and a rotated log.
#[allow(clippy::too_many_arguments)]
fn app_layer(
    size: usize,
    oci: bool,
    app: &str,
    files: &[FakeKind],
    jars: &[FakeKind],
    logs: &[FakeKind],
    rng: &mut Rng,
) -> Result<Built> {
    let mut layer = Contents::new(oci);
    let mut specs = vec![
        Spec::new(
            "app/config/application.properties".to_owned(),
            EntryKind::Properties,
            rng.log_uniform(1_000, 10_000),
        ),
        Spec::new(
            "app/config/settings.yml".to_owned(),
            EntryKind::File(FileKind::Yaml),
            rng.log_uniform(1_000, 10_000),
        ),
        Spec::new(
            "app/.env.production".to_owned(),
            EntryKind::File(FileKind::Env),
            rng.log_uniform(300, 3_000),
        ),
    ];
    let jar_count = rng.range(1, 3);
    let jar_budget = size / 2;
    let mut estimate = 0;
    while estimate < size - jar_budget {
        let (kind, ext) = *rng.pick(&[
            (FileKind::Ruby, "rb"),
            (FileKind::Python, "py"),
            (FileKind::Js, "js"),
            (FileKind::Go, "go"),
        ]);
        let len = rng.log_uniform(800, 40_000);
        estimate += if oci { len * 2 / 7 } else { len };
        let name = format!("app/src/{}/{}.{ext}", rng.pick(NAMESPACES), ident(rng));
        specs.push(Spec::new(layer.name(name), EntryKind::File(kind), len));
    }
    spread(files, &mut specs, rng);
    for spec in specs {
        layer.write(spec, rng);
    }
    for group in split(jars, &vec![1.0; jar_count], rng) {
        let lib = format!("{app}-{}", library_name(rng));
        let name = layer.name(format!("app/lib/{lib}-{}.jar", version(rng)));
        let built = library_jar(&lib, jar_budget / jar_count, &group, rng)?;
        layer.nest(name, "jar", built);
    }
    let log_name = format!("{app}.log.1");
    let log = gzipped_file(
        &log_name,
        EntryKind::Log,
        rng.log_uniform(50_000, 400_000),
        logs,
        rng,
    )?;
    layer.gz(format!("var/log/{app}/{log_name}.gz"), log);
    finish_layer(layer, oci)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_plant_at_every_depth_in_both_layouts() {
        for oci in [false, true] {
            let mut rng = Rng::new(31);
            let fakes = vec![FakeKind::Stripe; 30];
            let built = image(800_000, oci, &fakes, &mut rng).expect("builds");
            assert_eq!(built.plants.len(), 30);
            let layer = if oci { "tar.gz" } else { "tar" };
            let containers: Vec<String> = built.plants.iter().map(|p| p.container()).collect();
            assert!(containers.iter().any(|c| c == "file"), "{containers:?}");
            assert!(containers.iter().any(|c| *c == layer), "{containers:?}");
            assert!(
                containers.iter().any(|c| *c == format!("{layer}>jar")),
                "{containers:?}"
            );
            assert!(built.bytes.len() > 400_000, "{}", built.bytes.len());
        }
    }
}
