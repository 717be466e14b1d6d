use certlens_core::make::{KeyAlgorithm, Pkcs12Options};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::make_job::{split_names, MakeRequest};

fn value(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| r.cast::<HtmlSelectElement>().map(|s| s.value()))
        .unwrap_or_default()
}

fn checked(r: &NodeRef) -> bool {
    r.cast::<HtmlInputElement>().is_some_and(|i| i.checked())
}

fn algorithm(r: &NodeRef) -> Result<KeyAlgorithm, String> {
    KeyAlgorithm::parse(&value(r)).map_err(|e| e.to_string())
}

/// The test certificate's fields.
#[derive(Clone, Default, PartialEq)]
pub struct SelfSignedRefs {
    pub hosts: NodeRef,
    pub key: NodeRef,
    pub days: NodeRef,
}

/// The private CA's (internal TLS) fields.
#[derive(Clone, Default, PartialEq)]
pub struct InternalRefs {
    pub release: NodeRef,
    pub namespace: NodeRef,
    pub domain: NodeRef,
    pub main_hosts: NodeRef,
    pub key: NodeRef,
    pub constraints: NodeRef,
}

/// The CSR's fields.
#[derive(Clone, Default, PartialEq)]
pub struct CsrRefs {
    pub hosts: NodeRef,
    pub key: NodeRef,
    pub org: NodeRef,
    pub ou: NodeRef,
    pub country: NodeRef,
}

/// The PKCS#12 file's fields.
#[derive(Clone, Default, PartialEq)]
pub struct Pkcs12Refs {
    pub password: NodeRef,
    pub name: NodeRef,
    pub leaf_only: NodeRef,
}

/// Every field of the Make panel's forms. The form of one tab is mounted at a time; the request
/// is read from the fields when it is submitted.
#[derive(Clone, Default, PartialEq)]
pub struct MakeFields {
    pub self_signed: SelfSignedRefs,
    pub internal: InternalRefs,
    pub csr: CsrRefs,
    pub pkcs12: Pkcs12Refs,
}

impl MakeFields {
    /// The test certificate asked for.
    pub fn self_signed_request(&self) -> Result<MakeRequest, String> {
        let f = &self.self_signed;
        Ok(MakeRequest::SelfSigned {
            hosts: split_names(&value(&f.hosts)),
            key: algorithm(&f.key)?,
            days: value(&f.days)
                .trim()
                .parse()
                .map_err(|_| "the days must be a whole number".to_string())?,
        })
    }

    /// The private CA and service certificates asked for.
    pub fn internal_request(&self) -> Result<MakeRequest, String> {
        let f = &self.internal;
        Ok(MakeRequest::Internal {
            release: value(&f.release),
            namespace: value(&f.namespace),
            cluster_domain: value(&f.domain),
            main_hosts: split_names(&value(&f.main_hosts)),
            key: algorithm(&f.key)?,
            name_constraints: checked(&f.constraints),
        })
    }

    /// The CSR asked for.
    pub fn csr_request(&self) -> Result<MakeRequest, String> {
        let f = &self.csr;
        Ok(MakeRequest::Csr {
            hosts: split_names(&value(&f.hosts)),
            key: algorithm(&f.key)?,
            organization: value(&f.org),
            organizational_unit: value(&f.ou),
            country: value(&f.country),
        })
    }

    /// The PKCS#12 file asked for (of the pool's certificate that has its key).
    pub fn pkcs12_options(&self) -> Pkcs12Options {
        let f = &self.pkcs12;
        let friendly = value(&f.name);
        Pkcs12Options {
            chain: None,
            password: zeroize::Zeroizing::new(value(&f.password)),
            friendly_name: Some(friendly).filter(|f| !f.trim().is_empty()),
            include_chain: !checked(&f.leaf_only),
        }
    }
}

/// The Make panel's fields, kept across renders (as `use_node_ref` keeps one).
#[hook]
pub fn use_make_fields() -> MakeFields {
    (*use_state(MakeFields::default)).clone()
}
