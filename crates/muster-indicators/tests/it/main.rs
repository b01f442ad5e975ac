//! All of the crate's integration tests, in one test binary.

mod attack;
mod defang;
mod detect;
mod export;
mod fixture;
mod guess;
mod import_csv;
mod import_misp;
mod import_stix;
mod markings;
mod normalise;
mod validators;
