//! One integration-test binary (links once); one module per area.

mod auth;
mod bridge;
mod bundle;
mod cli;
mod convergence;
mod diskfull;
mod durability;
mod export;
mod export_akn;
mod export_docx;
mod export_pdf;
mod faultfs;
mod faults;
mod import;
mod lan;
mod model;
mod mutation;
mod proposals;
mod revision;
mod rights;
mod stage;
mod store;
mod support;
mod sync;
mod tidy;
mod tls;
