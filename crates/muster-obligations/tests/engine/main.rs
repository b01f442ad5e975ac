//! The obligation engine's tests, one binary: every shipped regime's deadlines (anchors in,
//! deadlines out), applicability, rule files and their errors, drafts, stored deadlines.

mod applicability;
mod dora;
mod drafts;
mod regimes;
mod rule_files;
mod support;
