//! The background task that processes the queue: uploaded files, the cross-report rules
//! they make due, and the admin's re-checks. One task per server, so that on SQLite only
//! one writer processes at a time; on PostgreSQL `xxgk worker`s may share the queue.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, mpsc, oneshot};
use xxgk_store::{Silent, Store};

/// What the task is asked besides the queue.
enum Job {
    /// Read every stored file again and check it (`xxgk reparse`); the reply is how many.
    Recheck(oneshot::Sender<Result<usize, String>>),
}

/// A handle on the background task.
#[derive(Clone)]
pub(crate) struct Worker {
    notify: Arc<Notify>,
    jobs: mpsc::Sender<Job>,
}

impl Worker {
    /// Starts the task; it first processes whatever an earlier run left queued.
    pub(crate) fn start(store: Store) -> Worker {
        let notify = Arc::new(Notify::new());
        let (jobs, rx) = mpsc::channel(8);
        tokio::spawn(run(store, notify.clone(), rx));
        notify.notify_one();
        Worker { notify, jobs }
    }

    /// New files are queued.
    pub(crate) fn wake(&self) {
        self.notify.notify_one();
    }

    /// Re-reads and re-checks every stored file; waits for the result.
    pub(crate) async fn recheck(&self) -> Result<usize, String> {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Job::Recheck(tx))
            .await
            .map_err(|_| "后台任务已停止 / the background task stopped".to_string())?;
        rx.await
            .map_err(|_| "后台任务已停止 / the background task stopped".to_string())?
    }
}

async fn run(store: Store, notify: Arc<Notify>, mut jobs: mpsc::Receiver<Job>) {
    loop {
        if let Err(e) = store.work(&Silent, true, Duration::from_millis(200)).await {
            // a busy database or a lost connection: try again shortly
            eprintln!("xxgk: 后台处理出错，稍后重试 / background processing failed, retrying: {e}");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        tokio::select! {
            _ = notify.notified() => {}
            job = jobs.recv() => match job {
                Some(Job::Recheck(reply)) => {
                    let r = store.reparse(&Silent).await.map_err(|e| e.to_string());
                    let _ = reply.send(r);
                }
                None => return,
            },
            // files queued by others (`xxgk ingest --queue` on the same database)
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
        }
    }
}
