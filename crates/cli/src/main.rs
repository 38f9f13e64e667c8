//! `margin-lab`: the engine on the command line.
//!
//! ```text
//! margin-lab evaluate [SCENARIO] [--prices SYM=P,SYM=P]
//! margin-lab sweep    [SCENARIO] --market SYM --from P --to P [--points N] [--prices ...]
//! margin-lab grid     [SCENARIO] --x SYM --x-range A:B --y SYM --y-range A:B [--points N] [--prices ...]
//! margin-lab path     [SCENARIO] --path FILE|JSON [--hours-per-step H]
//! margin-lab compare  [SCENARIO] --position INDEX --venue-price PRICE
//! margin-lab timeline [SCENARIO] --market SYM --to HOURS [--points N] [--variant V]
//! margin-lab explain  [SCENARIO] --of SUBJECT [--position I] [--market SYM --side below|above] [--variant V] [--prices ...] [--text yes]
//! margin-lab presets
//! ```
//! SCENARIO is a file, `-` (or nothing) for standard input, or `default` for
//! the shipped default book. Results are JSON on stdout; errors go to stderr
//! with exit status 2 (bad input) or 1 (I/O).
#![forbid(unsafe_code)]
#![deny(clippy::arithmetic_side_effects)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use std::io::Read;
use std::process::ExitCode;

use margin_engine::dec::Dec;
use margin_engine::report::{self, GridRequest, SweepRequest};
use margin_engine::scenario::PriceMap;
use margin_engine::{Book, Error};

const USAGE: &str = "usage:
  margin-lab evaluate [SCENARIO] [--prices SYM=PRICE,...]
  margin-lab sweep    [SCENARIO] --market SYM --from PRICE --to PRICE [--points N] [--prices ...]
  margin-lab grid     [SCENARIO] --x SYM --x-range FROM:TO --y SYM --y-range FROM:TO [--points N] [--prices ...]
  margin-lab path     [SCENARIO] --path FILE_OR_JSON [--hours-per-step H]   (a JSON array of {\"SYM\": \"PRICE\"} samples; H hours apart: funding falls due on the way)
  margin-lab compare  [SCENARIO] --position INDEX --venue-price PRICE   (your exchange's liquidation price: the gap and its likely reasons)
  margin-lab timeline [SCENARIO] --market SYM --to HOURS [--points N] [--variant V]
      the market's liquidation prices against holding time, funding paid at each interval
  margin-lab explain  [SCENARIO] --of SUBJECT [--position INDEX] [--market SYM] [--side below|above] [--variant as_configured|all_cross|all_isolated] [--prices ...] [--text yes]
      how a number was computed; SUBJECT: liquidation_price (--position), cross_liquidation_price (--market, --side),
      maintenance_margin ([--position]), opening_margin (--position), account_value, at_stake, lost_for_good
  margin-lab presets  (tier tables, collateral ratios and venue profiles)
SCENARIO: a JSON file, - for stdin (the default), or `default` for the shipped default book.";

enum Failure {
    Usage(String),
    Input(Error),
    Io(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Input(e)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Io(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

/// Parsed command line: the command, an optional scenario source, and flags.
struct Args<'a> {
    command: &'a str,
    source: Option<&'a str>,
    flags: Vec<(&'a str, &'a str)>,
}

fn parse(args: &[String]) -> Result<Args<'_>, Failure> {
    let command = args
        .first()
        .map(String::as_str)
        .ok_or_else(|| Failure::Usage("no command".into()))?;
    let mut source = None;
    let mut flags = Vec::new();
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            let value = it
                .next()
                .ok_or_else(|| Failure::Usage(format!("--{name} needs a value")))?;
            flags.push((name, value.as_str()));
        } else if source.is_none() {
            source = Some(a.as_str());
        } else {
            return Err(Failure::Usage(format!("unexpected argument {a:?}")));
        }
    }
    Ok(Args {
        command,
        source,
        flags,
    })
}

impl<'a> Args<'a> {
    fn flag(&self, name: &str) -> Option<&'a str> {
        self.flags.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    fn required(&self, name: &str) -> Result<&'a str, Failure> {
        self.flag(name)
            .ok_or_else(|| Failure::Usage(format!("{} needs --{name}", self.command)))
    }

    fn check_flags(&self, allowed: &[&str]) -> Result<(), Failure> {
        match self.flags.iter().find(|(n, _)| !allowed.contains(n)) {
            Some((n, _)) => Err(Failure::Usage(format!(
                "{} does not take --{n}",
                self.command
            ))),
            None => Ok(()),
        }
    }

    fn book(&self) -> Result<Book, Failure> {
        Ok(Book::new(&self.scenario()?)?)
    }

    fn scenario(&self) -> Result<margin_engine::Scenario, Failure> {
        let text = match self.source {
            Some("default") => margin_engine::samples::default_json().to_owned(),
            None | Some("-") => {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(|e| Failure::Io(format!("stdin: {e}")))?;
                s
            }
            Some(path) => {
                std::fs::read_to_string(path).map_err(|e| Failure::Io(format!("{path}: {e}")))?
            }
        };
        Ok(margin_engine::Scenario::from_json(&text)?)
    }

    fn prices(&self) -> Result<PriceMap, Failure> {
        let mut map = PriceMap::new();
        let Some(list) = self.flag("prices") else {
            return Ok(map);
        };
        for pair in list.split(',').filter(|p| !p.is_empty()) {
            let (sym, price) = pair.split_once('=').ok_or_else(|| {
                Failure::Usage(format!("--prices takes SYM=PRICE pairs, got {pair:?}"))
            })?;
            map.insert(
                sym.to_owned(),
                Dec(decimal(&format!("prices.{sym}"), price)?),
            );
        }
        Ok(map)
    }

    fn points(&self, default: usize) -> Result<usize, Failure> {
        match self.flag("points") {
            None => Ok(default),
            Some(p) => p
                .parse()
                .map_err(|_| Failure::Usage(format!("--points takes a whole number, got {p:?}"))),
        }
    }
}

fn decimal(field: &str, s: &str) -> Result<margin_engine::Decimal, Failure> {
    margin_engine::dec::parse(s).map_err(|message| {
        Failure::Input(Error::new(
            field,
            margin_engine::ErrorKind::Malformed { message },
        ))
    })
}

fn range(
    field: &str,
    s: &str,
) -> Result<(margin_engine::Decimal, margin_engine::Decimal), Failure> {
    let (a, b) = s
        .split_once(':')
        .ok_or_else(|| Failure::Usage(format!("--{field} takes FROM:TO, got {s:?}")))?;
    Ok((
        decimal(&format!("{field}.from"), a)?,
        decimal(&format!("{field}.to"), b)?,
    ))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map_err(|e| Failure::Io(format!("writing JSON: {e}")))
}

fn run(args: &[String]) -> Result<String, Failure> {
    let a = parse(args)?;
    match a.command {
        "evaluate" => {
            a.check_flags(&["prices"])?;
            let book = a.book()?;
            let prices = a.prices()?;
            to_json(&report::evaluate_report(&book, Some(&prices))?)
        }
        "sweep" => {
            a.check_flags(&["market", "from", "to", "points", "prices"])?;
            let book = a.book()?;
            let req = SweepRequest {
                market: a.required("market")?.to_owned(),
                from: decimal("from", a.required("from")?)?,
                to: decimal("to", a.required("to")?)?,
                points: a.points(1_000)?,
                prices: a.prices()?,
            };
            to_json(&report::sweep_report(&book, &req)?)
        }
        "grid" => {
            a.check_flags(&["x", "x-range", "y", "y-range", "points", "prices"])?;
            let book = a.book()?;
            let (x_from, x_to) = range("x-range", a.required("x-range")?)?;
            let (y_from, y_to) = range("y-range", a.required("y-range")?)?;
            let req = GridRequest {
                x_market: a.required("x")?.to_owned(),
                x_from,
                x_to,
                y_market: a.required("y")?.to_owned(),
                y_from,
                y_to,
                points: a.points(256)?,
                prices: a.prices()?,
            };
            to_json(&report::grid_report(&book, &req)?)
        }
        "path" => {
            a.check_flags(&["path", "hours-per-step"])?;
            let book = a.book()?;
            let spec = a.required("path")?;
            let text = if spec.trim_start().starts_with('[') {
                spec.to_owned()
            } else {
                std::fs::read_to_string(spec).map_err(|e| Failure::Io(format!("{spec}: {e}")))?
            };
            let samples: Vec<PriceMap> = margin_engine::scenario::from_json_text(&text)
                .map_err(|e| Failure::Input(e.within("path")))?;
            let hours = match a.flag("hours-per-step") {
                Some(h) => Some(decimal("hours_per_step", h)?),
                None => None,
            };
            to_json(&report::timed_path_report(&book, &samples, hours)?)
        }
        "compare" => {
            a.check_flags(&["position", "venue-price"])?;
            let sc = a.scenario()?;
            let i: usize = a.required("position")?.trim().parse().map_err(|_| {
                Failure::Usage("--position takes a position's index (0 for the first)".to_owned())
            })?;
            let venue = decimal("venue_price", a.required("venue-price")?)?;
            to_json(&margin_engine::compare_with_venue(&sc, i, venue)?)
        }
        "timeline" => {
            a.check_flags(&["market", "to", "points", "variant"])?;
            let sc = a.scenario()?;
            let mut req = serde_json::Map::new();
            req.insert("market".into(), a.required("market")?.into());
            req.insert("to".into(), a.required("to")?.into());
            if let Some(x) = a.flag("variant") {
                req.insert("variant".into(), x.into());
            }
            if a.flag("points").is_some() {
                req.insert("points".into(), a.points(0)?.into());
            }
            let req: margin_engine::timeline::TimelineRequest =
                serde_json::from_value(serde_json::Value::Object(req))
                    .map_err(|e| Failure::Input(report::request_error("timeline", e)))?;
            to_json(&margin_engine::timeline(&sc, &req)?)
        }
        "explain" => {
            a.check_flags(&[
                "of", "position", "market", "side", "variant", "prices", "text",
            ])?;
            let book = a.book()?;
            let mut subject = serde_json::Map::new();
            subject.insert("of".into(), a.required("of")?.into());
            if let Some(p) = a.flag("position") {
                let i: usize = p.trim().parse().map_err(|_| {
                    Failure::Usage(
                        "--position takes a position's index (0 for the first)".to_owned(),
                    )
                })?;
                subject.insert("position".into(), i.into());
            }
            for name in ["market", "side"] {
                if let Some(x) = a.flag(name) {
                    subject.insert(name.into(), x.into());
                }
            }
            let mut req = serde_json::Map::new();
            req.insert("subject".into(), serde_json::Value::Object(subject));
            if let Some(x) = a.flag("variant") {
                req.insert("variant".into(), x.into());
            }
            let mut req: margin_engine::explain::ExplainRequest =
                serde_json::from_value(serde_json::Value::Object(req))
                    .map_err(|e| Failure::Input(report::request_error("explain", e)))?;
            req.prices = a.prices()?;
            let e = margin_engine::explain(&book, &req)?;
            match a.flag("text") {
                Some("yes") => Ok(e.to_text()),
                Some(other) => Err(Failure::Usage(format!("--text takes yes, got {other:?}"))),
                None => to_json(&e),
            }
        }
        "presets" => {
            let list: Vec<_> = margin_engine::presets::PRESETS
                .iter()
                .map(|p| serde_json::json!({"kind": "tiers", "name": p.name, "venue": p.venue, "symbol": p.symbol, "as_of": p.as_of, "source": p.source}))
                .chain(margin_engine::presets::COLLATERAL.iter().map(|p| {
                    serde_json::json!({"kind": "collateral", "name": p.name, "asset": p.asset, "source": p.source})
                }))
                .chain(margin_engine::venues::PROFILES.iter().map(|p| {
                    serde_json::json!({"kind": "venue", "name": p.id, "venue": p.venue, "product": p.product, "as_of": p.as_of, "source": p.source, "not_modelled": p.not_modelled})
                }))
                .collect();
            to_json(&list)
        }
        "help" | "--help" | "-h" => Ok(USAGE.to_owned()),
        other => Err(Failure::Usage(format!("unknown command {other:?}"))),
    }
}
