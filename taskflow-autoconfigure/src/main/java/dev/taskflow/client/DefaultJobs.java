package dev.taskflow.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.springframework.util.Assert;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.JobPage;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.Jobs;
import dev.taskflow.engine.JobWaiters;
import dev.taskflow.engine.StoredJobView;
import dev.taskflow.engine.TaskFlowListeners;
import dev.taskflow.handler.HandlerPolicies;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.store.JobBulk.JobChange;
import dev.taskflow.store.JobRecord;
import dev.taskflow.store.JobSearch;
import dev.taskflow.store.JobStore;

/**
 * {@link Jobs} on top of the job store. Bulk operations tell listeners and metrics of
 * each job they change once its batch commits, as the single operations do.
 *
 * @author TaskFlow
 */
final class DefaultJobs implements Jobs {

	/**
	 * How long a list or count may take unless told otherwise.
	 */
	static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);

	private final JobStore store;

	private final PayloadCodec codec;

	private final HandlerRegistry registry;

	private final HandlerPolicies policies;

	private final TaskFlowListeners listener;

	private final Runnable localWakeUp;

	private volatile JobWaiters waiters;

	private volatile Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;

	DefaultJobs(JobStore store, PayloadCodec codec, HandlerRegistry registry, HandlerPolicies policies,
			TaskFlowListeners listener, Runnable localWakeUp) {
		this.store = store;
		this.codec = codec;
		this.registry = registry;
		this.policies = policies;
		this.listener = listener;
		this.localWakeUp = localWakeUp;
	}

	void setQueryTimeout(Duration queryTimeout) {
		Assert.isTrue(queryTimeout != null && !queryTimeout.isNegative() && !queryTimeout.isZero(),
				() -> "spring.taskflow.query.timeout must be positive, was " + queryTimeout);
		this.queryTimeout = queryTimeout;
	}

	void setWaiters(JobWaiters waiters) {
		this.waiters = waiters;
	}

	JobWaiters waiters() {
		JobWaiters waiters = this.waiters;
		if (waiters == null) {
			synchronized (this) {
				if (this.waiters == null) {
					this.waiters = JobWaiters.of(this.store, this.codec, JobWaiters.DEFAULT_POLL_INTERVAL, false);
				}
				waiters = this.waiters;
			}
		}
		return waiters;
	}

	@Override
	public JobPage list(JobQuery query) {
		Objects.requireNonNull(query, "'query' must not be null");
		JobSearch search = this.store.search();
		List<JobRecord> found = search.page(query, this.queryTimeout);
		boolean more = found.size() > query.getLimit();
		List<JobView> views = new ArrayList<>(Math.min(found.size(), query.getLimit()));
		for (JobRecord record : more ? found.subList(0, query.getLimit()) : found) {
			views.add(new StoredJobView(record, this.codec, () -> search.payload(record.id()).orElse(null)));
		}
		return JobPage.of(views, more);
	}

	@Override
	public long count(JobQuery query) {
		Objects.requireNonNull(query, "'query' must not be null");
		return this.store.search().count(query, this.queryTimeout);
	}

	@Override
	public Map<JobStatus, Long> countByStatus(JobQuery query) {
		Objects.requireNonNull(query, "'query' must not be null");
		return this.store.search().countByStatus(query, this.queryTimeout);
	}

	@Override
	public long count(JobQuery query, long limit) {
		long counted = countByStatus(query, limit).values().stream().mapToLong(Long::longValue).sum();
		return Math.min(counted, limit);
	}

	@Override
	public Map<JobStatus, Long> countByStatus(JobQuery query, long limit) {
		Objects.requireNonNull(query, "'query' must not be null");
		Assert.isTrue(limit > 0, () -> "'limit' must be positive, was " + limit);
		return this.store.search().countByStatus(query, limit, this.queryTimeout);
	}

	@Override
	public List<JobView> findAll(List<JobId> ids) {
		Objects.requireNonNull(ids, "'ids' must not be null");
		ids.forEach((id) -> Objects.requireNonNull(id, "'ids' must not contain null"));
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<UUID, JobRecord> byId = new HashMap<>();
		for (JobRecord record : this.store.search().findAll(ids.stream().map(JobId::value).distinct().toList())) {
			byId.put(record.id(), record);
		}
		List<JobView> views = new ArrayList<>(ids.size());
		for (JobId id : ids) {
			JobRecord record = byId.get(id.value());
			if (record != null) {
				views.add(view(record));
			}
		}
		return views;
	}

	@Override
	public CompletableFuture<JobView> whenFinished(JobId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		JobWaiters waiters = waiters();
		// awaited before it is read: an outcome stored in between still completes it
		CompletableFuture<JobView> future = waiters.await(id.value());
		long mark = waiters.mark();
		JobRecord record = this.store.find(id.value()).orElse(null);
		if (record == null || !record.status().isActive()) {
			waiters.complete(id.value(), record, mark);
		}
		return future;
	}

	@Override
	public int retryAll(JobQuery query) {
		Objects.requireNonNull(query, "'query' must not be null");
		int retried = this.store.bulk()
			.retryAll(query, (handler) -> this.policies.maxAttempts(this.registry.find(handler).orElse(null), handler),
					(jobs) -> {
						// pending again: enqueued anew, as far as listeners and metrics
						// go
						announce(jobs, this.listener::enqueued);
						AfterCommit.run(this.localWakeUp);
					});
		return retried;
	}

	@Override
	public int cancelAll(JobQuery query) {
		Objects.requireNonNull(query, "'query' must not be null");
		return this.store.bulk().cancelAll(query, (jobs) -> {
			announce(jobs, this.listener::cancelled);
			List<UUID> ids = jobs.stream().map(JobChange::id).toList();
			AfterCommit.run(() -> waiters().finished(ids));
		});
	}

	@Override
	public int move(JobQuery query, String toQueue) {
		Objects.requireNonNull(query, "'query' must not be null");
		checkQueue(toQueue);
		return this.store.bulk().move(query, toQueue, (moved) -> {
			if (!moved.isEmpty()) {
				// due jobs in a queue this node serves start without waiting for its poll
				AfterCommit.run(this.localWakeUp);
			}
		});
	}

	@Override
	public int deleteAll(JobQuery query) {
		Objects.requireNonNull(query, "'query' must not be null");
		return this.store.bulk().deleteAll(query);
	}

	JobView view(JobRecord record) {
		return new StoredJobView(record, this.codec, record::payload);
	}

	// what JobRequest.queue(...) accepts, so that no job is moved to a queue it could not
	// have been enqueued on (a line break in a queue name would forge log lines)
	private static void checkQueue(String toQueue) {
		Assert.hasText(toQueue, "'toQueue' must not be empty: name the queue to move the jobs to");
		Assert.isTrue(toQueue.length() <= JobRequest.MAX_QUEUE_LENGTH, () -> "'toQueue' must be at most "
				+ JobRequest.MAX_QUEUE_LENGTH + " characters, was " + toQueue.length() + "; use a shorter queue name");
		Assert.isTrue(toQueue.chars().noneMatch(Character::isISOControl),
				"'toQueue' must not contain control characters such as line breaks; remove them");
	}

	private void announce(List<JobChange> jobs, Consumer<JobEvent> tell) {
		if (this.listener.isEmpty() || jobs.isEmpty()) {
			return;
		}
		List<JobEvent> events = jobs.stream()
			.map((job) -> JobEvent.of(JobId.of(job.id()), job.handler(), job.queue(), job.priority(), job.attempt()))
			.toList();
		AfterCommit.run(() -> events.forEach(tell));
	}

}
