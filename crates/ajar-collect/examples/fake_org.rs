//! Serves a synth org as a fake Salesforce org on 127.0.0.1 until stdin closes (for
//! `bench/collect.sh`). Usage: `fake_org ORG_DIR TOKEN`; prints the URL on stdout.

use ajar_collect::fake::{Config, FakeOrg};
use std::io::{Read, Write};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(org), Some(token)) = (args.get(1), args.get(2)) else {
        let _ = writeln!(std::io::stderr(), "usage: fake_org ORG_DIR TOKEN");
        return std::process::ExitCode::from(2);
    };
    let cfg = Config {
        token: token.clone(),
        ..Config::default()
    };
    let fake = match FakeOrg::start(std::path::Path::new(org), cfg) {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{org}: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{}", fake.url);
    let _ = out.flush();
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    drop(fake);
    std::process::ExitCode::SUCCESS
}
