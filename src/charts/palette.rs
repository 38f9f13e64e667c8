//! One colour per margin set-up, the same in every chart and in the page's
//! stylesheet (`static/style.css`: `--cross`, `--isolated`, `--configured`).
//! Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
use plotters::style::RGBColor;

pub const CROSS: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const ISOLATED: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub const CONFIGURED: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const DANGER: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const NEUTRAL: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
