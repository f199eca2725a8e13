package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.store.Completion;
import dev.taskflow.store.JobStore;

/**
 * Collects the outcomes of attempts and writes them in batches from one thread: under
 * load, many outcomes share one transaction. An outcome is never dropped: when the
 * database is unreachable, the batch is kept and written once it is back.
 *
 * @author TaskFlow
 */
final class CompletionBuffer {

	private static final Log logger = LogFactory.getLog(CompletionBuffer.class);

	private static final int MAX_BATCH = 1000;

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

	private final BlockingQueue<Completion> queue = new LinkedBlockingQueue<>();

	private final JobStore store;

	private final BiConsumer<List<Completion>, List<Completion>> written;

	private final FailureLog failures = new FailureLog(logger, "write job outcomes");

	private volatile boolean running;

	private volatile boolean abandoned;

	private Thread thread;

	/**
	 * Create a buffer.
	 * @param store the store to write to
	 * @param written told of each batch once it is written, with the outcomes the store
	 * rejected
	 */
	CompletionBuffer(JobStore store, BiConsumer<List<Completion>, List<Completion>> written) {
		this.store = store;
		this.written = written;
	}

	void add(Completion completion) {
		this.queue.add(completion);
	}

	void start(String name) {
		this.running = true;
		this.thread = new Thread(this::flushLoop, name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Stop the flushing thread after writing what is queued, trying for at most the given
	 * time.
	 * @param timeout the longest wait
	 */
	void stop(Duration timeout) {
		this.running = false;
		if (this.thread != null) {
			try {
				this.thread.join(timeout.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread.interrupt();
		}
	}

	/**
	 * Stop at once and write nothing more, as a crashed node would.
	 */
	void abandon() {
		this.abandoned = true;
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
		}
	}

	private void flushLoop() {
		List<Completion> batch = new ArrayList<>();
		Duration backoff = Duration.ofMillis(100);
		while (this.running || !this.queue.isEmpty() || !batch.isEmpty()) {
			if (this.abandoned) {
				return;
			}
			try {
				if (batch.isEmpty()) {
					Completion first = this.queue.poll(100, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
				}
				this.queue.drainTo(batch, MAX_BATCH - batch.size());
				if (this.abandoned) {
					return;
				}
				List<Completion> rejected = this.store.complete(batch);
				logRejected(rejected);
				this.written.accept(List.copyOf(batch), rejected);
				batch.clear();
				this.failures.succeeded();
				backoff = Duration.ofMillis(100);
			}
			catch (InterruptedException ex) {
				if (!this.running) {
					logger.warn("TaskFlow stopped with " + (batch.size() + this.queue.size())
							+ " job outcome(s) unwritten; their leases will expire and the jobs run again");
					return;
				}
			}
			catch (RuntimeException ex) {
				this.failures.failed(ex);
				WakeUpSignal.sleepQuietly(backoff);
				backoff = FailureLog.doubled(backoff, MAX_BACKOFF);
				if (Thread.currentThread().isInterrupted() && !this.running) {
					return;
				}
			}
		}
	}

	private void logRejected(List<Completion> rejected) {
		for (Completion completion : rejected) {
			logger
				.warn("Outcome " + completion.outcome() + " of attempt " + completion.id() + ":" + completion.attempt()
						+ " rejected: that attempt no longer owns the job (its lease expired and the job was rescued)");
		}
	}

}
