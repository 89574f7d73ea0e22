//! The search index, opened in the background at start; searches wait until it is ready.

use kuni::search::SearchIndex;
use std::sync::{Condvar, Mutex};

/// Holds the index (or why it could not be opened) once the background opening finishes.
#[derive(Default)]
pub struct IndexSlot {
    state: Mutex<Option<Result<SearchIndex, String>>>,
    ready: Condvar,
}

impl IndexSlot {
    /// Stores the outcome of opening the index and wakes waiting searches.
    pub fn set(&self, outcome: Result<SearchIndex, String>) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome);
        self.ready.notify_all();
    }

    /// Empties the slot while another library's index is being opened.
    pub fn clear(&self) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Runs `f` on the index, waiting for it to be opened first.
    pub fn with<T>(&self, f: impl FnOnce(&mut SearchIndex) -> T) -> Result<T, String> {
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while guard.is_none() {
            guard = self.ready.wait(guard).unwrap_or_else(|e| e.into_inner());
        }
        match guard.as_mut() {
            Some(Ok(index)) => Ok(f(index)),
            Some(Err(e)) => Err(e.clone()),
            None => Err("the search index is unavailable".to_string()),
        }
    }
}
