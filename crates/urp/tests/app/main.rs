//! The HTTP suite: the real server on 127.0.0.1:0 against a fresh database per test, on
//! SQLite by default and on PostgreSQL when `TEST_DATABASE_URL=postgres://…` is set.

mod helpers;

mod admin;
mod auth;
mod cases_api;
mod cases_web;
mod catalogue;
mod cli;
mod mail;
mod ops;
mod portal;
mod routing;
mod routing_jobs;
mod tenancy;
