//! File contents: source code, configuration, lock files, minified bundles and binaries, each
//! with the fakes the plan put in it, at recorded lines and columns.

use crate::fakes::{github_token, FakeKind};
use crate::rng::Rng;
use crate::words::{
    self, camel, hex, ident, pascal, sentence, uuid, ADJECTIVES, LIB_WORDS, NOUNS, VERBS,
};

/// What a file is, which decides how its bytes are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Ruby,
    Js,
    Ts,
    Python,
    Go,
    Yaml,
    JsonConfig,
    Env,
    Markdown,
    PackageJson,
    PackageLock,
    TypeDecl,
    MinJs,
    Pem,
    Png,
    Jpeg,
    Woff2,
    Gzip,
}

impl FileKind {
    /// Whether fakes may be planted in files of this kind.
    pub(crate) fn takes_fakes(self) -> bool {
        matches!(
            self,
            FileKind::Ruby
                | FileKind::Js
                | FileKind::Ts
                | FileKind::Python
                | FileKind::Go
                | FileKind::Yaml
                | FileKind::JsonConfig
                | FileKind::Env
                | FileKind::MinJs
                | FileKind::Pem
        )
    }

    /// Whether a generated git history edits files of this kind a few lines at a time; the
    /// others (binaries, lock files, bundles, declarations, keys) are rewritten whole.
    pub(crate) fn edited_by_line(self) -> bool {
        matches!(
            self,
            FileKind::Ruby
                | FileKind::Js
                | FileKind::Ts
                | FileKind::Python
                | FileKind::Go
                | FileKind::Yaml
                | FileKind::JsonConfig
                | FileKind::Env
                | FileKind::Markdown
        )
    }
}

/// One planted fake, as the manifest records it. Lines and columns are 1-based; the end column is
/// exclusive; the span covers the credential itself (for a key, BEGIN line to END line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planted {
    pub(crate) kind: FakeKind,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) end_line: usize,
    pub(crate) end_column: usize,
}

/// How a fake is written down: which language's syntax surrounds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Ruby,
    Python,
    Js,
    Ts,
    Go,
    Yaml,
    Json,
    Env,
    MinJs,
    Pem,
}

/// A file being written, with the fakes still to plant and those already planted.
pub(crate) struct Out {
    buf: Vec<u8>,
    size: usize,
    /// Lines completed so far (the current line is `lines + 1`).
    lines: usize,
    line_start: usize,
    /// (byte position at which to plant, kind), sorted by position.
    fakes: Vec<(usize, FakeKind)>,
    next: usize,
    planted: Vec<Planted>,
}

impl Out {
    pub(crate) fn new(size: usize, kinds: &[FakeKind], rng: &mut Rng) -> Out {
        let mut fakes: Vec<(usize, FakeKind)> = kinds
            .iter()
            .map(|&k| (size / 20 + rng.below(size * 9 / 10 + 1), k))
            .collect();
        fakes.sort_by_key(|f| f.0);
        Out {
            buf: Vec::with_capacity(size + 4096),
            size,
            lines: 0,
            line_start: 0,
            fakes,
            next: 0,
            planted: Vec::new(),
        }
    }

    /// The bytes written and the fakes planted in them.
    pub(crate) fn finish(self) -> (Vec<u8>, Vec<Planted>) {
        (self.buf, self.planted)
    }

    pub(crate) fn full(&self) -> bool {
        self.buf.len() >= self.size
    }

    /// Appends text, keeping line bookkeeping right.
    pub(crate) fn push(&mut self, text: &str) {
        let base = self.buf.len();
        self.buf.extend_from_slice(text.as_bytes());
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                self.lines += 1;
                self.line_start = base + i + 1;
            }
        }
    }

    pub(crate) fn line(&mut self, text: &str) {
        self.push(text);
        self.push("\n");
    }

    pub(crate) fn due(&self) -> bool {
        self.fakes
            .get(self.next)
            .is_some_and(|f| f.0 <= self.buf.len())
    }

    pub(crate) fn pending(&self) -> bool {
        self.next < self.fakes.len()
    }

    /// Plants the next fake in `syntax`. Line-based syntaxes must call this at a line start.
    fn plant(&mut self, rng: &mut Rng, syntax: Syntax) {
        self.plant_with(rng, syntax == Syntax::MinJs, |rng, kind, value| {
            (render(rng, syntax, kind, value), value.to_owned())
        });
    }

    /// Plants the next fake as `write` renders it: `write` gets the fresh value and returns the
    /// text to append and the form the value takes in it (the value itself, or its encoding),
    /// whose first and last lines bound the recorded span. `inline` text is appended as is;
    /// otherwise it must start at a line start and a newline follows it.
    pub(crate) fn plant_with(
        &mut self,
        rng: &mut Rng,
        inline: bool,
        write: impl FnOnce(&mut Rng, FakeKind, &str) -> (String, String),
    ) {
        let Some(&(_, kind)) = self.fakes.get(self.next) else {
            return;
        };
        self.next += 1;
        let value = kind.generate(rng);
        let (text, shown) = write(rng, kind, &value);
        // A key may be indented or written with `\n` escapes; its first and last lines are verbatim.
        let first = shown.lines().next().unwrap_or(&shown);
        let last = shown.lines().last().unwrap_or(&shown);
        let start = text.find(first).unwrap_or(0);
        let end = text[start..]
            .find(last)
            .map_or(text.len(), |i| start + i + last.len());
        let position = |offset: usize| {
            let before = &text[..offset];
            let line_offset = before.bytes().filter(|&b| b == b'\n').count();
            let column = match before.rfind('\n') {
                Some(nl) => offset - nl - 1,
                None => self.buf.len() - self.line_start + offset,
            };
            (self.lines + 1 + line_offset, column + 1)
        };
        let (line, column) = position(start);
        let (end_line, end_column) = position(end);
        self.planted.push(Planted {
            kind,
            line,
            column,
            end_line,
            end_column,
        });
        if inline {
            self.push(&text);
        } else {
            self.line(&text);
        }
    }

    /// Plants every fake whose position has been reached.
    fn plant_due(&mut self, rng: &mut Rng, syntax: Syntax) -> bool {
        let mut any = false;
        while self.due() {
            self.plant(rng, syntax);
            any = true;
        }
        any
    }

    fn plant_rest(&mut self, rng: &mut Rng, syntax: Syntax) {
        while self.pending() {
            self.plant(rng, syntax);
        }
    }
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| format!("{prefix}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The fake `value` assigned to a variable the way `syntax` writes it.
fn render(rng: &mut Rng, syntax: Syntax, kind: FakeKind, value: &str) -> String {
    let name = kind.identifier(rng);
    let upper = name.to_ascii_uppercase();
    let camel_name = camel(name);
    let multi = value.contains('\n');
    let escaped = if kind == FakeKind::PrivateKey {
        format!("{}\\n", value.replace('\n', "\\n"))
    } else {
        value.to_owned()
    };
    match syntax {
        Syntax::Ruby if multi => format!("  {upper} = <<~PEM\n{}\n  PEM", indent(value, "    ")),
        Syntax::Ruby => match rng.below(3) {
            0 => format!("  {upper} = \"{value}\".freeze"),
            1 => format!("    config.{name} = \"{value}\""),
            _ => format!("      {name}: \"{value}\","),
        },
        Syntax::Python if multi => format!("{upper} = \"\"\"\n{value}\n\"\"\""),
        Syntax::Python => match rng.below(3) {
            0 => format!("{upper} = \"{value}\""),
            1 => format!("        {name} = \"{value}\""),
            _ => format!("    \"{name}\": \"{value}\","),
        },
        Syntax::Js | Syntax::Ts if multi => format!("const {camel_name} = `{value}`;"),
        Syntax::Js | Syntax::Ts => match rng.below(3) {
            0 if syntax == Syntax::Ts => format!("const {camel_name}: string = \"{value}\";"),
            0 => format!("const {camel_name} = \"{value}\";"),
            1 => format!("  {camel_name}: \"{value}\","),
            _ => format!("    this.{camel_name} = '{value}';"),
        },
        Syntax::Go if multi => format!("var {camel_name} = `{value}`"),
        Syntax::Go => match rng.below(3) {
            0 => format!("const {camel_name} = \"{value}\""),
            1 => format!("\t\t{}: \"{value}\",", pascal(name)),
            _ => format!("\t{camel_name} := \"{value}\""),
        },
        Syntax::Yaml if multi => format!("  {name}: |\n{}", indent(value, "    ")),
        Syntax::Yaml if kind == FakeKind::Password || rng.chance(0.5) => {
            format!("  {name}: \"{value}\"")
        }
        Syntax::Yaml => format!("  {name}: {value}"),
        Syntax::Json => format!("    \"{camel_name}\": \"{escaped}\","),
        Syntax::Env if multi => format!("{upper}=\"{escaped}\""),
        Syntax::Env => format!("{upper}={value}"),
        Syntax::MinJs => format!("e.{camel_name}=\"{escaped}\";"),
        Syntax::Pem => value.to_owned(),
    }
}

/// The bytes of a file of `kind`, about `size` long, with `fakes` planted, and where they went.
pub(crate) fn generate(
    kind: FileKind,
    size: usize,
    fakes: &[FakeKind],
    rng: &mut Rng,
) -> (Vec<u8>, Vec<Planted>) {
    let mut out = Out::new(size, fakes, rng);
    match kind {
        FileKind::Ruby => code(&mut out, rng, Syntax::Ruby),
        FileKind::Js => code(&mut out, rng, Syntax::Js),
        FileKind::Ts => code(&mut out, rng, Syntax::Ts),
        FileKind::Python => code(&mut out, rng, Syntax::Python),
        FileKind::Go => code(&mut out, rng, Syntax::Go),
        FileKind::Yaml => yaml(&mut out, rng),
        FileKind::JsonConfig => json_config(&mut out, rng),
        FileKind::Env => env(&mut out, rng),
        FileKind::Markdown => markdown(&mut out, rng),
        FileKind::PackageJson => package_json(&mut out, rng),
        FileKind::PackageLock => package_lock(&mut out, rng),
        FileKind::TypeDecl => type_decl(&mut out, rng),
        FileKind::MinJs => minified(&mut out, rng),
        FileKind::Pem => out.plant_rest(rng, Syntax::Pem),
        FileKind::Png | FileKind::Jpeg | FileKind::Woff2 | FileKind::Gzip => {
            binary(&mut out, rng, kind)
        }
    }
    (out.buf, out.planted)
}

/// About `count` new lines in the style of a `kind` file, each ending in `\n`, with `fake` (if
/// any) planted among them; positions in the returned plants count from the first of these
/// lines. This is what one commit of a generated git history inserts into a file. `None` for
/// kinds that are rewritten whole rather than edited line by line (binaries, lock files,
/// bundles, type declarations).
pub(crate) fn fresh_lines(
    kind: FileKind,
    count: usize,
    fake: Option<FakeKind>,
    rng: &mut Rng,
) -> Option<(String, Vec<Planted>)> {
    if !kind.edited_by_line() {
        return None;
    }
    let syntax = match kind {
        FileKind::Ruby => Some(Syntax::Ruby),
        FileKind::Js => Some(Syntax::Js),
        FileKind::Ts => Some(Syntax::Ts),
        FileKind::Python => Some(Syntax::Python),
        FileKind::Go => Some(Syntax::Go),
        FileKind::Yaml => Some(Syntax::Yaml),
        FileKind::JsonConfig => Some(Syntax::Json),
        FileKind::Env => Some(Syntax::Env),
        // Prose takes no fakes: a value there would have no syntax to sit in.
        _ => None,
    };
    if fake.is_some() && syntax.is_none() {
        return None;
    }
    // A budget of zero bytes makes the fake due at once; `at` decides which line it follows.
    let mut out = Out::new(0, fake.as_slice(), rng);
    let at = rng.below(count + 1);
    for i in 0..=count {
        if let (true, Some(syntax)) = (i == at, syntax) {
            out.plant_rest(rng, syntax);
        }
        if i < count {
            let line = fresh_line(kind, rng);
            out.line(&line);
        }
    }
    let text = String::from_utf8(out.buf).ok()?;
    Some((text, out.planted))
}

/// One ordinary line of a `kind` file, as an edit would add it.
fn fresh_line(kind: FileKind, rng: &mut Rng) -> String {
    match kind {
        FileKind::Ruby => ruby_statement(rng),
        FileKind::Python => python_statement(rng),
        FileKind::Js => js_statement(rng, false),
        FileKind::Ts => js_statement(rng, true),
        FileKind::Go => go_statement(rng),
        FileKind::Yaml => format!("  {}: {}", ident(rng), yaml_value(rng)),
        FileKind::JsonConfig => format!("    \"{}\": {},", camel(&ident(rng)), literal(rng)),
        FileKind::Env => format!("{}={}", ident(rng).to_ascii_uppercase(), rng.pick(NOUNS)),
        _ => {
            let words = rng.range(6, 16);
            sentence(rng, words)
        }
    }
}

/// A literal value for generated code.
fn literal(rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => rng.range(0, 5000).to_string(),
        1 => format!("\"{}\"", rng.pick(NOUNS)),
        2 => format!("\"{} {}\"", rng.pick(VERBS), rng.pick(NOUNS)),
        3 => "true".to_owned(),
        4 => "false".to_owned(),
        5 => format!("\"{}_{}\"", rng.pick(ADJECTIVES), rng.pick(NOUNS)),
        _ => format!("{}.{}", rng.range(0, 99), rng.range(0, 99)),
    }
}

/// A line a scanner should stay quiet about but that looks a bit like a secret: placeholders,
/// documented example keys, hashes, ids, environment lookups, and token-shaped strings whose
/// checksum is wrong (a test fixture).
fn decoy(rng: &mut Rng, syntax: Syntax) -> String {
    let noun = rng.word(NOUNS);
    let (name, value) = match rng.below(20) {
        0..=3 => (
            "password".to_owned(),
            rng.word(&["changeme", "password", "secret", "hunter2", "********"])
                .to_owned(),
        ),
        4 | 5 => (format!("{noun}_token"), format!("your_{noun}_token_here")),
        6 | 7 => (
            format!("{noun}_api_key"),
            format!("${{{}_API_KEY}}", noun.to_ascii_uppercase()),
        ),
        8 => (
            "aws_access_key_id".to_owned(),
            "AKIAIOSFODNN7EXAMPLE".to_owned(),
        ),
        9 => (
            "aws_secret_access_key".to_owned(),
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned(),
        ),
        10 | 11 => (
            rng.word(&["revision", "commit_sha", "etag", "checksum"])
                .to_owned(),
            hex(rng, 40),
        ),
        12 | 13 => (format!("{noun}_id"), uuid(rng)),
        14 | 15 => (
            "integrity".to_owned(),
            format!("sha512-{}", crate::encode::base64(&random_bytes(rng, 64))),
        ),
        16 => {
            // An invented token in a test fixture: right shape, wrong checksum.
            let mut bad = github_token(rng);
            let last = bad.pop().unwrap_or('A');
            bad.push(if last == 'A' { 'B' } else { 'A' });
            (format!("fake_{noun}_token"), bad)
        }
        _ => (
            format!("{noun}_timeout"),
            rng.range(100_000, 999_999_999).to_string(),
        ),
    };
    match syntax {
        Syntax::Ruby => format!("      {name} = \"{value}\""),
        Syntax::Python => format!("        {name} = \"{value}\""),
        Syntax::Js | Syntax::Ts => format!("    const {} = \"{value}\";", camel(&name)),
        Syntax::Go => format!("\t{} := \"{value}\"", camel(&name)),
        _ => format!("  {name}: \"{value}\""),
    }
}

fn random_bytes(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len];
    rng.fill(&mut bytes);
    bytes
}

fn ruby_statement(rng: &mut Rng) -> String {
    let id = ident(rng);
    let id2 = ident(rng);
    let noun = rng.pick(NOUNS);
    let class = pascal(rng.word(NOUNS));
    let body = match rng.below(16) {
        0 => format!("@{id} = {class}.find_by(id: params[:id])"),
        1 => format!("{id} = {class}.where(status: :{}).order(created_at: :desc).limit({})", rng.pick(ADJECTIVES), rng.range(5, 500)),
        2 => format!("{noun}_token = SecureRandom.hex({})", rng.pick(&[16, 32, 64])),
        3 => format!("return head(:unauthorized) unless {id}.authenticate(params[:password])"),
        4 => format!("Rails.logger.info(\"{} {noun} secret for #{{{id}.id}}\")", rng.pick(VERBS)),
        5 => format!("headers[\"Authorization\"] = \"Bearer #{{{noun}_api_token}}\""),
        6 => format!("config.{noun}_key = ENV.fetch(\"{}_KEY\", nil)", noun.to_ascii_uppercase()),
        7 => format!("raise ArgumentError, \"missing {noun} token\" if {noun}_token.blank?"),
        8 | 9 => format!("# {}", sentence(rng, 12)),
        10 => format!("digest = OpenSSL::HMAC.hexdigest(\"SHA256\", {noun}_secret, {id}.to_json)"),
        11 => format!("{id}.update!({id2}: {})", literal(rng)),
        12 => format!("{id}.each {{ |{noun}| {noun}.{}_{}! }}", rng.pick(VERBS), rng.pick(NOUNS)),
        13 => format!("expect({id}.{}_{noun}).to eq({})", rng.pick(VERBS), literal(rng)),
        14 => format!("{id} ||= Rails.cache.fetch(\"{noun}:#{{{id2}}}\", expires_in: {}.minutes) {{ {class}.{}({id2}) }}", rng.range(1, 60), rng.pick(VERBS)),
        _ => format!("{id} = {}({id2}, {}: {})", rng.pick(VERBS), rng.pick(NOUNS), literal(rng)),
    };
    format!("      {body}")
}

fn js_statement(rng: &mut Rng, ts: bool) -> String {
    let id = camel(&ident(rng));
    let id2 = camel(&ident(rng));
    let noun = rng.pick(NOUNS);
    let class = pascal(rng.word(NOUNS));
    let upper = noun.to_ascii_uppercase();
    let body = match rng.below(15) {
        0 => format!("const {id} = await fetch(`/api/{noun}s/${{{id2}}}`, {{ headers: {{ Authorization: `Bearer ${{token}}` }} }});"),
        1 => format!("if (!{id}Token) throw new Error(\"missing {noun} token\");"),
        2 => format!("this.{id}Secret = options.{id}Secret || process.env.{upper}_SECRET;"),
        3 => format!("localStorage.setItem(\"{noun}_token\", {id});"),
        4 | 5 => format!("// {}", sentence(rng, 11)),
        6 => format!("return {id}.map((item) => item.{id2}Key).filter(Boolean);"),
        7 => format!("const {{ {id}, {id2} }} = useContext({class}Context);"),
        8 => format!("dispatch({{ type: \"{upper}_{}\", payload: {id} }});", rng.pick(VERBS).to_ascii_uppercase()),
        9 => "const password = form.elements.password.value;".to_owned(),
        10 => format!("{id}.{}{class}({id2}, {{ retries: {}, timeout: {} }});", rng.pick(VERBS), rng.range(1, 9), rng.range(1, 60) * 1000),
        11 if ts => format!("const {id}: {class} | undefined = {id2}.get(\"{noun}\");"),
        11 => format!("const {id} = {id2}.get(\"{noun}\");"),
        12 => format!("const {id} = {};", literal(rng)),
        13 => format!("await {id}.{}({{ {id2}, {noun}Key: {noun}Key }});", rng.pick(VERBS)),
        _ => format!("{id} = {id2} ?? {};", literal(rng)),
    };
    format!("    {body}")
}

fn python_statement(rng: &mut Rng) -> String {
    let id = ident(rng);
    let id2 = ident(rng);
    let noun = rng.pick(NOUNS);
    let upper = noun.to_ascii_uppercase();
    let body = match rng.below(13) {
        0 => format!("{id} = os.environ.get(\"{upper}_SECRET\")"),
        1 => format!("logger.info(\"refreshing %s token for %s\", {id}, {id2})"),
        2 => format!("response = requests.post(url, headers={{\"Authorization\": f\"Bearer {{{noun}_token}}\"}}, timeout={})", rng.range(5, 60)),
        3 => format!("if not {id}: raise ValueError(\"{noun} password required\")"),
        4 | 5 => format!("# {}", sentence(rng, 12)),
        6 => format!("return [{noun}.{id} for {noun} in self.{id2}s if {noun}.{}]", rng.pick(ADJECTIVES)),
        7 => format!("self.{id} = {id2} or {{}}"),
        8 => format!("{id} = hashlib.sha256({id2}.encode()).hexdigest()"),
        9 => format!("session.headers.update({{\"X-Api-Key\": {noun}_api_key}})"),
        10 => format!("{id} = {}", literal(rng).replace("true", "True").replace("false", "False")),
        11 => format!("{id} = self.{}_{noun}({id2}, retries={})", rng.pick(VERBS), rng.range(1, 9)),
        _ => format!("{id}[\"{noun}\"] = {id2}.get(\"{}\")", rng.pick(NOUNS)),
    };
    format!("        {body}")
}

fn go_statement(rng: &mut Rng) -> String {
    let id = camel(&ident(rng));
    let id2 = camel(&ident(rng));
    let noun = rng.pick(NOUNS);
    let verb = rng.pick(VERBS);
    let class = pascal(rng.word(NOUNS));
    let body = match rng.below(12) {
        0 => format!("token, err := s.client.{}Token(ctx, {id})", pascal(verb)),
        1 => format!("if err != nil {{ return nil, fmt.Errorf(\"{verb} {noun}: %w\", err) }}"),
        2 => format!(
            "{id}SecretKey := os.Getenv(\"{}_SECRET_KEY\")",
            noun.to_ascii_uppercase()
        ),
        3 | 4 => format!("// {}", sentence(rng, 11)),
        5 => format!(
            "s.log.Info(\"{verb} {noun}\", \"id\", {id}, \"attempt\", {})",
            rng.range(1, 9)
        ),
        6 => "req.Header.Set(\"Authorization\", \"Bearer \"+token)".to_owned(),
        7 => format!("{id} := make(map[string]*{class}, {})", rng.range(1, 256)),
        8 => format!("{id} = append({id}, &{class}{{ID: {id2}.ID, Name: {id2}.Name}})"),
        9 => format!("{id}, err := s.store.{}{class}(ctx, {id2})", pascal(verb)),
        10 => format!("{id} := {}", literal(rng)),
        _ => format!("defer {id}.Close()"),
    };
    format!("\t{body}")
}

/// Source code: a header, then functions of a few statements each until the size is reached.
fn code(out: &mut Out, rng: &mut Rng, syntax: Syntax) {
    let module = pascal(rng.word(words::NAMESPACES));
    let class = format!(
        "{}{}",
        pascal(rng.word(NOUNS)),
        rng.pick(&[
            "Service",
            "Controller",
            "Client",
            "Manager",
            "Job",
            "Policy",
            ""
        ])
    );
    match syntax {
        Syntax::Ruby => {
            out.line("# frozen_string_literal: true");
            out.line("");
            out.line(&format!("module {module}"));
            out.line(&format!("  class {class} < ApplicationRecord"));
            out.line(&format!(
                "    attr_reader :{}, :{}_token",
                ident(rng),
                rng.pick(NOUNS)
            ));
            out.line("");
        }
        Syntax::Python => {
            out.line("import hashlib");
            out.line("import logging");
            out.line("import os");
            out.line("");
            out.line("import requests");
            out.line("");
            out.line("logger = logging.getLogger(__name__)");
            out.line("");
            out.line("");
            out.line(&format!("class {class}:"));
            out.line(&format!("    \"\"\"{}\"\"\"", sentence(rng, 10)));
            out.line("");
        }
        Syntax::Js | Syntax::Ts => {
            out.line(&format!(
                "import {{ {}, {} }} from \"../{}\";",
                camel(&ident(rng)),
                camel(&ident(rng)),
                rng.pick(NOUNS)
            ));
            out.line(&format!("import {class} from \"./{}\";", rng.pick(NOUNS)));
            out.line("");
        }
        Syntax::Go => {
            out.line(&format!("package {}", rng.pick(NOUNS)));
            out.line("");
            out.line("import (");
            for pkg in ["context", "fmt", "os"] {
                out.line(&format!("\t\"{pkg}\""));
            }
            out.line(")");
            out.line("");
        }
        _ => {}
    }
    while !out.full() {
        let name = format!("{}_{}", rng.pick(VERBS), ident(rng));
        let arg = ident(rng);
        match syntax {
            Syntax::Ruby => out.line(&format!("    def {name}({arg}, token: nil)")),
            Syntax::Python => out.line(&format!("    def {name}(self, {arg}, token=None):")),
            Syntax::Js => out.line(&format!(
                "export async function {}({}, options = {{}}) {{",
                camel(&name),
                camel(&arg)
            )),
            Syntax::Ts => out.line(&format!(
                "export async function {}({}: {}, options: Options = {{}}): Promise<void> {{",
                camel(&name),
                camel(&arg),
                pascal(&arg)
            )),
            _ => out.line(&format!(
                "func (s *{class}) {}(ctx context.Context, {} string) error {{",
                pascal(&name),
                camel(&arg)
            )),
        }
        for _ in 0..rng.range(2, 12) {
            if out.plant_due(rng, syntax) {
                continue;
            }
            let line = if rng.chance(0.002) {
                decoy(rng, syntax)
            } else {
                match syntax {
                    Syntax::Ruby => ruby_statement(rng),
                    Syntax::Python => python_statement(rng),
                    Syntax::Js => js_statement(rng, false),
                    Syntax::Ts => js_statement(rng, true),
                    _ => go_statement(rng),
                }
            };
            out.line(&line);
        }
        match syntax {
            Syntax::Ruby => out.line("    end"),
            Syntax::Python => out.line("        return None"),
            Syntax::Go => {
                out.line("\treturn nil");
                out.line("}");
            }
            _ => out.line("}"),
        }
        out.line("");
    }
    out.plant_rest(rng, syntax);
    if syntax == Syntax::Ruby {
        out.line("  end");
        out.line("end");
    }
}

fn yaml_value(rng: &mut Rng) -> String {
    let noun = rng.pick(NOUNS);
    match rng.below(10) {
        0 => rng.range(1, 65535).to_string(),
        1 => "true".to_owned(),
        2 => "false".to_owned(),
        3 => format!("<%= ENV[\"{}_TOKEN\"] %>", noun.to_ascii_uppercase()),
        4 => format!("https://{noun}.internal.example.org/v{}", rng.range(1, 3)),
        5 => format!("${{{}_SECRET}}", noun.to_ascii_uppercase()),
        6 => format!("redis://localhost:6379/{}", rng.range(0, 15)),
        _ => format!("{}_{noun}", rng.pick(ADJECTIVES)),
    }
}

fn yaml(out: &mut Out, rng: &mut Rng) {
    out.line(&format!("# {}", sentence(rng, 9)));
    out.line("default: &default");
    out.line("  adapter: postgresql");
    out.line("  pool: <%= ENV.fetch(\"RAILS_MAX_THREADS\") { 5 } %>");
    out.line("");
    while !out.full() {
        out.line(&format!("{}:", ident(rng)));
        if rng.chance(0.3) {
            out.line("  <<: *default");
        }
        for _ in 0..rng.range(2, 10) {
            if out.plant_due(rng, Syntax::Yaml) {
                continue;
            }
            if rng.chance(0.15) {
                out.line(&format!("  {}:", ident(rng)));
                for _ in 0..rng.range(1, 4) {
                    out.line(&format!("    - {}", rng.pick(NOUNS)));
                }
            } else {
                out.line(&format!("  {}: {}", ident(rng), yaml_value(rng)));
            }
        }
    }
    out.plant_rest(rng, Syntax::Yaml);
}

fn json_config(out: &mut Out, rng: &mut Rng) {
    out.line("{");
    while !out.full() || out.pending() {
        out.line(&format!("  \"{}\": {{", camel(&ident(rng))));
        for _ in 0..rng.range(2, 10) {
            if out.plant_due(rng, Syntax::Json) {
                continue;
            }
            let value = match rng.below(5) {
                0 => rng.range(0, 10_000).to_string(),
                1 => "true".to_owned(),
                2 => format!("\"{}\"", uuid(rng)),
                _ => format!("\"{}\"", words::join(rng, NOUNS, 2, 2, "-")),
            };
            out.line(&format!("    \"{}\": {value},", camel(&ident(rng))));
        }
        if out.full() {
            out.plant_rest(rng, Syntax::Json);
        }
        out.line("    \"enabled\": true");
        out.line("  },");
    }
    out.line("  \"version\": 1");
    out.line("}");
}

fn env(out: &mut Out, rng: &mut Rng) {
    out.line("# Local settings. Real values live in the secret store.");
    out.line("RAILS_ENV=development");
    out.line("DATABASE_URL=postgres://postgres:postgres@localhost:5432/app_development");
    out.line("REDIS_URL=redis://localhost:6379/0");
    while !out.full() {
        if out.plant_due(rng, Syntax::Env) {
            continue;
        }
        let key = ident(rng).to_ascii_uppercase();
        let value = match rng.below(5) {
            0 => rng.range(1, 9000).to_string(),
            1 => "true".to_owned(),
            2 => format!("https://{}.internal/", rng.pick(NOUNS)),
            3 => String::new(),
            _ => rng.pick(ADJECTIVES).to_string(),
        };
        out.line(&format!("{key}={value}"));
    }
    out.plant_rest(rng, Syntax::Env);
}

fn markdown(out: &mut Out, rng: &mut Rng) {
    let name = words::join(rng, LIB_WORDS, 2, 2, "-");
    out.line(&format!("# {name}"));
    out.line("");
    out.line(&sentence(rng, 14));
    out.line("");
    out.line("## Install");
    out.line("");
    out.line("```sh");
    out.line(&format!("npm install {name}"));
    out.line("export GITHUB_TOKEN=<your-token>");
    out.line("```");
    while !out.full() {
        out.line("");
        out.line(&format!("## {}", pascal(&ident(rng)).replace('_', " ")));
        out.line("");
        for _ in 0..rng.range(1, 4) {
            let paragraph: Vec<String> = (0..rng.range(2, 6))
                .map(|_| {
                    let words = rng.range(6, 18);
                    sentence(rng, words)
                })
                .collect();
            out.line(&paragraph.join(" "));
            out.line("");
        }
        if rng.chance(0.5) {
            out.line("```js");
            for _ in 0..rng.range(2, 8) {
                out.line(js_statement(rng, false).trim_start());
            }
            out.line("```");
        }
    }
}

fn version(rng: &mut Rng) -> String {
    format!(
        "{}.{}.{}",
        rng.range(0, 12),
        rng.range(0, 30),
        rng.range(0, 20)
    )
}

fn package_json(out: &mut Out, rng: &mut Rng) {
    let name = words::join(rng, LIB_WORDS, 1, 3, "-");
    out.line("{");
    out.line(&format!("  \"name\": \"{name}\","));
    out.line(&format!("  \"version\": \"{}\",", version(rng)));
    out.line(&format!("  \"description\": \"{}\",", sentence(rng, 8)));
    out.line("  \"main\": \"lib/index.js\",");
    out.line("  \"types\": \"index.d.ts\",");
    out.line("  \"scripts\": {");
    out.line("    \"build\": \"tsc -p .\",");
    out.line("    \"test\": \"jest --coverage\"");
    out.line("  },");
    out.line("  \"dependencies\": {");
    let deps = rng.range(1, 12);
    for i in 0..deps {
        let comma = if i + 1 < deps { "," } else { "" };
        out.line(&format!(
            "    \"{}\": \"^{}\"{comma}",
            words::join(rng, LIB_WORDS, 1, 2, "-"),
            version(rng)
        ));
    }
    out.line("  },");
    out.line(&format!(
        "  \"repository\": \"github:{}/{name}\",",
        rng.pick(LIB_WORDS)
    ));
    out.line("  \"license\": \"MIT\"");
    out.line("}");
}

fn package_lock(out: &mut Out, rng: &mut Rng) {
    out.line("{");
    out.line("  \"name\": \"app\",");
    out.line("  \"version\": \"0.0.0\",");
    out.line("  \"lockfileVersion\": 3,");
    out.line("  \"requires\": true,");
    out.line("  \"packages\": {");
    out.push("    \"\": {\n      \"name\": \"app\"\n    }");
    while !out.full() {
        let name = words::join(rng, LIB_WORDS, 1, 3, "-");
        let v = version(rng);
        let integrity = crate::encode::base64(&random_bytes(rng, 64));
        out.push(",\n");
        out.line(&format!("    \"node_modules/{name}\": {{"));
        out.line(&format!("      \"version\": \"{v}\","));
        out.line(&format!(
            "      \"resolved\": \"https://registry.npmjs.org/{name}/-/{name}-{v}.tgz\","
        ));
        out.line(&format!("      \"integrity\": \"sha512-{integrity}\","));
        if rng.chance(0.4) {
            out.line("      \"dev\": true,");
        }
        out.line("      \"dependencies\": {");
        out.line(&format!(
            "        \"{}\": \"^{}\"",
            rng.pick(LIB_WORDS),
            version(rng)
        ));
        out.line("      },");
        out.line("      \"engines\": {");
        out.line(&format!("        \"node\": \">={}\"", rng.range(10, 20)));
        out.line("      }");
        out.push("    }");
    }
    out.line("");
    out.line("  }");
    out.line("}");
}

fn type_decl(out: &mut Out, rng: &mut Rng) {
    while !out.full() {
        let name = pascal(&ident(rng));
        out.line(&format!("/** {} */", sentence(rng, 9)));
        out.line(&format!("export interface {name}Options {{"));
        for _ in 0..rng.range(2, 8) {
            out.line(&format!(
                "  {}?: {};",
                camel(&ident(rng)),
                rng.pick(&[
                    "string",
                    "number",
                    "boolean",
                    "string[]",
                    "Record<string, string>"
                ])
            ));
        }
        out.line("}");
        out.line(&format!(
            "export declare function {}{name}(options?: {name}Options): Promise<{name}>;",
            rng.pick(VERBS)
        ));
        out.line("");
    }
}

fn short_name(rng: &mut Rng) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let len = if rng.chance(0.8) { 1 } else { 2 };
    rng.string_from(letters, len)
}

/// A minified bundle: one long line of mangled code, string tables and the odd inline data URI.
fn minified(out: &mut Out, rng: &mut Rng) {
    out.push("/*! For license information please see bundle.LICENSE.txt */");
    out.push(&format!(
        "(()=>{{var {}={{{}:(e,t,n)=>{{\"use strict\";",
        short_name(rng),
        rng.range(1, 9999)
    ));
    while !out.full() {
        if out.due() {
            out.plant(rng, Syntax::MinJs);
        }
        let (a, b, c) = (short_name(rng), short_name(rng), short_name(rng));
        let prop = camel(&ident(rng));
        let chunk = match rng.below(12) {
            0 => format!("function {a}({b},{c}){{return {b}.{prop}({c})}}"),
            1 => format!(
                "var {a}={},{b}=\"{}\";",
                rng.range(0, 9999),
                rng.pick(NOUNS)
            ),
            2 => format!("{a}.{prop}={b}.{prop}||{{}};"),
            3 => format!(
                "if(!{a}.{}Token)throw new Error(\"{}\");",
                rng.pick(NOUNS),
                sentence(rng, 5)
            ),
            4 => format!("{a}.headers={{Authorization:\"Bearer \"+{b}.token}};"),
            5 => format!("{a}[{b}]=n({});", rng.range(1, 9999)),
            6 => format!(
                "{a}.exports={{{prop}:function(){{return {b}}},{}:{c}}};",
                camel(&ident(rng))
            ),
            7 => format!(
                "case {}:return {a}.{prop}({b},\"{}\");",
                rng.range(0, 99),
                rng.pick(VERBS)
            ),
            8 => format!(
                "{a}=Object.assign({{}},{b},{{{prop}:!0,{}:void 0}});",
                camel(&ident(rng))
            ),
            9 if rng.chance(0.02) => {
                let len = rng.log_uniform(300, 20_000);
                format!(
                    "{a}.src=\"data:image/png;base64,{}\";",
                    crate::encode::base64(&random_bytes(rng, len))
                )
            }
            9 => format!(
                "{a}.password=function({b}){{return {b}.length>={}}};",
                rng.range(6, 16)
            ),
            10 => {
                let len = *rng.pick(&[8, 32, 40]);
                format!("const {a}=\"{}\";", hex(rng, len))
            }
            _ => format!("for(var {a}=0;{a}<{b}.length;{a}++){c}.push({b}[{a}]);"),
        };
        out.push(&chunk);
    }
    while out.pending() {
        out.plant(rng, Syntax::MinJs);
    }
    out.push("}}})();\n");
}

fn binary(out: &mut Out, rng: &mut Rng, kind: FileKind) {
    match kind {
        FileKind::Png => {
            out.buf
                .extend_from_slice(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR");
            out.buf
                .extend_from_slice(&(rng.range(16, 2048) as u32).to_be_bytes());
            out.buf
                .extend_from_slice(&(rng.range(16, 2048) as u32).to_be_bytes());
            out.buf.extend_from_slice(b"\x08\x06\x00\x00\x00");
            out.buf.extend_from_slice(&random_bytes(rng, 4));
            out.buf
                .extend_from_slice(&((out.size.saturating_sub(45)) as u32).to_be_bytes());
            out.buf.extend_from_slice(b"IDAT");
        }
        FileKind::Jpeg => out.buf.extend_from_slice(
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00",
        ),
        FileKind::Woff2 => {
            out.buf.extend_from_slice(b"wOF2\x00\x01\x00\x00");
            out.buf.extend_from_slice(&(out.size as u32).to_be_bytes());
            out.buf.extend_from_slice(&[0u8; 36]);
        }
        _ => out
            .buf
            .extend_from_slice(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"),
    }
    let rest = out.size.saturating_sub(out.buf.len() + 12);
    let bytes = random_bytes(rng, rest);
    out.buf.extend_from_slice(&bytes);
    if kind == FileKind::Png {
        out.buf
            .extend_from_slice(b"\x00\x00\x00\x00IEND\xae\x42\x60\x82");
    } else {
        out.buf.extend_from_slice(&random_bytes(rng, 12));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planted_positions_point_at_the_fakes() {
        let mut rng = Rng::new(3);
        let kinds = [
            FakeKind::Github,
            FakeKind::PrivateKey,
            FakeKind::Password,
            FakeKind::Aws,
            FakeKind::PrivateKey,
        ];
        for kind in [
            FileKind::Ruby,
            FileKind::Ts,
            FileKind::Python,
            FileKind::Go,
            FileKind::Yaml,
            FileKind::JsonConfig,
            FileKind::Env,
            FileKind::MinJs,
        ] {
            let (bytes, planted) = generate(kind, 20_000, &kinds, &mut rng);
            assert_eq!(planted.len(), kinds.len(), "{kind:?}");
            let text = String::from_utf8(bytes).expect("text files are UTF-8");
            let lines: Vec<&str> = text.lines().collect();
            for p in &planted {
                let start = &lines[p.line - 1][p.column - 1..];
                let end = &lines[p.end_line - 1][..p.end_column - 1];
                match p.kind {
                    FakeKind::Github => assert!(start.starts_with("ghp_"), "{kind:?}: {start}"),
                    FakeKind::Aws => assert!(start.starts_with("AKIA"), "{kind:?}: {start}"),
                    FakeKind::PrivateKey => {
                        assert!(start.starts_with("-----BEGIN "), "{kind:?}: {start}");
                        assert!(end.ends_with(" PRIVATE KEY-----"), "{kind:?}: {end}");
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn binaries_have_a_nul_early_and_the_requested_size() {
        let mut rng = Rng::new(9);
        for kind in [
            FileKind::Png,
            FileKind::Jpeg,
            FileKind::Woff2,
            FileKind::Gzip,
        ] {
            let (bytes, _) = generate(kind, 5000, &[], &mut rng);
            assert_eq!(bytes.len(), 5000);
            assert!(bytes[..64].contains(&0));
        }
    }
}
