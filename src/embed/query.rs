//! The embed URL's query string, both ways: `?embed=1&panels=…&sliders=…&lock=…`
//! read into [`EmbedOptions`] and written back from them (defaults left out),
//! with the percent-encoding each needs. Pure, tested natively.
use crate::embed::options::{EmbedOptions, Locks, Panel};

impl EmbedOptions {
    /// Parses a query string (`?a=b&c=d`, as `location.search`), decoding `%XX` and `+`.
    pub fn from_query(query: &str) -> EmbedOptions {
        let pairs: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode_component(k), decode_component(v))
            })
            .collect();
        EmbedOptions::parse(|name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    /// The options of the current page (`location.search`); not embedded when unreadable.
    pub fn from_location() -> EmbedOptions {
        EmbedOptions::from_query(&crate::io::location::search())
    }
}

/// `%XX` and `+` decoding of one query component (invalid escapes stay as they are).
pub fn decode_component(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let mut ahead = bytes.clone();
                let hex = [ahead.next(), ahead.next()];
                let value = match hex {
                    [Some(h), Some(l)] => hex_value(h)
                        .zip(hex_value(l))
                        .map(|(h, l)| h.wrapping_shl(4) | l),
                    _ => None,
                };
                match value {
                    Some(v) => {
                        out.push(v);
                        bytes = ahead;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

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
    if let Some(c) = &o.columns {
        q.push(format!("columns={}", encode_component(&c.join(","))));
    }
    if !o.show_move {
        q.push("move=0".to_owned());
    }
    let locks: Vec<&str> = Locks::NAMES
        .into_iter()
        .filter(|n| o.locks.get(n))
        .collect();
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

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn no_query_is_the_full_app_with_default_panels() {
        let o = EmbedOptions::from_query("");
        assert!(!o.enabled);
        assert_eq!(o.panels, Panel::DEFAULT.to_vec());
        assert!(o.show_move);
        assert_eq!(o.sliders, None);
        assert!(o.shows_slider("BTCUSDT"));
        assert!(!o.locks.any());
    }

    #[test]
    fn parses_every_option() {
        let o = EmbedOptions::from_query(
            "?embed=1&panels=verdict,twin,%20prices,bogus,twin&sliders=BTCUSDT&move=0&lock=wallet,prices,nope&title=Hello+world&caption=a%20%3Cb%3E&id=ex-1",
        );
        assert!(o.enabled);
        assert_eq!(o.panels, vec![Panel::Verdict, Panel::Twin, Panel::Prices]);
        assert_eq!(o.sliders, Some(vec!["BTCUSDT".to_owned()]));
        assert!(o.shows_slider("BTCUSDT") && !o.shows_slider("ETHUSDT"));
        assert!(!o.show_move);
        assert_eq!(
            o.locks,
            Locks {
                wallet: true,
                prices: true,
                ..Locks::default()
            }
        );
        assert_eq!(o.title.as_deref(), Some("Hello world"));
        assert_eq!(o.caption.as_deref(), Some("a <b>"));
        assert_eq!(o.id.as_deref(), Some("ex-1"));
    }

    #[test]
    fn odd_values_do_not_break_parsing() {
        let o = EmbedOptions::from_query("?embed=0&panels=&sliders=&title=%&caption=%zz&move=1");
        assert!(!o.enabled);
        assert!(o.panels.is_empty());
        assert_eq!(o.sliders, Some(vec![]));
        assert!(o.show_move);
        assert_eq!(o.title.as_deref(), Some("%"));
        assert_eq!(o.caption.as_deref(), Some("%zz"));
        assert_eq!(decode_component("%E2%9C%93%"), "✓%");
        assert!(
            EmbedOptions::from_query("embed=1&embed=0").enabled,
            "first value wins"
        );
    }

    #[test]
    fn every_panel_name_round_trips() {
        for p in Panel::ALL {
            assert_eq!(Panel::parse(p.name()), Some(p));
        }
    }

    #[test]
    fn default_options_give_a_short_query_that_parses_back() {
        let o = EmbedOptions {
            enabled: true,
            ..EmbedOptions::default()
        };
        assert_eq!(query(&o), "embed=1");
        assert_eq!(EmbedOptions::from_query(&format!("?{}", query(&o))), o);
    }

    #[test]
    fn every_option_round_trips_through_the_query() {
        let o = EmbedOptions {
            enabled: true,
            panels: vec![Panel::Verdict, Panel::Twin, Panel::Prices],
            sliders: Some(vec!["BTCUSDT".into()]),
            columns: Some(vec!["isolated".into()]),
            show_move: false,
            locks: Locks {
                wallet: true,
                positions: true,
                ..Locks::default()
            },
            title: Some("Hello & \"you\" <3".into()),
            caption: Some("50 % + 2, ok?".into()),
            id: Some("ex 1".into()),
        };
        let q = query(&o);
        assert!(q.starts_with("embed=1&panels=verdict,twin,prices&sliders=BTCUSDT&columns=isolated&move=0&lock=wallet,positions&title="), "{q}");
        assert!(
            !q.contains(' ') && !q.contains('"') && !q.contains('#'),
            "{q}"
        );
        assert_eq!(EmbedOptions::from_query(&q), o);
    }
}
