//! The SARIF output validates against the official SARIF 2.1.0 JSON schema
//! (copied from ../shared/schemas into tests/fixtures).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;

fn sarif(args: &[&str]) -> serde_json::Value {
    let out = Command::cargo_bin("credence")
        .expect("binary built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .expect("credence runs");
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_output_validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/sarif-schema-2.1.0.json"))
            .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for args in [
        &["examples/embassy-republished.txt"][..],
        &["tests/fixtures/mixed"][..],
        &["tests/fixtures/articles", "no-such-file.txt"][..],
    ] {
        let report = sarif(args);
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {}", errors.join("\n"));
        let run = &report["runs"][0];
        assert!(
            run["tool"]["driver"]["rules"]
                .as_array()
                .is_some_and(|r| r.len() >= 30)
        );
        for result in run["results"].as_array().unwrap() {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(
                run["tool"]["driver"]["rules"][index]["id"],
                result["ruleId"]
            );
        }
    }
}

#[test]
fn a_document_that_does_not_match_the_schema_is_rejected() {
    // The validator itself must be able to fail.
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut report = sarif(&["examples/embassy-republished.txt"]);
    report["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&report));
}
