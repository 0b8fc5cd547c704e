//! Drawing from an iterator on a second thread, so that making the items (parsing vCards:
//! unfolding, decoding, checking phone numbers) runs beside storing them. On two cores an
//! import is that much faster; memory stays bounded by the channel's depth.

use std::sync::mpsc;

/// Items pass between the threads in chunks of this many: one hand-over per item woke the
/// other thread (a system call) a hundred thousand times for a big import.
const CHUNK: usize = 64;

/// Items of `items`, made on a thread of their own up to about `depth` ahead of the caller.
/// When the caller stops early, the thread stops at its next hand-over.
pub fn read_ahead<T, I>(items: I, depth: usize) -> impl Iterator<Item = T>
where
    T: Send + 'static,
    I: IntoIterator<Item = T> + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel::<Vec<T>>(depth.div_ceil(CHUNK).max(1));
    std::thread::spawn(move || {
        let mut chunk = Vec::with_capacity(CHUNK);
        for item in items {
            chunk.push(item);
            if chunk.len() == CHUNK
                && tx
                    .send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))
                    .is_err()
            {
                return;
            }
        }
        if !chunk.is_empty() {
            let _ = tx.send(chunk);
        }
    });
    rx.into_iter().flatten()
}

#[cfg(test)]
mod tests {
    use super::read_ahead;

    #[test]
    fn gives_every_item_in_order() {
        let got: Vec<u32> = read_ahead(0..10_000u32, 64).collect();
        assert_eq!(got, (0..10_000).collect::<Vec<_>>());
    }

    #[test]
    fn a_caller_that_stops_early_stops_the_reader() {
        let (tx, rx) = std::sync::mpsc::channel();
        let items = (0..u64::MAX).inspect(move |i| {
            let _ = tx.send(*i);
        });
        let first: Vec<u64> = read_ahead(items, 4).take(3).collect();
        assert_eq!(first, [0, 1, 2]);
        // The reader is at most a few chunks past what was taken, then stops: the counter
        // stops growing.
        std::thread::sleep(std::time::Duration::from_millis(50));
        let seen = rx.try_iter().count();
        assert!(seen <= 4 * super::CHUNK, "the reader ran on: {seen} items");
    }
}
