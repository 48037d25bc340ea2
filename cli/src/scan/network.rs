//! A tab's network events, collected as they arrive: every request (URL, host, kind), the
//! main documents' statuses, and when the network was last busy (to wait until it settles).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::cdp::browser_protocol::network::{
    EventRequestWillBeSent, EventResponseReceived, ResourceType,
};
use chromiumoxide::page::Page;
use futures::StreamExt;
use url::Url;

use super::browser_error;
use super::model::{ScanError, SeenRequest};

/// A tab's network events, collected as they arrive.
pub(super) struct Network {
    state: Arc<Mutex<NetState>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

struct NetState {
    requests: Vec<SeenRequest>,
    /// Main-document responses: frame, status.
    documents: Vec<(String, i64)>,
    last: Instant,
}

impl Network {
    pub(super) async fn listen(page: &Page) -> Result<Network, ScanError> {
        let state = Arc::new(Mutex::new(NetState {
            requests: Vec::new(),
            documents: Vec::new(),
            last: Instant::now(),
        }));
        let mut sent = page
            .event_listener::<EventRequestWillBeSent>()
            .await
            .map_err(browser_error)?;
        let mut received = page
            .event_listener::<EventResponseReceived>()
            .await
            .map_err(browser_error)?;
        let s = Arc::clone(&state);
        let requests = tokio::spawn(async move {
            while let Some(e) = sent.next().await {
                let host = Url::parse(&e.request.url)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                    .unwrap_or_default();
                let kind = e
                    .r#type
                    .as_ref()
                    .map_or_else(|| "Other".to_owned(), |t| t.as_ref().to_owned());
                if let Ok(mut st) = s.lock() {
                    st.last = Instant::now();
                    st.requests.push(SeenRequest {
                        url: e.request.url.clone(),
                        host,
                        kind,
                    });
                }
            }
        });
        let s = Arc::clone(&state);
        let responses = tokio::spawn(async move {
            while let Some(e) = received.next().await {
                if let Ok(mut st) = s.lock() {
                    st.last = Instant::now();
                    if e.r#type == ResourceType::Document {
                        let frame = e
                            .frame_id
                            .as_ref()
                            .map(|f| f.as_ref().to_owned())
                            .unwrap_or_default();
                        st.documents.push((frame, e.response.status));
                    }
                }
            }
        });
        Ok(Network {
            state,
            tasks: vec![requests, responses],
        })
    }

    /// Waits until nothing was sent or received for `quiet` (at least `quiet`, at most
    /// `limit`).
    pub(super) async fn settle(&self, quiet: Duration, limit: Duration) {
        let started = Instant::now();
        tokio::time::sleep(quiet.min(limit)).await;
        while started.elapsed() < limit {
            let idle = self.state.lock().map_or(quiet, |st| st.last.elapsed());
            if idle >= quiet {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub(super) fn document_status(&self, main_frame: Option<&str>) -> Option<i64> {
        let st = self.state.lock().ok()?;
        st.documents
            .iter()
            .rev()
            .find(|(frame, _)| main_frame.is_none_or(|m| m == frame))
            .map(|(_, status)| *status)
    }

    pub(super) fn requests(&self) -> Vec<SeenRequest> {
        self.state
            .lock()
            .map(|st| st.requests.clone())
            .unwrap_or_default()
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}
