package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.store.Completion;
import dev.taskflow.store.JobStore;

/**
 * Collects the outcomes of attempts and writes them in batches from one thread: under
 * load, many outcomes share one transaction. An outcome is never dropped: when the
 * database is unreachable, the batch is kept and written once it is back; one the
 * database refuses fails its own job and holds up no other (see {@link OutcomeWriter}).
 * Once more than {@link #MAX_UNWRITTEN} outcomes wait for their write, the node is backed
 * up: it claims nothing more, so that an outage does not have it run ever more jobs whose
 * outcomes it cannot store, until no more than {@link #RESUME_AT} wait.
 *
 * @author TaskFlow
 */
final class CompletionBuffer {

	private static final Log logger = LogFactory.getLog(CompletionBuffer.class);

	private static final int MAX_BATCH = 1000;

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

	/**
	 * The most outcomes waiting for their write before the node stops claiming.
	 */
	static final int MAX_UNWRITTEN = 5 * MAX_BATCH;

	/**
	 * The most outcomes waiting for their write when a backed-up node claims again: well
	 * below {@link #MAX_UNWRITTEN}, or the jobs it holds, once they end, would stop its
	 * claims again at once, over and over.
	 */
	static final int RESUME_AT = MAX_UNWRITTEN / 2;

	/**
	 * The least time between two warnings that the node is backed up.
	 */
	static final Duration WARNING_INTERVAL = Duration.ofMinutes(5);

	private final BlockingQueue<Completion> queue = new LinkedBlockingQueue<>();

	private final OutcomeWriter writer;

	private final FailureLog failures = new FailureLog(logger, "write job outcomes");

	private final AtomicInteger unwritten = new AtomicInteger();

	private final AtomicBoolean backedUp = new AtomicBoolean();

	private final BackUpWarnings warnings = new BackUpWarnings(WARNING_INTERVAL, System::nanoTime);

	// whether the start of this back-up was logged: then its end is too
	private volatile boolean warned;

	private final List<Completion> batch = new ArrayList<>();

	private volatile boolean running;

	private volatile boolean abandoned;

	private volatile Thread thread;

	/**
	 * Create a buffer.
	 * @param store the store to write to
	 * @param written told of each part of a batch once it is written, with the outcomes
	 * the store rejected and those the database refused
	 * @param caughtUp told when a backlog that stopped the node's claims is written, so
	 * that it claims again at once
	 */
	CompletionBuffer(JobStore store, OutcomeWriter.Listener written, Runnable caughtUp) {
		this.writer = new OutcomeWriter(store, (part, rejected, unstorable) -> {
			// a part is written: it must never be written again, whatever comes next
			Set<Completion> done = Collections.newSetFromMap(new IdentityHashMap<>());
			done.addAll(part);
			this.batch.removeIf(done::contains);
			int left = this.unwritten.addAndGet(-part.size());
			logRejected(rejected);
			written.written(part, rejected, unstorable);
			if (left <= RESUME_AT && this.backedUp.get()) {
				caughtUp.run();
			}
		});
	}

	void add(Completion completion) {
		this.unwritten.incrementAndGet();
		this.queue.add(completion);
	}

	/**
	 * Whether so many outcomes wait for their write that the node must claim nothing
	 * more; said once in the log when it starts and once when it ends.
	 * @return whether the node is backed up
	 */
	boolean isBackedUp() {
		int waiting = this.unwritten.get();
		boolean wasBackedUp = this.backedUp.get();
		boolean backedUp = waiting > (wasBackedUp ? RESUME_AT : MAX_UNWRITTEN);
		if (backedUp != wasBackedUp && this.backedUp.compareAndSet(wasBackedUp, backedUp)) {
			if (backedUp) {
				this.warned = this.warnings.started();
				if (this.warned) {
					long count = this.warnings.count();
					logger.warn("TaskFlow holds " + waiting + " job outcomes it could not write yet (more than "
							+ MAX_UNWRITTEN + "): this node claims no more jobs until they are written"
							+ ((count > 1) ? " (" + count + " times since it started)" : ""));
				}
				else if (logger.isDebugEnabled()) {
					logger.debug("TaskFlow holds " + waiting + " job outcomes it could not write yet");
				}
			}
			else if (this.warned) {
				logger.info("TaskFlow wrote its backlog of job outcomes and claims jobs again");
			}
		}
		return backedUp;
	}

	/**
	 * Whether the writing thread runs.
	 * @return {@code true} while it does
	 */
	boolean isRunning() {
		Thread thread = this.thread;
		return thread != null && thread.isAlive();
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
		List<Completion> batch = this.batch;
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
				this.writer.write(List.copyOf(batch));
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
			catch (RuntimeException | Error ex) {
				// what was written is out of the batch; the rest is tried again (an Error
				// too: ending this loop would leave every later outcome unwritten)
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
