//! Times the phases of reading a metadata tree: `cargo run --release --example load_timing DIR`.

#![allow(
    clippy::unwrap_used,
    clippy::disallowed_macros,
    reason = "a developer tool"
)]

fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let t = std::time::Instant::now();
    let n = 20;
    for _ in 0..n {
        let _ = ajar_adapters::metadata::load(std::path::Path::new(&dir)).unwrap();
    }
    println!("load: {:?} per run", t.elapsed() / n);
}
