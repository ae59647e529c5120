use super::*;

const TEXT: &str = "# header\nid: a\nlocation: {line: 8, start: x}\ntags: [a, 'b, c', d]\nevidence:\n  - url: https://a.org\n    title: A\n  - url: https://b.org\n    title: B\nhistory:\n- at: 2023\n  by: x\nreviews:\n  -\n    by: y\n";

fn at(path: FieldPath, target: Target) -> (u32, u32) {
    let p = crate::diag::Place::at(TEXT, locate(TEXT, &path, target));
    (p.line, p.column)
}

#[test]
fn finds_nested_fields() {
    let p = FieldPath::top("evidence").index(1).key("url");
    assert_eq!(p.to_string(), "evidence[1].url");
    assert_eq!(at(p.clone(), Target::Value), (8, 10));
    assert_eq!(at(p, Target::Key), (8, 5));
    assert_eq!(
        at(
            FieldPath::top("evidence").index(0).key("title"),
            Target::Value
        ),
        (7, 12)
    );
    assert_eq!(
        at(FieldPath::top("history").index(0).key("by"), Target::Value),
        (12, 7)
    );
    assert_eq!(
        at(FieldPath::top("reviews").index(0).key("by"), Target::Value),
        (15, 9)
    );
    assert_eq!(at(FieldPath::top("id"), Target::Value), (2, 5));
}

#[test]
fn finds_flow_items() {
    assert_eq!(
        at(FieldPath::top("location").key("start"), Target::Value),
        (3, 28)
    );
    assert_eq!(at(FieldPath::top("tags").index(2), Target::Value), (4, 19));
}

/// A record of `n` problems of one shape, and their paths.
type Shape = dyn Fn(usize) -> (String, Vec<FieldPath>);

/// Lookups of `n` fields of one shape, and the work they took.
fn work_for(n: usize, shape: &Shape) -> usize {
    let (text, paths) = shape(n);
    let loc = Locator::new(&text);
    for p in &paths {
        loc.place(p, Target::Value);
    }
    loc.work()
}

#[test]
fn lookups_take_work_in_proportion_to_their_number() {
    let keys = |n: usize| {
        let text: String = (0..n).map(|i| format!("key{i}: v\n")).collect();
        let paths = (0..n).map(|i| FieldPath::top(&format!("key{i}"))).collect();
        (text, paths)
    };
    let items = |n: usize| {
        let mut text = String::from("evidence:\n");
        for i in 0..n {
            text.push_str(&format!("  - url: ftp://x/{i}\n    title: T\n"));
        }
        let paths = (0..n)
            .map(|i| FieldPath::top("evidence").index(i).key("url"))
            .collect();
        (text, paths)
    };
    let flow = |n: usize| {
        let text = format!("tags: [{}]\n", vec!["1"; n].join(", "));
        let paths = (0..n).map(|i| FieldPath::top("tags").index(i)).collect();
        (text, paths)
    };
    let mappings = |n: usize| {
        let inner: Vec<String> = (0..n).map(|i| format!("k{i}: {i}")).collect();
        let text = format!("location: {{{}}}\n", inner.join(", "));
        let paths = (0..n)
            .map(|i| FieldPath::top("location").key(&format!("k{i}")))
            .collect();
        (text, paths)
    };
    let shapes: [(&str, &Shape); 4] = [
        ("keys", &keys),
        ("items", &items),
        ("flow", &flow),
        ("mappings", &mappings),
    ];
    for (name, shape) in shapes {
        let (small, large) = (work_for(1000, shape), work_for(10_000, shape));
        // Quadratic lookups would take a hundred times the work.
        assert!(large <= 12 * small, "{name}: {small} then {large}");
        assert!(large <= 10_000 * 200, "{name}: {large} for 10,000 lookups");
    }
}

#[test]
fn stops_at_the_deepest_part_found() {
    assert_eq!(
        at(
            FieldPath::top("evidence").index(5).key("url"),
            Target::Value
        ),
        (5, 1)
    );
    assert_eq!(at(FieldPath::top("nope"), Target::Value), (2, 1));
}
