//! Scenarios shipped with the engine: the default book and teaching presets.
//! The same JSON files serve the web app, the CLI's documentation and tests.

/// A named scenario.
pub struct Sample {
    pub id: &'static str,
    pub title: &'static str,
    /// What the scenario teaches, in a sentence.
    pub lesson: &'static str,
    pub json: &'static str,
}

pub static SAMPLES: &[Sample] = &[
    Sample {
        id: "default",
        title: "Both effects at once",
        lesson: "A 20x BTC long beside a hedged ETH/SOL pair. Drag BTC down: isolated margin \
                 loses only the BTC margin, while cross first saves the BTC position with the \
                 pair's collateral and then, lower, loses the whole account.",
        json: include_str!("../scenarios/default.json"),
    },
    Sample {
        id: "one-bad-trade",
        title: "One bad trade drains the account",
        lesson: "Modest BTC and ETH longs beside a 20x SOL long, all in cross. A SOL drop to 120 \
                 liquidates the whole 5,000 USDT account, BTC and ETH included; isolated would \
                 have lost only SOL's 1,500 USDT margin.",
        json: include_str!("../scenarios/one-bad-trade.json"),
    },
    Sample {
        id: "hedged-pair",
        title: "Hedged pair saved by cross",
        lesson: "A BTC long against an ETH short of the same size. When the whole market jumps \
                 12 %, the ETH short alone would be liquidated in isolated margin; in cross the \
                 BTC gain carries it and nothing is lost.",
        json: include_str!("../scenarios/hedged-pair.json"),
    },
    Sample {
        id: "alt-drags-btc",
        title: "High-leverage alt drags down BTC",
        lesson: "A 5x BTC long shares a cross wallet with a 20x SOL long. SOL falling 20 % \
                 liquidates the cross account, closing the BTC position though BTC never moved; \
                 isolated would have cost only SOL's 3,000 USDT.",
        json: include_str!("../scenarios/alt-drags-btc.json"),
    },
    Sample {
        id: "same-coin-long",
        title: "A long backed by the same coin",
        lesson: "Your margin is 20,000 USDT and 1 BTC (Binance Multi-Assets counts BTC at 95 %), \
                 long 3 BTC and 5 ETH in cross. A BTC fall hits twice: the long loses and the \
                 BTC you posted falls with it. The account goes at BTC 40,663 (−32 %); the same \
                 60,000 held in USDT would last to 33,504 (−44 %).",
        json: include_str!("../scenarios/same-coin-long.json"),
    },
    Sample {
        id: "cash-and-carry",
        title: "Cash-and-carry with a large haircut",
        lesson: "100 BTC held against a 100 BTC short: hedged, it seems. But Bybit's tiers count \
                 BTC above 10 at less and above 50 at nothing, so only 44.8 BTC of it counts: on \
                 a rise the short loses 100 per dollar while the collateral gains 44.8. The \
                 account goes at BTC 109,634 (+83 %), sooner than the 120,406 it would reach \
                 with the coins' 6,000,000 in USDT.",
        json: include_str!("../scenarios/cash-and-carry.json"),
    },
];

/// A shipped scenario by id.
pub fn get(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}

/// The default scenario's JSON.
pub fn default_json() -> &'static str {
    SAMPLES.first().map(|s| s.json).unwrap_or("")
}
