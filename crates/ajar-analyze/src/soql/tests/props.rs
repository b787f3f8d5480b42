use super::*;
use proptest::prelude::*;

fn small() -> Table {
    table(
        "Account",
        "001",
        "Name|Amount|Flag|Day|Tags|ParentId",
        &[
            "Acme|10|true|2025-08-12|a;b|001000000000002",
            "globex|-1.5|false|2024-02-29|b|",
            "|||||",
            "Init%_\\|1e3|1|2025-08-11|c;a|001000000000009",
        ],
    )
}

/// Query text built from pieces of the language, so that most inputs parse and evaluation is
/// exercised, not only the parser's refusals.
fn query() -> impl Strategy<Value = String> {
    let field = prop::sample::select(vec![
        "Name",
        "Amount",
        "Flag",
        "Day",
        "Tags",
        "Id",
        "ParentId",
        "Parent.Name",
        "Missing",
        "CreatedDate",
    ]);
    let op = prop::sample::select(vec![
        "=", "!=", "<>", "<", "<=", ">", ">=", "LIKE", "IN", "NOT IN", "INCLUDES", "EXCLUDES",
    ]);
    let value = prop::sample::select(vec![
        "'acme'",
        "'%a_'",
        "10",
        "-1.5",
        "true",
        "null",
        "2025-08-12",
        "2025-08-12T00:00:00Z",
        "TODAY",
        "LAST_N_DAYS:3",
        "THIS_WEEK",
        "N_YEARS_AGO:4000",
        "('a', 'b;c')",
        "(1, 2)",
        "'\\%'",
    ]);
    let cmp = (field.clone(), op, value).prop_map(|(f, o, v)| format!("{f} {o} {v}"));
    let cond = cmp.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} AND {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} OR {b})")),
            inner.prop_map(|a| format!("NOT {a}")),
        ]
    });
    let order = prop::option::of((field, any::<bool>(), any::<bool>()));
    (
        prop::option::of(cond),
        order,
        prop::option::of(0u64..6),
        prop::option::of(0u64..6),
        any::<bool>(),
    )
        .prop_map(|(cond, order, limit, offset, count)| {
            let mut q = String::from(if count {
                "SELECT COUNT() FROM Account"
            } else {
                "SELECT Id, Name FROM Account"
            });
            if let Some(c) = cond {
                q += &format!(" WHERE {c}");
            }
            if let Some((f, desc, last)) = order {
                q += &format!(
                    " ORDER BY {f} {} NULLS {}",
                    if desc { "DESC" } else { "ASC" },
                    if last { "LAST" } else { "FIRST" }
                );
            }
            if let Some(l) = limit {
                q += &format!(" LIMIT {l}");
            }
            if let Some(o) = offset {
                q += &format!(" OFFSET {o}");
            }
            q
        })
}

proptest! {
    #[test]
    fn arbitrary_text_is_parsed_or_refused_never_a_panic(s in "\\PC{0,200}") {
        let _ = parse(&s);
    }

    #[test]
    fn generated_queries_evaluate_or_are_refused_never_a_panic(q in query()) {
        let t = small();
        let ctx = Context { lookups: Lookups::new([&t]), ..Context::new(at()) };
        if let Ok(parsed) = parse(&q)
            && let Ok(sel) = evaluate(&parsed, &t, &ctx)
        {
            // What the selection says must add up.
            prop_assert!(sel.ids.len() as u64 <= sel.count);
            prop_assert!(sel.count <= t.rows.len() as u64);
            prop_assert!(sel.is_exact() || sel.candidates.len() as u64 >= sel.count - sel.ids.len() as u64);
        }
    }
}
