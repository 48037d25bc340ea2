//! The stored record: read when the page view starts (in force, kept with new purposes off,
//! suspended or ignored), and changed by a decision in another tab.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{Session, Stored};
use crate::core::effects::{Effect, Event, Level};
use crate::core::record::{self, Choices, ConsentRecord, Invalid};
use crate::core::time::Timestamp;
use crate::core::view::Surface;

impl Session {
    /// Reads the stored record: in force, kept with new purposes off, suspended, or ignored.
    pub(super) fn restore(&mut self, stored: Option<&Stored>, now: Timestamp) -> Vec<Effect> {
        let Some(stored) = stored else {
            return Vec::new();
        };
        if let Some(id) = record::withdrawn(stored) {
            // Withdrawn on an earlier page view (`reset()` under region rules): asked again.
            self.previous_id = Some(id.to_owned());
            return Vec::new();
        }
        let record = match read_record(stored) {
            Ok(record) => record,
            Err(reason) => return vec![ignored(&reason)],
        };
        match record.check(&self.config, now) {
            Ok(()) => {
                self.surface = Surface::Hidden;
                self.consent = Some(record);
                Vec::new()
            }
            Err(Invalid::Undecided(_)) => {
                // New purposes: earlier choices stay in force; the new ones start off.
                self.notice = true;
                self.prefill = Some(self.carry_over(&record));
                self.consent = Some(record);
                vec![Effect::Log(
                    Level::Info,
                    "the config has purposes the visitor never decided on; asking again".into(),
                )]
            }
            Err(Invalid::OtherRevision(r)) => {
                // A new revision: earlier choices are suspended until the visitor decides.
                self.notice = true;
                self.prefill = Some(self.carry_over(&record));
                self.previous_id = Some(record.id);
                vec![Effect::Log(
                    Level::Info,
                    format!(
                        "the config changed from revision {r} to {}; asking again",
                        self.config.revision
                    ),
                )]
            }
            Err(reason) => vec![ignored(&reason)],
        }
    }

    /// The visitor's earlier choices for purposes that still exist; new ones off.
    fn carry_over(&self, record: &ConsentRecord) -> Choices {
        let mut choices = Choices::uniform(&self.config, false);
        for (id, on) in &mut choices.categories {
            if let Some(&was) = record.categories.get(id) {
                *on = *on || was;
            }
        }
        for (id, on) in &mut choices.services {
            if let Some(&was) = record.services.get(id) {
                *on = *on || was;
            }
        }
        self.with_gpc(choices)
    }

    /// Another tab decided (or reset): apply it here without storing, reloading or a receipt.
    pub(super) fn storage_changed(
        &mut self,
        stored: Option<&Stored>,
        now: Timestamp,
    ) -> Vec<Effect> {
        let record = stored
            .and_then(|s| read_record(s).ok())
            .filter(|r| r.check(&self.config, now).is_ok());
        let same = match (&record, &self.consent) {
            (Some(new), Some(old)) => new.id == old.id,
            (None, None) => true,
            _ => false,
        };
        if same {
            return Vec::new();
        }
        let mut effects = Vec::new();
        match record {
            Some(record) => {
                let choices = self.with_gpc(record.choices());
                self.consent = Some(record);
                self.notice = false;
                self.prefill = None;
                if self.surface == Surface::Banner {
                    self.surface = Surface::Hidden;
                }
                effects.extend(self.apply(&choices));
            }
            None => {
                self.previous_id = self.consent.take().map(|r| r.id);
                effects.extend(self.forget());
            }
        }
        effects.push(Effect::Render(self.view()));
        effects.push(Effect::Notify(Event::Change));
        effects
    }
}

fn read_record(stored: &Stored) -> Result<ConsentRecord, Invalid> {
    match stored {
        Ok(json) => ConsentRecord::from_json(json),
        Err(why) => Err(Invalid::Malformed(why.clone())),
    }
}

fn ignored(reason: &Invalid) -> Effect {
    let level = match reason {
        Invalid::Expired => Level::Info,
        _ => Level::Warn,
    };
    Effect::Log(
        level,
        format!("the stored choice does not count ({reason}); asking again"),
    )
}
