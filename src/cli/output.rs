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
}

impl Out {
    pub fn new(choice: ColorChoice) -> Out {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stdout().is_terminal(),
        };
        Out {
            buf: String::new(),
            color,
        }
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
        if !self.color {
            return s.to_string();
        }
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

    /// Writes what is buffered; a closed pipe ends the process quietly.
    pub fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let mut stdout = std::io::stdout().lock();
        let r = stdout
            .write_all(self.buf.as_bytes())
            .and_then(|_| stdout.flush());
        self.buf.clear();
        if let Err(e) = r {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }
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
