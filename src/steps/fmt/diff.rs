//! The unified diff `fmt --check` prints: three lines of context, hunks
//! merged when they are close, control characters made visible. Hand code
//! rather than a diff crate: records are small, and a shortest edit script
//! by longest common subsequence is a few dozen lines.

/// A unified diff (3 lines of context) from `old` to `new`.
pub fn unified_diff(old: &str, new: &str, name: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = edit_script(&a, &b);
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    let changes: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| !matches!(o, Op::Same(..)))
        .map(|(i, _)| i)
        .collect();
    let mut i = 0;
    while i < changes.len() {
        let start = changes[i].saturating_sub(3);
        let mut end = changes[i];
        while i < changes.len() && changes[i] <= end + 6 {
            end = changes[i];
            i += 1;
        }
        let end = (end + 4).min(ops.len());
        let (mut la, mut lb) = (0, 0);
        for o in &ops[..start] {
            match o {
                Op::Same(..) => (la, lb) = (la + 1, lb + 1),
                Op::Del(_) => la += 1,
                Op::Add(_) => lb += 1,
            }
        }
        let hunk = &ops[start..end];
        let na = hunk.iter().filter(|o| !matches!(o, Op::Add(_))).count();
        let nb = hunk.iter().filter(|o| !matches!(o, Op::Del(_))).count();
        out.push_str(&format!("@@ -{},{na} +{},{nb} @@\n", la + 1, lb + 1));
        for o in hunk {
            let (sign, line) = match o {
                Op::Same(l) => (' ', *l),
                Op::Del(l) => ('-', *l),
                Op::Add(l) => ('+', *l),
            };
            out.push(sign);
            out.push_str(&crate::diag::visible(
                line.strip_suffix('\n').unwrap_or(line),
            ));
            out.push('\n');
        }
    }
    out
}

enum Op<'a> {
    Same(&'a str),
    Del(&'a str),
    Add(&'a str),
}

/// A shortest edit script by longest common subsequence (records are small).
fn edit_script<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Op<'a>> {
    let eq = |x: &str, y: &str| {
        x.trim_end_matches(['\n', '\r']) == y.trim_end_matches(['\n', '\r'])
            && x.ends_with('\n') == y.ends_with('\n')
            && x.ends_with("\r\n") == y.ends_with("\r\n")
    };
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if eq(a[i], b[j]) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && eq(a[i], b[j]) {
            out.push(Op::Same(a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(Op::Del(a[i]));
            i += 1;
        } else {
            out.push(Op::Add(b[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_changed_line_gets_three_lines_of_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = old.replace("e\n", "E\n");
        assert_eq!(
            unified_diff(old, &new, "claims/x.yaml"),
            "--- a/claims/x.yaml\n+++ b/claims/x.yaml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn a_line_ending_change_is_a_change_and_shown_visibly() {
        let d = unified_diff("a\r\nb\n", "a\nb\n", "f");
        assert!(d.contains("-a<U+000D>\n+a\n"), "{d:?}");
        assert_eq!(unified_diff("a\n", "a\n", "f"), "--- a/f\n+++ b/f\n");
    }
}
