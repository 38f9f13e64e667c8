//! What crosses the page's edge: share links in the URL, scenario files,
//! CSV and chart downloads, the clipboard, and the page's own address.
//!
//! * [`share`]: `#v1=…` links (encode and decode);
//! * [`scenario_file`]: scenario JSON export and import;
//! * [`csv`]: the results table as CSV;
//! * [`paste`]: positions pasted as a table, read with a preview;
//! * [`download`]: files through a Blob URL; charts as SVG and PNG;
//! * [`clipboard`]: copying text;
//! * [`location`]: the page's hash, query and address;
//! * [`storage`]: the book kept in this browser between visits.
pub mod clipboard;
pub mod csv;
pub mod download;
pub mod location;
pub mod paste;
pub mod scenario_file;
pub mod share;
pub mod storage;
