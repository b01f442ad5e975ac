//! Indicators' pure parts (issue 11): the indicator types, their validation
//! and normalisation, defanging for display, TLP 2.0 and PAP markings,
//! ATT&CK ids and catalogue, and importers and exporters for CSV, STIX 2.1
//! and MISP. No I/O: parsers take bytes, exporters return JSON values, and
//! the domain, store and API call them.
#![forbid(unsafe_code)]

mod attack;
mod catalogue;
mod error;
mod export;
mod guess;
mod import;
mod markings;
mod normalise;
mod refang;
mod types;
mod value;

pub use attack::AttackId;
pub use catalogue::{AttackCatalogue, AttackEntry};
pub use error::IndicatorError;
pub use export::{
    ExportIncident, ExportIndicator, ExportInput, ExportSighting, stix_pattern, to_misp_event,
    to_stix_bundle,
};
pub use guess::guess_type;
pub use import::{
    Format, Import, ImportOptions, ImportedIndicator, Place, RowError, Skipped, detect_format,
    import, import_csv, import_misp_event, import_stix_bundle,
};
pub use markings::{Pap, TLP2_EXTENSION_ID, Tlp};
pub use normalise::{MAX_VALUE_LEN, normalise};
pub use refang::{defang, refang};
pub use types::{BUILT_IN_TYPES, IndicatorType, Pattern};
pub use value::Value;
