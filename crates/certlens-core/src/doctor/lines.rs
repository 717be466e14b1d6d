//! The line of a setting in a block-style YAML file ("here is the line"). The YAML parser
//! keeps no positions, so the path is followed through the text by indentation: each key is
//! looked for among the lines indented deeper than its parent, until the parent's block ends.

/// 1-based line of the last key of `path` (`["certificate", "tls", "crt"]`), if found.
pub(crate) fn line_of(text: &str, path: &[&str]) -> Option<usize> {
    let mut want = path.iter();
    let mut key = want.next()?;
    // Indentation of the parent key found so far (None: top level).
    let mut parent: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if let Some(p) = parent {
            if indent <= p {
                return None; // left the parent's block without finding the key
            }
        } else if indent > 0 {
            // Top-level keys are at column 0 in a values file.
            continue;
        }
        let is_key = body
            .strip_prefix(*key)
            .map(|r| r.trim_start_matches(['"', '\'']))
            .is_some_and(|r| r.starts_with(':'))
            || body
                .strip_prefix('"')
                .and_then(|b| b.strip_prefix(*key))
                .is_some_and(|r| r.starts_with("\":"));
        if is_key {
            match want.next() {
                Some(next) => {
                    parent = Some(indent);
                    key = next;
                }
                None => return Some(n + 1),
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_path() {
        let t = "general:\n  tls: x\ncertificate:\n  # c\n  existing_cert: \"\"\n  tls:\n    key: k\n    crt: c\nsecrets:\n  crt: no\n";
        assert_eq!(line_of(t, &["certificate", "tls", "crt"]), Some(8));
        assert_eq!(line_of(t, &["certificate", "existing_cert"]), Some(5));
        assert_eq!(line_of(t, &["general", "tls"]), Some(2));
        assert_eq!(line_of(t, &["general", "crt"]), None);
    }
}
