//! The two charts: account value against one market's price (per margin
//! set-up) and the verdict map over two markets.
//!
//! * [`model`]: chart data from the engine (the only place decimals become f64);
//! * [`draw`]: pure plotters drawing, generic over the backend;
//! * [`svg`]: rendering to an SVG string, with the plotting area's frame
//!   for the cursor overlay;
//! * [`palette`]: one colour per margin set-up.
pub mod draw;
pub mod model;
pub mod palette;
pub mod svg;
