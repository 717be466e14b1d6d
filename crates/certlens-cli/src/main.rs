//! `certlens`: the command-line face of certlens-core. It reads files and prints; all logic is
//! in the core.

use std::io::Read;
use std::process::ExitCode;

use certlens_core::{read_all, Input, Limits};

const USAGE: &str = "usage: certlens blocks FILE...   (- reads standard input)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("blocks") if args.len() > 1 => blocks(&args[1..]),
        Some("-h") | Some("--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn read_input(path: &str) -> Result<Input, String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("standard input: {e}"))?;
        return Ok(Input::new("standard input", buf));
    }
    std::fs::read(path).map(|b| Input::new(path, b)).map_err(|e| format!("{path}: {e}"))
}

fn blocks(paths: &[String]) -> ExitCode {
    let mut inputs = Vec::new();
    for p in paths {
        match read_input(p) {
            Ok(i) => inputs.push(i),
            Err(e) => {
                eprintln!("certlens: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let read = read_all(&inputs, &Limits::default());
    for b in &read.blocks {
        println!("{}: {} bytes", b.locator(), b.der.len());
    }
    for e in &read.errors {
        println!("error: {e}");
    }
    if read.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
