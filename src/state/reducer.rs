//! The page's state and its reducer: the book as typed, the last valid book,
//! the prices, what the charts follow, path mode. Pure: no DOM, no engine
//! analysis (that is derived in `hooks`), so it is tested natively. Every
//! large part sits behind an `Rc`, so an action copies only what it changes.
use std::rc::Rc;

use margin_engine::{Book, Decimal, Error, Prices, Scenario};
use yew::Reducible;

use crate::io::share::Shared;
use crate::state::action::Action;
use crate::state::draft::Draft;
use crate::state::notice::{Attempt, Notice};
use crate::state::prices::PriceControls;

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The book as typed, box by box.
    pub draft: Rc<Draft>,
    /// The last valid scenario and its book (results always show this one).
    pub scenario: Rc<Scenario>,
    pub book: Rc<Book>,
    /// Bumped whenever `book` changes: derived data is keyed on it.
    pub generation: u64,
    /// Why the draft is not a valid book (field and code).
    pub error: Option<Error>,
    /// A link, file or example that could not be opened.
    pub notice: Option<Notice>,
    pub prices: Rc<PriceControls>,
    /// The market the value chart follows and the verdict map's two axes.
    pub selected: usize,
    pub map_y: usize,
    /// Path mode, and which recording (bumped on every restart).
    pub path_on: bool,
    pub path_run: u64,
    /// The samples a new recording walks before the current prices: a swing
    /// started with path mode off records the start (the marks) and the
    /// prices it swung to.
    pub path_seed: Rc<Vec<Prices>>,
    /// The hours let pass in path mode, in order, with the generation and
    /// recording they belong to (a new book or recording starts none).
    pub path_time: Rc<PathTime>,
    /// The example last loaded (its lesson is shown).
    pub example: Option<String>,
    /// What the last action that replaced the whole book replaced, so it
    /// can be undone (one level).
    pub undo: Option<Rc<Undo>>,
    /// The guided tour's step, while it runs.
    pub tour: Option<usize>,
}

/// Time let pass on a recording: `(generation, run)` it belongs to and the
/// hours of each press.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathTime {
    pub generation: u64,
    pub run: u64,
    pub hours: Vec<margin_engine::Decimal>,
}

/// A replaced book, and what happened to it, in a sentence for the undo
/// bar ("Your book was replaced by the example “Hedged pair”.").
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    pub what: String,
    pub before: AppState,
}

/// The shipped default scenario, or (should it ever fail to parse) a
/// one-market book: the page always has a book.
pub fn default_scenario() -> Scenario {
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
            ..Default::default()
        }],
        ..Default::default()
    })
}

impl Default for AppState {
    fn default() -> Self {
        AppState::from_shared(Shared::at_marks(default_scenario()), None)
    }
}

impl AppState {
    /// A state from a link or example; an invalid scenario falls back to the
    /// default book, with the reason.
    pub fn from_shared(shared: Shared, notice: Option<Notice>) -> AppState {
        let (scenario, book, notice) = match Book::new(&shared.scenario) {
            Ok(b) => (shared.scenario, b, notice),
            Err(e) => {
                let s = default_scenario();
                match Book::new(&s) {
                    Ok(b) => (s, b, Some(notice.unwrap_or(Notice::new(Attempt::Link, e)))),
                    Err(fatal) => return AppState::broken(fatal),
                }
            }
        };
        let prices = PriceControls::from_shared(&book, &shared.prices, shared.market_move);
        let mut s = AppState {
            draft: Rc::new(Draft::from_scenario(&scenario)),
            scenario: Rc::new(scenario),
            book: Rc::new(book),
            generation: 0,
            error: None,
            notice,
            prices: Rc::new(prices),
            selected: 0,
            map_y: 1,
            path_on: false,
            path_run: 0,
            path_seed: Rc::default(),
            path_time: Rc::default(),
            example: None,
            undo: None,
            tour: None,
        };
        s.fix_axes();
        s
    }

    /// What a link hash opens: its scenario, or the default book with the reason.
    pub fn from_hash(hash: &str) -> AppState {
        match crate::io::share::decode(hash) {
            Ok(Some(shared)) => AppState::from_shared(shared, None),
            Ok(None) => AppState::default(),
            Err(e) => AppState {
                notice: Some(Notice::new(Attempt::Link, e)),
                ..AppState::default()
            },
        }
    }

    /// Unreachable in practice (the built-in default book is valid, tests
    /// check it): a state that says so instead of panicking.
    fn broken(e: Error) -> AppState {
        let scenario = default_scenario();
        let book = Book::new(&Scenario {
            positions: vec![],
            ..scenario.clone()
        })
        .or_else(|_| Book::new(&scenario));
        match book {
            Ok(book) => AppState {
                draft: Rc::new(Draft::from_scenario(&scenario)),
                prices: Rc::new(PriceControls::at_marks(&book)),
                scenario: Rc::new(scenario),
                book: Rc::new(book),
                generation: 0,
                error: Some(e),
                notice: None,
                selected: 0,
                map_y: 0,
                path_on: false,
                path_run: 0,
                path_seed: Rc::default(),
                path_time: Rc::default(),
                example: None,
                undo: None,
                tour: None,
            },
            // Nothing valid at all: stop here rather than show made-up numbers.
            Err(_) => std::process::abort(),
        }
    }

    /// The share data of the current state.
    pub fn shared(&self) -> Shared {
        Shared {
            scenario: (*self.scenario).clone(),
            prices: self
                .book
                .markets()
                .iter()
                .zip(&self.prices.base)
                .map(|(m, p)| (m.symbol.clone(), *p))
                .collect(),
            market_move: self.prices.market_move,
        }
    }

    /// Validates the draft; a valid one becomes the book.
    fn revalidate(&mut self) {
        match self
            .draft
            .to_scenario()
            .and_then(|s| Book::new(&s).map(|b| (s, b)))
        {
            Ok((s, b)) => {
                self.error = None;
                if b != *self.book {
                    self.adopt(s, b);
                } else {
                    self.scenario = Rc::new(s);
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    fn adopt(&mut self, s: Scenario, b: Book) {
        Rc::make_mut(&mut self.prices).follow(&self.book, &b);
        // The charts' markets follow their symbols when markets come and go.
        let follow = |i: usize| {
            let sym = self.book.markets().get(i).map(|m| m.symbol.as_str());
            sym.and_then(|sym| b.markets().iter().position(|m| m.symbol == sym))
                .unwrap_or(i)
        };
        let (selected, map_y) = (follow(self.selected), follow(self.map_y));
        self.selected = selected;
        self.map_y = map_y;
        self.scenario = Rc::new(s);
        self.book = Rc::new(b);
        self.generation = self.generation.wrapping_add(1);
        self.restart_path();
        self.fix_axes();
    }

    /// The charts follow market `symbol` (if the book has it).
    pub fn follow_market(&mut self, symbol: &str) {
        if let Some(m) = self.book.markets().iter().position(|x| x.symbol == symbol) {
            self.selected = m;
            self.fix_axes();
        }
    }

    /// Path mode on, recording from the start (the marks) to the prices
    /// set, when it was off (a swing or time let pass is walked as a path).
    fn record_from_marks(&mut self, book: &Book) {
        if !self.path_on {
            let seed = [Some(book.marks()), self.prices.effective(book).ok()];
            self.path_on = true;
            self.restart_path();
            self.path_seed = Rc::new(seed.into_iter().flatten().collect());
        }
    }

    /// Path mode records afresh from the current prices.
    fn restart_path(&mut self) {
        self.path_run = self.path_run.wrapping_add(1);
        self.path_seed = Rc::default();
    }

    /// Keeps the chart markets inside the book and the map's axes distinct.
    fn fix_axes(&mut self) {
        let n = self.book.markets().len();
        self.selected = self.selected.min(n.saturating_sub(1));
        if self.map_y >= n || self.map_y == self.selected {
            self.map_y = (0..n).find(|&m| m != self.selected).unwrap_or(0);
        }
    }

    /// Replaces everything with a scenario (keeping the generation moving);
    /// `what` names it for the undo bar.
    fn load(&mut self, shared: Shared, notice: Option<Notice>, what: String) {
        let before = self.undo_point(what);
        self.become_state(AppState::from_shared(shared, notice));
        self.undo = Some(before);
    }

    /// This state as what undo brings back, with the sentence saying what
    /// is about to replace it (one level: its own undo and notice dropped).
    fn undo_point(&self, what: String) -> Rc<Undo> {
        let mut before = self.clone();
        before.undo = None;
        before.notice = None;
        Rc::new(Undo { what, before })
    }

    /// Becomes `next`, keeping the generation and the path run moving (so
    /// nothing cached for the state left behind is taken for this one) and
    /// path mode as it was.
    fn become_state(&mut self, next: AppState) {
        let generation = self.generation.wrapping_add(1);
        let path_run = self.path_run.wrapping_add(1);
        let path_on = self.path_on;
        *self = next;
        self.generation = generation;
        self.path_run = path_run;
        self.path_on = path_on;
    }
}

impl AppState {
    /// An edit of the book as typed (nothing else).
    fn edit(&mut self, action: Action) {
        let selected = self.selected;
        let d = Rc::make_mut(&mut self.draft);
        match action {
            Action::SetWallet(t) => d.wallet = t,
            Action::AddAsset => d.add_asset(),
            Action::RemoveAsset(i) => d.remove_asset(i),
            Action::SetAsset(i, f, t) => d.set_asset(i, f, t),
            Action::SetAssetFollows(i, m) => d.set_asset_follows(i, m),
            Action::SetAssetCounts(i, c) => d.set_asset_counts(i, c),
            Action::SetContract(m, inverse) => d.set_contract(m, inverse),
            Action::SetContractSize(m, t) => d.set_contract_size(m, t),
            Action::SetTick(m, t) => d.set_tick(m, t),
            Action::SetMmBasis(m, entry) => d.set_mm_basis(m, entry),
            Action::SetVenue(m, id) => d.set_venue(m, &id),
            Action::SetTaker(m, t) => d.set_taker(m, t),
            Action::SetFundingRate(m, t) => d.set_funding_rate(m, t),
            Action::SetFundingEvery(m, t) => d.set_funding_every(m, t),
            Action::SetFundingSchedule(m, t) => d.set_funding_schedule(m, t),
            Action::SetHours(t) => d.hours = t,
            Action::SetAutoExchange(t) => d.auto_exchange = t,
            Action::SetCloseFee(m, v) => d.set_close_fee(m, &v),
            Action::SetCloseInMargin(m, on) => d.set_close_in_margin(m, on),
            Action::SetHedgedAtEntry(m, on) => d.set_hedged_at_entry(m, on),
            Action::SetHealthRule(m, on) => d.set_health_rule(m, on),
            Action::SetHealthWeight(m, t) => d.set_health_weight(m, t),
            Action::SetSizeRate(m, k, t) => d.set_size_rate(m, k, t),
            Action::SetMark(m, t) => {
                if let Some(md) = d.markets.get_mut(m) {
                    md.mark = t;
                }
            }
            Action::SetSymbol(m, t) => d.rename_market(m, t),
            Action::SetTierSource(m, v) => d.set_tier_source(m, &v),
            Action::SetTier(m, j, f, t) => d.set_tier(m, j, f, t),
            Action::AddTier(m) => d.add_tier(m),
            Action::RemoveTier(m, j) => d.remove_tier(m, j),
            Action::AddMarket => d.add_market(),
            Action::RemoveMarket(m) => d.remove_market(m),
            Action::SetText(i, f, t) => {
                if let Some(p) = d.positions.get_mut(i) {
                    *p.text_mut(f) = t;
                }
            }
            Action::SetMarket(i, sym) => {
                // A position moved to another market starts at that
                // market's mark: the old market's entry price means nothing there.
                let target = d.markets.iter().find(|m| m.symbol == sym);
                let mark = target.map(|m| m.mark.clone());
                // Unsettled PnL belongs to Mango's rule: on a market
                // without it the box goes, and so does its value.
                let health = target.is_some_and(|m| m.health_weight.is_some());
                if let Some(p) = d.positions.get_mut(i) {
                    if p.market != sym {
                        if let Some(mark) = mark {
                            p.entry = mark;
                        }
                        if !health {
                            p.unsettled.clear();
                        }
                    }
                    p.market = sym;
                }
            }
            Action::SetSide(i, side) => {
                if let Some(p) = d.positions.get_mut(i) {
                    p.side = side;
                }
            }
            Action::SetMode(i, mode) => d.set_mode(i, mode),
            Action::NudgeMargin(i, more) => d.nudge_margin(i, more),
            Action::AddPosition => d.add_position(selected),
            Action::Duplicate(i) => d.duplicate_position(i),
            Action::Remove(i) => d.remove_position(i),
            _ => {}
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let book = Rc::clone(&s.book);
        match action {
            Action::SetPrice(m, t) => {
                Rc::make_mut(&mut s.prices).set_price(&book, m, t);
                // The chart and the verdict follow the market being moved.
                if m < book.markets().len() {
                    s.selected = m;
                    s.fix_axes();
                }
            }
            Action::SetMove(t) => Rc::make_mut(&mut s.prices).set_move(&book, t),
            Action::Anchor => Rc::make_mut(&mut s.prices).anchor(&book),
            Action::Select(m) => {
                if m < book.markets().len() {
                    s.selected = m;
                    s.fix_axes();
                }
            }
            Action::SelectMapY(m) => {
                if m < book.markets().len() && m != s.selected {
                    s.map_y = m;
                }
            }
            Action::TogglePath => {
                s.path_on = !s.path_on;
                s.restart_path();
            }
            Action::ResetPath => {
                Rc::make_mut(&mut s.prices).reset(&book);
                s.restart_path();
            }
            Action::SwingBack => {
                s.record_from_marks(&book);
                Rc::make_mut(&mut s.prices).reset(&book);
            }
            Action::PassTime(hours) => {
                s.record_from_marks(&book);
                let (generation, run) = (s.generation, s.path_run);
                let t = Rc::make_mut(&mut s.path_time);
                if (t.generation, t.run) != (generation, run) {
                    *t = PathTime {
                        generation,
                        run,
                        hours: Vec::new(),
                    };
                }
                if t.hours.len() < margin_engine::MAX_SAMPLES {
                    t.hours.push(hours);
                }
            }
            Action::LoadExample(id) => {
                let loaded = margin_engine::samples::get(&id)
                    .ok_or_else(|| Notice::text(Attempt::Example, format!("no example \"{id}\"")))
                    .and_then(|x| {
                        Scenario::from_json(x.json).map_err(|e| Notice::new(Attempt::Example, e))
                    });
                match loaded {
                    Ok(scenario) => {
                        let title = margin_engine::samples::get(&id)
                            .map(|x| x.title)
                            .unwrap_or_default();
                        s.load(
                            Shared::at_marks(scenario),
                            None,
                            format!("Your book was replaced by the example “{title}”."),
                        );
                        s.example = Some(id);
                    }
                    Err(n) => s.notice = Some(n),
                }
            }
            Action::Load(shared) => s.load(
                *shared,
                None,
                "Your book was replaced by the book in the link.".to_owned(),
            ),
            Action::Import(Ok(scenario)) => match Book::new(&scenario) {
                Ok(_) => s.load(
                    Shared::at_marks(*scenario),
                    None,
                    "Your book was replaced by the imported file.".to_owned(),
                ),
                Err(e) => s.notice = Some(Notice::new(Attempt::Import, e)),
            },
            Action::NewBook => {
                // The same wallet and markets, no positions.
                let scenario = Scenario {
                    positions: vec![],
                    ..(*s.scenario).clone()
                };
                s.load(
                    Shared::at_marks(scenario),
                    None,
                    "Your book was replaced by a new, empty book (same wallet and markets)."
                        .to_owned(),
                );
            }
            Action::Paste(rows, replace) => {
                let n = rows.len();
                let before = s.undo_point(format!(
                    "{n} pasted position{} {}.",
                    if n == 1 { "" } else { "s" },
                    if replace {
                        "replaced your book's positions"
                    } else if n == 1 {
                        "was added to your book"
                    } else {
                        "were added to your book"
                    }
                ));
                Rc::make_mut(&mut s.draft).paste(rows, replace);
                s.notice = None;
                s.revalidate();
                s.undo = Some(before);
            }
            Action::Undo => {
                if let Some(u) = s.undo.take() {
                    s.become_state(u.before.clone());
                    s.tour = None;
                }
            }
            Action::Tour(None) => s.tour = None,
            Action::Tour(Some(step)) => {
                if let Some(st) = crate::state::tour::STEPS.get(step) {
                    // The book from before the tour stays the one undo brings back.
                    let before = s.undo.clone().filter(|_| s.tour.is_some());
                    // Each step starts from the present, not a recorded path.
                    s.path_on = false;
                    s.restart_path();
                    let mut next = Rc::new(s);
                    for a in (st.actions)() {
                        next = next.reduce(a);
                    }
                    s = (*next).clone();
                    if let Some(b) = before {
                        s.undo = Some(b);
                    } else if let Some(u) = s.undo.as_mut() {
                        Rc::make_mut(u).what = "The guided tour replaced your book.".to_owned();
                    }
                    s.tour = Some(step);
                }
            }
            Action::DismissUndo => s.undo = None,
            Action::Import(Err(n)) => s.notice = Some(n),
            edit => {
                s.edit(edit);
                s.notice = None;
                s.revalidate();
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::state::draft::PosField;
    use crate::state::tier_draft::TierField;
    use margin_engine::ErrorKind;

    fn run(s: Rc<AppState>, a: Action) -> Rc<AppState> {
        s.reduce(a)
    }

    fn symbols(s: &AppState) -> Vec<&str> {
        s.book.markets().iter().map(|m| m.symbol.as_str()).collect()
    }

    #[test]
    fn bad_leverage_names_the_field_and_keeps_the_last_valid_book() {
        let s = Rc::new(AppState::default());
        let before = Rc::clone(&s.book);
        let s = run(s, Action::SetText(2, PosField::Leverage, "abc".into()));
        assert_eq!(
            s.error.as_ref().map(|e| e.field.as_str()),
            Some("positions[2].leverage")
        );
        assert_eq!(s.error.as_ref().map(|e| e.kind.code()), Some("malformed"));
        assert_eq!(
            s.draft.positions[2].leverage, "abc",
            "half-typed text stays"
        );
        assert_eq!(s.book, before);
        let g = s.generation;
        let s = run(s, Action::SetText(2, PosField::Leverage, "5".into()));
        assert!(s.error.is_none());
        assert_ne!(s.book, before);
        assert_ne!(
            s.generation, g,
            "derived data is recomputed for the new book"
        );
    }

    #[test]
    fn price_actions_do_not_touch_the_book() {
        let s = Rc::new(AppState::default());
        let (g, draft) = (s.generation, Rc::clone(&s.draft));
        let s = run(s, Action::SetPrice(1, "2900".into()));
        assert_eq!(s.generation, g);
        assert!(
            Rc::ptr_eq(&s.draft, &draft),
            "the draft is not copied by a price move"
        );
        assert_eq!(s.selected, 1, "the chart follows the market being moved");
        assert_ne!(s.map_y, 1);
    }

    #[test]
    fn add_duplicate_remove_and_nudge() {
        let s = Rc::new(AppState::default());
        let s = run(s, Action::AddPosition);
        assert_eq!(s.book.positions().len(), 4);
        let s = run(s, Action::Duplicate(0));
        assert_eq!(s.book.positions().len(), 5);
        let s = run(s, Action::Remove(4));
        let s = run(s, Action::Remove(99));
        assert_eq!(s.book.positions().len(), 4);
        let s = run(s, Action::NudgeMargin(0, true));
        assert_eq!(s.book.positions()[0].margin, Decimal::from(3_300));
    }

    #[test]
    fn a_huge_margin_nudged_never_panics() {
        let s = Rc::new(AppState::default());
        let mut s = run(
            s,
            Action::SetText(0, PosField::Margin, "79228162514264337593543950335".into()),
        );
        for more in [false, false, true, true] {
            s = run(s, Action::NudgeMargin(0, more));
        }
        assert!(s.error.is_some(), "that margin is out of range and says so");
        let s = run(s, Action::SetPrice(0, "50000".into()));
        assert_eq!(s.prices.base[0], Decimal::from(50_000));
    }

    #[test]
    fn path_mode_restarts_on_toggle_reset_and_book_change() {
        let s = Rc::new(AppState::default());
        let r0 = s.path_run;
        let s = run(s, Action::TogglePath);
        assert!(s.path_on);
        let r1 = s.path_run;
        assert_ne!(r0, r1);
        let s = run(s, Action::SetPrice(0, "30000".into()));
        assert_eq!(s.path_run, r1, "a price move extends the same recording");
        let s = run(s, Action::ResetPath);
        assert_ne!(s.path_run, r1);
        assert_eq!(s.prices.base[0], Decimal::from(60_000));
    }

    #[test]
    fn unsettled_pnl_goes_with_mangos_rule() {
        let sc = Scenario::from_json(
            r#"{"version": 2, "quote": "USDC", "wallet": "95",
            "markets": [
              {"symbol": "A", "mark": "150", "settle_health": {"positive_weight": "0.95"}, "tiers": [{"floor": "0", "cap": null, "mmr": "0.1", "max_leverage": "10"}]},
              {"symbol": "C", "mark": "10", "tiers": [{"floor": "0", "cap": null, "mmr": "0.05", "max_leverage": "20"}]}],
            "positions": [{"market": "A", "side": "long", "size": "1", "entry": "100", "leverage": "10", "mode": "cross"}]}"#,
        )
        .unwrap();
        let s = Rc::new(AppState::default());
        let s = run(s, Action::Import(Ok(Box::new(sc))));
        let s = run(s, Action::SetText(0, PosField::Unsettled, "25".into()));
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(s.scenario.positions[0].unsettled, Some(Decimal::from(25)));
        // Moved to a market without the rule: its unsettled PnL is cleared,
        // and the book stays valid.
        let s = run(s, Action::SetMarket(0, "C".into()));
        assert_eq!(s.draft.positions[0].unsettled, "");
        assert!(s.error.is_none(), "{:?}", s.error);
        // The rule turned off on a market clears its positions' too.
        let s = run(s, Action::SetMarket(0, "A".into()));
        let s = run(s, Action::SetText(0, PosField::Unsettled, "5".into()));
        assert!(s.error.is_none(), "{:?}", s.error);
        let s = run(s, Action::SetHealthRule(0, false));
        assert_eq!(s.draft.positions[0].unsettled, "");
        assert!(s.error.is_none(), "{:?}", s.error);
    }

    #[test]
    fn time_let_pass_belongs_to_its_recording() {
        let s = Rc::new(AppState::default());
        let s = run(s, Action::SetPrice(0, "50000".into()));
        let s = run(s, Action::PassTime(Decimal::from(8)));
        // Path mode on, recorded from the marks to the prices set.
        assert!(s.path_on);
        assert_eq!(s.path_seed.len(), 2);
        assert_eq!(s.path_time.hours, vec![Decimal::from(8)]);
        assert_eq!(
            (s.path_time.generation, s.path_time.run),
            (s.generation, s.path_run)
        );
        let s = run(s, Action::PassTime(Decimal::from(24)));
        assert_eq!(s.path_time.hours.len(), 2);
        // A new recording starts with no time passed.
        let s = run(s, Action::ResetPath);
        let s = run(s, Action::PassTime(Decimal::from(1)));
        assert_eq!(s.path_time.hours, vec![Decimal::ONE]);
    }

    #[test]
    fn whatever_replaces_the_book_can_be_undone() {
        let s = Rc::new(AppState::default());
        let s = run(s, Action::SetText(0, PosField::Size, "2".into()));
        let edited = Rc::clone(&s.book);
        let s = run(s, Action::LoadExample("hedged-pair".into()));
        assert_ne!(s.book, edited);
        assert!(s
            .undo
            .as_ref()
            .is_some_and(|u| u.what.contains("Hedged pair")));
        let g = s.generation;
        let s = run(s, Action::Undo);
        assert_eq!(s.book, edited, "the edited book is back");
        assert_eq!(s.draft.positions[0].size, "2");
        assert!(s.undo.is_none());
        assert_ne!(
            s.generation, g,
            "caches keyed on the generation start afresh"
        );
        let s = run(s, Action::NewBook);
        assert!(s.book.positions().is_empty());
        assert_eq!(s.book.markets().len(), edited.markets().len());
        let s = run(s, Action::DismissUndo);
        assert!(s.undo.is_none());
        let s = run(s, Action::Undo);
        assert!(s.book.positions().is_empty(), "nothing to undo");
    }

    #[test]
    fn a_pasted_table_adds_positions_and_markets_and_can_be_undone() {
        let s = Rc::new(AppState::default());
        let before = Rc::clone(&s.book);
        let p = crate::io::paste::read(
            "XRPUSDT short 1,000 0.5 20x\nBTCUSDT long 0.2 61000 10 isolated 1500\nFOOUSDT long 3 2 5\n",
        );
        let s = run(s, Action::Paste(p.positions().unwrap(), false));
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(s.book.positions().len(), 6);
        let xrp = s
            .book
            .markets()
            .iter()
            .find(|m| m.symbol == "XRPUSDT")
            .unwrap();
        assert_eq!(
            xrp.mark,
            Decimal::new(5, 1),
            "a new market's mark is the pasted entry"
        );
        let s = run(s, Action::Undo);
        assert_eq!(s.book, before);
        let s = run(s, Action::Paste(p.positions().unwrap(), true));
        assert_eq!(s.book.positions().len(), 3);
        let mut syms = symbols(&s);
        syms.sort_unstable();
        assert_eq!(syms, ["BTCUSDT", "FOOUSDT", "XRPUSDT"]);
        assert!(s
            .undo
            .as_ref()
            .is_some_and(|u| u.what == "3 pasted positions replaced your book's positions."));
    }

    #[test]
    fn the_tour_shows_each_step_and_undo_brings_the_book_back() {
        let s = Rc::new(AppState::default());
        let s = run(s, Action::SetText(0, PosField::Size, "2".into()));
        let mine = Rc::clone(&s.book);
        let s = run(s, Action::Tour(Some(1)));
        assert_eq!(s.tour, Some(1));
        assert_eq!(s.prices.market_move, Decimal::from(12));
        let s = run(s, Action::Tour(Some(2)));
        assert!(s.path_on, "step 3 is the swing back");
        assert_eq!(s.prices.market_move, Decimal::ZERO);
        let s = run(s, Action::Tour(Some(3)));
        assert_eq!(s.prices.base[2], Decimal::from(120));
        assert!(!s.path_on);
        let s = run(s, Action::Tour(Some(1)));
        assert!(!s.path_on, "back to step 2: the present again");
        let s = run(s, Action::Tour(Some(3)));
        let s = run(s, Action::Tour(Some(99)));
        assert_eq!(s.tour, Some(3), "no such step: nothing changes");
        assert_eq!(
            s.undo.as_ref().map(|u| u.what.as_str()),
            Some("The guided tour replaced your book.")
        );
        let s = run(s, Action::Undo);
        assert_eq!(s.book, mine);
        assert_eq!(s.tour, None);
    }

    #[test]
    fn a_position_moved_to_another_market_starts_at_its_mark() {
        let s = Rc::new(AppState::default());
        let s = run(s, Action::SetMarket(0, "SOLUSDT".into()));
        assert_eq!(s.draft.positions[0].entry, "150");
        assert_eq!(s.book.positions()[0].entry, Decimal::from(150));
        assert!(s.error.is_none());
    }

    #[test]
    fn a_swing_back_records_the_start_and_the_far_point() {
        let s = Rc::new(AppState::default());
        let s = run(s, Action::SetMove("12".into()));
        let far = s.prices.effective(&s.book).unwrap();
        let s = run(s, Action::SwingBack);
        assert!(s.path_on, "the swing turns path mode on");
        assert_eq!(*s.path_seed, vec![s.book.marks(), far]);
        assert_eq!(s.prices.effective(&s.book).unwrap(), s.book.marks());
        // In path mode already, a swing back extends the same recording.
        let (run_id, seed) = (s.path_run, Rc::clone(&s.path_seed));
        let s = run(s, Action::SetPrice(0, "50000".into()));
        let s = run(s, Action::SwingBack);
        assert_eq!(s.path_run, run_id);
        assert!(Rc::ptr_eq(&s.path_seed, &seed));
        assert_eq!(s.prices.effective(&s.book).unwrap(), s.book.marks());
        let s = run(s, Action::TogglePath);
        assert!(s.path_seed.is_empty());
    }

    #[test]
    fn invalid_link_scenario_falls_back_to_default_with_message() {
        let mut sc = default_scenario();
        sc.wallet = Decimal::from(-1);
        let s = AppState::from_shared(
            Shared {
                scenario: sc,
                prices: std::collections::BTreeMap::new(),
                market_move: Decimal::ZERO,
            },
            None,
        );
        let n = s.notice.as_ref().unwrap();
        assert_eq!(n.error.field, "wallet");
        assert!(
            n.message()
                .starts_with("Could not open the shared link: wallet:"),
            "{}",
            n.message()
        );
        assert_eq!(*s.scenario, default_scenario());
    }

    #[test]
    fn examples_load_and_an_unknown_one_says_so() {
        let s = Rc::new(AppState::default());
        let s = run(s, Action::LoadExample("hedged-pair".into()));
        assert_eq!(s.example.as_deref(), Some("hedged-pair"));
        assert!(s.notice.is_none());
        let s = run(s, Action::LoadExample("<script>".into()));
        assert_eq!(s.notice.as_ref().map(|n| n.attempt), Some(Attempt::Example));
        assert_eq!(s.example.as_deref(), Some("hedged-pair"), "the book stays");
    }

    #[test]
    fn an_import_that_does_not_validate_keeps_the_book() {
        let s = Rc::new(AppState::default());
        let mut sc = default_scenario();
        sc.positions[1].size = Decimal::from(-2);
        let s = run(s, Action::Import(Ok(Box::new(sc))));
        let n = s.notice.as_ref().unwrap();
        assert_eq!(n.attempt, Attempt::Import);
        assert_eq!(n.error.field, "positions[1].size");
        assert!(matches!(n.error.kind, ErrorKind::NotPositive { .. }));
        assert_eq!(*s.scenario, default_scenario());
    }

    // The market edits, through the reducer.

    #[test]
    fn add_market_offers_starters_then_custom() {
        let s = Rc::new(AppState::default());
        let s = run(s, Action::AddMarket);
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(symbols(&s), ["BTCUSDT", "ETHUSDT", "SOLUSDT", "NEWUSDT"]);
        assert_eq!(s.prices.base.len(), 4);
        assert_eq!(s.prices.text.len(), 4);
        assert_eq!(s.prices.effective(&s.book).unwrap().0.len(), 4);
        assert!(s.scenario.markets[3]
            .tiers
            .as_ref()
            .is_some_and(|t| t.len() == 1));
        // Removing markets brings the starters back, with their presets.
        let s = run(s, Action::RemoveMarket(3));
        let s = run(s, Action::Remove(2));
        let s = run(s, Action::RemoveMarket(2));
        assert_eq!(symbols(&s), ["BTCUSDT", "ETHUSDT"]);
        let s = run(s, Action::AddMarket);
        assert_eq!(symbols(&s), ["BTCUSDT", "ETHUSDT", "SOLUSDT"]);
        assert_eq!(
            s.scenario.markets[2].preset.as_deref(),
            Some("binance-usdm-solusdt-2024")
        );
        assert_eq!(s.prices.base[2], Decimal::from(150));
    }

    #[test]
    fn remove_market_is_blocked_while_a_position_uses_it() {
        let s = Rc::new(AppState::default());
        let s = run(s, Action::Select(2));
        let s = run(s, Action::RemoveMarket(1));
        assert_eq!(symbols(&s), ["BTCUSDT", "ETHUSDT", "SOLUSDT"]);
        let s = run(s, Action::Remove(1));
        let s = run(s, Action::RemoveMarket(1));
        assert!(s.error.is_none());
        assert_eq!(symbols(&s), ["BTCUSDT", "SOLUSDT"]);
        assert_eq!(s.prices.base, [Decimal::from(60_000), Decimal::from(150)]);
        assert_eq!(s.selected, 1, "the chart stays on SOLUSDT");
        assert!(s.map_y < 2 && s.map_y != s.selected);
        let s = run(s, Action::RemoveMarket(7));
        assert_eq!(s.book.markets().len(), 2);
    }

    #[test]
    fn renaming_a_symbol_carries_its_positions() {
        let s = Rc::new(AppState::default());
        let s = run(s, Action::SetSymbol(0, "XBT".into()));
        let s = run(s, Action::SetSymbol(0, "XBTUSDT".into()));
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(s.draft.positions[0].market, "XBTUSDT");
        assert_eq!(s.book.markets()[0].symbol, "XBTUSDT");
        assert_eq!(s.book.positions()[0].market, 0);
        let s = run(s, Action::SetSymbol(0, String::new()));
        assert_eq!(
            s.error.as_ref().map(|e| e.field.as_str()),
            Some("markets[0].symbol")
        );
        assert_eq!(s.book.markets()[0].symbol, "XBTUSDT");
    }

    #[test]
    fn a_custom_rate_changes_maintenance_margin() {
        let s = Rc::new(AppState::default());
        let mm = |s: &AppState| {
            s.book.markets()[0]
                .tiers
                .maintenance(Decimal::from(60_000))
                .unwrap()
                .margin
        };
        let before = mm(&s);
        let s = run(
            s,
            Action::SetTierSource(0, crate::state::book_edits::CUSTOM.into()),
        );
        assert!(s.error.is_none());
        assert_eq!(s.draft.markets[0].tiers.len(), 12);
        assert_eq!(mm(&s), before, "the copy is the same table");
        let s = run(s, Action::SetTier(0, 1, TierField::Mmr, "0.006".into()));
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(
            mm(&s),
            Decimal::from(60_000) * Decimal::new(6, 3) - Decimal::from(50)
        );
        assert!(s.scenario.markets[0].tiers.is_some() && s.scenario.markets[0].preset.is_none());
        // A preset replaces the custom table.
        let s = run(
            s,
            Action::SetTierSource(0, "binance-usdm-btcusdt-2024-10".into()),
        );
        assert_eq!(mm(&s), before);
        assert!(s.scenario.markets[0].tiers.is_none());
    }

    #[test]
    fn an_overlapping_tier_names_its_floor_and_keeps_the_last_book() {
        let s = Rc::new(AppState::default());
        let s = run(
            s,
            Action::SetTierSource(0, crate::state::book_edits::CUSTOM.into()),
        );
        let book = s.book.clone();
        let s = run(s, Action::SetTier(0, 1, TierField::Floor, "40000".into()));
        let e = s.error.as_ref().expect("an error");
        assert_eq!(e.field, "markets[0].tiers[1].floor");
        assert!(e.to_string().contains("contiguous"), "{e}");
        assert_eq!(s.book, book);
        let s = run(s, Action::SetTier(0, 1, TierField::Mmr, "x".into()));
        assert_eq!(
            s.error.as_ref().map(|e| e.field.as_str()),
            Some("markets[0].tiers[1].mmr")
        );
    }

    #[test]
    fn tiers_can_be_added_and_removed() {
        let s = Rc::new(AppState::default());
        let s = run(
            s,
            Action::SetTierSource(2, crate::state::book_edits::CUSTOM.into()),
        );
        let s = run(s, Action::AddTier(2));
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(s.book.markets()[2].tiers.tiers().len(), 11);
        let s = run(s, Action::RemoveTier(2, 4));
        let s = run(s, Action::RemoveTier(2, 0));
        let s = run(s, Action::RemoveTier(2, 99));
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(s.book.markets()[2].tiers.tiers().len(), 9);
    }
}
