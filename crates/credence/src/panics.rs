//! Panics inside an input's isolated work (reading, extracting, analysing,
//! rendering one document) are that input's error, not the run's end. The
//! hook here keeps such panics off standard error, where the caught error
//! is reported instead, and remembers where each one happened for it.

use std::cell::{Cell, RefCell};

thread_local! {
    /// This thread is running isolated work.
    static ISOLATED: Cell<bool> = const { Cell::new(false) };
    /// Where the last isolated panic on this thread happened.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Install the hook: panics in isolated work (and on credence-input's
/// extraction threads, whose panics are caught there) are silent; any
/// other panic is reported by the default hook as usual.
pub fn install_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let extraction = std::thread::current()
            .name()
            .is_some_and(|name| name == "credence-extract");
        if ISOLATED.get() || extraction {
            LOCATION.set(
                info.location()
                    .map(|l| format!("{}:{}", l.file(), l.line())),
            );
        } else {
            default(info);
        }
    }));
}

/// Run `work`; a panic in it becomes `Err` with its message and place.
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let outer = ISOLATED.replace(true);
    LOCATION.set(None);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    ISOLATED.set(outer);
    result.map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "panic".to_owned());
        match LOCATION.take() {
            Some(location) => format!("{message}, at {location}"),
            None => message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_says_what_and_where() {
        install_hook();
        let caught = catch(|| -> u8 { panic!("bad byte {}", 7) }).unwrap_err();
        assert!(caught.starts_with("bad byte 7, at "), "{caught}");
        assert!(caught.contains("panics.rs"), "{caught}");
        assert_eq!(catch(|| 5), Ok(5));
    }
}
