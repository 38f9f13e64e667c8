//! Everything the user can do to the page's state, as values.
use margin_engine::scenario::{ModeSpec, SideSpec};
use margin_engine::Scenario;

use crate::io::share::Shared;
use crate::state::asset_edits::AssetField;
use crate::state::draft::{PosField, PositionDraft};
use crate::state::notice::Notice;
use crate::state::tier_draft::TierField;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetWallet(String),
    SetMark(usize, String),
    SetSymbol(usize, String),
    /// A preset name, or `book_edits::CUSTOM`.
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
    /// Adds (`true`) or removes a tenth of the default margin.
    NudgeMargin(usize, bool),
    AddPosition,
    Duplicate(usize),
    Remove(usize),
    SetPrice(usize, String),
    SetMove(String),
    Anchor,
    /// The market the value chart follows (and the verdict map's horizontal axis).
    Select(usize),
    /// The verdict map's vertical axis.
    SelectMapY(usize),
    TogglePath,
    /// Every price back to its mark; path mode starts afresh.
    ResetPath,
    /// Every price back to its mark, walked as a path from where they were
    /// (path mode turns on with the swing recorded when it was off).
    SwingBack,
    /// Time passes (hours) with prices where they are, walked on the path:
    /// funding and interest fall due (path mode turns on as for a swing).
    PassTime(margin_engine::Decimal),
    /// A shipped example by id (its lesson is shown).
    LoadExample(String),
    /// A scenario from a link, with prices.
    Load(Box<Shared>),
    /// A scenario file's content, or why it could not be read.
    Import(Result<Box<Scenario>, Notice>),
    /// The same wallet and markets, no positions.
    NewBook,
    /// Positions read from a pasted table: added, or replacing the book's
    /// positions (`true`).
    Paste(Vec<PositionDraft>, bool),
    /// Back to the book the last load replaced.
    Undo,
    /// Hides the undo bar.
    DismissUndo,
    /// The guided tour at this step (`None`: the tour ends, the book stays).
    Tour(Option<usize>),
    /// A coin held as collateral (none: the first market's coin, 1 held).
    AddAsset,
    RemoveAsset(usize),
    SetAsset(usize, AssetField, String),
    /// `""`: a fixed price; else the market symbol the asset follows.
    SetAssetFollows(usize, String),
    /// How it counts as margin: `asset_draft::FULL`, `FLAT`, `TABLE` or a
    /// collateral preset name.
    SetAssetCounts(usize, String),
    /// Market `m` inverse (`true`) or linear.
    SetContract(usize, bool),
    SetContractSize(usize, String),
    SetTick(usize, String),
    /// Maintenance on the entry price (`true`) or the mark.
    SetMmBasis(usize, bool),
    /// Market `m` follows a venue profile (an unknown id: custom rules).
    SetVenue(usize, String),
    /// Market `m`'s funding rate per interval (empty: none) and interval.
    SetFundingRate(usize, String),
    SetFundingEvery(usize, String),
    /// The rates of the first funding intervals, comma-separated.
    SetFundingSchedule(usize, String),
    /// The holding time in hours (empty: none).
    SetHours(String),
    /// Binance's auto-exchange threshold in USD (empty: none).
    SetAutoExchange(String),
    /// Market `m`'s taker fee rate (empty: no fees).
    SetTaker(usize, String),
    /// Where market `m` counts the fee to close: "none", "mark", "bankruptcy".
    SetCloseFee(usize, String),
    /// Whether an isolated margin on market `m` reserves the fee to close.
    SetCloseInMargin(usize, bool),
    /// Hedge mode's margin on a market (the hedged part at entry).
    SetHedgedAtEntry(usize, bool),
    /// Mango's health rule on a market, and its weight of a positive health.
    SetHealthRule(usize, bool),
    SetHealthWeight(usize, String),
    /// Size-linear rate box `k` (`venue_edits::RATE_BOXES`) of market `m`.
    SetSizeRate(usize, usize, String),
}
