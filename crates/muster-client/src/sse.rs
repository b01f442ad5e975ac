//! Just enough of the server-sent events format (the WHATWG "event stream"
//! interpretation) to read the incident's live log: fields `event`, `data` and
//! `id`, comments, and any of the three line endings.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SseEvent {
    /// `message` when the server named none.
    pub event: String,
    pub data: String,
    pub id: Option<String>,
}

/// Feeds bytes in as they arrive; hands back whole events.
#[derive(Debug, Default)]
pub(crate) struct SseParser {
    buffer: Vec<u8>,
    /// A `\r` ended the last chunk: a `\n` starting the next one belongs to it.
    skip_lf: bool,
    event: Option<String>,
    data: Vec<String>,
    id: Option<String>,
}

impl SseParser {
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        let mut out = Vec::new();
        for &b in bytes {
            if std::mem::take(&mut self.skip_lf) && b == b'\n' {
                continue;
            }
            match b {
                b'\n' | b'\r' => {
                    self.skip_lf = b == b'\r';
                    let line = std::mem::take(&mut self.buffer);
                    let line = String::from_utf8_lossy(&line);
                    if let Some(event) = self.line(&line) {
                        out.push(event);
                    }
                }
                _ => self.buffer.push(b),
            }
        }
        out
    }

    fn line(&mut self, line: &str) -> Option<SseEvent> {
        if line.is_empty() {
            let event = self.event.take();
            let id = self.id.take();
            if self.data.is_empty() {
                return None;
            }
            return Some(SseEvent {
                event: event.unwrap_or_else(|| "message".to_owned()),
                data: std::mem::take(&mut self.data).join("\n"),
                id,
            });
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => self.data.push(value.to_owned()),
            "id" => self.id = Some(value.to_owned()),
            _ => {}
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_across_chunks_and_line_endings() {
        let mut p = SseParser::default();
        assert!(p.push(b": keep-alive\n\nevent: entry\r").is_empty());
        assert!(p.push(b"\nid: 7\ndata: {\"seq\"").is_empty());
        let got = p.push(b":7}\n\ndata: a\r\ndata: b\r\n\r\n");
        assert_eq!(
            got,
            vec![
                SseEvent {
                    event: "entry".into(),
                    data: "{\"seq\":7}".into(),
                    id: Some("7".into())
                },
                SseEvent {
                    event: "message".into(),
                    data: "a\nb".into(),
                    id: None
                },
            ]
        );
    }

    #[test]
    fn an_event_without_data_is_not_dispatched() {
        let mut p = SseParser::default();
        assert!(p.push(b"event: ping\n\n").is_empty());
        let got = p.push(b"data: x\n\n");
        assert_eq!(got[0].event, "message");
    }
}
