package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.taskflow.JobId;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.store.JobRecord;
import dev.taskflow.store.JobSearch;
import dev.taskflow.store.JobStore;

/**
 * The futures of {@link dev.taskflow.Jobs#whenFinished(JobId)} on this node. Nothing
 * polls per future: this node's outcomes and cancels are signalled here as they are
 * stored, and one poll per interval reads the statuses of every awaited job at once (a
 * statement per 1,000 ids, by primary key), which catches the jobs other nodes finish.
 * The poll's thread starts when the first job is awaited.
 *
 * @author TaskFlow
 */
public final class JobWaiters implements AutoCloseable {

	/**
	 * How often jobs finished elsewhere are looked for, unless told otherwise.
	 */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

	private static final Log logger = LogFactory.getLog(JobWaiters.class);

	private final JobSearch search;

	private final Function<JobRecord, JobView> views;

	private final Duration pollInterval;

	private final Map<UUID, List<CompletableFuture<JobView>>> waiting = new ConcurrentHashMap<>();

	private final FailureLog failures = new FailureLog(logger, "read the status of awaited jobs");

	private ScheduledThreadPoolExecutor executor;

	private boolean closed;

	/**
	 * Waiters on the given store.
	 * @param store the store
	 * @param codec reads the results and payloads of the views futures complete with
	 * @param pollInterval how often jobs finished elsewhere are looked for
	 * @return the waiters
	 */
	public static JobWaiters of(JobStore store, PayloadCodec codec, Duration pollInterval) {
		return new JobWaiters(store.search(), (record) -> new StoredJobView(record, codec, record::payload),
				pollInterval);
	}

	JobWaiters(JobSearch search, Function<JobRecord, JobView> views, Duration pollInterval) {
		this.search = search;
		this.views = views;
		this.pollInterval = pollInterval;
	}

	/**
	 * A future that completes when the job is final. The caller then reads the job once:
	 * a job final already completes its future at once, through {@link #finished}.
	 * @param id the job id
	 * @return the future
	 */
	CompletableFuture<JobView> await(UUID id) {
		CompletableFuture<JobView> future = new CompletableFuture<>();
		synchronized (this) {
			if (this.closed) {
				future.completeExceptionally(stopped(id));
				return future;
			}
			this.waiting.computeIfAbsent(id, (key) -> new CopyOnWriteArrayList<>()).add(future);
			start();
		}
		// a caller that stops waiting (cancels, or times out with orTimeout) leaves
		future.whenComplete((view, ex) -> forget(id, future));
		return future;
	}

	/**
	 * Complete the futures of jobs known to be final (or gone), as read by the caller.
	 * @param id the job id
	 * @param record the job as read, or {@code null} if there is none
	 */
	void complete(UUID id, JobRecord record) {
		List<CompletableFuture<JobView>> futures = this.waiting.remove(id);
		if (futures == null) {
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
	 * Jobs this node finished (stored an outcome, cancelled): their futures complete now,
	 * on the poll's thread, instead of at the next poll.
	 * @param ids the jobs
	 */
	public void finished(Collection<UUID> ids) {
		if (this.waiting.isEmpty()) {
			return;
		}
		List<UUID> awaited = ids.stream().filter(this.waiting::containsKey).toList();
		if (awaited.isEmpty()) {
			return;
		}
		synchronized (this) {
			if (this.executor != null) {
				this.executor.execute(() -> check(awaited));
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

	private void poll() {
		if (!this.waiting.isEmpty()) {
			check(List.copyOf(this.waiting.keySet()));
		}
	}

	private void check(Collection<UUID> ids) {
		try {
			Map<UUID, JobStatus> statuses = this.search.statuses(ids);
			List<UUID> done = new ArrayList<>();
			for (UUID id : ids) {
				JobStatus status = statuses.get(id);
				if (status == null) {
					complete(id, null);
				}
				else if (!status.isActive()) {
					done.add(id);
				}
			}
			if (!done.isEmpty()) {
				Set<UUID> read = ConcurrentHashMap.newKeySet();
				for (JobRecord record : this.search.findAll(done)) {
					read.add(record.id());
					complete(record.id(), record);
				}
				// deleted between the two reads
				done.stream().filter((id) -> !read.contains(id)).forEach((id) -> complete(id, null));
			}
			this.failures.succeeded();
		}
		catch (RuntimeException ex) {
			// the next poll tries again
			this.failures.failed(ex);
		}
	}

	private void forget(UUID id, CompletableFuture<JobView> future) {
		this.waiting.computeIfPresent(id, (key, futures) -> {
			futures.remove(future);
			return futures.isEmpty() ? null : futures;
		});
	}

	private void start() {
		if (this.executor == null) {
			CustomizableThreadFactory threads = new CustomizableThreadFactory("taskflow-waiters-");
			threads.setDaemon(true);
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
			executor.setRemoveOnCancelPolicy(true);
			long millis = Math.max(1, this.pollInterval.toMillis());
			executor.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
			this.executor = executor;
		}
	}

	/**
	 * Stop polling; the futures still waiting complete exceptionally.
	 */
	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
			if (this.executor != null) {
				this.executor.shutdownNow();
			}
		}
		for (UUID id : List.copyOf(this.waiting.keySet())) {
			List<CompletableFuture<JobView>> futures = this.waiting.remove(id);
			if (futures != null) {
				futures.forEach((future) -> future.completeExceptionally(stopped(id)));
			}
		}
	}

	private static IllegalStateException stopped(UUID id) {
		return new IllegalStateException("TaskFlow stopped before job " + JobId.of(id) + " finished");
	}

}
