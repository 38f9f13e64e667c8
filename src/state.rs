//! The page state and its reducer: the scenario being edited (as text), the
//! last valid book, the prices, the errors, and everything derived from them.
//! Pure logic: no DOM here, so it is tested natively.
use std::collections::BTreeMap;
use std::rc::Rc;

use margin_engine::scenario::{ModeSpec, SideSpec};
use margin_engine::{Book, Decimal, Error, Prices, Scenario};
use yew::Reducible;

use crate::analysis::{analyse, Analysis};
use crate::chart::{draw_map_chart, draw_value_chart, to_svg, MapChart, ValueChart};
use crate::chart_data::{cursor, map_chart, value_chart};
use crate::draft::{Draft, PosField, PositionDraft};
use crate::format::plain;
use crate::share::Shared;
use crate::tier_draft::TierField;

/// The chart data cached under `key`, computed anew when the key differs.
fn cached<T>(
    cache: &mut Option<(ChartKey, Rc<Result<T, String>>)>,
    key: ChartKey,
    compute: impl FnOnce() -> Result<T, String>,
) -> Rc<Result<T, String>> {
    match cache {
        Some((k, d)) if *k == key => d.clone(),
        _ => {
            let d = Rc::new(compute());
            *cache = Some((key, d.clone()));
            d
        }
    }
}

/// Everything the page shows that is computed from the book and prices.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub prices: Prices,
    pub analysis: Analysis,
    pub value_svg: Rc<str>,
    pub map_svg: Rc<str>,
    pub path: Option<PathView>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathView {
    pub samples: usize,
    /// Per variant title: latched final value, or why it could not run.
    pub results: Vec<(&'static str, Result<margin_engine::path::PathResult, String>)>,
}

type ChartKey = (u64, usize, usize, bool, Vec<Decimal>);

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub draft: Draft,
    /// The last valid scenario and its book.
    pub scenario: Rc<Scenario>,
    pub book: Rc<Book>,
    /// Bumped whenever the book changes (chart caches key on it).
    pub generation: u64,
    /// The draft's current error (the book stays at the last valid one).
    pub error: Option<Error>,
    /// A message about a link that could not be opened.
    pub notice: Option<String>,
    /// Base price per market (index = the book's market order) and its box text.
    pub base: Vec<Decimal>,
    pub price_text: Vec<String>,
    pub price_error: Option<(usize, String)>,
    /// Whole-market move in percent, and its box text.
    pub market_move: Decimal,
    pub move_text: String,
    pub selected: usize,
    pub map_y: usize,
    /// Path mode: the recorded price samples.
    pub path: Option<Vec<Prices>>,
    pub view: Rc<View>,
    /// The example last loaded (its lesson is shown).
    pub preset: Option<String>,
    value_cache: Option<(ChartKey, Rc<Result<ValueChart, String>>)>,
    map_cache: Option<(ChartKey, Rc<Result<MapChart, String>>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetWallet(String),
    SetMark(usize, String),
    SetSymbol(usize, String),
    /// A preset name, or `market_actions::CUSTOM`.
    SetTierSource(usize, String),
    SetTier(usize, usize, TierField, String),
    AddTier(usize),
    RemoveTier(usize, usize),
    AddMarket,
    RemoveMarket(usize),
    SetText(usize, PosField, String),
    SetMarket(usize, String),
    SetSide(usize, SideSpec),
    SetMode(usize, ModeSpec),
    /// Adds (+1) or removes (−1) a tenth of the default margin.
    NudgeMargin(usize, i32),
    AddPosition,
    Duplicate(usize),
    Remove(usize),
    SetPrice(usize, String),
    SetMove(String),
    Anchor,
    Select(usize),
    SelectMapY(usize),
    TogglePath,
    ResetPath,
    /// Which example is loaded (for its lesson).
    SetPreset(Option<String>),
    /// A scenario (from a link or a preset), with prices, and a message.
    Load(Box<Shared>, Option<String>),
    /// Shows (or clears) a message without touching the book (a file that could not be imported).
    Notice(Option<String>),
}

fn default_scenario() -> Scenario {
    // The shipped default always parses (engine tests check it); fall back to
    // an empty one-market book rather than panicking.
    Scenario::from_json(margin_engine::samples::default_json()).unwrap_or_else(|_| Scenario {
        version: margin_engine::scenario::VERSION,
        quote: "USDT".into(),
        wallet: Decimal::from(10_000),
        markets: vec![margin_engine::scenario::MarketSpec {
            symbol: "BTCUSDT".into(),
            mark: Decimal::from(60_000),
            preset: Some("binance-usdm-btcusdt-2024-10".into()),
            tiers: None,
            beta: Decimal::ONE,
            contract: Default::default(),
        }],
        positions: vec![],
        settings: Default::default(),
    })
}

impl Default for State {
    fn default() -> Self {
        State::from_shared(
            Shared { scenario: default_scenario(), prices: BTreeMap::new(), market_move: Decimal::ZERO },
            None,
        )
    }
}

impl State {
    /// A state from a link or preset; an invalid scenario falls back to the default.
    pub fn from_shared(shared: Shared, notice: Option<String>) -> State {
        let (scenario, book, notice) = match Book::new(&shared.scenario) {
            Ok(b) => (shared.scenario, b, notice),
            Err(e) => {
                let s = default_scenario();
                let b = Book::new(&s).unwrap_or_else(|_| empty_book());
                (s, b, Some(e.to_string()))
            }
        };
        let base: Vec<Decimal> = book
            .markets
            .iter()
            .map(|m| shared.prices.get(&m.symbol).copied().filter(|p| margin_engine::book::price(*p).is_ok()).unwrap_or(m.mark))
            .collect();
        let mut s = State {
            draft: Draft::from_scenario(&scenario),
            scenario: Rc::new(scenario),
            book: Rc::new(book),
            generation: 0,
            error: None,
            notice,
            price_text: base.iter().map(|p| plain(*p)).collect(),
            base,
            price_error: None,
            market_move: shared.market_move,
            move_text: plain(shared.market_move),
            selected: 0,
            map_y: 1,
            path: None,
            view: Rc::new(View {
                prices: Prices(vec![]),
                analysis: Analysis { columns: vec![], verdict: None, verdict_text: String::new() },
                value_svg: Rc::from(""),
                map_svg: Rc::from(""),
                path: None,
            }),
            preset: None,
            value_cache: None,
            map_cache: None,
        };
        s.refresh();
        s
    }

    /// Words a link's failure as a message about the link.
    pub fn with_link_notice(mut self) -> Self {
        if let Some(n) = &self.notice {
            self.notice = Some(format!("Could not open the shared link: {n}. Showing the default book instead."));
        }
        self
    }

    /// The share data of the current state.
    pub fn shared(&self) -> Shared {
        Shared {
            scenario: (*self.scenario).clone(),
            prices: self.book.markets.iter().zip(&self.base).map(|(m, p)| (m.symbol.clone(), *p)).collect(),
            market_move: self.market_move,
        }
    }

    /// Effective prices: base × (1 + beta × move %), or why they are invalid.
    pub fn effective(&self) -> Result<Prices, String> {
        let x = self.market_move / Decimal::ONE_HUNDRED;
        let mut out = Vec::with_capacity(self.base.len());
        for (m, p) in self.book.markets.iter().zip(&self.base) {
            let f = Decimal::ONE.checked_add(m.beta.checked_mul(x).unwrap_or_default()).unwrap_or(Decimal::ONE);
            let v = p.checked_mul(f).unwrap_or_default();
            margin_engine::book::price(v).map_err(|e| format!("market move: {} {}", m.symbol, e.reason()))?;
            out.push(v);
        }
        Ok(Prices(out))
    }

    /// Validates the draft; a valid one becomes the book.
    fn revalidate(&mut self) {
        match self.draft.to_scenario().and_then(|s| Book::new(&s).map(|b| (s, b))) {
            Ok((s, b)) => {
                self.error = None;
                self.adopt(s, b);
            }
            Err(e) => self.error = Some(e),
        }
    }

    fn adopt(&mut self, s: Scenario, b: Book) {
        let old: BTreeMap<&str, (Decimal, Decimal)> = self
            .book
            .markets
            .iter()
            .zip(&self.base)
            .map(|(m, p)| (m.symbol.as_str(), (m.mark, *p)))
            .collect();
        // A market keeps its price unless its mark changed (then it follows the mark).
        let base: Vec<Decimal> = b
            .markets
            .iter()
            .map(|m| match old.get(m.symbol.as_str()) {
                Some((mark, p)) if *mark == m.mark => *p,
                _ => m.mark,
            })
            .collect();
        if base != self.base {
            self.price_text = base.iter().map(|p| plain(*p)).collect();
            self.base = base;
            self.price_error = None;
        }
        // The chart's markets follow their symbols when markets come and go.
        let follow = |i: usize| {
            let sym = self.book.markets.get(i).map(|m| m.symbol.as_str());
            sym.and_then(|sym| b.markets.iter().position(|m| m.symbol == sym)).unwrap_or(i)
        };
        let (selected, map_y) = (follow(self.selected), follow(self.map_y));
        self.selected = selected;
        self.map_y = map_y;
        self.scenario = Rc::new(s);
        self.book = Rc::new(b);
        self.generation = self.generation.wrapping_add(1);
        if self.path.is_some() {
            self.path = Some(Vec::new());
        }
    }

    /// Recomputes the view from the book and prices.
    fn refresh(&mut self) {
        let n = self.book.markets.len();
        self.selected = self.selected.min(n.saturating_sub(1));
        if self.map_y >= n || self.map_y == self.selected {
            self.map_y = (0..n).find(|&m| m != self.selected).unwrap_or(0);
        }
        let prices = match self.effective() {
            Ok(p) => p,
            Err(e) => {
                self.price_error = Some((usize::MAX, e));
                return;
            }
        };
        if let Some(path) = &mut self.path {
            if path.last() != Some(&prices) && path.len() < 100_000 {
                path.push(prices.clone());
            }
        }
        let analysis = analyse(&self.book, &prices, self.selected);
        let value_svg = self.value_svg(&prices);
        let map_svg = self.map_svg(&prices);
        let path = self.path.as_ref().map(|samples| path_view(&self.book, samples));
        self.view = Rc::new(View { prices, analysis, value_svg, map_svg, path });
    }

    fn key(&self, prices: &Prices, moving: &[usize], wide: bool) -> ChartKey {
        let others = prices
            .0
            .iter()
            .enumerate()
            .map(|(m, p)| if moving.contains(&m) { Decimal::ZERO } else { *p })
            .collect();
        (self.generation, moving.first().copied().unwrap_or(0), moving.get(1).copied().unwrap_or(0), wide, others)
    }

    fn value_svg(&mut self, prices: &Prices) -> Rc<str> {
        let m = self.selected;
        let mark = self.book.markets.get(m).map(|x| x.mark).unwrap_or(Decimal::ONE);
        let wide = crate::chart_data::needs_wide(mark, prices.get(m));
        let key = self.key(prices, &[m], wide);
        let data = cached(&mut self.value_cache, key, || {
            value_chart(&self.book, prices, m, wide).map_err(|e| e.to_string())
        });
        match data.as_ref() {
            Ok(c) => {
                let mut c = c.clone();
                c.cursor = Some(cursor(prices.get(m)));
                Rc::from(to_svg((640, 360), "Account value against price, per margin mode", |r| {
                    draw_value_chart(r, &c)
                }))
            }
            Err(e) => Rc::from(format!("<p class=\"chart-error\">{}</p>", escape(e))),
        }
    }

    fn map_svg(&mut self, prices: &Prices) -> Rc<str> {
        let (mx, my) = (self.selected, self.map_y);
        if mx == my {
            return Rc::from("<p class=\"chart-error\">The verdict map needs two markets.</p>");
        }
        let key = self.key(prices, &[mx, my], true);
        let data = cached(&mut self.map_cache, key, || map_chart(&self.book, prices, mx, my).map_err(|e| e.to_string()));
        match data.as_ref() {
            Ok(c) => {
                let mut c = c.clone();
                c.cursor = Some((cursor(prices.get(mx)), cursor(prices.get(my))));
                let svg = to_svg((420, 380), "Verdict map over two markets' prices", |r| draw_map_chart(r, &c));
                Rc::from(svg.replacen("role=\"img\"", "role=\"img\" shape-rendering=\"crispEdges\"", 1))
            }
            Err(e) => Rc::from(format!("<p class=\"chart-error\">{}</p>", escape(e))),
        }
    }

    fn set_price(&mut self, m: usize, text: String) {
        let Some(slot) = self.price_text.get_mut(m) else { return };
        *slot = text.clone();
        let symbol = self.book.markets.get(m).map(|x| x.symbol.clone()).unwrap_or_default();
        let parsed = margin_engine::dec::parse(&text)
            .and_then(|v| margin_engine::book::price(v).map(|_| v).map_err(|e| e.reason()));
        match parsed {
            Ok(v) => {
                if let Some(b) = self.base.get_mut(m) {
                    *b = v;
                }
                self.price_error = None;
            }
            Err(e) => self.price_error = Some((m, format!("prices.{symbol}: {e}"))),
        }
    }

    fn nudge_margin(&mut self, i: usize, dir: i32) {
        let Some(p) = self.draft.positions.get_mut(i) else { return };
        let Some(default) = p.default_margin() else { return };
        let step = (default / Decimal::TEN).round_dp(2).max(Decimal::new(1, 2));
        let current = margin_engine::dec::parse(&p.margin).unwrap_or(default);
        let next = if dir >= 0 { current + step } else { (current - step).max(step) };
        p.margin = plain(next.round_dp(8));
        p.mode = ModeSpec::Isolated;
    }
}

fn path_view(book: &Book, samples: &[Prices]) -> PathView {
    let results = [
        (margin_engine::Variant::AllCross, "Cross"),
        (margin_engine::Variant::AllIsolated, "Isolated"),
        (margin_engine::Variant::AsConfigured, "As configured"),
    ]
    .into_iter()
    .filter(|(v, _)| *v != margin_engine::Variant::AsConfigured || crate::analysis::is_mixed(book))
    .map(|(v, title)| {
        let r = if samples.is_empty() {
            margin_engine::path::walk(book, &[book.marks()])
        } else {
            v.apply(book).and_then(|b| margin_engine::path::walk(&b, samples))
        };
        (title, r.map_err(|e: Error| e.to_string()))
    })
    .collect();
    PathView { samples: samples.len(), results }
}

fn empty_book() -> Book {
    // Unreachable in practice (the default scenario is valid); a minimal book.
    let s = Scenario::from_json(
        r#"{"version":1,"wallet":"0","markets":[{"symbol":"X","mark":"1","tiers":[{"floor":"0","cap":null,"mmr":"0.01","max_leverage":"10"}]}]}"#,
    );
    match s.and_then(|s| Book::new(&s)) {
        Ok(b) => b,
        Err(_) => std::process::abort(),
    }
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let mut book_edit = true;
        match action {
            Action::SetWallet(t) => s.draft.wallet = t,
            Action::SetMark(m, t) => {
                if let Some(md) = s.draft.markets.get_mut(m) {
                    md.mark = t;
                }
            }
            Action::SetSymbol(m, t) => s.rename_market(m, t),
            Action::SetTierSource(m, v) => s.set_tier_source(m, &v),
            Action::SetTier(m, j, f, t) => s.set_tier(m, j, f, t),
            Action::AddTier(m) => s.add_tier(m),
            Action::RemoveTier(m, j) => s.remove_tier(m, j),
            Action::AddMarket => s.add_market(),
            Action::RemoveMarket(m) => s.remove_market(m),
            Action::SetText(i, f, t) => {
                if let Some(p) = s.draft.positions.get_mut(i) {
                    *p.text_mut(f) = t;
                }
            }
            Action::SetMarket(i, sym) => {
                if let Some(p) = s.draft.positions.get_mut(i) {
                    p.market = sym;
                }
            }
            Action::SetSide(i, side) => {
                if let Some(p) = s.draft.positions.get_mut(i) {
                    p.side = side;
                }
            }
            Action::SetMode(i, mode) => {
                if let Some(p) = s.draft.positions.get_mut(i) {
                    p.mode = mode;
                    if mode == ModeSpec::Cross {
                        p.margin.clear();
                    }
                }
            }
            Action::NudgeMargin(i, dir) => s.nudge_margin(i, dir),
            Action::AddPosition => {
                let m = s.draft.markets.get(s.selected).or(s.draft.markets.first());
                let (market, mark) = m.map(|m| (m.symbol.clone(), m.mark.clone())).unwrap_or_default();
                s.draft.positions.push(PositionDraft {
                    market,
                    side: SideSpec::Long,
                    size: "0.1".into(),
                    entry: mark,
                    leverage: "10".into(),
                    mode: ModeSpec::Cross,
                    margin: String::new(),
                });
            }
            Action::Duplicate(i) => {
                if let Some(p) = s.draft.positions.get(i).cloned() {
                    s.draft.positions.insert(i + 1, p);
                }
            }
            Action::Remove(i) => {
                if i < s.draft.positions.len() {
                    s.draft.positions.remove(i);
                }
            }
            Action::SetPrice(m, t) => {
                book_edit = false;
                s.set_price(m, t);
                // The chart and the verdict follow the market being moved
                // (`refresh` keeps the map's other axis on another market).
                if m < s.draft.markets.len() {
                    s.selected = m;
                }
            }
            Action::SetMove(t) => {
                book_edit = false;
                s.move_text = t.clone();
                match margin_engine::dec::parse(&t) {
                    Ok(v) if v >= Decimal::from(-90) && v <= Decimal::from(200) => {
                        s.market_move = v;
                        s.price_error = None;
                    }
                    Ok(v) => s.price_error = Some((usize::MAX, format!("market move: {v} is outside −90 to 200 %"))),
                    Err(e) => s.price_error = Some((usize::MAX, format!("market move: {e}"))),
                }
            }
            Action::Anchor => {
                book_edit = false;
                if let Ok(p) = s.effective() {
                    s.base = p.0;
                    s.price_text = s.base.iter().map(|p| plain(*p)).collect();
                    s.market_move = Decimal::ZERO;
                    s.move_text = "0".into();
                }
            }
            Action::Select(m) => {
                book_edit = false;
                s.selected = m;
            }
            Action::SelectMapY(m) => {
                book_edit = false;
                s.map_y = m;
            }
            Action::TogglePath => {
                book_edit = false;
                s.path = if s.path.is_some() { None } else { Some(Vec::new()) };
            }
            Action::ResetPath => {
                book_edit = false;
                s.base = s.book.marks().0;
                s.price_text = s.base.iter().map(|p| plain(*p)).collect();
                s.market_move = Decimal::ZERO;
                s.move_text = "0".into();
                s.price_error = None;
                if s.path.is_some() {
                    s.path = Some(Vec::new());
                }
            }
            Action::SetPreset(p) => {
                let mut s = (*self).clone();
                s.preset = p;
                return Rc::new(s);
            }
            Action::Load(shared, notice) => return Rc::new(State::from_shared(*shared, notice)),
            Action::Notice(n) => {
                let mut s = (*self).clone();
                s.notice = n;
                return Rc::new(s);
            }
        }
        if book_edit {
            s.notice = None;
            s.revalidate();
        }
        s.refresh();
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: Rc<State>, a: Action) -> Rc<State> {
        s.reduce(a)
    }

    #[test]
    fn bad_leverage_names_the_field_and_keeps_the_last_valid_book() {
        let s = Rc::new(State::default());
        let before = s.view.analysis.clone();
        let s = run(s, Action::SetText(2, PosField::Leverage, "abc".into()));
        assert_eq!(s.error.as_ref().map(|e| e.field.as_str()), Some("positions[2].leverage"));
        assert_eq!(s.draft.positions[2].leverage, "abc", "half-typed text stays");
        assert_eq!(s.view.analysis, before);
        let s = run(s, Action::SetText(2, PosField::Leverage, "5".into()));
        assert!(s.error.is_none());
        assert_ne!(s.view.analysis, before);
    }

    #[test]
    fn price_controls_do_not_reset_each_other() {
        let s = Rc::new(State::default());
        let s = run(s, Action::SetPrice(0, "52000".into()));
        let s = run(s, Action::SetMove("-10".into()));
        assert_eq!(s.base[0], Decimal::from(52_000));
        assert_eq!(s.view.prices.0[0], Decimal::from(46_800));
        let s = run(s, Action::SetPrice(1, "2900".into()));
        assert_eq!(s.market_move, Decimal::from(-10));
        let s = run(s, Action::Anchor);
        assert_eq!(s.base[0], Decimal::from(46_800));
        assert_eq!(s.market_move, Decimal::ZERO);
        let s = run(s, Action::SetPrice(0, "-5".into()));
        assert!(s.price_error.is_some());
        assert_eq!(s.base[0], Decimal::from(46_800));
    }

    #[test]
    fn add_duplicate_remove_and_nudge() {
        let s = Rc::new(State::default());
        let s = run(s, Action::AddPosition);
        assert_eq!(s.book.positions.len(), 4);
        let s = run(s, Action::Duplicate(0));
        assert_eq!(s.book.positions.len(), 5);
        let s = run(s, Action::Remove(4));
        let s = run(s, Action::Remove(99));
        assert_eq!(s.book.positions.len(), 4);
        let s = run(s, Action::NudgeMargin(0, 1));
        assert_eq!(s.book.positions[0].margin, Decimal::from(3_300));
    }

    #[test]
    fn path_mode_latches_liquidations() {
        let s = Rc::new(State::default());
        let s = run(s, Action::TogglePath);
        let s = run(s, Action::SetPrice(0, "30000".into()));
        let s = run(s, Action::SetPrice(0, "60000".into()));
        let p = s.view.path.as_ref().unwrap();
        let (_, iso) = &p.results[1];
        assert!(!iso.as_ref().unwrap().events.is_empty());
    }

    #[test]
    fn invalid_link_scenario_falls_back_to_default_with_message() {
        let mut sc = default_scenario();
        sc.wallet = Decimal::from(-1);
        let s = State::from_shared(Shared { scenario: sc, prices: BTreeMap::new(), market_move: Decimal::ZERO }, None);
        assert!(s.notice.as_deref().unwrap_or("").starts_with("wallet:"));
        assert_eq!(*s.scenario, default_scenario());
    }
}
