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

pub static SAMPLES: &[Sample] = &[Sample {
    id: "default",
    title: "Both effects at once",
    lesson: "A 20x BTC long beside a hedged ETH/SOL pair: drag BTC down and isolated margin \
             loses only the BTC margin, while cross first saves the BTC position with the \
             pair's collateral and then, lower, loses the whole account.",
    json: include_str!("../scenarios/default.json"),
}];

/// A shipped scenario by id.
pub fn get(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}

/// The default scenario's JSON.
pub fn default_json() -> &'static str {
    SAMPLES.first().map(|s| s.json).unwrap_or("")
}
