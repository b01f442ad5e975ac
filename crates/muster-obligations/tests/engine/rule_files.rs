//! Rule files: a malformed one refused with its file, line and field named; semantic checks;
//! an organisation's directory adding a rule, replacing a shipped one, and adding holidays.

use muster_obligations::Anchor::Aware;
use muster_obligations::{
    Calendars, RuleSet, RuleSetChange, check_dir, evaluate, load_dir, parse_rule,
};

use crate::support::*;

const ACME_HEAD: &str = r#"id = "acme-contract"
version = 1
title = "Acme customer contract: breach notice"
legal_basis = "Master services agreement, clause 14.2"
citation = "MSA 14.2"
effective = 2020-01-01
status = "in-force"
verified = true
recipients = ["Acme security team"]
"#;

/// The head (nine lines), then two stages; line 21 is the second stage's unit.
fn acme(unit2: &str) -> String {
    format!(
        "{ACME_HEAD}[[stages]]\nid = \"first\"\nname = \"First notice\"\nanchor = \"aware\"\namount = 24\nunit = \"hours\"\n\
         [[stages]]\nid = \"second\"\nname = \"Second notice\"\nafter = \"first\"\namount = 3\nunit = \"{unit2}\"\ncalendar = \"uk\"\n"
    )
}

fn errors(file: &str, src: &str) -> Vec<String> {
    match parse_rule(file, src, &Calendars::builtin()) {
        Ok(rule) => panic!("{file} was accepted: {rule:?}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn malformed_file_names_its_file_line_and_field() {
    let dir = temp_dir("malformed");
    std::fs::write(dir.join("acme.toml"), acme("fortnights")).expect("write");
    assert_eq!(
        acme("fortnights").lines().nth(20),
        Some("unit = \"fortnights\""),
        "line 21 of the file"
    );
    let errs = check_dir(&dir).expect_err("refused");
    let file = dir.join("acme.toml").display().to_string();
    assert_eq!(
        errs.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec![format!(
            "{file}:21: stages[1].unit: unknown unit \"fortnights\"; expected hours, calendar-days, business-days or months"
        )]
    );
    assert_eq!(errs[0].line, Some(21));
    assert_eq!(errs[0].field.as_deref(), Some("stages[1].unit"));
    assert!(load_dir(&dir).is_err());
}

#[test]
fn shape_and_syntax_errors_are_placed_too() {
    let wrong_type = acme("business-days").replace("amount = 3", "amount = \"three\"");
    let got = errors("rules/acme.toml", &wrong_type);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("rules/acme.toml:20: stages[1].amount: invalid type"),
        "{got:?}"
    );
    let syntax = acme("business-days").replace("amount = 24", "amount = 24 hours");
    let got = errors("rules/acme.toml", &syntax);
    assert!(
        got[0].starts_with("rules/acme.toml:14: stages[0].amount: "),
        "{got:?}"
    );
    let unknown_field = acme("business-days").replace("amount = 24", "amount = 24\nfrequency = 2");
    let got = errors("rules/acme.toml", &unknown_field);
    assert!(
        got[0].starts_with("rules/acme.toml:15: stages[0].frequency: unknown field `frequency`"),
        "{got:?}"
    );
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let src = acme("business-days")
        .replace("anchor = \"aware\"", "anchor = \"awake\"")
        .replace("calendar = \"uk\"", "calendar = \"narnia\"")
        .replace("status = \"in-force\"", "status = \"draft\"");
    let got = errors("acme.toml", &src);
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(
        got.contains(
            &"acme.toml:7: status: unknown status \"draft\"; expected in-force or proposed"
                .to_owned()
        ),
        "{got:#?}"
    );
    assert!(
        got.iter().any(|e| e.starts_with(
            "acme.toml:13: stages[0].anchor: unknown anchor \"awake\"; expected detected, aware,"
        )),
        "{got:#?}"
    );
    assert!(
        got.iter().any(|e| e.starts_with(
            "acme.toml:22: stages[1].calendar: unknown calendar \"narnia\"; expected br, de,"
        )),
        "{got:#?}"
    );
}

#[test]
fn semantic_checks_on_stages() {
    let dup = acme("business-days")
        .replace("id = \"second\"", "id = \"first\"")
        .replace("after = \"first\"", "anchor = \"aware\"");
    let got = errors("acme.toml", &dup);
    assert_eq!(
        got,
        vec![
            "acme.toml:17: stages[1].id: duplicate stage id \"first\" (also stages[0])".to_owned()
        ]
    );

    let unknown_after = acme("business-days").replace("after = \"first\"", "after = \"zeroth\"");
    let got = errors("acme.toml", &unknown_after);
    assert_eq!(got, vec!["acme.toml:19: stages[1].after: after names unknown stage \"zeroth\"; stages are first or second".to_owned()]);

    let cycle = acme("business-days").replace("anchor = \"aware\"", "after = \"second\"");
    let got = errors("acme.toml", &cycle);
    assert_eq!(got, vec!["acme.toml:11: stages[0].after: stages wait on each other in a cycle: first -> second -> first".to_owned()]);

    let no_calendar = acme("business-days").replace("calendar = \"uk\"\n", "");
    let got = errors("acme.toml", &no_calendar);
    assert_eq!(
        got,
        vec![
            "acme.toml:17: stages[1].calendar: business days and day rules need a calendar"
                .to_owned()
        ]
    );

    let both = acme("business-days").replace(
        "after = \"first\"",
        "after = \"first\"\nwithout_undue_delay = true",
    );
    let got = errors("acme.toml", &both);
    assert!(
        got[0].starts_with("acme.toml:17: stages[1]: a stage needs exactly one of"),
        "{got:?}"
    );
}

#[test]
fn a_new_rule_counts_english_bank_holidays() {
    let dir = temp_dir("added");
    std::fs::write(dir.join("acme.toml"), acme("business-days")).expect("write");
    let checked = check_dir(&dir).expect("valid");
    assert_eq!(checked.len(), 1);
    assert_eq!(
        (checked[0].id.as_str(), &checked[0].change),
        ("acme-contract", &RuleSetChange::Added)
    );
    let rules = load_dir(&dir).expect("valid");
    assert_eq!(rules.rules().len(), RuleSet::shipped().rules().len() + 1);
    let mut f = muster_obligations::Facts::new(tz("Europe/London"));
    // First notice submitted on Thursday 25 March 2027, before Easter: Good Friday, the
    // weekend and Easter Monday (2027-03-29) are skipped.
    submit(&mut f, "acme-contract", "first", "2027-03-25T10:00:00Z");
    let all = evaluate(&rules, &f, ts("2027-03-25T12:00:00Z"));
    let s = stage(obligation(&all, "acme-contract"), "second");
    assert_eq!(
        s.due_at,
        Some(ts("2027-04-01T09:00:00Z")),
        "{}",
        s.computed.explanation
    );
    assert_step(s, "2027-03-26 skipped: Good Friday (england-and-wales)");
    assert_step(s, "2027-03-29 skipped: Easter Monday (england-and-wales)");
    assert_step(s, "Sunday 2027-03-28 skipped: weekend");
    assert_step(s, "ends Thursday 2027-04-01 10:00 Europe/London");
}

const GDPR_96H: &str = r#"id = "gdpr-art-33"
version = "2.0.0"
title = "GDPR Art. 33 as amended by the Digital Omnibus"
legal_basis = "Regulation (EU) 2016/679, Article 33, as amended"
citation = "GDPR Art. 33(1)"
effective = 2020-01-01
status = "in-force"
verified = false
recipients = ["supervisory authority via the single entry point"]

[applies]
personal_data = ["yes"]
jurisdictions = ["eu"]

[[stages]]
id = "notification"
name = "Notification through the single entry point"
anchor = "aware"
amount = 96
unit = "hours"
"#;

#[test]
fn an_override_replaces_a_shipped_rule() {
    let dir = temp_dir("override");
    std::fs::write(dir.join("gdpr.toml"), GDPR_96H).expect("write");
    let checked = check_dir(&dir).expect("valid");
    assert_eq!(
        checked[0].change,
        RuleSetChange::Replaced {
            previous: muster_obligations::RuleVersion::parse("1").expect("v")
        }
    );
    let rules = load_dir(&dir).expect("valid");
    assert_eq!(rules.rules().len(), RuleSet::shipped().rules().len());
    let mut f = every_rule_applies("Europe/Berlin");
    anchor(&mut f, Aware, "2026-12-01T10:00:00Z");
    let all = evaluate(&rules, &f, ts("2026-12-02T00:00:00Z"));
    let gdpr = obligation(&all, "gdpr-art-33");
    assert_eq!(gdpr.rule_version.to_string(), "2.0.0");
    assert_eq!(
        stage(gdpr, "notification").due_at,
        Some(ts("2026-12-05T10:00:00Z"))
    );
    assert_eq!(
        stage(gdpr, "notification")
            .computed
            .rule_version
            .to_string(),
        "2.0.0"
    );
}

#[test]
fn an_override_with_a_lower_version_is_refused() {
    let dir = temp_dir("lower");
    let lower = GDPR_96H.replace("version = \"2.0.0\"", "version = \"0.9\"");
    std::fs::write(dir.join("gdpr.toml"), lower).expect("write");
    let errs = check_dir(&dir).expect_err("refused");
    let file = dir.join("gdpr.toml").display().to_string();
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].to_string().starts_with(&format!("{file}:2: version: 0.9 is lower than the version of gdpr-art-33 it would replace (1, from rules/gdpr-art-33.toml)")),
        "{}",
        errs[0]
    );
}

#[test]
fn calendars_file_adds_holidays_rules_can_use() {
    let dir = temp_dir("calendars");
    std::fs::write(
        dir.join("calendars.toml"),
        "[[holiday]]\ncalendar = \"fr\"\ndate = 2026-07-14\nname = \"Fête nationale\"\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("acme.toml"),
        acme("business-days").replace("calendar = \"uk\"", "calendar = \"fr\""),
    )
    .expect("write");
    let rules = load_dir(&dir).expect("valid");
    let mut f = muster_obligations::Facts::new(tz("Europe/Paris"));
    submit(&mut f, "acme-contract", "first", "2026-07-13T08:00:00Z");
    let all = evaluate(&rules, &f, ts("2026-07-13T12:00:00Z"));
    let s = stage(obligation(&all, "acme-contract"), "second");
    assert_step(s, "2026-07-14 skipped: Fête nationale (fr)");
    assert_eq!(s.due_at, Some(ts("2026-07-17T08:00:00Z")));

    std::fs::write(
        dir.join("calendars.toml"),
        "[[holiday]]\ncalendar = \"fr\"\ndate = 2026-07-14T10:00:00\nname = \"x\"\n",
    )
    .expect("write");
    let errs = check_dir(&dir).expect_err("refused");
    assert!(errs[0].to_string().ends_with("calendars.toml:3: holiday[0].date: 2026-07-14T10:00:00 is not a date; expected YYYY-MM-DD"), "{}", errs[0]);
}

#[test]
fn a_missing_directory_is_an_error_not_a_panic() {
    let errs = check_dir("/nonexistent/muster-rules").expect_err("refused");
    assert_eq!(errs[0].file, "/nonexistent/muster-rules");
}

#[test]
fn shipped_files_all_parse() {
    let rules = RuleSet::shipped();
    assert_eq!(rules.rules().len(), 18);
    assert!(rules.rules().iter().all(|r| r.source.starts_with("rules/")));
}

#[test]
fn the_same_id_twice_in_a_directory_is_refused() {
    let dir = temp_dir("twice");
    std::fs::write(dir.join("a.toml"), acme("business-days")).expect("write");
    // A comment mentioning the id and version first, so the error must find the key itself.
    std::fs::write(
        dir.join("b.toml"),
        format!("# copy: id and version as in a.toml\n{}", acme("hours")),
    )
    .expect("write");
    let errs = check_dir(&dir).expect_err("refused");
    let (a, b) = (
        dir.join("a.toml").display().to_string(),
        dir.join("b.toml").display().to_string(),
    );
    assert_eq!(
        errs.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec![format!(
            "{b}:2: id: rule id \"acme-contract\" is also defined in {a}"
        )]
    );
}

#[test]
fn missing_fields_and_clocks_inside_earliest_of() {
    let missing = acme("hours").replace("title = \"Acme customer contract: breach notice\"\n", "");
    let got = errors("acme.toml", &missing);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("missing field `title`"), "{got:?}");
    let earliest = acme("hours").replace(
        "anchor = \"aware\"\namount = 24\nunit = \"hours\"",
        "earliest_of = [\n  { anchor = \"aware\", amount = 24, unit = \"hours\" },\n  { anchor = \"detected\", amount = 2, unit = \"weeks\" },\n]",
    );
    let got = errors("acme.toml", &earliest);
    assert_eq!(
        got,
        vec!["acme.toml:15: stages[0].earliest_of[1].unit: unknown unit \"weeks\"; expected hours, calendar-days, business-days or months".to_owned()]
    );
}

#[test]
fn semver_and_integer_versions_compare_by_number() {
    use muster_obligations::RuleVersion;
    let v = |s: &str| RuleVersion::parse(s).expect("version");
    assert_eq!(v("2"), v("2.0.0"));
    assert!(v("1.10.0") > v("1.9.3"));
    assert!(v("3") > v("2.99"));
    assert!(RuleVersion::parse("1.x").is_err());
    assert!(RuleVersion::parse("1.2.3.4").is_err());
    let negative = acme("hours").replace("version = 1", "version = -1");
    assert_eq!(
        errors("acme.toml", &negative),
        vec![
            "acme.toml:2: version: -1 is not a version; expected an integer or major.minor.patch"
                .to_owned()
        ]
    );
}

#[test]
fn a_shape_error_inside_an_inline_clock_names_the_clock() {
    let src = acme("hours").replace(
        "anchor = \"aware\"\namount = 24\nunit = \"hours\"",
        "earliest_of = [\n  { anchor = \"aware\", amount = 24, unit = \"hours\" },\n  { anchor = \"detected\", amount = \"two\", unit = \"hours\" },\n]",
    );
    let got = errors("acme.toml", &src);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with(
            "acme.toml:15: stages[0].earliest_of[1].amount: invalid type: string \"two\""
        ),
        "{got:?}"
    );
}
