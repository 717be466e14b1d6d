//! Reading browser `File`s into core [`Input`]s.

use certlens_core::{Input, Limits};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Read one file's bytes. Oversized files are not read at all: their name is kept with a note,
/// so the user sees why nothing came of them.
pub async fn read_file(file: &web_sys::File) -> Result<Input, String> {
    let name = file.name();
    let limit = Limits::default().max_total_bytes;
    let size = file.size();
    if size > limit as f64 {
        return Err(format!(
            "{name}: {:.0} MB is more than the {} MB this page reads at once",
            size / 1_048_576.0,
            limit / 1_048_576
        ));
    }
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| {
        format!(
            "{name}: the browser could not read the file ({})",
            describe(&e)
        )
    })?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(Input::new(name, bytes))
}

/// Take the files out of a `FileList` at once: the list is live, and clearing a file picker (or
/// the end of a drop event) empties it before an async read would get to them.
pub fn collect(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// Read files (from a drop or the picker), keeping their order.
pub async fn read_files(files: Vec<web_sys::File>) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match read_file(&file).await {
            Ok(input) => inputs.push(input),
            Err(e) => errors.push(e),
        }
    }
    (inputs, errors)
}

fn describe(e: &wasm_bindgen::JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}
