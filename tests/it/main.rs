//! One integration-test binary (links once); one module per area.

mod export;
mod import;
