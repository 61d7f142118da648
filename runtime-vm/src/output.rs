//! What one execution hands back besides its return data: events, CosmWasm
//! attributes, debug output, chain effects (transfers and more) and
//! (through calls) storage changes, counted over all its frames against the [`ExecutionLimits`], so an outcome's size is bounded whatever the
//! contract does and whoever collects it.
//!
//! Everything is counted when it is produced, whether or not its frame then
//! commits: the caps bound the host's work as well as the outcome. Debug
//! output is counted always and kept only when the request asks for it (dry
//! runs do), so a dry run ends exactly as the real call does.

use crate::fault::HostFault;
use crate::{ExecutionLimits, HostTrap, DEBUG_MESSAGE_OVERHEAD};

environmental::environmental!(current_output: OutputMeter);

/// The counters of one execution.
pub(crate) struct OutputMeter {
    limits: ExecutionLimits,
    collect_debug: bool,
    events: u32,
    event_bytes: u64,
    attributes: u32,
    debug_bytes: u64,
    effects: u32,
    calls: u32,
}

impl OutputMeter {
    /// Counters at zero under `limits`; debug messages are kept if `collect_debug`.
    pub(crate) fn new(limits: &ExecutionLimits, collect_debug: bool) -> Self {
        Self {
            limits: limits.clone(),
            collect_debug,
            events: 0,
            event_bytes: 0,
            attributes: 0,
            debug_bytes: 0,
            effects: 0,
            calls: 0,
        }
    }

    /// Runs `f` with this meter published for every frame of the execution.
    pub(crate) fn using<R>(&mut self, f: impl FnOnce() -> R) -> R {
        current_output::using(self, f)
    }

    /// Counts an event of `bytes` bytes (topics and data; CosmWasm: its type).
    fn event(&mut self, bytes: usize) -> Result<(), HostTrap> {
        self.events += 1;
        let max = self.limits.max_events;
        self.event_part(self.events > max, HostTrap::TooManyEvents, bytes)
    }

    /// Counts an event attribute (CosmWasm's) of `bytes` bytes of key and value.
    fn attribute(&mut self, bytes: usize) -> Result<(), HostTrap> {
        self.attributes += 1;
        let max = self.limits.max_event_attributes;
        self.event_part(self.attributes > max, HostTrap::TooManyAttributes, bytes)
    }

    /// Adds `bytes` to the events' bytes; `over` (a count past its cap)
    /// traps with `trap`, too many bytes with `EventsTooLarge`.
    fn event_part(&mut self, over: bool, trap: HostTrap, bytes: usize) -> Result<(), HostTrap> {
        self.event_bytes = self.event_bytes.saturating_add(bytes as u64);
        if over {
            return Err(trap);
        }
        if self.event_bytes > u64::from(self.limits.max_events_len) {
            return Err(HostTrap::EventsTooLarge);
        }
        Ok(())
    }

    /// Counts a debug message of `bytes` bytes; `true` if it is to be kept.
    fn debug(&mut self, bytes: usize) -> Result<bool, HostTrap> {
        let counted = bytes as u64 + u64::from(DEBUG_MESSAGE_OVERHEAD);
        self.debug_bytes = self.debug_bytes.saturating_add(counted);
        if self.debug_bytes > u64::from(self.limits.max_debug_output_len) {
            return Err(HostTrap::DebugOutputTooLarge);
        }
        Ok(self.collect_debug)
    }

    /// Counts a chain effect.
    fn effect(&mut self) -> Result<(), HostTrap> {
        self.effects += 1;
        if self.effects > self.limits.max_effects {
            return Err(HostTrap::TooManyEffects);
        }
        Ok(())
    }

    /// Counts a call into another contract.
    fn call(&mut self) -> Result<(), HostTrap> {
        self.calls += 1;
        if self.calls > self.limits.max_calls {
            return Err(HostTrap::TooManyCalls);
        }
        Ok(())
    }
}

fn with<R>(f: impl FnOnce(&mut OutputMeter) -> Result<R, HostTrap>) -> Result<R, HostFault> {
    match current_output::with(f) {
        Some(result) => result.map_err(HostFault::from),
        None => Err(HostFault::Fatal(crate::Error::Internal(
            "no output meter in scope".into(),
        ))),
    }
}

/// Counts an event of `bytes` bytes against the execution's caps.
pub(crate) fn count_event(bytes: usize) -> Result<(), HostFault> {
    with(|meter| meter.event(bytes))
}

/// Counts an event attribute of `bytes` bytes against the execution's caps.
pub(crate) fn count_attribute(bytes: usize) -> Result<(), HostFault> {
    with(|meter| meter.attribute(bytes))
}

/// Counts a debug message of `bytes` bytes; `true` if the caller collects it.
pub(crate) fn count_debug(bytes: usize) -> Result<bool, HostFault> {
    with(|meter| meter.debug(bytes))
}

/// Counts a chain effect (a value transfer, a contract instantiated,
/// terminated or given new code) against the execution's cap.
pub(crate) fn count_effect() -> Result<(), HostFault> {
    with(|meter| meter.effect())
}

/// Counts a call into another contract against the execution's cap.
pub(crate) fn count_call() -> Result<(), HostFault> {
    with(|meter| meter.call())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ExecutionLimits {
        ExecutionLimits {
            max_events: 2,
            max_events_len: 100,
            max_event_attributes: 3,
            max_debug_output_len: 2 * (10 + DEBUG_MESSAGE_OVERHEAD),
            max_effects: 1,
            max_calls: 1,
            ..ExecutionLimits::default()
        }
    }

    #[test]
    fn each_cap_trips_one_past_its_limit_with_its_own_trap() {
        let mut meter = OutputMeter::new(&limits(), true);
        assert_eq!(meter.event(40), Ok(()));
        assert_eq!(meter.event(40), Ok(()));
        assert_eq!(meter.event(0), Err(HostTrap::TooManyEvents));

        let mut meter = OutputMeter::new(&limits(), true);
        assert_eq!(meter.event(60), Ok(()));
        assert_eq!(meter.attribute(41), Err(HostTrap::EventsTooLarge));

        let mut meter = OutputMeter::new(&limits(), true);
        for _ in 0..3 {
            assert_eq!(meter.attribute(1), Ok(()));
        }
        assert_eq!(meter.attribute(1), Err(HostTrap::TooManyAttributes));

        let mut meter = OutputMeter::new(&limits(), false);
        assert_eq!(meter.debug(10), Ok(false));
        assert_eq!(meter.debug(10), Ok(false));
        assert_eq!(meter.debug(0), Err(HostTrap::DebugOutputTooLarge));

        let mut meter = OutputMeter::new(&limits(), true);
        assert_eq!(meter.effect(), Ok(()));
        assert_eq!(meter.effect(), Err(HostTrap::TooManyEffects));

        let mut meter = OutputMeter::new(&limits(), true);
        assert_eq!(meter.call(), Ok(()));
        assert_eq!(meter.call(), Err(HostTrap::TooManyCalls));
    }

    #[test]
    fn empty_debug_messages_still_count_toward_the_cap() {
        let mut meter = OutputMeter::new(&limits(), true);
        let fits = limits().max_debug_output_len / DEBUG_MESSAGE_OVERHEAD;
        for _ in 0..fits {
            assert_eq!(meter.debug(0), Ok(true));
        }
        assert_eq!(meter.debug(0), Err(HostTrap::DebugOutputTooLarge));
    }
}
