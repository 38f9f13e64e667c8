//! The two charts, derived from the results and cached: a chart is drawn
//! again only when what it shows changes (the book, the market it follows,
//! the prices of the markets it holds still, or its range), never because
//! the price it follows moved — the cursor is laid over the drawing.
use std::rc::Rc;

use margin_engine::{Decimal, Error};
use yew::prelude::*;

use crate::charts::draw;
use crate::charts::model::{map_chart, needs_wide, px, value_chart, value_chart_after_path};
use crate::charts::svg::{render, Frame};
use crate::hooks::path_run::PathView;
use crate::hooks::results::{Results, Same};

/// A chart drawn to SVG, with its plotting frame for the cursor overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// The SVG markup (or a short paragraph saying why there is none).
    pub svg: Rc<str>,
    pub frame: Frame,
    /// Whether `svg` is a chart (export buttons need one).
    pub ok: bool,
}

impl Drawn {
    fn failed(e: &Error) -> Drawn {
        let msg = crate::format::escape_html(&e.to_string());
        Drawn {
            svg: Rc::from(format!("<p class=\"chart-error\">{msg}</p>")),
            frame: Frame::default(),
            ok: false,
        }
    }
}

/// Both charts and where the cursor sits on each (data coordinates).
#[derive(Debug, Clone, PartialEq)]
pub struct Charts {
    pub value: Same<Drawn>,
    pub value_cursor: f64,
    /// `None` when the book has a single market.
    pub map: Option<Same<Drawn>>,
    pub map_cursor: (f64, f64),
}

/// The prices a chart holds still: every market's but those it moves.
fn held(results: &Results, moving: &[usize]) -> Vec<Decimal> {
    results
        .prices()
        .0
        .iter()
        .enumerate()
        .map(|(m, p)| {
            if moving.contains(&m) {
                Decimal::ZERO
            } else {
                *p
            }
        })
        .collect()
}

#[hook]
pub fn use_charts(
    results: &Same<Results>,
    selected: usize,
    map_y: usize,
    path: Option<Rc<PathView>>,
) -> Charts {
    let r = results.clone();
    let mark = r
        .analyzer
        .book()
        .markets()
        .get(selected)
        .map(|m| m.mark)
        .unwrap_or(Decimal::ONE);
    let price = r.prices().0.get(selected).copied().unwrap_or(mark);
    let wide = needs_wide(mark, price);
    // On a phone the charts are drawn on a smaller canvas, so that scaled to
    // the screen their text stays at least 11 px high.
    let narrow = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 600.0);
    let (value_size, map_size) = if narrow {
        ((320, 300), (260, 260))
    } else {
        ((640, 360), (420, 380))
    };
    // In path mode the lines are the books the path left; they change only
    // when a liquidation on the path does.
    let events: Option<Vec<usize>> = path.as_ref().map(|p| {
        p.results
            .iter()
            .map(|(_, r)| r.as_ref().map_or(0, |r| r.events.len()))
            .collect()
    });
    let value = use_memo(
        (
            r.generation,
            selected,
            held(&r, &[selected]),
            wide,
            narrow,
            events,
        ),
        {
            let r = r.clone();
            move |_| {
                let chart = match &path {
                    Some(p) => value_chart_after_path(
                        r.analyzer.book(),
                        &p.left,
                        r.prices(),
                        selected,
                        wide,
                    ),
                    None => value_chart(&r.analyzer, &r.snapshot, selected, wide),
                };
                let drawn = match chart {
                    Ok(c) => {
                        let (svg, frame) = render(
                            value_size,
                            "Account value against price, per margin mode",
                            |root| draw::value_chart(root, &c),
                        );
                        Drawn {
                            ok: svg.starts_with("<svg"),
                            svg: Rc::from(svg),
                            frame,
                        }
                    }
                    Err(e) => Drawn::failed(&e),
                };
                Rc::new(drawn)
            }
        },
    );
    let two_markets = r.analyzer.book().markets().len() > 1 && selected != map_y;
    let map = use_memo(
        (
            r.generation,
            selected,
            map_y,
            held(&r, &[selected, map_y]),
            two_markets,
            narrow,
        ),
        {
            let r = r.clone();
            move |_| {
                if !two_markets {
                    return None;
                }
                let drawn = match map_chart(&r.analyzer, &r.snapshot, selected, map_y) {
                    Ok(c) => {
                        let (svg, frame) =
                            render(map_size, "Verdict map over two markets' prices", |root| {
                                draw::map_chart(root, &c)
                            });
                        let svg = svg.replacen(
                            "role=\"img\"",
                            "role=\"img\" shape-rendering=\"crispEdges\"",
                            1,
                        );
                        Drawn {
                            ok: svg.starts_with("<svg"),
                            svg: Rc::from(svg),
                            frame,
                        }
                    }
                    Err(e) => Drawn::failed(&e),
                };
                Some(Rc::new(drawn))
            }
        },
    );
    let at = |m: usize| r.prices().0.get(m).copied().map(px).unwrap_or(0.0);
    Charts {
        value: Same(Rc::clone(&*value)),
        value_cursor: at(selected),
        map: map.as_ref().as_ref().map(|d| Same(Rc::clone(d))),
        map_cursor: (at(selected), at(map_y)),
    }
}
