//! The guided tour: a few steps over the teaching examples for a first
//! visit, each a book, prices and a sentence. Each step is applied with the
//! page's own actions (load an example, move prices, swing back), so what
//! the tour shows is exactly what a user doing the same would see.
use crate::state::action::Action;

/// One step: what it says and the actions that set it up.
pub struct Step {
    pub title: &'static str,
    pub text: &'static str,
    pub actions: fn() -> Vec<Action>,
}

pub static STEPS: &[Step] = &[
    Step {
        title: "Two ways to back the same positions",
        text: "A 10,000 USDT wallet backs three positions. Cross margin puts the whole wallet behind every position; isolated margin gives each position only its own margin. Compare what each column has at stake, and the two zones of the chart.",
        actions: || vec![Action::LoadExample("default".into())],
    },
    Step {
        title: "Isolated caps a loss…",
        text: "A BTC long hedged by an ETH short, and the whole market up 12 %. In isolated margin the ETH short runs out of its own margin and is liquidated; in cross the BTC gain pays for it. For now the isolated account even holds more: the BTC gain is all its own.",
        actions: || vec![Action::LoadExample("hedged-pair".into()), Action::SetMove("12".into())],
    },
    Step {
        title: "…but locks it in",
        text: "Prices come back to where they started. The ETH short's margin stays lost: isolated holds 6,000 USDT, cross is whole at 12,000. A liquidation stays done; cross margin rode the swing out.",
        actions: || vec![Action::LoadExample("hedged-pair".into()), Action::SetMove("12".into()), Action::SwingBack],
    },
    Step {
        title: "Shared collateral can take everything",
        text: "Small BTC and ETH longs beside a 20x SOL long, all in cross. SOL falls to 120: the cross account is liquidated and closes BTC and ETH with it. In isolated margin only the SOL position's 1,500 USDT would have gone.",
        actions: || vec![Action::LoadExample("one-bad-trade".into()), Action::SetPrice(2, "120".into())],
    },
    Step {
        title: "Now your own book",
        text: "Undo brings back the book you had. Or start a New book, or paste your positions from your exchange (under Book), and drag the prices.",
        actions: Vec::new,
    },
];
