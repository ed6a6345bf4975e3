use super::*;

#[test]
fn the_default_policy_is_valid() {
    let p = Policy::parse(DEFAULT_POLICY, "default").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.hash.len(), 64);
}
