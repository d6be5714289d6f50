//! Which lexical syntax a path implies. Only what the code view needs is told apart: how comments
//! and strings are written, not the grammar.

/// A family of languages that write comments and strings alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// JavaScript and TypeScript (and the script blocks of Vue, Svelte and Astro files): `//` and
    /// `/* */` comments, `'`/`"` strings, template literals, regex literals.
    JavaScript,
    /// Go: C comments, `'`/`"` strings, raw strings in backticks.
    Go,
    /// Rust: C comments, strings that may span lines, raw strings `r#"…"#`, lifetimes.
    Rust,
    /// C#: C comments, verbatim `@"…"` and raw `"""…"""` strings.
    CSharp,
    /// PHP: C comments and `#` comments, strings that may span lines.
    Php,
    /// Java, Kotlin, Scala, Groovy, Swift, Dart, C, C++ and JSON: C comments, `'`/`"` strings,
    /// `"""` text blocks.
    CFamily,
    /// Terraform and HCL: C comments and `#` comments.
    Hcl,
    /// Python: `#` comments anywhere, prefixed and triple-quoted strings.
    Python,
    /// Ruby, Perl, R, TOML: `#` comments anywhere outside strings.
    HashScript,
    /// Shell, `.env` files, Dockerfiles, Caddyfiles, `.htaccess`, YAML: `#` comments at the start
    /// of a line or after whitespace (so `http://host/#frag` is no comment).
    Shell,
    /// INI and server configuration (`.ini`, `.cfg`, `.conf`, `nginx.conf`): as [`Language::Shell`],
    /// plus `;` comments at the start of a line.
    Ini,
    /// Java `.properties`: `#` and `!` comments at the start of a line; values are raw text, so
    /// quotes are not strings.
    Properties,
    /// XML and HTML (`web.config`, `.csproj`): `<!-- -->` comments; everything else is code.
    Markup,
    /// No known syntax: every byte is code.
    #[default]
    Unknown,
}

impl Language {
    /// The language a path's file name implies (case-insensitively); [`Language::Unknown`] for
    /// path-less input and unknown names.
    pub fn of_path(path: Option<&str>) -> Language {
        let Some(path) = path else {
            return Language::Unknown;
        };
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let name = name.to_ascii_lowercase();
        if let Some(language) = by_name(&name) {
            return language;
        }
        match name.rsplit_once('.') {
            Some((_, ext)) => by_extension(ext),
            None => Language::Unknown,
        }
    }

    /// The name used in documentation and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::JavaScript => "javascript",
            Language::Go => "go",
            Language::Rust => "rust",
            Language::CSharp => "csharp",
            Language::Php => "php",
            Language::CFamily => "c-family",
            Language::Hcl => "hcl",
            Language::Python => "python",
            Language::HashScript => "hash-script",
            Language::Shell => "shell",
            Language::Ini => "ini",
            Language::Properties => "properties",
            Language::Markup => "markup",
            Language::Unknown => "unknown",
        }
    }
}

fn by_name(name: &str) -> Option<Language> {
    let language = match name {
        ".envrc" | ".flaskenv" | ".htaccess" | "caddyfile" | "dockerfile" | "containerfile" => {
            Language::Shell
        }
        "gemfile" | "rakefile" | "vagrantfile" | "podfile" | "fastfile" => Language::HashScript,
        "jenkinsfile" => Language::CFamily,
        _ if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") => {
            Language::Shell
        }
        _ if name.starts_with("dockerfile.") || name.ends_with(".dockerfile") => Language::Shell,
        _ => return None,
    };
    Some(language)
}

fn by_extension(ext: &str) -> Language {
    match ext {
        "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" | "vue" | "svelte"
        | "astro" => Language::JavaScript,
        "go" => Language::Go,
        "rs" => Language::Rust,
        "cs" => Language::CSharp,
        "php" => Language::Php,
        "java" | "kt" | "kts" | "scala" | "groovy" | "gradle" | "swift" | "dart" | "c" | "h"
        | "cc" | "cpp" | "cxx" | "hpp" | "json" | "jsonc" | "json5" => Language::CFamily,
        "tf" | "hcl" => Language::Hcl,
        "py" | "pyi" => Language::Python,
        "rb" | "rake" | "gemspec" | "pl" | "pm" | "r" | "toml" => Language::HashScript,
        "sh" | "bash" | "zsh" | "ksh" | "env" | "envrc" | "yaml" | "yml" => Language::Shell,
        "ini" | "cfg" | "conf" => Language::Ini,
        "properties" => Language::Properties,
        "xml" | "config" | "html" | "htm" | "xhtml" | "csproj" | "plist" => Language::Markup,
        _ => Language::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_win_over_extensions_and_case_does_not_matter() {
        let of = |p| Language::of_path(Some(p));
        assert_eq!(of("src/server.TS"), Language::JavaScript);
        assert_eq!(of("app/.env.production"), Language::Shell);
        assert_eq!(of("deploy/prod.env"), Language::Shell);
        assert_eq!(of("Dockerfile.dev"), Language::Shell);
        assert_eq!(of("etc/nginx/nginx.conf"), Language::Ini);
        assert_eq!(of("C:\\site\\web.config"), Language::Markup);
        assert_eq!(of("settings.py"), Language::Python);
        assert_eq!(of("README"), Language::Unknown);
        assert_eq!(Language::of_path(None), Language::Unknown);
    }
}
