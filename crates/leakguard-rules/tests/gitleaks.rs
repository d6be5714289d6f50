//! Importing gitleaks configs, checked at the rule level: each imported rule is run the way the
//! engine runs it (path, keyword prefilter, regex, then every check with the whole candidate).
//! The configs are written for these tests; every value is a made-up `myco_` token.

use leakguard_rules::{Candidate, GitleaksImport, Rejection, Rule, RuleError, RuleLoader, RuleSet};

/// A made-up token: `myco_` and 32 random-looking characters.
const TOKEN: &str = "myco_q8Zt3LmW9vKp2RxN7cYb4HjD6sFa1GeU";
/// Another one.
const TOKEN_2: &str = "myco_Vb7nK2pQ9wLm4Xc8Rt3Zy6Hd1Js5Fg0A";

fn import(toml: &str) -> (RuleSet, GitleaksImport) {
    let mut loader = RuleLoader::new();
    let import = loader
        .add_gitleaks_toml(toml, "team.toml")
        .unwrap_or_else(|e| panic!("config imports: {e}"));
    (loader.finish(), import)
}

fn import_err(toml: &str) -> String {
    RuleLoader::new()
        .add_gitleaks_toml(toml, "team.toml")
        .map(|_| ())
        .expect_err("config is refused")
        .to_string()
}

fn only_rule(rules: &RuleSet) -> &Rule {
    assert_eq!(rules.len(), 1, "one rule imported");
    &rules.rules()[0]
}

/// The secrets `rule` reports in `text` read from `path`, as the engine would find them.
fn secrets(rule: &Rule, text: &str, path: Option<&str>) -> Vec<String> {
    if !rule.applies_to(path) {
        return Vec::new();
    }
    let lower = text.to_ascii_lowercase();
    if !rule
        .anchors()
        .iter()
        .any(|a| lower.contains(&a.to_ascii_lowercase()))
    {
        return Vec::new();
    }
    let regex = rule.regex();
    let group = regex.capture_names().position(|n| n == Some("secret"));
    regex
        .captures_iter(text.as_bytes())
        .filter_map(|caps| {
            let whole = caps.get(0).expect("group 0 always participates");
            let secret = group.and_then(|g| caps.get(g)).unwrap_or(whole);
            let candidate = Candidate {
                text: text.as_bytes(),
                matched: whole.range(),
                secret: secret.range(),
                path,
            };
            rule.check_candidate(&candidate)
                .ok()
                .map(|()| String::from_utf8_lossy(secret.as_bytes()).into_owned())
        })
        .collect()
}

const TOKEN_RULE: &str = r#"
title = "myco gitleaks config"

[[rules]]
id = "myco-api-token"
description = "MyCo API token"
regex = '''(?i)(token|secret)\s*[:=]\s*["']?(myco_[a-z0-9]{32})\b'''
secretGroup = 2
keywords = ["myco_"]
tags = ["myco", "api"]
"#;

#[test]
fn secret_group_and_keywords_find_the_secret_and_not_a_near_miss() {
    let (rules, import) = import(TOKEN_RULE);
    let rule = only_rule(&rules);
    assert_eq!(rule.id().as_str(), "gitleaks.myco-api-token");
    assert_eq!(rule.name(), "myco-api-token");
    assert_eq!(rule.description(), "MyCo API token");
    assert_eq!(rule.file(), "team.toml");
    assert_eq!(rule.keywords(), ["myco_"]);
    assert_eq!(import.rules, vec![rule.id().clone()]);
    assert!(import.notes.is_empty(), "{:?}", import.notes);

    let text = format!("[api]\ntoken = \"{TOKEN}\"\n");
    assert_eq!(secrets(rule, &text, Some("conf/app.toml")), [TOKEN]);
    let near_miss = format!("token = \"{}\"\n", &TOKEN[..TOKEN.len() - 1]);
    assert!(secrets(rule, &near_miss, Some("conf/app.toml")).is_empty());
    let no_keyword = "token = \"abcd_q8Zt3LmW9vKp2RxN7cYb4HjD6sFa1GeU\"\n";
    assert!(secrets(rule, no_keyword, None).is_empty());
}

#[test]
fn entropy_threshold_drops_low_entropy_values() {
    let (rules, _) = import(
        r#"
[[rules]]
id = "myco-token"
regex = '''\b(myco_[A-Za-z0-9]{32})\b'''
entropy = 3.5
keywords = ["myco_"]
"#,
    );
    let rule = only_rule(&rules);
    assert_eq!(rule.min_entropy(), Some(3.5));
    assert_eq!(secrets(rule, &format!("k={TOKEN}\n"), None), [TOKEN]);
    let low = "myco_abababababcdcdcdcdabababababcdcdcd";
    assert!(secrets(rule, &format!("k={low}\n"), None).is_empty());
    assert_eq!(rule.check(low.as_bytes()), Err(Rejection::LowEntropy));
}

#[test]
fn entropy_zero_means_no_threshold() {
    let (rules, _) =
        import("[[rules]]\nid = \"myco-token\"\nregex = '''myco_[a-z]{8}'''\nentropy = 0\n");
    assert_eq!(only_rule(&rules).min_entropy(), None);
}

#[test]
fn path_regex_limits_where_the_rule_runs() {
    let (rules, _) = import(
        r#"
[[rules]]
id = "myco-env-token"
path = '''(?i)(^|/)\.env(\.[a-z]+)?$'''
regex = '''MYCO_TOKEN=(myco_\w{32})'''
keywords = ["myco_token"]
"#,
    );
    let rule = only_rule(&rules);
    let text = format!("MYCO_TOKEN={TOKEN}\n");
    assert_eq!(secrets(rule, &text, Some("deploy/.env.prod")), [TOKEN]);
    assert_eq!(secrets(rule, &text, Some("./.env")), [TOKEN]);
    assert!(secrets(rule, &text, Some("src/settings.py")).is_empty());
    assert!(!rule.applies_to(None), "a path-limited rule skips stdin");
}

/// One rule per regex target, each allowing what the secret alone does not show.
const TARGETS: &str = r#"
[[rules]]
id = "by-secret"
regex = '''(?:token|legacy_token)\s*=\s*(myco_\w{32})'''
keywords = ["myco_"]
[[rules.allowlists]]
regexTarget = "secret"
regexes = ['''^myco_Vb7''']

[[rules]]
id = "by-match"
regex = '''(?:token|legacy_token)\s*=\s*(myco_\w{32})'''
keywords = ["myco_"]
[[rules.allowlists]]
regexTarget = "match"
regexes = ['''^legacy_token''']

[[rules]]
id = "by-line"
regex = '''(?:token|legacy_token)\s*=\s*(myco_\w{32})'''
keywords = ["myco_"]
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''#\s*rotated''']
"#;

#[test]
fn allowlist_regexes_match_their_target() {
    let (rules, _) = import(TARGETS);
    let rule = |id: &str| rules.get(id).expect("rule imported");
    let plain = format!("token = {TOKEN}\n");
    for id in [
        "gitleaks.by-secret",
        "gitleaks.by-match",
        "gitleaks.by-line",
    ] {
        assert_eq!(secrets(rule(id), &plain, None), [TOKEN], "{id}");
    }

    let allowed_secret = format!("token = {TOKEN_2}\n");
    assert!(secrets(rule("gitleaks.by-secret"), &allowed_secret, None).is_empty());
    assert_eq!(
        secrets(rule("gitleaks.by-match"), &allowed_secret, None),
        [TOKEN_2]
    );

    let legacy = format!("legacy_token = {TOKEN}\n");
    assert!(secrets(rule("gitleaks.by-match"), &legacy, None).is_empty());
    assert_eq!(secrets(rule("gitleaks.by-secret"), &legacy, None), [TOKEN]);

    let commented = format!("one = 1\ntoken = {TOKEN} # rotated 2024-05\nthree = 3\n");
    assert!(secrets(rule("gitleaks.by-line"), &commented, None).is_empty());
    assert_eq!(
        secrets(rule("gitleaks.by-match"), &commented, None),
        [TOKEN]
    );
    let next_line = format!("token = {TOKEN}\n# rotated 2024-05\n");
    assert_eq!(secrets(rule("gitleaks.by-line"), &next_line, None), [TOKEN]);
}

#[test]
fn without_the_candidate_match_and_line_allowlists_do_not_allow() {
    let (rules, _) = import(TARGETS);
    let secret = TOKEN.as_bytes();
    let by_match = rules.get("gitleaks.by-match").expect("imported");
    assert_eq!(by_match.check(secret), Ok(()));
    assert_eq!(
        rules
            .get("gitleaks.by-secret")
            .expect("imported")
            .check(TOKEN_2.as_bytes()),
        Err(Rejection::Allowed)
    );
}

#[test]
fn stopwords_and_paths_allow_per_rule() {
    let (rules, _) = import(
        r#"
[[rules]]
id = "myco-token"
regex = '''myco_\w{32}'''
keywords = ["myco_"]
[[rules.allowlists]]
description = "sandbox keys and fixtures"
stopwords = ["sandbox"]
paths = ['''^fixtures/''', '''\.snap$''']
"#,
    );
    let rule = only_rule(&rules);
    let sandbox = "myco_SANDBOXq8Zt3LmW9vKp2RxN7cYb4HjD6";
    assert_eq!(sandbox.len(), TOKEN.len());
    assert!(secrets(rule, &format!("k={sandbox}\n"), Some("src/a.rs")).is_empty());
    let text = format!("k={TOKEN}\n");
    assert_eq!(secrets(rule, &text, Some("src/a.rs")), [TOKEN]);
    assert!(secrets(rule, &text, Some("fixtures/keys.txt")).is_empty());
    assert!(secrets(rule, &text, Some("tests/__snapshots__/a.snap")).is_empty());
    assert!(!rule.applies_to(Some("fixtures/keys.txt")));
}

#[test]
fn and_condition_needs_every_criterion() {
    let (rules, _) = import(
        r#"
[[rules]]
id = "myco-token"
regex = '''myco_\w{32}'''
keywords = ["myco_"]
[[rules.allowlists]]
condition = "AND"
paths = ['''^tests/''']
stopwords = ["q8zt"]
"#,
    );
    let rule = only_rule(&rules);
    let text = format!("k={TOKEN}\n");
    assert!(secrets(rule, &text, Some("tests/a.rs")).is_empty());
    assert_eq!(secrets(rule, &text, Some("src/a.rs")), [TOKEN]);
    let other = format!("k={TOKEN_2}\n");
    assert_eq!(secrets(rule, &other, Some("tests/a.rs")), [TOKEN_2]);
}

#[test]
fn older_single_allowlist_form_is_read() {
    let (rules, _) = import(
        "[[rules]]\nid = \"myco-token\"\nregex = '''myco_\\w{32}'''\n[rules.allowlist]\nregexes = ['''^myco_Vb7''']\n",
    );
    let rule = only_rule(&rules);
    assert!(secrets(rule, &format!("k={TOKEN_2}\n"), None).is_empty());
    assert_eq!(secrets(rule, &format!("k={TOKEN}\n"), None), [TOKEN]);
}

#[test]
fn both_allowlist_forms_in_one_rule_are_refused() {
    let err = import_err(
        "[[rules]]\nid = \"myco-token\"\nregex = '''myco_\\w{32}'''\n[rules.allowlist]\nstopwords = ['a1']\n[[rules.allowlists]]\nstopwords = ['b2']\n",
    );
    assert!(
        err.contains("rule `myco-token`") && err.contains("field `allowlist`"),
        "{err}"
    );
}

#[test]
fn global_allowlists_apply_to_every_rule_or_their_targets() {
    let (rules, import) = import(
        r#"
[[allowlists]]
description = "everywhere"
paths = ['''(^|/)vendor/''']
regexes = ['''^myco_Vb7''']

[[allowlists]]
targetRules = ["second"]
stopwords = ["q8zt3"]

[[rules]]
id = "first"
regex = '''myco_\w{32}'''
keywords = ["myco_"]

[[rules]]
id = "second"
regex = '''myco_\w{32}'''
keywords = ["myco_"]
"#,
    );
    assert!(import.notes.is_empty(), "{:?}", import.notes);
    let first = rules.get("gitleaks.first").expect("imported");
    let second = rules.get("gitleaks.second").expect("imported");
    let token = format!("k={TOKEN}\n");
    let token_2 = format!("k={TOKEN_2}\n");
    for rule in [first, second] {
        assert!(secrets(rule, &token_2, None).is_empty(), "{}", rule.id());
        assert!(secrets(rule, &token, Some("a/vendor/b.go")).is_empty());
    }
    assert_eq!(secrets(first, &token, None), [TOKEN]);
    assert!(secrets(second, &token, None).is_empty());
}

#[test]
fn old_global_allowlist_form_is_read() {
    let (rules, _) = import(
        "[allowlist]\ndescription = \"global allow lists\"\nstopwords = [\"q8zt3\"]\n[[rules]]\nid = \"t\"\nregex = '''myco_\\w{32}'''\n",
    );
    assert!(secrets(only_rule(&rules), &format!("k={TOKEN}\n"), None).is_empty());
}

#[test]
fn target_rules_must_name_a_rule_of_the_file() {
    let err = import_err(
        "[[allowlists]]\ntargetRules = [\"nope\"]\nstopwords = [\"x1\"]\n[[rules]]\nid = \"t\"\nregex = '''myco_\\w{32}'''\n",
    );
    assert!(
        err.contains("field `allowlists[0].targetRules[0]`: no rule `nope`"),
        "{err}"
    );
}

#[test]
fn look_around_is_an_error_naming_file_rule_and_field() {
    let err = import_err(
        "[[rules]]\nid = \"myco-lookahead\"\nregex = '''myco_(?=[a-z])\\w{32}'''\nkeywords = [\"myco_\"]\n",
    );
    assert!(
        err.contains("team.toml")
            && err.contains("rule `myco-lookahead`")
            && err.contains("field `regex`")
            && err.contains("look-around"),
        "{err}"
    );
    let err = import_err(
        "[[rules]]\nid = \"t\"\nregex = '''myco_\\w{32}'''\n[[rules.allowlists]]\nregexes = ['''(?<!x)y''']\n",
    );
    assert!(
        err.contains("field `allowlists[0].regexes[0]`") && err.contains("look-around"),
        "{err}"
    );
}

#[test]
fn unknown_keys_are_errors_naming_them() {
    let err = import_err(
        "[[rules]]\nid = \"myco-token\"\nregex = '''myco_\\w{32}'''\n[[rules.allowlists]]\nregexTarge = \"match\"\nregexes = ['''x''']\n",
    );
    assert!(
        err.contains("rule `myco-token`")
            && err.contains("field `allowlists[0].regexTarge`: unknown key"),
        "{err}"
    );
    let err = import_err("[[rule]]\nid = \"t\"\nregex = '''myco_\\w{32}'''\n");
    assert!(
        err.contains("team.toml: field `rule`: unknown key"),
        "{err}"
    );
    let err = import_err("[extend]\nuseDefaults = true\n");
    assert!(
        err.contains("field `extend.useDefaults`: unknown key"),
        "{err}"
    );
    let err = import_err("[[rules]]\nid = \"t\"\nregex = '''myco_\\w{32}'''\nsecretGroups = 1\n");
    assert!(err.contains("field `secretGroups`: unknown key"), "{err}");
}

#[test]
fn keys_are_case_insensitive_as_in_gitleaks() {
    let (rules, _) = import(
        "[[rules]]\nID = \"myco-token\"\nRegex = '''(k)=(myco_\\w{32})'''\nsecretgroup = 2\nKeywords = [\"myco_\"]\n",
    );
    assert_eq!(
        secrets(only_rule(&rules), &format!("k={TOKEN}\n"), None),
        [TOKEN]
    );
    let err = import_err("[[rules]]\nid = \"t\"\nregex = '''myco_\\w{32}'''\nRegex = '''x'''\n");
    assert!(err.contains("`regex` is given twice"), "{err}");
}

#[test]
fn wrong_types_name_the_field() {
    let err = import_err("[[rules]]\nid = \"t\"\nregex = '''myco_\\w{32}'''\nentropy = \"high\"\n");
    assert!(
        err.contains("field `entropy`: expected a number, found a string"),
        "{err}"
    );
    let err = import_err(
        "[[rules]]\nid = \"t\"\nregex = '''myco_\\w{32}'''\nkeywords = [\"myco_\", 3]\n",
    );
    assert!(
        err.contains("field `keywords[1]`: expected a string"),
        "{err}"
    );
}

#[test]
fn use_default_is_a_note_and_loads_no_rule_itself() {
    let (rules, import) = import(
        r#"
title = "extends the defaults"
[extend]
useDefault = true
disabledRules = ["generic-api-key"]

[[allowlists]]
targetRules = ["aws-access-token"]
regexes = ['''AKIA_FAKE''']

[[rules]]
id = "myco-token"
regex = '''myco_\w{32}'''
"#,
    );
    assert_eq!(rules.len(), 1, "only the file's own rule");
    let fields: Vec<&str> = import.notes.iter().map(|n| n.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "extend.useDefault",
            "extend.disabledRules",
            "allowlists[0].targetRules[0]",
            "allowlists"
        ]
    );
    let shown = import.notes[0].to_string();
    assert!(
        shown.starts_with("gitleaks config team.toml: field `extend.useDefault`: ")
            && shown.contains("built-in rules stand in"),
        "{shown}"
    );
    // The built-in catalogue is added separately and does not clash with imported ids.
    let mut loader = RuleLoader::new();
    loader.add_builtin().expect("built-in rules load");
    let builtin = loader.finish().len();
    let mut loader = RuleLoader::new();
    loader.add_builtin().expect("built-in rules load");
    loader
        .add_gitleaks_toml("[extend]\nuseDefault = true\n", "team.toml")
        .expect("imports");
    assert_eq!(loader.finish().len(), builtin);
}

#[test]
fn extending_another_config_is_refused() {
    let err = import_err("[extend]\npath = \"base.toml\"\n");
    assert!(
        err.contains("field `extend.path`") && err.contains("not supported"),
        "{err}"
    );
}

#[test]
fn commit_allowlists_are_notes_and_never_allow() {
    let (rules, import) = import(
        r#"
[[rules]]
id = "myco-token"
regex = '''myco_\w{32}'''
[[rules.allowlists]]
commits = ["0123456789abcdef0123456789abcdef01234567"]
stopwords = ["q8zt3"]
[[rules.allowlists]]
condition = "AND"
commits = ["0123456789abcdef0123456789abcdef01234567"]
regexes = ['''Vb7''']
[[rules.allowlists]]
commits = ["fedcba9876543210fedcba9876543210fedcba98"]
"#,
    );
    let rule = only_rule(&rules);
    assert!(
        secrets(rule, &format!("k={TOKEN}\n"), None).is_empty(),
        "stopword still applies"
    );
    assert_eq!(
        secrets(rule, &format!("k={TOKEN_2}\n"), None),
        [TOKEN_2],
        "AND list dropped"
    );
    let notes: Vec<(Option<&str>, &str)> = import
        .notes
        .iter()
        .map(|n| (n.rule.as_deref(), n.field.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (Some("myco-token"), "allowlists[0].commits"),
            (Some("myco-token"), "allowlists[1].commits"),
            (Some("myco-token"), "allowlists[2].commits"),
        ]
    );
    assert!(import.notes[1].message.contains("dropped whole"));
}

#[test]
fn rules_gitleaks_has_but_leakguard_cannot_run_are_errors() {
    let err = import_err("[[rules]]\nid = \"pkcs12-file\"\npath = '''\\.p12$'''\n");
    assert!(
        err.contains("rule `pkcs12-file`: field `regex`") && err.contains("only `path`"),
        "{err}"
    );
    let err = import_err(
        "[[rules]]\nid = \"pair\"\nregex = '''myco_\\w{32}'''\n[[rules.required]]\nid = \"other\"\nwithinLines = 3\n",
    );
    assert!(err.contains("field `required`: composite rules"), "{err}");
    let err = import_err("[[rules]]\nid = \"blank\"\nregex = ''\npath = ''\n");
    assert!(
        err.contains("rule `blank`: field `regex`: missing"),
        "{err}"
    );
    let err = import_err("[[rules]]\nregex = '''myco_\\w{32}'''\n");
    assert!(
        err.contains("field `rules[0].id`: every rule needs an id"),
        "{err}"
    );
}

#[test]
fn skip_report_rules_are_left_out_with_a_note() {
    let (rules, import) =
        import("[[rules]]\nid = \"part\"\nregex = '''myco_\\w{32}'''\nskipReport = true\n");
    assert!(rules.is_empty());
    assert_eq!(import.notes.len(), 1);
    assert_eq!(import.notes[0].field, "skipReport");
}

#[test]
fn secret_group_past_the_last_group_names_the_field() {
    let err = import_err("[[rules]]\nid = \"t\"\nregex = '''myco_(\\w{32})'''\nsecretGroup = 3\n");
    assert!(
        err.contains("field `secretGroup`: group 3, but `regex` has 1 capture group"),
        "{err}"
    );
}

#[test]
fn several_groups_without_secret_group_report_group_one_with_a_note() {
    let (rules, import) = import("[[rules]]\nid = \"t\"\nregex = '''(myco_\\w{32})\\s+(\\w+)'''\n");
    assert_eq!(
        secrets(only_rule(&rules), &format!("{TOKEN} trailing\n"), None),
        [TOKEN]
    );
    assert_eq!(import.notes.len(), 1);
    assert_eq!(import.notes[0].field, "secretGroup");
}

#[test]
fn leakguard_validations_apply_with_gitleaks_names() {
    let err = import_err("[[rules]]\nid = \"t\"\nregex = '''[a-z]+_[0-9]{8}'''\n");
    assert!(
        err.contains("rule `t`: field `keywords`") && err.contains("add keywords"),
        "{err}"
    );
    let err =
        import_err("[[rules]]\nid = \"t\"\nregex = '''myco_\\w{32}'''\nkeywords = [\"my\"]\n");
    assert!(err.contains("field `keywords[0]`"), "{err}");
    let err = import_err("[[rules]]\nid = \"t\"\nregex = '''myco_\\w{32}'''\nentropy = 9\n");
    assert!(err.contains("field `entropy`: 9 is outside"), "{err}");
    let err = import_err("[[rules]]\nid = \"t\"\nregex = '''myco_(\\w{32}'''\n");
    assert!(err.contains("field `regex`: unclosed group"), "{err}");
}

#[test]
fn ids_are_namespaced_and_must_stay_distinct() {
    let (rules, _) = import("[[rules]]\nid = \"MyCo_Token\"\nregex = '''myco_\\w{32}'''\n");
    assert_eq!(only_rule(&rules).id().as_str(), "gitleaks.myco-token");
    let err = import_err(
        "[[rules]]\nid = \"myco_token\"\nregex = '''myco_\\w{32}'''\n[[rules]]\nid = \"myco-token\"\nregex = '''myco_\\w{32}'''\n",
    );
    assert!(
        err.contains("rule `myco-token`: field `id`: becomes `gitleaks.myco-token`, the id of rule `myco_token` too"),
        "{err}"
    );
    let err = import_err("[[rules]]\nid = \"my/token\"\nregex = '''myco_\\w{32}'''\n");
    assert!(err.contains("not a valid leakguard id"), "{err}");
}

#[test]
fn a_failed_import_adds_nothing() {
    let mut loader = RuleLoader::new();
    loader
        .add_gitleaks_toml(TOKEN_RULE, "first.toml")
        .expect("first import");
    let second = format!(
        "[[rules]]\nid = \"new-one\"\nregex = '''myco_\\w{{32}}'''\n{}",
        &TOKEN_RULE[TOKEN_RULE.find("[[rules]]").expect("has a rule")..]
    );
    let err = loader
        .add_gitleaks_toml(&second, "second.toml")
        .expect_err("duplicate id");
    assert!(
        matches!(&err, RuleError::DuplicateId { rule, first_file, .. } if rule == "gitleaks.myco-api-token" && first_file == "first.toml"),
        "{err}"
    );
    assert_eq!(loader.finish().len(), 1, "`new-one` was not added either");
}

#[test]
fn toml_syntax_errors_name_the_file() {
    let err = import_err("[[rules]\nid = \"t\"\n");
    assert!(err.starts_with("rule file team.toml: "), "{err}");
}

#[test]
fn a_config_file_is_read_from_its_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".gitleaks.toml");
    std::fs::write(&path, TOKEN_RULE).expect("write config");
    let mut loader = RuleLoader::new();
    let import = loader.add_gitleaks_path(&path).expect("imports");
    assert_eq!(import.rules.len(), 1);
    let rules = loader.finish();
    assert_eq!(only_rule(&rules).file(), path.display().to_string());
}
