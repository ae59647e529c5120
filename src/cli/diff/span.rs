//! How `diff` shows a changed text: hidden characters written out by name
//! (`⟨U+200B ZERO WIDTH SPACE⟩`, from `factdesk::diag::names`), and for a
//! long text the span that changed with a little context on each side,
//! instead of the text's start (which cut away a change near the end).

use factdesk::diag::names::named;

/// Texts up to this many characters are shown whole.
const WHOLE: usize = 100;
/// Characters of unchanged context kept on each side of a changed span.
const CONTEXT: usize = 24;

/// Both sides of a changed text, each with hidden characters named and,
/// when long, cut to the changed span (`…` marks what was left out).
pub fn changed_span(from: &str, to: &str) -> (String, String) {
    let (a, b): (Vec<char>, Vec<char>) = (from.chars().collect(), to.chars().collect());
    if a.len() <= WHOLE && b.len() <= WHOLE {
        return (named(from), named(to));
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let start = prefix.saturating_sub(CONTEXT);
    let cut = |s: &[char]| {
        let end = (s.len() - suffix + CONTEXT).min(s.len());
        let body: String = s[start..end].iter().collect();
        format!(
            "{}{}{}",
            if start > 0 { "…" } else { "" },
            named(&body),
            if end < s.len() { "…" } else { "" }
        )
    };
    (cut(&a), cut(&b))
}

/// One value of a field, named; `(none)` when absent.
pub fn value(v: Option<&str>) -> String {
    v.map_or_else(|| "(none)".to_string(), named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_at_the_end_of_a_long_quote_is_shown() {
        let base = "North Korea has sent Russia more than a million artillery shells since August, according to South Korean intelligence, which counted";
        let (a, b) = changed_span(
            &format!("{base} ten shipments."),
            &format!("{base} two shipments."),
        );
        assert!(a.starts_with('…') && a.contains("ten shipments."), "{a}");
        assert!(b.contains("two shipments."), "{b}");
        assert!(a.chars().count() < 80, "{a}");
    }

    #[test]
    fn an_invisible_difference_is_named() {
        let (a, b) = changed_span("Kim met Putin", "Kim\u{200B} met Putin");
        assert_eq!(a, "Kim met Putin");
        assert_eq!(b, "Kim⟨U+200B ZERO WIDTH SPACE⟩ met Putin");
        let long = "x".repeat(150);
        let (_, b) = changed_span(&format!("{long}a"), &format!("{long}\u{202E}a"));
        assert!(b.contains("RIGHT-TO-LEFT OVERRIDE"), "{b}");
    }
}
