package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

import dev.taskflow.JobId;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.store.FinishedJobNotifications;
import dev.taskflow.store.JobRecord;
import dev.taskflow.store.JobSearch;
import dev.taskflow.store.JobStore;

/**
 * The futures of {@link dev.taskflow.Jobs#whenFinished(JobId)} on this node. Nothing
 * polls per future: this node's outcomes and cancels are signalled here as they are
 * stored; on PostgreSQL a listener hears of the jobs every other node finishes (a
 * notification with their ids, see {@link FinishedJobNotifications}); and one poll per
 * interval reads the statuses of every awaited job at once (a statement per 1,000 ids, by
 * primary key), which catches the jobs other nodes finish where there are no
 * notifications, and is only a safety net while the listener listens. Jobs known to be
 * finished are read together, however many signals name them. The poll's thread and the
 * listener start when the first job is awaited.
 *
 * @author TaskFlow
 */
public final class JobWaiters implements AutoCloseable {

	/**
	 * How often jobs finished elsewhere are looked for, unless told otherwise.
	 */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

	/**
	 * How often, at the least, every awaited job is read while PostgreSQL notifications
	 * arrive: for a notification lost (one sent while the listener reconnected is caught
	 * up at once) or a node that sends none (an older version).
	 */
	public static final Duration NOTIFIED_POLL_INTERVAL = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(JobWaiters.class);

	private final JobSearch search;

	private final Function<JobRecord, JobView> views;

	private final Duration pollInterval;

	private final long notifiedPollNanos;

	// makes the listener, or null where there are no notifications
	private final Function<JobWaiters, PostgresFinishedListener> listeners;

	private final Map<UUID, List<Waiter>> waiting = new ConcurrentHashMap<>();

	// numbers the futures in the order they were made: a read completes only those made
	// before it began, so that a job read final and then retried does not complete a
	// future made after the retry with the outcome before it
	private final AtomicLong registrations = new AtomicLong();

	// awaited jobs known to be final, to be read: kept until they are, so that signals
	// that name them meanwhile add no read
	private final Set<UUID> finished = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean finishedReadScheduled = new AtomicBoolean();

	private final FailureLog failures = new FailureLog(logger, "read the status of awaited jobs");

	private volatile boolean notified;

	private volatile long lastPoll = System.nanoTime();

	// the poll's thread, where the jobs known to be finished are read too
	private ThreadPoolTaskScheduler scheduler;

	private PostgresFinishedListener listener;

	private boolean closed;

	/**
	 * Waiters on the given store.
	 * @param store the store
	 * @param codec reads the results and payloads of the views futures complete with
	 * @param pollInterval how often jobs finished elsewhere are looked for without
	 * notifications
	 * @param notifications whether to listen for PostgreSQL notifications of finished
	 * jobs, where the database is PostgreSQL
	 * @return the waiters
	 */
	public static JobWaiters of(JobStore store, PayloadCodec codec, Duration pollInterval, boolean notifications) {
		boolean listen = notifications && store.dialect().supportsNotifications()
				&& PostgresWakeUpListener.isAvailable();
		return new JobWaiters(store.search(), (record) -> new StoredJobView(record, codec, record::payload),
				pollInterval, listen ? (waiters) -> new PostgresFinishedListener(store.dataSource(), waiters) : null);
	}

	JobWaiters(JobSearch search, Function<JobRecord, JobView> views, Duration pollInterval,
			Function<JobWaiters, PostgresFinishedListener> listeners) {
		this.search = search;
		this.views = views;
		this.pollInterval = pollInterval;
		this.notifiedPollNanos = Math.max(pollInterval.toNanos(), NOTIFIED_POLL_INTERVAL.toNanos());
		this.listeners = listeners;
	}

	/**
	 * A future that completes when the job is final. The caller then reads the job once:
	 * a job final already completes its future at once, through {@link #finished}.
	 * @param id the job id
	 * @return the future
	 */
	public CompletableFuture<JobView> await(UUID id) {
		CompletableFuture<JobView> future = new CompletableFuture<>();
		synchronized (this) {
			if (this.closed) {
				future.completeExceptionally(stopped(id));
				return future;
			}
			this.waiting.computeIfAbsent(id, (key) -> new CopyOnWriteArrayList<>())
				.add(new Waiter(future, this.registrations.incrementAndGet()));
			start();
		}
		// a caller that stops waiting (cancels, or times out with orTimeout) leaves
		future.whenComplete((view, ex) -> forget(id, future));
		return future;
	}

	/**
	 * Where the futures made so far end: a caller takes it before it reads a job, and
	 * passes it to {@link #complete(UUID, JobRecord, long)}.
	 * @return the mark
	 */
	public long mark() {
		return this.registrations.get();
	}

	/**
	 * Complete the futures of a job known to be final (or gone), as read by the caller:
	 * those made before the read began.
	 * @param id the job id
	 * @param record the job as read, or {@code null} if there is none
	 * @param mark {@link #mark()} before the read
	 */
	public void complete(UUID id, JobRecord record, long mark) {
		List<CompletableFuture<JobView>> futures = new ArrayList<>();
		this.waiting.computeIfPresent(id, (key, waiters) -> {
			List<Waiter> later = new CopyOnWriteArrayList<>();
			for (Waiter waiter : waiters) {
				if (waiter.registration() <= mark) {
					futures.add(waiter.future());
				}
				else {
					later.add(waiter);
				}
			}
			return later.isEmpty() ? null : later;
		});
		if (futures.isEmpty()) {
			return;
		}
		if (record == null) {
			futures.forEach((future) -> future.completeExceptionally(new NoSuchElementException("No job " + id
					+ ": it does not exist, was deleted, or the transaction that enqueued it did not commit")));
			return;
		}
		JobView view = this.views.apply(record);
		futures.forEach((future) -> future.complete(view));
	}

	/**
	 * Jobs known to be final: finished by this node (an outcome stored, a cancel), or
	 * named by a notification. Their futures complete now, on the poll's thread, instead
	 * of at the next poll.
	 * @param ids the jobs
	 */
	public void finished(Collection<UUID> ids) {
		if (this.waiting.isEmpty()) {
			return;
		}
		boolean added = false;
		for (UUID id : ids) {
			if (this.waiting.containsKey(id) && this.finished.add(id)) {
				added = true;
			}
		}
		if (added && this.finishedReadScheduled.compareAndSet(false, true)) {
			synchronized (this) {
				if (this.scheduler != null) {
					this.scheduler.execute(this::readFinished);
				}
			}
		}
	}

	/**
	 * How many jobs are awaited now.
	 * @return the number of jobs
	 */
	public int awaited() {
		return this.waiting.size();
	}

	/**
	 * Whether notifications of finished jobs arrive now (on PostgreSQL, once the listener
	 * listens), so that the poll is a safety net only.
	 * @return whether they do
	 */
	boolean isNotified() {
		return this.notified;
	}

	/**
	 * Told by the listener whether it listens: when it starts to, every awaited job is
	 * read once, as some may have finished before; when it stops, the poll runs at its
	 * interval again.
	 * @param listening whether it listens
	 */
	void listening(boolean listening) {
		boolean was = this.notified;
		this.notified = listening;
		if (listening && !was) {
			synchronized (this) {
				if (this.scheduler != null) {
					this.scheduler.execute(() -> poll(true));
				}
			}
		}
	}

	private void poll(boolean now) {
		if (this.waiting.isEmpty()) {
			return;
		}
		long started = System.nanoTime();
		if (!now && this.notified && started - this.lastPoll < this.notifiedPollNanos) {
			return;
		}
		this.lastPoll = started;
		check(List.copyOf(this.waiting.keySet()));
	}

	// the jobs signalled as final: read at once, without reading their statuses first
	private void readFinished() {
		this.finishedReadScheduled.set(false);
		List<UUID> ids = List.copyOf(this.finished);
		if (ids.isEmpty()) {
			return;
		}
		try {
			read(ids);
			this.failures.succeeded();
		}
		catch (RuntimeException ex) {
			// the next poll tries again
			this.failures.failed(ex);
		}
		finally {
			this.finished.removeAll(ids);
		}
	}

	private void check(Collection<UUID> ids) {
		try {
			long mark = mark();
			Map<UUID, JobStatus> statuses = this.search.statuses(ids);
			List<UUID> done = new ArrayList<>();
			for (UUID id : ids) {
				JobStatus status = statuses.get(id);
				if (status == null) {
					complete(id, null, mark);
				}
				else if (!status.isActive()) {
					done.add(id);
				}
			}
			if (!done.isEmpty()) {
				read(done);
			}
			this.failures.succeeded();
		}
		catch (RuntimeException ex) {
			// the next poll tries again
			this.failures.failed(ex);
		}
	}

	// completes the futures of the final jobs among them, and of those gone
	private void read(List<UUID> ids) {
		long mark = mark();
		Set<UUID> read = new HashSet<>();
		for (JobRecord record : this.search.findAll(ids)) {
			read.add(record.id());
			if (!record.status().isActive()) {
				complete(record.id(), record, mark);
			}
		}
		// deleted meanwhile
		ids.stream().filter((id) -> !read.contains(id)).forEach((id) -> complete(id, null, mark));
	}

	private void forget(UUID id, CompletableFuture<JobView> future) {
		this.waiting.computeIfPresent(id, (key, waiters) -> {
			waiters.removeIf((waiter) -> waiter.future() == future);
			return waiters.isEmpty() ? null : waiters;
		});
	}

	private void start() {
		if (this.scheduler == null) {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("taskflow-waiters-");
			scheduler.setDaemon(true);
			scheduler.setRemoveOnCancelPolicy(true);
			// what escapes a task ends it, as on a plain executor, instead of being
			// logged and, for the poll, run again (Spring's default)
			scheduler.setErrorHandler(ReflectionUtils::rethrowRuntimeException);
			scheduler.initialize();
			Duration interval = Duration.ofMillis(Math.max(1, this.pollInterval.toMillis()));
			// the first poll one interval from now, not at once
			scheduler.scheduleWithFixedDelay(() -> poll(false), scheduler.getClock().instant().plus(interval),
					interval);
			this.scheduler = scheduler;
			// the listener keeps a thread of its own: one loop that blocks on its
			// connection until the waiters close
			if (this.listeners != null) {
				this.listener = this.listeners.apply(this);
				Thread thread = new Thread(this.listener, "taskflow-finished-listener");
				thread.setDaemon(true);
				thread.start();
			}
		}
	}

	/**
	 * Stop polling and listening; the futures still waiting complete exceptionally.
	 */
	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
			if (this.listener != null) {
				this.listener.stop();
			}
			if (this.scheduler != null) {
				// interrupts the task running and drops the queued ones, without waiting
				this.scheduler.shutdown();
			}
		}
		for (UUID id : List.copyOf(this.waiting.keySet())) {
			List<Waiter> waiters = this.waiting.remove(id);
			if (waiters != null) {
				waiters.forEach((waiter) -> waiter.future().completeExceptionally(stopped(id)));
			}
		}
	}

	private static IllegalStateException stopped(UUID id) {
		return new IllegalStateException("TaskFlow stopped before job " + JobId.of(id) + " finished");
	}

	private record Waiter(CompletableFuture<JobView> future, long registration) {

	}

}
