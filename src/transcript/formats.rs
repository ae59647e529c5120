//! Cue times: reading `[HH:]MM:SS.mmm` (the subtitle form) and a table
//! export's looser clock (`1:23`, `83.5` seconds), and writing them back as
//! `HH:MM:SS.mmm` for claim locations.

/// Parses `[HH:]MM:SS(.|,)mmm` into milliseconds.
pub fn parse_time(s: &str) -> Option<u64> {
    let s = s.trim();
    let (hms, ms) = s.split_once(['.', ','])?;
    if ms.len() != 3 || !ms.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = hms.split(':').collect();
    if parts.len() < 2
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let nums: Vec<u64> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (h, m, sec) = match nums.as_slice() {
        [m, s] => (0, *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    if m >= 60 || sec >= 60 {
        return None;
    }
    Some(((h * 60 + m) * 60 + sec) * 1000 + ms.parse::<u64>().ok()?)
}

/// Formats milliseconds as `HH:MM:SS.mmm`.
pub fn format_time(ms: u64) -> String {
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    format!("{h:02}:{m:02}:{:02}.{:03}", rest / 1000, rest % 1000)
}

/// A table export's time: `[H:]MM:SS[.mmm]`, `M:SS`, or seconds (`83.5`).
pub fn parse_loose_time(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Some(ms) = parse_time(s) {
        return Some(ms);
    }
    if !s.contains(':') {
        let secs: f64 = s.replace(',', ".").parse().ok()?;
        return (secs.is_finite() && (0.0..1e9).contains(&secs))
            .then(|| (secs * 1000.0).round() as u64);
    }
    let (clock, frac) = match s.split_once(['.', ',']) {
        Some((c, f)) if !f.is_empty() && f.len() <= 3 && f.bytes().all(|b| b.is_ascii_digit()) => {
            (c, format!("{f:0<3}"))
        }
        Some(_) => return None,
        None => (s, "000".to_string()),
    };
    parse_time(&format!("{clock}.{frac}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("00:01:02.500"), Some(62_500));
        assert_eq!(parse_time("01:02,003"), Some(62_003));
        assert_eq!(parse_time("1:61:00.000"), None);
        assert_eq!(format_time(3_723_004), "01:02:03.004");
        assert_eq!(parse_loose_time("1:23"), Some(83_000));
        assert_eq!(parse_loose_time("83.5"), Some(83_500));
        assert_eq!(parse_loose_time("17"), Some(17_000));
        assert_eq!(parse_loose_time("1:02:03.4"), Some(3_723_400));
        assert_eq!(parse_loose_time("00:00:02,100"), Some(2_100));
        assert_eq!(parse_loose_time("soon"), None);
        assert_eq!(parse_loose_time("-3"), None);
    }
}
