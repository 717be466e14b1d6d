//! The bundle as one `.zip`, made here so that the page, the CLI and the JS module give the same
//! bytes. The `zip` crate writes it with stored entries (the files are a few kilobytes of text;
//! no compression feature, no clock: every entry is dated 1980-01-01, so the same bundle gives
//! the same zip).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::bundle::{BundleError, BundleFile};

fn zip_error(e: impl core::fmt::Display) -> BundleError {
    BundleError::Zip {
        reason: e.to_string(),
    }
}

/// The zip's file name: `lightrun-bundle-<release>-<namespace>.zip`.
pub fn zip_name(release: &str, namespace: &str) -> String {
    format!("lightrun-bundle-{release}-{namespace}.zip")
}

/// The files as one zip, in the order given. Files holding keys are readable by their owner
/// only (mode 0600) when unpacked with `unzip`.
pub fn bundle_zip(files: &[BundleFile]) -> Result<Vec<u8>, BundleError> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for f in files {
        let opts = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(if f.secret { 0o600 } else { 0o644 });
        w.start_file(f.name.as_str(), opts).map_err(zip_error)?;
        w.write_all(f.text.as_bytes()).map_err(zip_error)?;
    }
    let out = w.finish().map_err(zip_error)?;
    Ok(out.into_inner())
}
