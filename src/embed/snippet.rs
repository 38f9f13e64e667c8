//! The "Copy embed code" snippet: the `<iframe>` of the embed URL and the
//! listener that sizes it from the embed's height messages. Pure.
use crate::embed::options::EmbedOptions;
use crate::embed::query::query;
use crate::format::escape_html;

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
    let title = o
        .title
        .clone()
        .unwrap_or_else(|| "Margin Lab: cross vs isolated margin".to_owned());
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
    fn snippet_has_a_sandboxed_iframe_and_the_height_listener() {
        let o = EmbedOptions {
            enabled: true,
            title: Some("A <b>\"t\"</b>".into()),
            ..EmbedOptions::default()
        };
        let s = snippet("https://example.org/lab/", &o, "#v1=abc_-");
        assert!(s.starts_with("<iframe src=\"https://example.org/lab/?embed=1&amp;title=A%20%3Cb%3E%22t%22%3C%2Fb%3E#v1=abc_-\""), "{s}");
        assert!(s.contains(" sandbox=\"allow-scripts\" "));
        assert!(s.contains("style=\"width:100%;border:0\""));
        assert!(s.contains("title=\"A &lt;b&gt;&quot;t&quot;&lt;/b&gt;\""));
        assert!(s.contains("margin-lab:height") && s.contains("e.source"));
        assert!(!s.contains("allow-same-origin"));
    }
}
