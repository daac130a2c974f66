//! The command-line edge: parse, dispatch to [`leverage::cli`], print an error once.
//!
//! A closed pipe (`leverage list | head -1`) ends quietly, as ripgrep's does: the reader has
//! all it wanted.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use leverage::cli::{self, Cli};
use leverage::text::safe_display;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = cli::run(cli, &mut out);
    let result = result.and_then(|code| out.flush().map(|()| code).map_err(Into::into));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // safe_display keeps a file name's escapes from acting.
            let _ = writeln!(io::stderr(), "leverage: {}", safe_display(message(&e)));
            ExitCode::FAILURE
        }
    }
}

/// The error and each cause, once each: a cause whose words the message already holds (an
/// OS reason a wrapper quoted) is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Whether the error is stdout closing under us (the reader went away).
fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
