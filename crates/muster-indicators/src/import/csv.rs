//! CSV import. The header row is required and names the columns, in any
//! order: `type` and `value` always, and any of `tlp`, `ioc`, `tags`,
//! `first_seen`, `last_seen`, `comment`. An empty `type` is guessed from the
//! value; `tags` are separated by `;`.

use super::{Format, Import, ImportOptions, ImportedIndicator, Place, RowError, parse_time};
use crate::{IndicatorError, IndicatorType, Tlp, guess_type, normalise};

const COLUMNS: [&str; 8] = [
    "type",
    "value",
    "tlp",
    "ioc",
    "tags",
    "first_seen",
    "last_seen",
    "comment",
];

/// Column positions, found once from the header.
struct Header {
    at: [Option<usize>; COLUMNS.len()],
    width: usize,
}

impl Header {
    fn read(names: &csv::StringRecord) -> Result<Self, IndicatorError> {
        let mut at = [None; COLUMNS.len()];
        for (i, name) in names.iter().enumerate() {
            let name = name.trim().to_ascii_lowercase();
            let Some(slot) = COLUMNS.iter().position(|c| *c == name) else {
                return Err(IndicatorError::BadDocument(format!(
                    "the CSV header names an unknown column `{name}`; the columns are {}",
                    COLUMNS.join(", ")
                )));
            };
            if at[slot].replace(i).is_some() {
                return Err(IndicatorError::BadDocument(format!(
                    "the CSV header names the column `{name}` twice"
                )));
            }
        }
        if at[0].is_none() || at[1].is_none() {
            return Err(IndicatorError::BadDocument(
                "the CSV file has no header row naming `type` and `value`; its first row \
                 must be a header, as in type,value,tlp,ioc"
                    .to_owned(),
            ));
        }
        Ok(Self {
            at,
            width: names.len(),
        })
    }

    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        let slot = COLUMNS.iter().position(|c| *c == column).unwrap_or(0);
        self.at[slot]
            .and_then(|i| record.get(i))
            .map(str::trim)
            .unwrap_or_default()
    }
}

/// Reads a CSV file of indicators; see the module documentation for its
/// columns.
pub fn import_csv(bytes: &[u8], options: &ImportOptions) -> Result<Import, IndicatorError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(super::strip_bom(bytes));
    let names = reader.headers().map_err(|e| {
        IndicatorError::BadDocument(format!("the CSV header row cannot be read: {e}"))
    })?;
    if names.iter().all(|n| n.trim().is_empty()) {
        return Err(IndicatorError::BadDocument(
            "the CSV file is empty; its first row must be a header, as in type,value,tlp,ioc"
                .to_owned(),
        ));
    }
    let header = Header::read(names)?;
    let mut import = Import::empty(Format::Csv);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                match row(&header, &record, options) {
                    Ok(indicator) => import.indicators.push(indicator),
                    Err(problems) => {
                        import
                            .errors
                            .extend(problems.into_iter().map(|(field, message)| RowError {
                                place: Place::Line(line),
                                field: field.map(str::to_owned),
                                message,
                            }))
                    }
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text".to_owned(),
                    _ => format!("cannot be read as CSV: {e}"),
                };
                import.errors.push(RowError {
                    place: Place::Line(line),
                    field: None,
                    message,
                });
                // A broken quote swallows the rest of the file; stop rather
                // than report every later line as broken too.
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    Ok(import)
}

type Problems = Vec<(Option<&'static str>, String)>;

fn row(
    header: &Header,
    record: &csv::StringRecord,
    options: &ImportOptions,
) -> Result<ImportedIndicator, Problems> {
    let mut problems: Problems = Vec::new();
    if record.len() > header.width {
        problems.push((
            None,
            format!(
                "has {} fields; the header has {}",
                record.len(),
                header.width
            ),
        ));
        return Err(problems);
    }
    let raw_value = header.get(record, "value");
    let type_name = header.get(record, "type");
    let ty = if type_name.is_empty() {
        guess_type(raw_value).ok_or_else(|| {
            "is empty and the type of the value cannot be guessed; name it".to_owned()
        })
    } else {
        IndicatorType::parse(type_name, &options.custom_types).map_err(|e| e.to_string())
    };
    let value = match &ty {
        Ok(ty) => normalise(ty, raw_value).map(Some).unwrap_or_else(|e| {
            problems.push((Some("value"), e.to_string()));
            None
        }),
        Err(message) => {
            problems.push((Some("type"), message.clone()));
            None
        }
    };
    let tlp = match header.get(record, "tlp") {
        "" => None,
        text => text
            .parse::<Tlp>()
            .map_err(|e| problems.push((Some("tlp"), e.to_string())))
            .ok(),
    };
    let ioc = match header.get(record, "ioc").to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" => false,
        "true" | "yes" | "y" | "1" => true,
        other => {
            problems.push((
                Some("ioc"),
                format!("`{other}` is not yes or no (true/false, 1/0)"),
            ));
            false
        }
    };
    let mut time = |column: &'static str| match header.get(record, column) {
        "" => None,
        text => parse_time(text)
            .map_err(|m| problems.push((Some(column), m)))
            .ok(),
    };
    let first_seen = time("first_seen");
    let last_seen = time("last_seen");
    if let (Some(first), Some(last)) = (first_seen, last_seen)
        && last < first
    {
        problems.push((
            Some("last_seen"),
            format!("{last} is before first_seen {first}"),
        ));
    }
    let tags = split_tags(header.get(record, "tags"));
    let comment = Some(header.get(record, "comment"))
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    match (ty, value) {
        (Ok(ty), Some(value)) if problems.is_empty() => Ok(ImportedIndicator {
            tlp,
            ioc,
            tags,
            first_seen,
            last_seen,
            comment,
            ..ImportedIndicator::new(ty, value)
        }),
        _ => Err(problems),
    }
}

/// Tags separated by `;`, trimmed, without empties or repeats.
pub(crate) fn split_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in text.split(';').map(str::trim).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}
