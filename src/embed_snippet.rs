//! The "Copy embed code" snippet: the embed's query string for a set of
//! options, and the `<iframe>` + height-listener HTML around it. Pure.
use crate::embed::{EmbedOptions, Locks, Panel};

/// Percent-encodes a query component (like `encodeURIComponent`, keeping commas).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b',') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes text for an HTML attribute or text node.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;").replace('\'', "&#39;")
}

/// `embed=1&panels=...` for the options (defaults left out).
pub fn query(o: &EmbedOptions) -> String {
    let mut q = vec!["embed=1".to_owned()];
    if o.panels != Panel::DEFAULT.to_vec() {
        let names: Vec<&str> = o.panels.iter().map(|p| p.name()).collect();
        q.push(format!("panels={}", encode_component(&names.join(","))));
    }
    if let Some(s) = &o.sliders {
        q.push(format!("sliders={}", encode_component(&s.join(","))));
    }
    if !o.show_move {
        q.push("move=0".to_owned());
    }
    let locks: Vec<&str> = Locks::NAMES.into_iter().filter(|n| o.locks.get(n)).collect();
    if !locks.is_empty() {
        q.push(format!("lock={}", locks.join(",")));
    }
    for (k, v) in [("title", &o.title), ("caption", &o.caption), ("id", &o.id)] {
        if let Some(v) = v {
            q.push(format!("{k}={}", encode_component(v)));
        }
    }
    q.join("&")
}

/// The script the host page needs once: sizes each Margin Lab iframe to its content.
pub const LISTENER: &str = r#"<script>
window.addEventListener("message", function (e) {
  var d = e.data;
  if (!d || d.type !== "margin-lab:height" || !(d.height > 0)) return;
  var frames = document.querySelectorAll("iframe");
  for (var i = 0; i < frames.length; i++) {
    if (frames[i].contentWindow === e.source) frames[i].style.height = Math.ceil(d.height) + "px";
  }
});
</script>"#;

/// The whole snippet: the iframe of `page_url` (no query or hash) with the
/// options and the share `hash` (`#v1=...`), then the listener script.
pub fn snippet(page_url: &str, o: &EmbedOptions, hash: &str) -> String {
    let src = format!("{page_url}?{}{hash}", query(o));
    let title = o.title.clone().unwrap_or_else(|| "Margin Lab: cross vs isolated margin".to_owned());
    format!(
        "<iframe src=\"{}\" sandbox=\"allow-scripts\" style=\"width:100%;border:0\" loading=\"lazy\" title=\"{}\"></iframe>\n{LISTENER}\n",
        escape_html(&src),
        escape_html(&title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_options_give_a_short_query_that_parses_back() {
        let o = EmbedOptions { enabled: true, ..EmbedOptions::default() };
        assert_eq!(query(&o), "embed=1");
        assert_eq!(EmbedOptions::from_query(&format!("?{}", query(&o))), o);
    }

    #[test]
    fn every_option_round_trips_through_the_query() {
        let o = EmbedOptions {
            enabled: true,
            panels: vec![Panel::Verdict, Panel::Twin, Panel::Prices],
            sliders: Some(vec!["BTCUSDT".into()]),
            show_move: false,
            locks: Locks { wallet: true, positions: true, ..Locks::default() },
            title: Some("Hello & \"you\" <3".into()),
            caption: Some("50 % + 2, ok?".into()),
            id: Some("ex 1".into()),
        };
        let q = query(&o);
        assert!(q.starts_with("embed=1&panels=verdict,twin,prices&sliders=BTCUSDT&move=0&lock=wallet,positions&title="), "{q}");
        assert!(!q.contains(' ') && !q.contains('"') && !q.contains('#'), "{q}");
        assert_eq!(EmbedOptions::from_query(&q), o);
    }

    #[test]
    fn snippet_has_a_sandboxed_iframe_and_the_height_listener() {
        let o = EmbedOptions { enabled: true, title: Some("A <b>\"t\"</b>".into()), ..EmbedOptions::default() };
        let s = snippet("https://example.org/lab/", &o, "#v1=abc_-");
        assert!(s.starts_with("<iframe src=\"https://example.org/lab/?embed=1&amp;title=A%20%3Cb%3E%22t%22%3C%2Fb%3E#v1=abc_-\""), "{s}");
        assert!(s.contains(" sandbox=\"allow-scripts\" "));
        assert!(s.contains("style=\"width:100%;border:0\""));
        assert!(s.contains("title=\"A &lt;b&gt;&quot;t&quot;&lt;/b&gt;\""));
        assert!(s.contains("margin-lab:height") && s.contains("e.source"));
        assert!(!s.contains("allow-same-origin"));
    }
}
