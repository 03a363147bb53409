//! Y: year, date and reporting body.
pub(crate) mod y101;
pub(crate) mod y102;
pub(crate) mod y103;
pub(crate) mod y104;

use crate::Context;
use xxgk_model::Location;

/// Location of the title line.
pub(crate) fn title_at(cx: &Context) -> Location {
    cx.extraction
        .and_then(|e| e.meta.title_line)
        .map(|l| Location {
            line: Some(l),
            column: Some(1),
            page: None,
            ..Location::default()
        })
        .unwrap_or_default()
}
