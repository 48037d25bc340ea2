//! Receipts on their way to the proof endpoint: none is lost when the endpoint is down or the
//! page goes away before it answers.
//!
//! Every receipt goes into the outbox (`localStorage["consent-gate-outbox"]`) before it is
//! sent, and leaves it only when the endpoint has answered 2xx. Whatever is still there when a
//! later page view starts is sent again (each with its receipt's `consentId`, which the
//! endpoint uses to drop a duplicate). The outbox is bounded: at most [`MAX_PENDING`]
//! receipts (the oldest go first) and [`MAX_ATTEMPTS`] tries each, so an endpoint that never
//! answers cannot fill the visitor's storage.
//!
//! The shell reads and writes the stored text itself, at the moment of each change (another
//! tab may have changed it since), through the pure functions here: [`add`], [`delivered`]
//! and [`due`]. Stored text is untrusted: what does not read as an outbox entry is dropped.

use super::json::{Fields, Json, ObjectWriter};
#[allow(unused_imports)]
use crate::prelude::*;

/// The `localStorage` key of the outbox.
pub const OUTBOX_KEY: &str = "consent-gate-outbox";
/// The most receipts kept; a newer one pushes the oldest out.
pub const MAX_PENDING: usize = 20;
/// How often a receipt is tried (this page view's send included) before it is given up.
pub const MAX_ATTEMPTS: u32 = 10;

/// One receipt waiting for its endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// The receipt's `consentId`: the endpoint drops duplicates by it.
    pub id: String,
    /// Where it goes (the config's `proof.endpoint` when it was made).
    pub endpoint: String,
    /// The receipt, as JSON.
    pub body: String,
    /// How often it has been sent so far.
    pub attempts: u32,
}

/// The outbox after a change, and the receipts that change pushed out or gave up on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The text to store (`None`: remove the key, the outbox is empty).
    pub stored: Option<String>,
    /// Receipts dropped: the oldest beyond [`MAX_PENDING`], or tried [`MAX_ATTEMPTS`] times.
    pub dropped: Vec<Pending>,
}

/// Adds `pending` (already counting its first send) to the stored outbox `stored`.
#[must_use]
pub fn add(stored: Option<&Json>, pending: Pending) -> Change {
    let mut list = read(stored);
    list.retain(|p| p.id != pending.id);
    list.push(pending);
    let overflow = list.len().saturating_sub(MAX_PENDING);
    let dropped = list.drain(..overflow).collect();
    Change {
        stored: write(&list),
        dropped,
    }
}

/// Removes the receipt `id`: its endpoint answered 2xx.
#[must_use]
pub fn delivered(stored: Option<&Json>, id: &str) -> Change {
    let mut list = read(stored);
    list.retain(|p| p.id != id);
    Change {
        stored: write(&list),
        dropped: Vec::new(),
    }
}

/// The receipts to send again as a page view starts, each counted as tried once more, and the
/// outbox without those tried [`MAX_ATTEMPTS`] times already.
#[must_use]
pub fn due(stored: Option<&Json>) -> (Vec<Pending>, Change) {
    let (mut keep, dropped): (Vec<Pending>, Vec<Pending>) = read(stored)
        .into_iter()
        .partition(|p| p.attempts < MAX_ATTEMPTS);
    for p in &mut keep {
        p.attempts += 1;
    }
    let change = Change {
        stored: write(&keep),
        dropped,
    };
    (keep, change)
}

/// The entries of a stored outbox that read as entries (anything else is dropped).
fn read(stored: Option<&Json>) -> Vec<Pending> {
    let Some(Json::Array(items)) = stored else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let f = Fields::new(item, "", &["id", "endpoint", "body", "attempts"]).ok()?;
            let mut errors = Vec::new();
            let entry = Pending {
                id: f.string("id", &mut errors)?,
                endpoint: f.string("endpoint", &mut errors)?,
                body: f.string("body", &mut errors)?,
                attempts: f.u32("attempts", &mut errors)?,
            };
            f.check_unknown(&mut errors);
            (errors.is_empty() && !entry.id.is_empty()).then_some(entry)
        })
        .take(MAX_PENDING)
        .collect()
}

fn write(list: &[Pending]) -> Option<String> {
    if list.is_empty() {
        return None;
    }
    let mut out = String::from("[");
    for (i, p) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut w = ObjectWriter::new(&mut out);
        w.string("id", &p.id)
            .string("endpoint", &p.endpoint)
            .string("body", &p.body)
            .number("attempts", u64::from(p.attempts));
        w.close();
    }
    out.push(']');
    Some(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn pending(id: &str, attempts: u32) -> Pending {
        Pending {
            id: id.into(),
            endpoint: "/receipts".into(),
            body: format!("{{\"consentId\":\"{id}\"}}"),
            attempts,
        }
    }

    fn parse(change: &Change) -> Option<Json> {
        change.stored.as_deref().map(|t| Json::parse(t).unwrap())
    }

    #[test]
    fn a_receipt_stays_until_delivered() {
        let one = add(None, pending("a", 1));
        let two = add(parse(&one).as_ref(), pending("b", 1));
        assert_eq!(
            read(parse(&two).as_ref()),
            [pending("a", 1), pending("b", 1)]
        );
        let left = delivered(parse(&two).as_ref(), "a");
        assert_eq!(read(parse(&left).as_ref()), [pending("b", 1)]);
        let empty = delivered(parse(&left).as_ref(), "b");
        assert_eq!(empty.stored, None, "an empty outbox is removed");
    }

    #[test]
    fn a_later_page_view_sends_again_counting_attempts_and_gives_up_at_the_limit() {
        let stored = add(None, pending("a", MAX_ATTEMPTS - 1));
        let stored = add(parse(&stored).as_ref(), pending("b", MAX_ATTEMPTS));
        let (send, change) = due(parse(&stored).as_ref());
        assert_eq!(send, [pending("a", MAX_ATTEMPTS)]);
        assert_eq!(change.dropped, [pending("b", MAX_ATTEMPTS)]);
        let (send, change) = due(parse(&change).as_ref());
        assert!(send.is_empty());
        assert_eq!(change.dropped, [pending("a", MAX_ATTEMPTS)]);
        assert_eq!(change.stored, None);
    }

    #[test]
    fn it_is_bounded_and_the_oldest_go_first() {
        let mut stored = None;
        for i in 0..MAX_PENDING + 2 {
            let change = add(stored.as_ref(), pending(&i.to_string(), 1));
            if i >= MAX_PENDING {
                assert_eq!(change.dropped, [pending(&(i - MAX_PENDING).to_string(), 1)]);
            }
            stored = parse(&change);
        }
        assert_eq!(read(stored.as_ref()).len(), MAX_PENDING);
    }

    #[test]
    fn a_resent_receipt_is_not_kept_twice() {
        let stored = add(None, pending("a", 1));
        let stored = add(parse(&stored).as_ref(), pending("a", 2));
        assert_eq!(read(parse(&stored).as_ref()), [pending("a", 2)]);
    }

    #[test]
    fn hostile_stored_text_is_dropped_entry_by_entry() {
        for text in [
            "null",
            "{}",
            "\"x\"",
            "[1, null, {}]",
            "[{\"id\":\"\",\"endpoint\":\"/e\",\"body\":\"{}\",\"attempts\":1}]",
            "[{\"id\":\"a\",\"endpoint\":\"/e\",\"body\":\"{}\",\"attempts\":-1}]",
            "[{\"id\":\"a\",\"endpoint\":\"/e\",\"body\":\"{}\",\"attempts\":1,\"more\":true}]",
        ] {
            assert!(read(Some(&Json::parse(text).unwrap())).is_empty(), "{text}");
        }
        let mixed = Json::parse(
            "[7, {\"id\":\"a\",\"endpoint\":\"/e\",\"body\":\"{}\",\"attempts\":3}, \"junk\"]",
        )
        .unwrap();
        assert_eq!(read(Some(&mixed)).len(), 1);
    }
}
