//! What one `/sync` answer holds that Muster reads: the token to continue
//! from, and the new timeline events of the rooms the bot has joined.

use serde_json::Value;

/// A room event from the timeline, as the homeserver delivered it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomEvent {
    pub room: String,
    /// Unique across the homeserver: the key of "acted on once".
    pub event_id: String,
    pub sender: String,
    /// `m.room.message`, `m.reaction`, `m.room.encrypted`, …
    pub kind: String,
    pub content: Value,
    /// Milliseconds since the epoch, when the sender's server received it.
    pub origin_server_ts: i64,
}

impl RoomEvent {
    /// The text of an `m.room.message`.
    pub fn text(&self) -> Option<&str> {
        (self.kind == "m.room.message")
            .then(|| self.content["body"].as_str())
            .flatten()
    }

    /// For an `m.reaction` (an `m.annotation`): the event reacted to and the key.
    pub fn reaction(&self) -> Option<(&str, &str)> {
        if self.kind != "m.reaction" {
            return None;
        }
        let rel = &self.content["m.relates_to"];
        if rel["rel_type"].as_str() != Some("m.annotation") {
            return None;
        }
        Some((rel["event_id"].as_str()?, rel["key"].as_str()?))
    }

    /// Parses an event as the room-event endpoints return it.
    pub fn from_json(room: &str, e: &Value) -> Option<RoomEvent> {
        Some(RoomEvent {
            room: room.to_owned(),
            event_id: e["event_id"].as_str()?.to_owned(),
            sender: e["sender"].as_str()?.to_owned(),
            kind: e["type"].as_str()?.to_owned(),
            content: e["content"].clone(),
            origin_server_ts: e["origin_server_ts"].as_i64().unwrap_or_default(),
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncBatch {
    /// Pass as `since` to the next sync.
    pub next_batch: String,
    pub events: Vec<RoomEvent>,
    /// Rooms the bot is invited to but has not joined.
    pub invites: Vec<String>,
}

impl SyncBatch {
    /// `first`: the sync had no `since`, so its events are history, not news.
    pub fn parse(body: &Value, first: bool) -> SyncBatch {
        let mut batch = SyncBatch {
            next_batch: body["next_batch"].as_str().unwrap_or_default().to_owned(),
            ..SyncBatch::default()
        };
        if let Some(invites) = body["rooms"]["invite"].as_object() {
            batch.invites = invites.keys().cloned().collect();
        }
        if first {
            return batch;
        }
        let Some(rooms) = body["rooms"]["join"].as_object() else {
            return batch;
        };
        for (room, joined) in rooms {
            let Some(events) = joined["timeline"]["events"].as_array() else {
                continue;
            };
            batch
                .events
                .extend(events.iter().filter_map(|e| RoomEvent::from_json(room, e)));
        }
        batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_sync_reads_timelines_and_a_first_sync_reads_none() {
        let body = json!({"next_batch": "s72595_4483_1934", "rooms": {
            "join": {"!r:example.org": {"timeline": {"events": [
                {"event_id": "$1", "sender": "@ana:example.org", "type": "m.room.message",
                 "origin_server_ts": 1_800_000_000_000_i64, "content": {"msgtype": "m.text", "body": "!muster status"}},
                {"event_id": "$2", "sender": "@dev:example.org", "type": "m.reaction",
                 "content": {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$1", "key": "📝"}}},
                {"type": "broken"}
            ]}}},
            "invite": {"!new:example.org": {}}}});
        let b = SyncBatch::parse(&body, false);
        assert_eq!(b.next_batch, "s72595_4483_1934");
        assert_eq!(b.events.len(), 2, "an event without an id is skipped");
        assert_eq!(b.events[0].text(), Some("!muster status"));
        assert_eq!(b.events[1].reaction(), Some(("$1", "📝")));
        assert_eq!(b.invites, ["!new:example.org"]);
        assert!(SyncBatch::parse(&body, true).events.is_empty());
    }
}
