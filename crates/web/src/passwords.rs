//! Password hashing and verification off the async threads, a few at a time.
//!
//! One Argon2id computation holds about 19 MiB for tens of milliseconds. Run one per
//! request on the blocking pool and a flood of failed sign-ins holds hundreds of them at
//! once (and the allocator keeps the memory afterwards). Here a fixed set of worker
//! threads, one per core, does every computation of the process: memory stays at one
//! Argon2 block per worker. Requests wait their turn in a bounded queue for at most
//! [`QUEUE_WAIT`]; past either bound they are refused at once with [`Busy`], which the web
//! layer answers with **503** and `Retry-After`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

use crate::auth::{self, AuthError};

/// How long a request waits for a worker before it is refused.
pub const QUEUE_WAIT: Duration = Duration::from_secs(5);
/// How many requests may wait for a worker, per worker.
const WAITING_PER_WORKER: usize = 32;
/// The longest password that is hashed or verified, in bytes ([`pendulum_domain::Password`]):
/// longer input to the sign-in form is refused without any work. (Argon2 reads all of it; a
/// bound keeps the cost fixed.)
pub use crate::auth::MAX_PASSWORD_BYTES;

/// The workers are all taken and too many requests already wait: try again shortly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the server is busy checking passwords; try again in a few seconds")]
pub struct Busy;

type Job = Box<dyn FnOnce() + Send>;

/// The process's password workers and their queue.
pub struct Pool {
    jobs: mpsc::Sender<Job>,
    /// One permit per worker: a job is sent only with a permit, so a worker is free for it.
    slots: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
    workers: usize,
}

static POOL: LazyLock<Pool> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    Pool::new(cores.clamp(1, 8))
});

/// The process's pool.
pub fn pool() -> &'static Pool {
    &POOL
}

impl Pool {
    /// A pool of `workers` threads.
    pub fn new(workers: usize) -> Self {
        let workers = workers.max(1);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for n in 0..workers {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("pendulum-passwords-{n}"))
                .spawn(move || {
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })
                .expect("the password worker threads start");
        }
        Self {
            jobs,
            slots: Arc::new(Semaphore::new(workers)),
            waiting: AtomicUsize::new(0),
            max_waiting: workers * WAITING_PER_WORKER,
            workers,
        }
    }

    /// How many computations run at once, at most.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Runs `work` on a worker when one is free, or fails with [`Busy`].
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let permit = {
            let _waiting = Waiting::enter(&self.waiting, self.max_waiting)?;
            tokio::time::timeout(QUEUE_WAIT, self.slots.clone().acquire_owned())
                .await
                .map_err(|_| Busy)?
                .map_err(|_| Busy)?
        };
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move || {
            let out = work();
            // The worker is free again once the work is done, whether or not the request
            // that asked for it is still there to read the answer.
            drop(permit);
            let _ = done.send(out);
        });
        self.jobs.send(job).map_err(|_| Busy)?;
        result.await.map_err(|_| Busy)
    }

    /// Hashes `password` ([`auth::hash_password`]).
    pub async fn hash(&self, password: String) -> Result<Result<String, AuthError>, Busy> {
        self.run(move || auth::hash_password(&password)).await
    }

    /// Whether `password` matches `hash`; with no hash (an unknown email), spends the same
    /// work and fails, so both answers take equally long. Passwords longer than
    /// [`MAX_PASSWORD_BYTES`] match nothing and cost nothing.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, Busy> {
        if password.len() > MAX_PASSWORD_BYTES {
            return Ok(false);
        }
        self.run(move || match hash {
            Some(hash) => auth::verify_password(&password, &hash),
            None => auth::verify_nothing(&password),
        })
        .await
    }
}

/// A place in the queue, given back when dropped (also when the request goes away).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn enter(count: &'a AtomicUsize, max: usize) -> Result<Self, Busy> {
        if count.fetch_add(1, Ordering::AcqRel) >= max {
            count.fetch_sub(1, Ordering::AcqRel);
            return Err(Busy);
        }
        Ok(Self(count))
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_than_the_workers_run_at_once_and_the_queue_is_bounded() {
        let pool = Arc::new(Pool::new(2));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let refused = Arc::new(AtomicUsize::new(0));
        // The jobs hold their workers until the gate opens, so the queue fills up.
        let gate = Arc::new((std::sync::Mutex::new(false), std::sync::Condvar::new()));
        let mut tasks = Vec::new();
        for _ in 0..200 {
            let (pool, running, most, refused, gate) = (
                pool.clone(),
                running.clone(),
                most.clone(),
                refused.clone(),
                gate.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let out = pool
                    .run(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        let (open, opened) = &*gate;
                        let mut open = open.lock().unwrap();
                        while !*open {
                            open = opened.wait(open).unwrap();
                        }
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await;
                if out.is_err() {
                    refused.fetch_add(1, Ordering::SeqCst);
                }
                out
            }));
        }
        // Every task has either been refused, waits in the queue or runs.
        while refused.load(Ordering::SeqCst)
            + pool.waiting.load(Ordering::SeqCst)
            + running.load(Ordering::SeqCst)
            < 200
        {
            tokio::task::yield_now().await;
        }
        assert_eq!(
            running.load(Ordering::SeqCst),
            2,
            "two workers, two running"
        );
        assert_eq!(pool.waiting.load(Ordering::SeqCst), 2 * WAITING_PER_WORKER);
        assert_eq!(
            refused.load(Ordering::SeqCst),
            200 - 2 - 2 * WAITING_PER_WORKER
        );
        *gate.0.lock().unwrap() = true;
        gate.1.notify_all();
        let done = futures_done(tasks).await;
        assert_eq!(
            done,
            2 + 2 * WAITING_PER_WORKER,
            "everyone queued was served"
        );
        assert_eq!(
            most.load(Ordering::SeqCst),
            2,
            "never more than two at once"
        );
        assert_eq!(
            pool.waiting.load(Ordering::SeqCst),
            0,
            "every place given back"
        );
    }

    async fn futures_done(tasks: Vec<tokio::task::JoinHandle<Result<(), Busy>>>) -> usize {
        let mut done = 0;
        for task in tasks {
            if task.await.unwrap().is_ok() {
                done += 1;
            }
        }
        done
    }

    #[tokio::test]
    async fn verifying_an_overlong_password_costs_nothing_and_fails() {
        let pool = Pool::new(1);
        let hash = auth::hash_password("correct horse battery").unwrap();
        let long = "x".repeat(MAX_PASSWORD_BYTES + 1);
        assert_eq!(pool.verify(long, Some(hash.clone())).await, Ok(false));
        assert_eq!(
            pool.verify("correct horse battery".into(), Some(hash))
                .await,
            Ok(true)
        );
        assert_eq!(pool.verify("anything".into(), None).await, Ok(false));
    }
}
