//! Apex parser throughput on a large generated class and on hostile shapes (nesting, many
//! calls, many fields). Run by `bench/apex.sh`; prints one line per case.

use std::io::Write;
use std::time::Instant;

fn big_class() -> String {
    let mut src = String::from("public with sharing class Big {\n");
    for i in 0..4000 {
        src.push_str(&format!(
            "  // method {i} mentions without sharing\n  @AuraEnabled(cacheable=true)\n  \
             public static List<Account> m{i}(String p) {{\n    String s = 'x[{i}] // y';\n    \
             List<Account> a = [SELECT Id, Name, Owner.Name, (SELECT Email FROM Contacts) FROM Account \
             WHERE Name = :p WITH USER_MODE];\n    Helper.run(a);\n    \
             return Database.query('SELECT Id FROM ' + p);\n  }}\n  \
             public class In{i} {{ void q() {{ Integer n = [SELECT COUNT() FROM Lead]; }} }}\n"
        ));
    }
    src.push_str("}\n");
    src
}

fn main() -> std::io::Result<()> {
    let cases = [
        ("4000 methods + 4000 inner classes", big_class()),
        (
            "20000 nested classes",
            format!("{}{}", "class A { ".repeat(20_000), "}".repeat(20_000)),
        ),
        (
            "100000 nested parens",
            format!(
                "class A {{ void m() {{ x = {}1{}; }} }}",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ),
        (
            "50000 distinct calls",
            format!(
                "class A {{ void m() {{ {} }} }}",
                (0..50_000)
                    .map(|i| format!("a{i}.b{i}();"))
                    .collect::<String>()
            ),
        ),
        (
            "50000 field initializers",
            format!(
                "class A {{ {} }}",
                (0..50_000)
                    .map(|i| format!("X f{i} = g{i}();"))
                    .collect::<String>()
            ),
        ),
        (
            "50000 nested calls",
            format!(
                "class A {{ void m(String p) {{ x = {}p{}; }} }}",
                "a(".repeat(50_000),
                ")".repeat(50_000)
            ),
        ),
        (
            "50000 chained assignments",
            format!(
                "class A {{ void m(String p) {{ {}p; }} }}",
                "a = ".repeat(50_000)
            ),
        ),
        (
            "30000 nested blocks",
            format!(
                "class A {{ void m() {}{} }}",
                "{ if (x) ".repeat(30_000),
                "}".repeat(30_000)
            ),
        ),
    ];
    let mut out = std::io::stdout().lock();
    for (label, src) in cases {
        let start = Instant::now();
        let result = ajar_adapters::metadata::apex::parse_class("Bench.cls", &src);
        let elapsed = start.elapsed();
        let mb_s = src.len() as f64 / elapsed.as_secs_f64() / 1e6;
        writeln!(
            out,
            "{label}: {} bytes, {} in {elapsed:?} ({mb_s:.1} MB/s)",
            src.len(),
            if result.is_ok() { "ok" } else { "error" }
        )?;
    }
    Ok(())
}
