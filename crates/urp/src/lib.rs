//! The `urp` program as a library: the command line, start-up and demo data, so that the
//! integration tests start exactly what `main` starts.

pub mod cli;
pub mod demo;
pub mod demo_catalogue;
pub mod demo_data;
pub mod demo_kb;
pub mod search_cli;
pub mod telemetry;
