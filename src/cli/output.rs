//! Writing to the terminal: buffered stdout that exits quietly on a closed
//! pipe, colours that honour --color and NO_COLOR, and text wrapping.

use std::io::{IsTerminal, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy)]
pub enum Style {
    Error,
    Hint,
    Bold,
    Dim,
    Quote,
    Good,
    Bad,
    Warn,
    /// A matched word in a search result.
    Mark,
}

pub struct Out {
    buf: String,
    color: bool,
    /// Whether messages on stderr are coloured (decided for stderr itself).
    color_err: bool,
    /// The first failed write of stdout (other than a closed pipe): the
    /// command then exits 2 with one line saying so.
    failed: Option<std::io::Error>,
}

impl Out {
    pub fn new(choice: ColorChoice) -> Out {
        Out {
            buf: String::new(),
            color: colour(choice, std::io::stdout().is_terminal()),
            color_err: colour(choice, std::io::stderr().is_terminal()),
            failed: None,
        }
    }

    /// `s` painted for stderr (plain when stderr gets no colour).
    pub fn paint_err(&self, s: &str, style: Style) -> String {
        match self.color_err {
            true => paint(s, style),
            false => s.to_string(),
        }
    }

    /// Writes a message for people to stderr: desk content escaped, the
    /// colours of [`Out::paint_err`] kept.
    pub fn message(&self, s: &str) {
        write_stderr_raw(&super::escape::for_terminal(s, self.color_err));
    }

    /// Appends a line for people: desk content in it is escaped
    /// (`escape::for_terminal`), factdesk's own colours kept.
    pub fn line(&mut self, s: impl AsRef<str>) {
        let text = super::escape::for_terminal(s.as_ref(), self.color);
        self.buf.push_str(&text);
        self.push_end();
    }

    /// Appends machine output (JSON) as it is: its serializer escapes it, and
    /// changing its bytes would change the data.
    pub fn data(&mut self, s: impl AsRef<str>) {
        self.buf.push_str(s.as_ref());
        self.push_end();
    }

    fn push_end(&mut self) {
        self.buf.push('\n');
        if self.buf.len() > 64 * 1024 {
            self.flush();
        }
    }

    pub fn paint(&self, s: &str, style: Style) -> String {
        match self.color {
            true => paint(s, style),
            false => s.to_string(),
        }
    }

    /// `text` with the byte ranges `marks` highlighted: painted on a
    /// terminal, between `**` in plain output.
    pub fn marked(&self, text: &str, marks: &[[usize; 2]]) -> String {
        let mut out = String::with_capacity(text.len() + marks.len() * 8);
        let mut at = 0;
        for m in marks {
            let (Some(before), Some(word)) = (text.get(at..m[0]), text.get(m[0]..m[1])) else {
                continue;
            };
            out.push_str(before);
            if self.color {
                out.push_str(&self.paint(word, Style::Mark));
            } else {
                out.push_str(&format!("**{word}**"));
            }
            at = m[1];
        }
        out.push_str(text.get(at..).unwrap_or_default());
        out
    }

    /// Writes what is buffered; a closed pipe ends the process quietly. Any
    /// other failure (a full device) is kept for [`Out::finish`], and nothing
    /// more is written.
    pub fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        if self.failed.is_some() {
            self.buf.clear();
            return;
        }
        let mut stdout = std::io::stdout().lock();
        let r = stdout
            .write_all(self.buf.as_bytes())
            .and_then(|_| stdout.flush());
        self.buf.clear();
        if let Err(e) = r {
            quiet_on_closed_pipe(&e);
            self.failed = Some(e);
        }
    }

    /// Flushes the output; the error of a write that failed, if one did.
    pub fn finish(&mut self) -> Option<std::io::Error> {
        self.flush();
        self.failed.take()
    }
}

/// The one owner of the colour decision, for a stream that is a terminal
/// or not: `--color always|never` as given; `auto` colours a terminal unless
/// `NO_COLOR` is set (non-empty), `CLICOLOR=0` or `TERM=dumb`, and colours
/// any stream when `CLICOLOR_FORCE` is set (not `0`) and `NO_COLOR` is not,
/// as clap's own help does (the `CLICOLOR` convention).
pub fn colour(choice: ColorChoice, is_terminal: bool) -> bool {
    let set = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto if set("CLICOLOR").is_some_and(|v| v == "0") => false,
        ColorChoice::Auto if set("TERM").is_some_and(|t| t == "dumb") => false,
        ColorChoice::Auto => is_terminal,
    }
}

/// `--color WHEN` as the command line gives it, read before clap parses it
/// (clap prints help and usage errors while parsing).
pub fn choice_in_args(args: impl IntoIterator<Item = std::ffi::OsString>) -> ColorChoice {
    let mut choice = ColorChoice::Auto;
    let mut value_next = false;
    for a in args {
        let a = a.to_string_lossy().into_owned();
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--color=") {
            Some(v) => Some(v.to_string()),
            None if value_next => Some(a.clone()),
            None => None,
        };
        value_next = a == "--color";
        if let Some(v) = value {
            choice = <ColorChoice as clap::ValueEnum>::from_str(&v, true).unwrap_or(choice);
        }
    }
    choice
}

fn paint(s: &str, style: Style) -> String {
    let code = match style {
        Style::Error => "1;31",
        Style::Hint => "1;36",
        Style::Bold => "1",
        Style::Dim => "2",
        Style::Quote => "1;33",
        Style::Good => "32",
        Style::Bad => "31",
        Style::Warn => "33",
        Style::Mark => "1;4;33",
    };
    format!("\x1b[{code}m{s}\x1b[0m")
}

/// A closed pipe (`factdesk list | head -1`) ends the process quietly.
pub fn quiet_on_closed_pipe(e: &std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
}

/// The one line for output that could not be written (e.g. `> /dev/full`).
pub fn write_failed(e: &std::io::Error) -> String {
    format!("error: cannot write the output: {e}\n")
}

/// Writes a message for people to stderr, desk content in it escaped.
pub fn write_stderr(s: &str) {
    write_stderr_raw(&super::escape::for_terminal(s, false));
}

/// Writes factdesk's own terminal control (the progress line) to stderr.
pub fn write_stderr_raw(s: &str) {
    let _ = std::io::stderr().write_all(s.as_bytes());
}

/// The terminal's width, or 100 when not known.
pub fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

/// Wraps `text` to `width` columns, each line starting with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    let max = width.max(indent.len() + 20);
    for word in text.split_whitespace() {
        if line.len() > indent.len() && line.chars().count() + 1 + word.chars().count() > max {
            out.push_str(&line);
            out.push('\n');
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if line.len() > indent.len() {
        out.push_str(&line);
    }
    out
}

/// Cuts `s` to `n` characters, marking the cut with '…'.
pub fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
    t.push('…');
    t
}
