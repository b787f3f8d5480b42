//! The second pass of a hunt with indicators (issue #16): the events that join the intruder,
//! by the keys the first pass reached ([`Hunt::actor_keys`](super::Hunt::actor_keys)). Only
//! these are held, whatever the size of the logs (issue #19).

use super::{Context, HeadCache, build, head_cached};
use crate::actor::ReachedKeys;
use ajar_model::event::AccessEvent;
use ajar_model::logrow::LogRow;

/// Rows read again, keeping the intruder's events.
#[derive(Debug)]
pub struct ActorRows<'c> {
    ctx: &'c Context,
    reached: &'c ReachedKeys,
    cache: HeadCache,
    /// The events kept, in the order read.
    pub events: Vec<AccessEvent>,
}

impl<'c> ActorRows<'c> {
    /// Keeps the events that match `ctx`'s indicators or carry a key in `reached`.
    pub fn new(ctx: &'c Context, reached: &'c ReachedKeys) -> Self {
        Self {
            ctx,
            reached,
            cache: HeadCache::new(),
            events: Vec::new(),
        }
    }

    /// One row of `file`: kept on the terms of the first pass (a time, within the filters'
    /// times), if it joins the intruder.
    pub fn row(&mut self, file: &str, row: &dyn LogRow) {
        let ctx = self.ctx;
        let Ok(h) = head_cached(row, ctx, &mut self.cache) else {
            return;
        };
        let f = &ctx.filters;
        if f.since.is_some_and(|s| h.time < s) || f.until.is_some_and(|u| h.time >= u) {
            return;
        }
        let (ev, _) = build(row, &h, file, ctx);
        if ctx.indicators.joins(&ev, self.reached) {
            self.events.push(ev);
        }
    }
}
