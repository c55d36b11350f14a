//! Rendering a [`crate::DraftView`] as a reader sees it: CITES-flavoured Markdown (read back by `import`) and a standalone HTML page.

pub mod html;
pub mod md;
