//! The "Copy embed code" snippet: the `<iframe>` of the embed URL, a link
//! shown in its place if it does not start, and the script that sizes it
//! from the embed's height messages. Pure.
//!
//! The frame is sandboxed with `allow-scripts allow-same-origin`: it keeps
//! the calculator's own origin, so its module and wasm load as same-origin
//! requests from any static host, with no CORS header. The trade-off: a
//! frame that keeps its origin is as isolated from the host page as any page
//! of another site (the browser's same-origin policy), but no more; only
//! when the host page is on the calculator's own site could its script
//! reach the host page. The calculator is this site's own code and sends
//! nothing anywhere (its content security policy allows no connection
//! elsewhere).
use crate::embed::options::EmbedOptions;
use crate::embed::query::query;
use crate::format::escape_html;

/// How long an embed may take to report before the host page shows the link.
pub const STARTS_WITHIN_MS: u32 = 5_000;

/// The script the host page needs once: sizes each Margin Lab iframe to its
/// content, and shows an embed's link when it has not reported within
/// `STARTS_WITHIN_MS` of loading.
pub const LISTENER: &str = r#"<script>
(function () {
  var started = [];
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (!d || d.type !== "margin-lab:height" || !(d.height > 0)) return;
    var frames = document.querySelectorAll(".margin-lab-embed iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow !== e.source) continue;
      started.push(frames[i]);
      frames[i].style.height = Math.ceil(d.height) + "px";
      frames[i].nextElementSibling.hidden = true;
    }
  });
  var frames = document.querySelectorAll(".margin-lab-embed iframe:not([data-watched])");
  for (var i = 0; i < frames.length; i++) {
    frames[i].setAttribute("data-watched", "");
    frames[i].addEventListener("load", function (e) {
      var frame = e.target;
      setTimeout(function () {
        if (started.indexOf(frame) < 0) frame.nextElementSibling.hidden = false;
      }, __WAIT__);
    });
  }
})();
</script>"#;

/// The whole snippet: the iframe of `page_url` (no query or hash) with the
/// options and the share `hash` (`#v1=...`), the link to the calculator in
/// its place if it does not start, then the listener script.
pub fn snippet(page_url: &str, o: &EmbedOptions, hash: &str) -> String {
    let src = format!("{page_url}?{}{hash}", query(o));
    let open = format!("{page_url}{hash}");
    let title = o
        .title
        .clone()
        .unwrap_or_else(|| "Margin Lab: cross vs isolated margin".to_owned());
    format!(
        "<div class=\"margin-lab-embed\"><iframe src=\"{}\" sandbox=\"allow-scripts allow-same-origin allow-popups\" style=\"width:100%;border:0\" loading=\"lazy\" title=\"{}\"></iframe>\n\
         <p hidden>This calculator did not start here. <a href=\"{}\" target=\"_blank\" rel=\"noopener\">Open it in Margin Lab</a>.</p></div>\n{}\n",
        escape_html(&src),
        escape_html(&title),
        escape_html(&open),
        LISTENER.replace("__WAIT__", &STARTS_WITHIN_MS.to_string())
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
        assert!(
            s.starts_with("<div class=\"margin-lab-embed\"><iframe src=\"https://example.org/lab/?embed=1&amp;title=A%20%3Cb%3E%22t%22%3C%2Fb%3E#v1=abc_-\""),
            "{s}"
        );
        assert!(s.contains(" sandbox=\"allow-scripts allow-same-origin allow-popups\" "));
        assert!(s.contains("<p hidden>This calculator did not start here. <a href=\"https://example.org/lab/#v1=abc_-\""), "{s}");
        assert!(s.contains("}, 5000);"), "the fallback waits 5 s: {s}");
        assert!(s.contains("style=\"width:100%;border:0\""));
        assert!(s.contains("title=\"A &lt;b&gt;&quot;t&quot;&lt;/b&gt;\""));
        assert!(s.contains("margin-lab:height") && s.contains("e.source"));
        assert!(!s.contains("__WAIT__"));
    }
}
