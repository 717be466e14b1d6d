//! A small argument parser: flags with values, repeatable flags, and positional files, as
//! [`crate::flags::FLAGS`] defines them for each command. (clap would triple the CLI's build
//! time for a dozen options.)

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Args {
    pub values: HashMap<String, Vec<String>>,
    pub switches: Vec<String>,
    pub positional: Vec<String>,
}

impl Args {
    /// Parse `raw` as the arguments of `cmd` (`values`, `new csr`): the flags it accepts and
    /// whether each takes a value come from [`crate::flags::FLAGS`].
    pub fn parse(raw: &[String], cmd: &str) -> Result<Args, String> {
        let mut a = Args::default();
        let mut it = raw.iter();
        let mut only_files = false;
        while let Some(arg) = it.next() {
            if only_files || arg == "-" || !arg.starts_with('-') {
                a.positional.push(arg.clone());
                continue;
            }
            if arg == "--" {
                only_files = true;
                continue;
            }
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (arg.clone(), None),
            };
            let flag = crate::flags::find(cmd, &name);
            if flag.is_some_and(|f| f.value.is_some()) {
                let v = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| format!("{name} needs a value"))?,
                };
                a.values.entry(name).or_default().push(v);
            } else if flag.is_some() && inline.is_none() {
                a.switches.push(name);
            } else {
                return Err(format!("unknown option {arg}"));
            }
        }
        Ok(a)
    }

    pub fn one(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.values.get(name).cloned().unwrap_or_default()
    }

    pub fn has(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }
}
