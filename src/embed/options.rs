//! Embed mode's options: which panels an embed shows, which sliders, what is
//! read-only, its title and caption. Pure; `embed::query` reads and writes
//! them as the embed URL's query string.

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
    pub const ALL: [Panel; 7] = [
        Panel::Verdict,
        Panel::Twin,
        Panel::ValueChart,
        Panel::Map,
        Panel::Prices,
        Panel::Book,
        Panel::Path,
    ];
    pub const DEFAULT: [Panel; 4] = [
        Panel::Verdict,
        Panel::Twin,
        Panel::ValueChart,
        Panel::Prices,
    ];

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
    /// The result columns shown ("cross", "isolated", "configured"); `None`
    /// = every set-up the book has. A lesson about one mode shows that one.
    pub columns: Option<Vec<String>>,
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
            columns: None,
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
            enabled: matches!(
                get("embed").as_deref().map(str::trim),
                Some("1" | "true" | "yes" | "")
            ),
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
        o.columns = get("columns").map(|s| list(&s).map(str::to_owned).collect());
        o.show_move = !matches!(
            get("move").as_deref().map(str::trim),
            Some("0" | "false" | "no")
        );
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

    pub fn shows(&self, p: Panel) -> bool {
        self.panels.contains(&p)
    }

    /// Whether the result column `key` ("cross", "isolated", "configured") shows.
    pub fn shows_column(&self, key: &str) -> bool {
        self.columns
            .as_ref()
            .is_none_or(|c| c.iter().any(|x| x == key))
    }

    /// Whether the price slider of `symbol` shows.
    pub fn shows_slider(&self, symbol: &str) -> bool {
        self.sliders
            .as_ref()
            .is_none_or(|s| s.iter().any(|x| x == symbol))
    }
}
