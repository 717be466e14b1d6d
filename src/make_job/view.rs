//! What the Make panel shows after a run. Every value holding a key is wiped when dropped
//! and shows `<redacted>` in `Debug` (a log line, a panic message).

use serde::{Deserialize, Serialize};

/// One output block of the panel. A secret block's text is wiped when dropped and never
/// shown by `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeBlock {
    pub title: String,
    pub text: String,
    pub filename: String,
    /// Holds a private key: blurred until Show.
    pub secret: bool,
    pub note: Option<String>,
}

/// A certificate and key to download, named per service. The key is wiped when dropped and
/// never shown by `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadePair {
    /// `lightrun-frontend`.
    pub name: String,
    /// What it is for: "frontend, …", "CA".
    pub role: String,
    pub certificate_pem: String,
    pub key_pem: String,
}

/// What the panel shows after a run. Its PEM inputs (keys among them) are wiped when dropped,
/// and `Debug` shows none of its key material.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeView {
    /// One line saying what was made.
    pub summary: String,
    pub blocks: Vec<MadeBlock>,
    pub pairs: Vec<MadePair>,
    /// (input name, PEM) to add to the pool, so the other panels show them.
    pub pool: Vec<(String, String)>,
    pub warnings: Vec<String>,
    /// The private CA made (PEM): the page declares it trusted, since the user made it here.
    #[serde(default)]
    pub trusted_ca: Option<String>,
    /// What the result means for the pins (a same-key renewal: the pin stays, with the pin).
    #[serde(default)]
    pub pin_note: Option<String>,
    /// What else to know, one line each.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The deployable bundles of a private CA made with its main certificate, one per way of
    /// deploying it (the core's choices), each checked by the doctor. Empty otherwise.
    #[serde(default)]
    pub bundles: Vec<BundleView>,
}

/// One deployable bundle: its files, zip, commands, settings with their consequences and the
/// doctor's verdict. The zip and the files hold keys: wiped when dropped.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleView {
    /// How it deploys, for the choice list.
    pub label: String,
    pub files: Vec<MadeBlock>,
    pub zip_name: String,
    pub zip: Vec<u8>,
    pub commands: Vec<String>,
    /// (values path, chosen, consequence).
    pub choices: Vec<(String, String, String)>,
    pub pins: Vec<String>,
    pub verdict: String,
    pub passes: bool,
    pub doctor: certlens_core::DoctorReport,
}

impl std::fmt::Debug for BundleView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BundleView")
            .field("label", &self.label)
            .field("files", &self.files)
            .field("zip", &REDACTED)
            .field("verdict", &self.verdict)
            .finish()
    }
}

impl Drop for BundleView {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.zip);
    }
}

const REDACTED: &str = "<redacted>";

impl std::fmt::Debug for MadeBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MadeBlock")
            .field("title", &self.title)
            .field("text", if self.secret { &REDACTED } else { &self.text })
            .field("filename", &self.filename)
            .field("secret", &self.secret)
            .field("note", &self.note)
            .finish()
    }
}

impl Drop for MadeBlock {
    fn drop(&mut self) {
        if self.secret {
            zeroize::Zeroize::zeroize(&mut self.text);
        }
    }
}

impl std::fmt::Debug for MadePair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MadePair")
            .field("name", &self.name)
            .field("role", &self.role)
            .field("certificate_pem", &self.certificate_pem)
            .field("key_pem", &REDACTED)
            .finish()
    }
}

impl Drop for MadePair {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.key_pem);
    }
}

impl std::fmt::Debug for MadeView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The pool's inputs hold the keys too: only their names are shown.
        let pool: Vec<&str> = self.pool.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("MadeView")
            .field("summary", &self.summary)
            .field("blocks", &self.blocks)
            .field("pairs", &self.pairs)
            .field("pool", &pool)
            .field("warnings", &self.warnings)
            .field("trusted_ca", &self.trusted_ca)
            .finish()
    }
}

impl Drop for MadeView {
    fn drop(&mut self) {
        for (_, pem) in &mut self.pool {
            zeroize::Zeroize::zeroize(pem);
        }
    }
}
