//! The deployment as a picture: the TLS hops of the doctor's report drawn as inline SVG (Yew
//! elements, CSS classes, nothing loaded, no inline style: the CSP stays strict), each hop
//! coloured by its verdict. Clicking a hop (or its line in the list under the map) opens it:
//! its checklist rows are marked and scrolled to. The hops and their verdicts come from
//! `certlens_core::doctor`; this only places them.

use certlens_core::{Hop, VerdictLevel};
use yew::prelude::*;

/// Where each box of the map stands (x, y of its top-left corner), in the SVG's units.
const NODES: [(&str, i32, i32); 11] = [
    ("Agents", 10, 80),
    ("Browsers", 10, 260),
    ("Router", 230, 170),
    ("Backend", 450, 170),
    ("Keycloak", 690, 20),
    ("Redis", 690, 100),
    ("RabbitMQ", 690, 180),
    ("Data streamer", 690, 260),
    ("Artifacts", 690, 340),
    ("Keycloak peers", 860, 20),
    ("Custom CA", 860, 110),
];
const W: i32 = 130;
const H: i32 = 40;

fn node(name: &str) -> Option<(i32, i32)> {
    NODES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, x, y)| (x, y))
}

/// The class of a hop's level (the same colours as the checklist's rows).
pub fn level_class(h: &Hop) -> &'static str {
    if !h.tls {
        return "hop-off";
    }
    match h.level {
        VerdictLevel::Ok => "hop-ok",
        VerdictLevel::Warning => "hop-warning",
        VerdictLevel::Error => "hop-error",
        _ => "hop-info",
    }
}

/// A short word for the hop's state.
pub fn level_word(h: &Hop) -> &'static str {
    if !h.tls {
        return "No TLS";
    }
    match h.level {
        VerdictLevel::Ok => "OK",
        VerdictLevel::Warning => "Warning",
        VerdictLevel::Error => "Error",
        VerdictLevel::NotChecked => "Not checked",
        _ => "Note",
    }
}

#[derive(Properties, PartialEq)]
pub struct HopMapProps {
    pub hops: Vec<Hop>,
    pub open: Option<String>,
    pub on_hop: Callback<String>,
    /// Prefix of the map's element ids, the checklist's own (`bundle-` for a bundle's): two
    /// checklists can be on screen at once, and `aria-labelledby` must name one caption.
    #[prop_or_default]
    pub scope: AttrValue,
}

/// One hop as a line between two boxes, with a wide transparent line on top to click.
fn edge(h: &Hop, open: bool, on_hop: &Callback<String>) -> Html {
    let (Some((fx, fy)), Some((tx, ty))) = (node(&h.from), node(&h.to)) else {
        return html! {};
    };
    // From the right edge of `from` to the left edge of `to`, at mid-height.
    let (x1, y1, x2, y2) = (fx + W, fy + H / 2, tx, ty + H / 2);
    let id = h.id.clone();
    let onclick = {
        let on_hop = on_hop.clone();
        let id = id.clone();
        Callback::from(move |_: MouseEvent| on_hop.emit(id.clone()))
    };
    let onkeydown = {
        let on_hop = on_hop.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_hop.emit(id.clone());
            }
        })
    };
    let label = format!(
        "{} → {}: {}. {}",
        h.from,
        h.to,
        level_word(h),
        h.summary
    );
    html! {
        <g class={classes!("hop", level_class(h), open.then_some("open"))} data-hop={h.id.clone()}
            tabindex="0" role="button" aria-pressed={open.to_string()} aria-label={label.clone()} {onclick} {onkeydown}>
            <title>{ label }</title>
            <line class="hop-line" x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
            <line class="hop-hit" x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
            <circle class="hop-dot" cx={((x1 + x2) / 2).to_string()} cy={((y1 + y2) / 2).to_string()} r="7" />
        </g>
    }
}

/// The map, then one line per hop (the same hops, for reading and for small screens).
#[component]
pub fn HopMap(props: &HopMapProps) -> Html {
    if props.hops.is_empty() {
        return html! {};
    }
    let open = props.open.as_deref();
    let drawn: Vec<&str> = props
        .hops
        .iter()
        .flat_map(|h| [h.from.as_str(), h.to.as_str()])
        .collect();
    let caption = format!("{}hop-map-caption", props.scope);
    html! {
        <figure class="hop-map" aria-labelledby={caption.clone()}>
            <figcaption id={caption} class="small-text muted">
                { "The deployment's TLS hops, coloured by the worst checklist row behind each. Select a hop to see who judges it and mark its rows." }
            </figcaption>
            // On a narrow screen the map keeps a readable size and scrolls sideways on its own.
            <div class="hop-scroll">
            <svg class="hop-svg" viewBox="0 0 1000 390" role="group" aria-label="TLS hops of the deployment">
                for (name, x, y) in NODES.iter().filter(|(n, _, _)| drawn.contains(n)) {
                    <g class="hop-node">
                        <rect x={x.to_string()} y={y.to_string()} width={W.to_string()} height={H.to_string()} rx="6" />
                        <text x={(x + W / 2).to_string()} y={(y + H / 2 + 5).to_string()}>{ *name }</text>
                    </g>
                }
                for h in props.hops.iter() { { edge(h, open == Some(h.id.as_str()), &props.on_hop) } }
            </svg>
            </div>
            <ol class="hop-list">
                for h in props.hops.iter() {
                    { hop_line(h, open == Some(h.id.as_str()), &props.on_hop) }
                }
            </ol>
        </figure>
    }
}

fn hop_line(h: &Hop, open: bool, on_hop: &Callback<String>) -> Html {
    let onclick = {
        let on_hop = on_hop.clone();
        let id = h.id.clone();
        Callback::from(move |_: MouseEvent| on_hop.emit(id.clone()))
    };
    html! {
        <li class={classes!("hop-item", level_class(h), open.then_some("open"))} data-hop={h.id.clone()}>
            <button type="button" class="hop-button" aria-expanded={open.to_string()} {onclick}>
                <span class="hop-route">{ format!("{} → {}", h.from, h.to) }</span>
                <span class="hop-level">{ level_word(h) }</span>
            </button>
            if open || h.level != VerdictLevel::Ok {
                <p class="small-text wrap">{ h.summary.clone() }</p>
            }
            if open {
                <dl class="hop-facts small-text">
                    <dt>{ "Judged by" }</dt><dd class="wrap">{ h.client.clone() }</dd>
                    <dt>{ "Presented" }</dt><dd class="wrap">{ h.presented.clone() }</dd>
                    <dt>{ "Anchor" }</dt><dd class="wrap">{ h.anchor.clone() }</dd>
                    <dt>{ "Checklist" }</dt><dd>{ format!("{} row{} marked below", h.verdicts.len(), if h.verdicts.len() == 1 { "" } else { "s" }) }</dd>
                </dl>
            }
        </li>
    }
}
