//! Feeding the detection catalogue (issue #17) from the hunt's rows.

use super::Hunt;
use ajar_model::event::AccessEvent;
use ajar_model::logrow::{Field, LogRow};

impl Hunt<'_> {
    /// Feeds one event to the detections, with its API facts and country (issue #17).
    pub(super) fn detect(&mut self, row: &dyn LogRow, ev: &mut AccessEvent) {
        let had_api = ev.api.is_some();
        // Only the API evidence types carry API facts (intrusions.md §3); a guest's page or
        // Aura request has none worth reading.
        if !had_api && crate::actor::EVIDENCE_TYPES.contains(&ev.event_type.as_str()) {
            // Into the previous row's facts, keeping their buffers.
            let mut api = self.api_scratch.take().unwrap_or_default();
            crate::forensics::refill_api(&mut api, row);
            if api.is_empty() {
                self.api_scratch = Some(api);
            } else {
                ev.api = Some(api);
            }
        }
        // Borrowed from the GeoIP cache: no copy per event.
        let country = match (&ev.log_country, ev.ip) {
            (Some(c), _) => Some(c.as_str()),
            (None, Some(ip)) => super::cached_country(&mut self.geo_cache, self.geo, ip),
            (None, None) => None,
        };
        if let (Some(d), Some(cfg)) = (self.detector.as_mut(), self.ctx.detect.as_ref()) {
            let anomaly =
                crate::detect::is_guest_anomaly(&ev.event_type).then(|| crate::detect::Anomaly {
                    score: row.get(Field::Score).and_then(|v| v.parse().ok()),
                    controller_events: row
                        .get(Field::TotalControllerEvents)
                        .and_then(|v| v.parse().ok()),
                });
            let obs = crate::detect::Obs {
                ev,
                country,
                anomaly,
            };
            d.observe(cfg, &obs);
        }
        if !had_api && let Some(api) = ev.api.take() {
            self.api_scratch = Some(api);
        }
    }
}
