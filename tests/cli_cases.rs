//! CLI behaviour as data: every case in tests/cmd is run against the built binary.
#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
