//! The options objects (serde DTOs, read with serde-wasm-bindgen). Option names are camelCase,
//! as JavaScript writes them; unknown names are refused (a snake_case `include_root` would
//! otherwise be silently ignored). Results keep the JSON contract's snake_case field names.

use certlens_core::timefmt;
use certlens_core::TargetFormat;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use zeroize::Zeroizing;

use crate::error::{argument, Failure};

/// One string or a list of strings (`expectedPins`, `oldPins`).
#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// `inspect` options.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InspectOptions {
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub names: Option<Vec<String>>,
    pub services: Option<Vec<String>>,
    pub namespace: Option<String>,
    pub expected_pins: Option<OneOrMany>,
    pub verify_signatures: Option<bool>,
    pub check_self_signatures: Option<bool>,
    pub warn_days: Option<i64>,
    /// Roots declared trusted: each string PEM text with one or more certificates.
    pub trust_anchors: Option<Vec<String>>,
    /// `"full"` (the default) or `"summary"`: how much of each certificate `inspect` returns
    /// (the core's `CertificateDetail`; verdicts do not change).
    pub certificates: Option<String>,
}

/// `certificates` → the core's detail; an unknown value is refused with the core's message.
pub fn certificate_detail(v: Option<&str>) -> Result<certlens_core::CertificateDetail, Failure> {
    match v {
        None => Ok(certlens_core::CertificateDetail::Full),
        Some(s) => s
            .parse()
            .map_err(|e: certlens_core::UnknownCertificateDetail| {
                argument(format!("certificates: {e}"))
            }),
    }
}

/// The certificates of each `trustAnchors` string, as DER (the core reads them, so a bundle
/// works). A string with no certificate is an error naming its index: a root silently
/// dropped would turn "declared" into "not trusted" without a word.
pub fn trust_anchors(texts: &[String], now: i64) -> Result<Vec<Vec<u8>>, Failure> {
    let mut out = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let input = certlens_core::Input::new(format!("trustAnchors[{i}]"), t.as_bytes().to_vec());
        let report = certlens_core::inspect(&[input], &certlens_core::Options::at(now));
        if report.certificates.is_empty() {
            return Err(argument(format!(
                "trustAnchors[{i}]: no certificate in this text (give PEM text with BEGIN CERTIFICATE blocks)"
            )));
        }
        out.extend(report.certificates.into_iter().map(|c| c.der));
    }
    Ok(out)
}

/// `oldSidePins` options: only what reading needs.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReadOptions {
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TlsValuesOptions {
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub chain: Option<usize>,
    pub include_root: Option<bool>,
    pub key_format: Option<String>,
    pub old_pins: Option<OneOrMany>,
    pub allow_incomplete_chain: Option<bool>,
    pub release: Option<String>,
    /// `secrets.defaults.keystore_password`: `tls.key` is written encrypted with it.
    pub keystore_password: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TlsSecretOptions {
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub chain: Option<usize>,
    pub include_root: Option<bool>,
    pub include_ca: Option<bool>,
    pub key_format: Option<String>,
    pub allow_incomplete_chain: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InternalTlsOptions {
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub release: Option<String>,
    pub namespace: Option<String>,
    pub services: Option<Vec<String>>,
    /// `{ artifacts: "my-artifacts-tls" }`: keys whose Secret the user already has.
    pub existing_secrets: Option<std::collections::BTreeMap<String, String>>,
    pub ca_secret_name: Option<String>,
    pub include_root: Option<bool>,
    pub allow_incomplete_chain: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PinsOptions {
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub base64: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConvertKeyOptions {
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub to: Option<String>,
    pub key: Option<usize>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChainPemOptions {
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub chain: Option<usize>,
    pub include_root: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomCaOptions {
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub release: Option<String>,
    pub namespace: Option<String>,
    pub secret_name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgentsOptions {
    pub password: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub now: JsValue,
    pub server_host: Option<String>,
    pub agents: Option<Vec<String>>,
    pub namespace: Option<String>,
    pub lightrun_key: Option<String>,
    pub chain: Option<usize>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EncryptionKeyOptions {
    pub secret_name: Option<String>,
    pub namespace: Option<String>,
    pub key: Option<String>,
}

/// The option names (camelCase) that `T` reads: serde passes them to `deserialize_struct`.
/// serde-wasm-bindgen looks up only these names on the object, so `deny_unknown_fields`
/// alone would never see an unknown one: [`read`] compares the object's keys with this list.
pub fn field_names<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    use serde::de::{self, Error as _, Visitor};
    struct Probe<'a>(&'a std::cell::Cell<&'static [&'static str]>);
    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(Self::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(fields);
            Err(Self::Error::custom("probed"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let cell = std::cell::Cell::new(&[][..]);
    let _ = T::deserialize(Probe(&cell));
    cell.get()
}

/// `include_root` → `includeRoot`.
fn camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in s.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Read an options argument: `undefined` or `null` give the defaults; unknown option names
/// are refused with the list of known ones.
pub fn read<T: for<'de> Deserialize<'de> + Default>(v: Option<JsValue>) -> Result<T, Failure> {
    let v = match v {
        None => return Ok(T::default()),
        Some(v) if v.is_undefined() || v.is_null() => return Ok(T::default()),
        Some(v) if !v.is_object() || js_sys::Array::is_array(&v) => {
            return Err(argument("options must be an object"))
        }
        Some(v) => v,
    };
    let known = field_names::<T>();
    let obj: &js_sys::Object = v.unchecked_ref();
    for key in js_sys::Object::keys(obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            let hint = if known.contains(&camel(&key).as_str()) {
                format!(" (option names are camelCase: {})", camel(&key))
            } else {
                String::new()
            };
            return Err(argument(format!(
                "unknown option \"{key}\"{hint}; known options: {}",
                known.join(", ")
            )));
        }
    }
    serde_wasm_bindgen::from_value(v).map_err(|e| argument(format!("options: {e}")))
}

/// `now` → Unix seconds. `undefined`/`null`: the clock (`Date.now()`); a `Date`; a number of
/// milliseconds since 1970 (what `Date.now()` returns); or an RFC 3339 string (parsed like the
/// CLI's `--now`).
pub fn now_seconds(now: &JsValue) -> Result<i64, Failure> {
    let ms = if now.is_undefined() || now.is_null() {
        js_sys::Date::now()
    } else if let Some(d) = now.dyn_ref::<js_sys::Date>() {
        d.get_time()
    } else if let Some(n) = now.as_f64() {
        n
    } else if let Some(s) = now.as_string() {
        return timefmt::parse_rfc3339(&s).map_err(argument);
    } else {
        return Err(argument(
            "now must be a Date, a number of milliseconds since 1970, or an RFC 3339 string",
        ));
    };
    if !ms.is_finite() || ms.abs() > 8.64e15 {
        return Err(argument("now is not a valid time"));
    }
    Ok((ms / 1000.0).floor() as i64)
}

/// The core's inspect options from the password and `now` every reading function takes.
pub fn core_options(
    password: Option<String>,
    now: &JsValue,
) -> Result<certlens_core::Options, Failure> {
    let mut o = certlens_core::Options::at(now_seconds(now)?);
    if let Some(p) = password {
        o.password = Some(Zeroizing::new(p));
    }
    Ok(o)
}

/// `pkcs8`, `pkcs1`, `sec1` (case-insensitive), with the CLI's message otherwise.
pub fn key_format(v: Option<&str>, default: TargetFormat) -> Result<TargetFormat, Failure> {
    match v {
        None => Ok(default),
        Some(s) => s.parse().map_err(argument),
    }
}

/// `keyFormat` of `tlsValues` / `tlsSecret`: absent keeps a PKCS#1 or PKCS#8 key as given (the
/// core decides); `pkcs8` / `pkcs1` force a format.
pub fn chart_key_format(v: Option<&str>) -> Result<Option<TargetFormat>, Failure> {
    v.map(|s| s.parse().map_err(argument)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_camel_case() {
        assert_eq!(
            field_names::<ChainPemOptions>(),
            &["password", "now", "chain", "includeRoot"]
        );
        assert!(field_names::<InspectOptions>().contains(&"expectedPins"));
        assert!(field_names::<TlsSecretOptions>().contains(&"allowIncompleteChain"));
    }

    /// The option names each options struct reads, by its TypeScript interface's name.
    fn struct_fields(interface: &str) -> &'static [&'static str] {
        match interface {
            "TlsValuesOptions" => field_names::<TlsValuesOptions>(),
            "TlsSecretOptions" => field_names::<TlsSecretOptions>(),
            "InternalTlsOptions" => field_names::<InternalTlsOptions>(),
            "PinsOptions" => field_names::<PinsOptions>(),
            "ConvertKeyOptions" => field_names::<ConvertKeyOptions>(),
            "ChainPemOptions" => field_names::<ChainPemOptions>(),
            "CustomCaOptions" => field_names::<CustomCaOptions>(),
            "AgentsOptions" => field_names::<AgentsOptions>(),
            "EncryptionKeyOptions" => field_names::<EncryptionKeyOptions>(),
            other => panic!("no options struct for {other}"),
        }
    }

    /// The fields `types.d.ts` declares for `interface` (with ReadOptions' when it extends it).
    fn declared_fields(interface: &str) -> Vec<String> {
        let dts = include_str!("types.d.ts");
        let head = format!("export interface {interface} ");
        let start = dts
            .find(&head)
            .unwrap_or_else(|| panic!("{interface} not in types.d.ts"));
        let block = &dts[start..];
        let block = &block[..block.find("\n}").unwrap()];
        let mut fields = Vec::new();
        if block
            .lines()
            .next()
            .unwrap()
            .contains("extends ReadOptions")
        {
            fields.extend(["password".to_string(), "now".to_string()]);
        }
        for line in block.lines().skip(1) {
            let t = line.trim();
            if let Some((name, _)) = t.split_once(':') {
                let name = name.trim_end_matches('?');
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
                    fields.push(name.to_string());
                }
            }
        }
        fields
    }

    fn sorted<S: AsRef<str>>(v: &[S]) -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|s| s.as_ref().to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn each_outputs_options_are_the_cores_list() {
        for o in certlens_core::output::OUTPUTS {
            assert_eq!(
                sorted(struct_fields(o.js_options)),
                sorted(&o.all_options()),
                "{}",
                o.js_options
            );
        }
    }

    #[test]
    fn types_d_ts_declares_each_outputs_options() {
        for o in certlens_core::output::OUTPUTS {
            assert_eq!(
                sorted(&declared_fields(o.js_options)),
                sorted(&o.all_options()),
                "{} in types.d.ts",
                o.js_options
            );
            // The function exists under that name and takes that interface.
            let lib = include_str!("lib.rs");
            let f = o.js_function;
            let at = [
                format!("js_name = {f},"),
                format!("js_name = {f})"),
                format!("pub fn {f}("),
            ]
            .iter()
            .find_map(|p| lib.find(p.as_str()))
            .unwrap_or_else(|| panic!("{f} is not exported"));
            let signature = &lib[at..at + lib[at..].find('{').unwrap()];
            assert!(
                signature.contains(&format!("\"{}\"", o.js_options)),
                "{f} takes {}",
                o.js_options
            );
        }
    }

    #[test]
    fn camel_converts_snake_case() {
        assert_eq!(camel("include_root"), "includeRoot");
        assert_eq!(camel("ca_secret_name"), "caSecretName");
        assert_eq!(camel("now"), "now");
    }

    #[test]
    fn key_format_uses_the_cli_message() {
        assert_eq!(
            key_format(None, TargetFormat::Pkcs8).ok(),
            Some(TargetFormat::Pkcs8)
        );
        assert_eq!(
            key_format(Some("PKCS1"), TargetFormat::Pkcs8).ok(),
            Some(TargetFormat::Pkcs1)
        );
        match key_format(Some("der"), TargetFormat::Pkcs8) {
            Err(Failure::Argument(m)) => {
                assert_eq!(m, "unknown key format \"der\"; use pkcs8, pkcs1 or sec1")
            }
            other => panic!("{other:?}"),
        }
    }
}
