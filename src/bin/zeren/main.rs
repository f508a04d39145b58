//! placeholder while the loader lands
fn main() {}
