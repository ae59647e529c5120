//! Line numbers in the margin, as court reporters and deposition
//! transcripts print them (` 4   BY MR. SMITH:`, ` 5       Q.   Where…`,
//! a page number alone above each page): not speech. Read with them, no
//! label at a line's start would be seen and every turn would carry its
//! numbers, so the prose reader reads the lines without them.

/// A line's margin number and the text after it (` 12   Q.  Yes?` →
/// `(12, "Q.  Yes?")`); a numbered line with nothing after it has empty text.
fn numbered(line: &str) -> Option<(u32, &str)> {
    let t = line.trim_start_matches('\u{feff}').trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = &t[digits..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some((t[..digits].parse().ok()?, rest.trim()))
}

/// Whether the file numbers its lines in the margin: at least five
/// numbered lines, four in five of its non-blank lines numbered, and
/// nearly every number one more than the one before or a new page's 1
/// (a list or a table of figures does not count on like that).
fn has_margin_numbers(lines: &[&str]) -> bool {
    let text: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let numbers: Vec<u32> = text
        .iter()
        .filter_map(|l| numbered(l))
        .map(|n| n.0)
        .collect();
    let counting = numbers
        .windows(2)
        .filter(|w| w[1] == w[0] + 1 || w[1] == 1)
        .count();
    numbers.len() >= 5
        && 5 * numbers.len() >= 4 * text.len()
        && 10 * counting >= 9 * (numbers.len() - 1)
}

/// The lines of a file without their margin numbers, when the file has
/// them (a page number alone on its line becomes blank); otherwise as they are.
pub fn without_margin_numbers(lines: Vec<&str>) -> Vec<&str> {
    if !has_margin_numbers(&lines) {
        return lines;
    }
    lines
        .into_iter()
        .map(|l| match numbered(l) {
            Some((_, rest)) => rest,
            // A page number (`45`, wider than a line number) or a header.
            None if l.trim().bytes().all(|b| b.is_ascii_digit()) => "",
            None => l,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn court_line_numbers_are_read_past() {
        let text = "                 45\n 1   Q.  And you were the manager?\n 2   A.  Yes, from 2015.\n 3\n 4             THE COURT:  Sustained.\n 5   BY MR. PARK:\n 6   Q.  Did anyone else have it?\n";
        let got = without_margin_numbers(text.lines().collect());
        assert_eq!(
            got,
            vec![
                "",
                "Q.  And you were the manager?",
                "A.  Yes, from 2015.",
                "",
                "THE COURT:  Sustained.",
                "BY MR. PARK:",
                "Q.  Did anyone else have it?"
            ]
        );
        // A numbered list, or figures starting lines, keep their numbers.
        for text in [
            "Our plan:\n1 We cut taxes.\n2 We hire teachers.\n3 We fix roads.\n4 We build homes.\n5 We plant trees.\n\nHOST: Thanks.\nGUEST: Sure.\nHOST: More?\n",
            "12 people came.\n40 left early.\n7 stayed.\n19 wrote in.\n3 called.\n",
        ] {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(without_margin_numbers(lines.clone()), lines, "{text}");
        }
    }
}
