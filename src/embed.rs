//! Embed mode: the options of `?embed=1&panels=...&sliders=...&lock=...`
//! parsed into a plain struct (pure, tested natively), and reading them from
//! `location.search` in the browser.

/// A part of the page an embed can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Verdict,
    Twin,
    ValueChart,
    Map,
    Prices,
    Book,
    Path,
}

impl Panel {
    pub const ALL: [Panel; 7] =
        [Panel::Verdict, Panel::Twin, Panel::ValueChart, Panel::Map, Panel::Prices, Panel::Book, Panel::Path];
    pub const DEFAULT: [Panel; 4] = [Panel::Verdict, Panel::Twin, Panel::ValueChart, Panel::Prices];

    pub fn name(self) -> &'static str {
        match self {
            Panel::Verdict => "verdict",
            Panel::Twin => "twin",
            Panel::ValueChart => "value-chart",
            Panel::Map => "map",
            Panel::Prices => "prices",
            Panel::Book => "book",
            Panel::Path => "path",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Panel::Verdict => "Verdict",
            Panel::Twin => "Cross | Isolated columns",
            Panel::ValueChart => "Value chart",
            Panel::Map => "Verdict map",
            Panel::Prices => "Price sliders",
            Panel::Book => "Book editor",
            Panel::Path => "Path mode",
        }
    }

    pub fn parse(s: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name() == s)
    }
}

/// Inputs an embed shows read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Locks {
    pub wallet: bool,
    pub positions: bool,
    pub marks: bool,
    pub prices: bool,
}

impl Locks {
    pub const NAMES: [&'static str; 4] = ["wallet", "positions", "marks", "prices"];

    pub fn get(&self, name: &str) -> bool {
        match name {
            "wallet" => self.wallet,
            "positions" => self.positions,
            "marks" => self.marks,
            "prices" => self.prices,
            _ => false,
        }
    }

    pub fn set(&mut self, name: &str, on: bool) {
        match name {
            "wallet" => self.wallet = on,
            "positions" => self.positions = on,
            "marks" => self.marks = on,
            "prices" => self.prices = on,
            _ => {}
        }
    }

    pub fn any(&self) -> bool {
        Locks::NAMES.iter().any(|n| self.get(n))
    }
}

/// What an embed shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedOptions {
    pub enabled: bool,
    /// In the order given (duplicates and unknown names dropped).
    pub panels: Vec<Panel>,
    /// Markets whose price sliders show; `None` = all.
    pub sliders: Option<Vec<String>>,
    /// The whole-market move slider (`move=0` hides it).
    pub show_move: bool,
    pub locks: Locks,
    pub title: Option<String>,
    pub caption: Option<String>,
    /// Echoed in the height messages.
    pub id: Option<String>,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            enabled: false,
            panels: Panel::DEFAULT.to_vec(),
            sliders: None,
            show_move: true,
            locks: Locks::default(),
            title: None,
            caption: None,
            id: None,
        }
    }
}

fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|x| !x.is_empty())
}

fn text(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl EmbedOptions {
    /// Parses the query parameters, given as a lookup of one parameter's value.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> EmbedOptions {
        let mut o = EmbedOptions {
            enabled: matches!(get("embed").as_deref().map(str::trim), Some("1" | "true" | "yes" | "")),
            ..EmbedOptions::default()
        };
        if let Some(p) = get("panels") {
            let mut panels = Vec::new();
            for p in list(&p).filter_map(Panel::parse) {
                if !panels.contains(&p) {
                    panels.push(p);
                }
            }
            o.panels = panels;
        }
        o.sliders = get("sliders").map(|s| list(&s).map(str::to_owned).collect());
        o.show_move = !matches!(get("move").as_deref().map(str::trim), Some("0" | "false" | "no"));
        if let Some(l) = get("lock") {
            for name in list(&l) {
                o.locks.set(name, true);
            }
        }
        o.title = text(get("title"));
        o.caption = text(get("caption"));
        o.id = text(get("id"));
        o
    }

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
        EmbedOptions::parse(|name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    pub fn shows(&self, p: Panel) -> bool {
        self.panels.contains(&p)
    }

    /// Whether the price slider of `symbol` shows.
    pub fn shows_slider(&self, symbol: &str) -> bool {
        self.sliders.as_ref().is_none_or(|s| s.iter().any(|x| x == symbol))
    }

    /// The options of the current page (`location.search`); not embedded when unreadable.
    pub fn from_location() -> EmbedOptions {
        let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
            return EmbedOptions::default();
        };
        match web_sys::UrlSearchParams::new_with_str(&search) {
            Ok(q) => EmbedOptions::parse(|name| q.get(name)),
            Err(_) => EmbedOptions::from_query(&search),
        }
    }
}

/// `%XX` and `+` decoding of one query component (invalid escapes stay as they are).
pub fn decode_component(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
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
        assert_eq!(o.locks, Locks { wallet: true, prices: true, ..Locks::default() });
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
        assert!(EmbedOptions::from_query("embed=1&embed=0").enabled, "first value wins");
    }

    #[test]
    fn every_panel_name_round_trips() {
        for p in Panel::ALL {
            assert_eq!(Panel::parse(p.name()), Some(p));
        }
    }
}
