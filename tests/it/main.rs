//! One integration-test binary (links once); one module per area.

mod cli;
mod durability;
mod export;
mod import;
mod model;
mod store;
mod support;
mod tidy;
