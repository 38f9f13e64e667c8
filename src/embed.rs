//! Embed mode: the calculator inside another page's iframe, showing only the
//! panels chosen in its URL.
//!
//! * [`options`]: what an embed shows (panels, sliders, locks, texts);
//! * [`query`]: those options read from and written to the URL's query;
//! * [`snippet`]: the `<iframe>` + listener HTML that "Copy embed code" gives;
//! * [`view`]: the page in embed mode;
//! * [`height`]: the content height posted to the host page.
pub mod height;
pub mod options;
pub mod query;
pub mod snippet;
pub mod view;
