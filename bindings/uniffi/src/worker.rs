//! The thread the async forms (`sealRequestAsync`, `openResponseAsync`, …; Kotlin
//! `suspend`, Swift `async`) compute on: std only, no async runtime.
//!
//! [`off_thread`] starts the work on a new thread at once and returns a future that the
//! foreign side's executor polls; the thread stores the result and wakes the last waker it
//! was given. The caller's thread (Android's main thread, a Swift `MainActor`) only polls,
//! which returns immediately. One short-lived thread per call: the operations are
//! payload-sized (milliseconds to seconds), so a thread's start-up cost is small beside
//! them, and calls never wait for each other.

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::thread;

/// The work of one call.
type Job<T> = Box<dyn FnOnce() -> T + Send>;

/// What the worker thread and the future share.
struct Slot<T> {
    /// The work, until a thread takes it.
    job: Option<Job<T>>,
    /// The result (or the panic payload, re-raised on the polling side) once computed.
    done: Option<thread::Result<T>>,
    /// Who to wake when `done` is set.
    waker: Option<Waker>,
}

/// Locks `slot`; a poisoned lock is still usable (nothing panics while holding it).
fn lock<T>(slot: &Mutex<Slot<T>>) -> MutexGuard<'_, Slot<T>> {
    slot.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The future of one call run by [`off_thread`].
pub(crate) struct OffThread<T> {
    slot: Arc<Mutex<Slot<T>>>,
    /// No thread could be started: the first poll runs the work itself (the result is the
    /// same; only the thread differs).
    inline: bool,
}

/// Runs `work` on a new thread; the returned future completes with its result.
///
/// If the operating system refuses a thread, the work runs in the first poll instead. A
/// panic in `work` (a bug: the core does not panic) is re-raised where the future is
/// polled, as the synchronous form would raise it.
pub(crate) fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> OffThread<T> {
    let slot = Arc::new(Mutex::new(Slot {
        job: Some(Box::new(work) as Job<T>),
        done: None,
        waker: None,
    }));
    let shared = Arc::clone(&slot);
    let spawned = thread::Builder::new()
        .name("cardseal-worker".to_owned())
        .spawn(move || {
            let job = lock(&shared).job.take();
            if let Some(job) = job {
                let done = panic::catch_unwind(AssertUnwindSafe(job));
                let waker = {
                    let mut s = lock(&shared);
                    s.done = Some(done);
                    s.waker.take()
                };
                if let Some(w) = waker {
                    w.wake();
                }
            }
        });
    OffThread {
        slot,
        inline: spawned.is_err(),
    }
}

impl<T> Future for OffThread<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut s = lock(&self.slot);
        if let Some(done) = s.done.take() {
            return Poll::Ready(done.unwrap_or_else(|p| panic::resume_unwind(p)));
        }
        if self.inline
            && let Some(job) = s.job.take()
        {
            drop(s);
            return Poll::Ready(job());
        }
        s.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::task::Wake;

    /// A waker that reports each wake on a channel.
    struct Signal(Mutex<mpsc::Sender<()>>);

    impl Wake for Signal {
        fn wake(self: Arc<Self>) {
            let _ = lock_sender(&self.0).send(());
        }
    }

    fn lock_sender(m: &Mutex<mpsc::Sender<()>>) -> MutexGuard<'_, mpsc::Sender<()>> {
        m.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Polls `fut` to completion on this thread, sleeping until woken.
    fn block_on<T>(mut fut: OffThread<T>) -> (T, usize) {
        let (tx, rx) = mpsc::channel();
        let waker = Waker::from(Arc::new(Signal(Mutex::new(tx))));
        let mut cx = Context::from_waker(&waker);
        let mut pending = 0;
        loop {
            if let Poll::Ready(v) = Pin::new(&mut fut).poll(&mut cx) {
                return (v, pending);
            }
            pending += 1;
            assert!(rx.recv().is_ok(), "woken");
        }
    }

    #[test]
    fn the_work_runs_on_another_thread_and_wakes_the_poller() {
        let caller = thread::current().id();
        let (gate_tx, gate_rx) = mpsc::channel::<()>();
        // The work waits for the gate, so the first poll must find it unfinished.
        let fut = off_thread(move || {
            let _ = gate_rx.recv();
            (
                thread::current().id(),
                thread::current().name().map(str::to_owned),
            )
        });
        let opener = thread::spawn(move || {
            thread::sleep(std::time::Duration::from_millis(20));
            let _ = gate_tx.send(());
        });
        let ((worker, name), pending) = block_on(fut);
        assert!(opener.join().is_ok());
        assert_ne!(worker, caller);
        assert_eq!(name.as_deref(), Some("cardseal-worker"));
        assert!(pending >= 1, "the first poll returned Pending");
    }

    #[test]
    fn without_a_thread_the_first_poll_runs_the_work() {
        let fut = OffThread {
            slot: Arc::new(Mutex::new(Slot {
                job: Some(Box::new(|| thread::current().id()) as Job<_>),
                done: None,
                waker: None,
            })),
            inline: true,
        };
        assert_eq!(block_on(fut), (thread::current().id(), 0));
    }

    #[test]
    fn results_come_back_exactly() {
        let (v, _) = block_on(off_thread(|| "sealed".repeat(3)));
        assert_eq!(v, "sealedsealedsealed");
    }

    #[test]
    fn a_panic_in_the_work_is_raised_where_polled() {
        let r =
            panic::catch_unwind(|| block_on(off_thread(|| -> u8 { std::panic::panic_any(7u8) })));
        let payload = r.err().and_then(|p| p.downcast::<u8>().ok());
        assert_eq!(payload.as_deref(), Some(&7));
    }
}
