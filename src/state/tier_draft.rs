//! A market's tier table as text in boxes: either a shipped preset (by name)
//! or a custom table whose rows are edited field by field.
use margin_engine::scenario::TierSpec;
use margin_engine::{Decimal, Error};

use crate::format::plain;
use crate::state::field::{parse, parse_optional};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TierDraft {
    pub floor: String,
    /// Empty = open-ended (the last tier).
    pub cap: String,
    pub mmr: String,
    /// Empty = derived from the rates.
    pub cum: String,
    pub max_leverage: String,
}

/// Which text field of a tier row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierField {
    Floor,
    Cap,
    Mmr,
    Cum,
    MaxLeverage,
}

impl TierField {
    pub const ALL: [TierField; 5] = [
        TierField::Floor,
        TierField::Cap,
        TierField::Mmr,
        TierField::Cum,
        TierField::MaxLeverage,
    ];

    /// The engine's name of the field.
    pub fn name(self) -> &'static str {
        match self {
            TierField::Floor => "floor",
            TierField::Cap => "cap",
            TierField::Mmr => "mmr",
            TierField::Cum => "cum",
            TierField::MaxLeverage => "max_leverage",
        }
    }

    /// Words for a screen reader.
    pub fn label(self) -> &'static str {
        match self {
            TierField::Floor => "floor",
            TierField::Cap => "cap",
            TierField::Mmr => "maintenance rate",
            TierField::Cum => "maintenance amount",
            TierField::MaxLeverage => "max leverage",
        }
    }
}

impl TierDraft {
    pub fn from_spec(t: &TierSpec) -> Self {
        TierDraft {
            floor: plain(t.floor),
            cap: t.cap.map(plain).unwrap_or_default(),
            mmr: plain(t.mmr),
            cum: t.cum.map(plain).unwrap_or_default(),
            max_leverage: plain(t.max_leverage),
        }
    }

    pub fn text(&self, f: TierField) -> &str {
        match f {
            TierField::Floor => &self.floor,
            TierField::Cap => &self.cap,
            TierField::Mmr => &self.mmr,
            TierField::Cum => &self.cum,
            TierField::MaxLeverage => &self.max_leverage,
        }
    }

    pub fn text_mut(&mut self, f: TierField) -> &mut String {
        match f {
            TierField::Floor => &mut self.floor,
            TierField::Cap => &mut self.cap,
            TierField::Mmr => &mut self.mmr,
            TierField::Cum => &mut self.cum,
            TierField::MaxLeverage => &mut self.max_leverage,
        }
    }

    /// `prefix` is e.g. `markets[0].tiers[1]`.
    pub fn to_spec(&self, prefix: &str) -> Result<TierSpec, Error> {
        let at = |f: TierField| format!("{prefix}.{}", f.name());
        Ok(TierSpec {
            floor: parse(&at(TierField::Floor), &self.floor)?,
            cap: parse_optional(&at(TierField::Cap), &self.cap)?,
            mmr: parse(&at(TierField::Mmr), &self.mmr)?,
            cum: parse_optional(&at(TierField::Cum), &self.cum)?,
            max_leverage: parse(&at(TierField::MaxLeverage), &self.max_leverage)?,
        })
    }
}

/// The rows of a shipped preset (empty if it is unknown).
pub fn preset_rows(name: &str) -> Vec<TierDraft> {
    margin_engine::presets::get(name)
        .and_then(|p| p.tiers().ok())
        .map(|t| t.iter().map(TierDraft::from_spec).collect())
        .unwrap_or_default()
}

/// A new row after the last one: the last gets a cap if it had none.
pub fn next_row(rows: &mut Vec<TierDraft>) {
    let Some(last) = rows.last_mut() else {
        rows.push(one_tier());
        return;
    };
    if last.cap.trim().is_empty() {
        // Close the open tier at twice its floor (a million for a floor of 0).
        let floor = crate::state::field::parse("floor", &last.floor).unwrap_or_default();
        let cap = if floor <= Decimal::ZERO {
            Decimal::from(1_000_000)
        } else {
            floor.checked_mul(Decimal::TWO).unwrap_or(floor)
        };
        last.cap = plain(cap);
    }
    let row = TierDraft {
        floor: last.cap.clone(),
        cap: String::new(),
        mmr: last.mmr.clone(),
        cum: String::new(),
        max_leverage: last.max_leverage.clone(),
    };
    rows.push(row);
}

/// Removes row `j`, keeping the neighbours contiguous; the last row stays.
pub fn remove_row(rows: &mut Vec<TierDraft>, j: usize) {
    if rows.len() <= 1 || j >= rows.len() {
        return;
    }
    let removed = rows.remove(j);
    match j.checked_sub(1) {
        None => {
            if let Some(first) = rows.first_mut() {
                first.floor = "0".into();
                first.cum.clear();
            }
        }
        Some(before) => {
            if let Some(prev) = rows.get_mut(before) {
                prev.cap = removed.cap;
            }
        }
    }
}

/// A one-tier open-ended table.
pub fn one_tier() -> TierDraft {
    TierDraft {
        floor: "0".into(),
        cap: String::new(),
        mmr: "0.01".into(),
        cum: String::new(),
        max_leverage: "50".into(),
    }
}
