//! Positions pasted as a table — copied from an exchange's positions page, a
//! spreadsheet or a CSV file — read into position drafts with a preview.
//! Pure: the editor shows what was read, line by line, and adds the rows
//! only when every line reads.
//!
//! Cells are split on tabs (what a copied web table or spreadsheet gives),
//! else on semicolons, else on commas outside quotes, else on runs of two or
//! more spaces. A first line of words is a header naming the columns (in
//! any order, with the names exchanges use); without one the columns are
//! symbol, side, size, entry, leverage, mode, margin. Values are read as the
//! boxes read them (`"25,000"`, `"20x"`), and what exchanges print around
//! them is forgiven: a unit after a size or margin (`"0.5 BTC"`,
//! `"1,200 USDT"`), `"Cross 20x"` in one cell, a negative size for a short,
//! a symbol written `BTC-USDT-SWAP`, `BTC/USDT:USDT` or `BTCUSDT Perpetual`.
use margin_engine::scenario::{ModeSpec, SideSpec};
use margin_engine::Decimal;

use crate::format::plain;
use crate::state::draft::PositionDraft;
use crate::state::field;

/// The most lines a paste may have (the engine's book limit, plus a header).
pub const MAX_LINES: usize = 1_001;

/// What one line of the paste gave.
#[derive(Debug, Clone, PartialEq)]
pub struct PastedLine {
    /// 1-based line number in the pasted text.
    pub line: usize,
    pub result: Result<PositionDraft, String>,
}

/// The whole paste: its lines, and what stops it from being used.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pasted {
    pub lines: Vec<PastedLine>,
    /// A problem with the paste as a whole (too long, no rows).
    pub problem: Option<String>,
}

impl Pasted {
    /// The positions, when every line read.
    pub fn positions(&self) -> Option<Vec<PositionDraft>> {
        if self.problem.is_some() || self.lines.is_empty() {
            return None;
        }
        self.lines.iter().map(|l| l.result.clone().ok()).collect()
    }

    /// How many lines did not read.
    pub fn bad(&self) -> usize {
        self.lines.iter().filter(|l| l.result.is_err()).count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Symbol,
    Side,
    Size,
    Entry,
    Leverage,
    Mode,
    Margin,
}

const DEFAULT_ORDER: [Col; 7] = [
    Col::Symbol,
    Col::Side,
    Col::Size,
    Col::Entry,
    Col::Leverage,
    Col::Mode,
    Col::Margin,
];

/// The column a header cell names, by the words exchanges and sheets use.
fn column_named(cell: &str) -> Option<Col> {
    let c = cell.trim().to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| c.contains(w));
    if has(&["entry", "avg", "average", "open price", "opening price"]) {
        Some(Col::Entry)
    } else if has(&["lev"]) {
        Some(Col::Leverage)
    } else if has(&["mode", "margin type", "type"]) {
        Some(Col::Mode)
    } else if has(&["margin"]) {
        Some(Col::Margin)
    } else if has(&["symbol", "contract", "market", "pair", "instrument", "coin"]) {
        Some(Col::Symbol)
    } else if has(&["side", "direction", "long/short"]) {
        Some(Col::Side)
    } else if has(&["size", "qty", "quantity", "amount", "position", "contracts"]) {
        Some(Col::Size)
    } else {
        None
    }
}

/// Splits a CSV line on commas outside double quotes.
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cell)),
            other => cell.push(other),
        }
    }
    cells.push(cell);
    cells
}

fn cells(line: &str) -> Vec<String> {
    let parts: Vec<String> = if line.contains('\t') {
        line.split('\t').map(str::to_owned).collect()
    } else if line.contains(';') {
        line.split(';').map(str::to_owned).collect()
    } else if line.contains("  ") {
        line.split("  ").map(str::to_owned).collect()
    } else if line.contains(',') && !commas_are_thousands(line) {
        split_csv(line)
    } else {
        line.split(' ').map(str::to_owned).collect()
    };
    parts
        .into_iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Whether every comma sits between a digit and exactly three digits
/// ("60,000.5"): then the commas group thousands and do not split cells.
fn commas_are_thousands(line: &str) -> bool {
    let b = line.as_bytes();
    b.iter()
        .enumerate()
        .filter(|(_, c)| **c == b',')
        .all(|(i, _)| {
            let digit = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
            i > 0
                && digit(i.saturating_sub(1))
                && (1..=3).all(|k| digit(i.saturating_add(k)))
                && !digit(i.saturating_add(4))
        })
}

/// `BTC-USDT-SWAP`, `BTC/USDT:USDT`, `btcusdt perpetual` → `BTCUSDT`.
pub fn symbol(cell: &str) -> String {
    let mut s = cell.trim().to_ascii_uppercase();
    if let Some((pair, _settle)) = s.split_once(':') {
        s = pair.to_owned();
    }
    for suffix in ["PERPETUAL", "PERP", "SWAP"] {
        if let Some(x) = s.trim_end().strip_suffix(suffix) {
            s = x.to_owned();
        }
    }
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A number with a unit or currency after it: "0.5 BTC", "1,200.50 USDT".
fn number(field_name: &str, cell: &str) -> Result<Decimal, String> {
    let t = cell.trim();
    let core = t.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '₮' || c == '$');
    let core = core.trim_start_matches('$');
    field::parse(field_name, core.trim()).map_err(|e| format!("{field_name} {}", e.reason()))
}

fn side_word(cell: &str) -> Option<SideSpec> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "long" | "buy" | "l" | "b" => Some(SideSpec::Long),
        "short" | "sell" | "s" => Some(SideSpec::Short),
        _ => None,
    }
}

fn mode_word(cell: &str) -> Option<ModeSpec> {
    let c = cell.to_ascii_lowercase();
    if c.contains("isolated") || c.contains("isol") {
        Some(ModeSpec::Isolated)
    } else if c.contains("cross") {
        Some(ModeSpec::Cross)
    } else {
        None
    }
}

/// One line into a position, `columns` saying what each cell is.
fn row(columns: &[Option<Col>], cells: &[String]) -> Result<PositionDraft, String> {
    let get = |col: Col| {
        columns
            .iter()
            .position(|c| *c == Some(col))
            .and_then(|i| cells.get(i))
            .map(String::as_str)
            .filter(|c| !c.trim().is_empty() && c.trim() != "-" && c.trim() != "--")
    };
    let sym = get(Col::Symbol).map(symbol).unwrap_or_default();
    if sym.is_empty() {
        return Err("no symbol".to_owned());
    }
    let size_cell = get(Col::Size).ok_or("no size")?;
    let size = number("size", size_cell)?;
    let side = match get(Col::Side) {
        Some(c) => side_word(c).ok_or_else(|| format!("side \"{c}\" is neither long nor short"))?,
        None if size < Decimal::ZERO => SideSpec::Short,
        None => SideSpec::Long,
    };
    let entry = number("entry", get(Col::Entry).ok_or("no entry price")?)?;
    // "Cross 20x" or "20x Isolated" in one cell gives both.
    let lev_cell = get(Col::Leverage).ok_or("no leverage")?;
    let lev_text: String = lev_cell
        .split_whitespace()
        .filter(|w| mode_word(w).is_none())
        .collect::<Vec<_>>()
        .join(" ");
    let leverage = number("leverage", &lev_text)?;
    let mode = get(Col::Mode)
        .and_then(mode_word)
        .or_else(|| mode_word(lev_cell))
        .unwrap_or(ModeSpec::Cross);
    let margin = match (mode, get(Col::Margin)) {
        (ModeSpec::Isolated, Some(c)) => plain(number("margin", c)?),
        _ => String::new(),
    };
    Ok(PositionDraft {
        market: sym,
        side,
        size: plain(size.abs()),
        entry: plain(entry),
        leverage: plain(leverage),
        mode,
        margin,
        unsettled: String::new(),
    })
}

/// Reads a pasted table.
pub fn read(text: &str) -> Pasted {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i.saturating_add(1), l))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    if lines.len() > MAX_LINES {
        return Pasted {
            lines: vec![],
            problem: Some(format!(
                "{} lines: a book holds at most {} positions",
                lines.len(),
                MAX_LINES.saturating_sub(1)
            )),
        };
    }
    let mut columns: Vec<Option<Col>> = DEFAULT_ORDER.iter().copied().map(Some).collect();
    let mut rows = lines.as_slice();
    if let Some(((_, first), rest)) = lines.split_first() {
        let head = cells(first);
        let numbers = head.iter().any(|c| number("cell", c).is_ok());
        let mut named: Vec<Option<Col>> = Vec::new();
        for c in &head {
            // A column named twice is read once, the first time.
            let col = column_named(c).filter(|col| !named.contains(&Some(*col)));
            named.push(col);
        }
        if !numbers && named.iter().flatten().count() >= 2 {
            columns = named;
            rows = rest;
        }
    }
    let out: Vec<PastedLine> = rows
        .iter()
        .map(|(n, l)| PastedLine {
            line: *n,
            result: row(&columns, &cells(l)),
        })
        .collect();
    Pasted {
        problem: out
            .is_empty()
            .then(|| "nothing to read: paste one position per line".to_owned()),
        lines: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(p: &Pasted) -> Vec<PositionDraft> {
        p.positions().unwrap_or_else(|| panic!("{p:?}"))
    }

    #[test]
    fn a_table_copied_from_an_exchange_with_a_header() {
        let text = "Symbol\tSize\tEntry Price\tMark Price\tMargin Mode\tLeverage\tMargin\n\
            BTCUSDT Perpetual\t0.500 BTC\t61,250.5\t60,000\tCross\t20x\t1,531.26 USDT\n\
            ETHUSDT Perpetual\t-12 ETH\t3,010\t3,000\tIsolated\t10x\t3,612 USDT\n";
        let p = read(text);
        let rows = ok(&p);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].market, "BTCUSDT");
        assert_eq!(rows[0].side, SideSpec::Long);
        assert_eq!(rows[0].size, "0.5");
        assert_eq!(rows[0].entry, "61250.5");
        assert_eq!(rows[0].leverage, "20");
        assert_eq!(rows[0].mode, ModeSpec::Cross);
        assert_eq!(
            rows[0].margin, "",
            "a cross position has no margin of its own"
        );
        assert_eq!(rows[1].side, SideSpec::Short, "a negative size is a short");
        assert_eq!(rows[1].size, "12");
        assert_eq!(rows[1].mode, ModeSpec::Isolated);
        assert_eq!(rows[1].margin, "3612");
        assert_eq!(p.lines[1].line, 3, "line numbers count the header");
    }

    #[test]
    fn without_a_header_the_columns_are_in_the_documented_order() {
        let text = "BTC-USDT-SWAP, long, 1, 60000, 20x, isolated, 3000\n\
            SOL/USDT:USDT;short;200;150;10;cross\n\
            \n\
            ethusdt  sell  10  3,000  Cross 10x\n\
            XRPUSDT short 1,000 0.5321 25\n";
        let rows = ok(&read(text));
        assert_eq!(rows.len(), 4);
        assert_eq!(
            (rows[3].size.as_str(), rows[3].entry.as_str()),
            ("1000", "0.5321")
        );
        assert_eq!(
            (
                rows[0].market.as_str(),
                rows[0].mode,
                rows[0].margin.as_str()
            ),
            ("BTCUSDT", ModeSpec::Isolated, "3000")
        );
        assert_eq!(
            (rows[1].market.as_str(), rows[1].side),
            ("SOLUSDT", SideSpec::Short)
        );
        assert_eq!(
            (
                rows[2].market.as_str(),
                rows[2].side,
                rows[2].entry.as_str()
            ),
            ("ETHUSDT", SideSpec::Short, "3000")
        );
        assert_eq!(
            (rows[2].leverage.as_str(), rows[2].mode),
            ("10", ModeSpec::Cross)
        );
    }

    #[test]
    fn a_bad_line_says_which_and_why_and_blocks_the_paste() {
        let text = "BTCUSDT long 1 60000 20\nETHUSDT long abc 3000 10\nSOLUSDT up 1 150 10\n";
        let p = read(text);
        assert!(p.positions().is_none());
        assert_eq!(p.bad(), 2);
        let e1 = p.lines[1].result.clone().unwrap_err();
        assert_eq!(p.lines[1].line, 2);
        assert!(e1.starts_with("size "), "{e1}");
        let e2 = p.lines[2].result.clone().unwrap_err();
        assert!(e2.contains("neither long nor short"), "{e2}");
    }

    #[test]
    fn hostile_pastes_are_errors_not_panics() {
        for text in [
            "",
            "\n\n",
            "<script>alert(1)</script>",
            "٣٠٠٠\t١\t٢",
            &"9".repeat(400),
            "BTCUSDT\tlong\t1e400\t60000\t10",
            "\t\t\t\t\t\t\t\t",
            "💥 💥 💥",
        ] {
            let p = read(text);
            assert!(p.positions().is_none(), "{text:?} read as {p:?}");
        }
        let many = "BTCUSDT long 1 60000 10\n".repeat(MAX_LINES + 1);
        assert!(read(&many).problem.is_some());
    }
}
