package dev.taskflow.client;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import tools.jackson.core.JacksonException;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

import dev.taskflow.JobEvent;
import dev.taskflow.JobAttempt;
import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobView;
import dev.taskflow.Jobs;
import dev.taskflow.NodeView;
import dev.taskflow.Nodes;
import dev.taskflow.Queues;
import dev.taskflow.Schedules;
import dev.taskflow.Statistics;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.UnknownHandlerException;
import dev.taskflow.engine.DelayedWakeUp;
import dev.taskflow.engine.DirectStart;
import dev.taskflow.engine.DueTimes;
import dev.taskflow.engine.JobIds;
import dev.taskflow.engine.JobWaiters;
import dev.taskflow.engine.RunningTaskContext;
import dev.taskflow.engine.StoredJobView;
import dev.taskflow.engine.TaskFlowListeners;
import dev.taskflow.handler.HandlerMethod;
import dev.taskflow.handler.HandlerPolicies;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.observation.JobObservations;
import dev.taskflow.store.AttemptRecord;
import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.JobRecord;
import dev.taskflow.store.JobStore;
import dev.taskflow.store.NewJob;
import dev.taskflow.store.NodeRecord;

/**
 * The {@link TaskFlow} client on top of the job store.
 *
 * @author TaskFlow
 */
public class DefaultTaskFlow implements TaskFlow {

	/**
	 * The largest payload, as JSON, unless {@link #setMaxPayloadSize(DataSize)} says
	 * otherwise.
	 */
	public static final DataSize DEFAULT_MAX_PAYLOAD_SIZE = DataSize.ofMegabytes(1);

	private static final int MAX_TRACE_PARENT_LENGTH = 64;

	private static final Type HANDLER_NAMES = new ParameterizedTypeReference<List<Object>>() {
	}.getType();

	private static final Type LOG_LINES = new ParameterizedTypeReference<List<String>>() {
	}.getType();

	private final JobStore store;

	private final HandlerRegistry registry;

	private final HandlerPolicies policies;

	private final PayloadCodec codec;

	private final PayloadFit payloadFit;

	private final boolean validateHandlers;

	private final Runnable localWakeUp;

	private volatile BiConsumer<String, Boolean> localDrain = (nodeId, drain) -> {
	};

	private volatile Consumer<List<UUID>> afterEnqueue;

	private final Schedules schedules;

	private final Queues queues;

	private final TaskFlowListeners listener;

	private final JobObservations observations;

	private final DefaultJobs jobs;

	private final Statistics statistics;

	private final DefaultWorkflows workflows;

	private volatile DataSize maxPayloadSize = DEFAULT_MAX_PAYLOAD_SIZE;

	private volatile DelayedWakeUp delayedWakeUp = DelayedWakeUp.NONE;

	private volatile DirectStart directStart = DirectStart.NONE;

	/**
	 * Create the client.
	 * @param store the job store
	 * @param registry this node's handlers
	 * @param policies the handlers' policies
	 * @param codec the payload codec
	 * @param validateHandlers whether enqueueing an unknown handler fails
	 * @param localWakeUp wakes this node's dispatcher after new jobs are stored
	 * @param schedules the schedules client
	 */
	public DefaultTaskFlow(JobStore store, HandlerRegistry registry, HandlerPolicies policies, PayloadCodec codec,
			boolean validateHandlers, Runnable localWakeUp, Schedules schedules) {
		this(store, registry, policies, codec, validateHandlers, localWakeUp, schedules, TaskFlowListeners.NONE);
	}

	/**
	 * Create the client with listeners.
	 * @param store the job store
	 * @param registry this node's handlers
	 * @param policies the handlers' policies
	 * @param codec the payload codec
	 * @param validateHandlers whether enqueueing an unknown handler fails
	 * @param localWakeUp wakes this node's dispatcher after new jobs are stored
	 * @param schedules the schedules client
	 * @param listener told of enqueued and cancelled jobs once the caller's transaction
	 * commits
	 */
	public DefaultTaskFlow(JobStore store, HandlerRegistry registry, HandlerPolicies policies, PayloadCodec codec,
			boolean validateHandlers, Runnable localWakeUp, Schedules schedules, TaskFlowListener listener) {
		this(store, registry, policies, codec, validateHandlers, localWakeUp, schedules, listener,
				JobObservations.NONE);
	}

	/**
	 * Create the client with listeners and observations.
	 * @param store the job store
	 * @param registry this node's handlers
	 * @param policies the handlers' policies
	 * @param codec the payload codec
	 * @param validateHandlers whether enqueueing an unknown handler fails
	 * @param localWakeUp wakes this node's dispatcher after new jobs are stored
	 * @param schedules the schedules client
	 * @param listener told of enqueued and cancelled jobs once the caller's transaction
	 * commits
	 * @param observations observes each enqueue and gives the trace context stored with
	 * the jobs
	 */
	public DefaultTaskFlow(JobStore store, HandlerRegistry registry, HandlerPolicies policies, PayloadCodec codec,
			boolean validateHandlers, Runnable localWakeUp, Schedules schedules, TaskFlowListener listener,
			JobObservations observations) {
		this.observations = observations;
		this.listener = TaskFlowListeners.of(listener);
		this.store = store;
		this.registry = registry;
		this.policies = policies;
		this.codec = codec;
		this.payloadFit = new PayloadFit(codec);
		this.validateHandlers = validateHandlers;
		this.localWakeUp = localWakeUp;
		this.schedules = schedules;
		this.queues = new DefaultQueues(store.queues(), store.queries(), store::queueStatistics, localWakeUp);
		this.jobs = new DefaultJobs(store, codec, registry, policies, this.listener, localWakeUp);
		this.statistics = new DefaultStatistics(store.statistics());
		this.workflows = new DefaultWorkflows(store, this::newJob,
				(handler) -> policies.maxAttempts(registry.find(handler).orElse(null), handler), observations,
				this.listener, localWakeUp);
	}

	/**
	 * Cut off lists and counts of {@link #jobs()} after this time
	 * ({@code spring.taskflow.query.timeout}).
	 * @param queryTimeout how long a list or count may take, rounded up to whole seconds
	 */
	public void setQueryTimeout(Duration queryTimeout) {
		this.jobs.setQueryTimeout(queryTimeout);
	}

	/**
	 * Complete the futures of {@link dev.taskflow.Jobs#whenFinished(JobId)} through these
	 * waiters, which this node's worker tells of the jobs it finishes. Without, the
	 * client makes its own, which only polls.
	 * @param waiters the waiters
	 */
	public void setJobWaiters(JobWaiters waiters) {
		this.jobs.setWaiters(waiters);
	}

	/**
	 * Refuse payloads larger than this, as JSON in UTF-8
	 * ({@code spring.taskflow.enqueue.max-payload-size}).
	 * @param maxPayloadSize the largest payload, at least one byte
	 */
	public void setMaxPayloadSize(DataSize maxPayloadSize) {
		Assert.isTrue(maxPayloadSize != null && maxPayloadSize.toBytes() >= 1,
				() -> "spring.taskflow.enqueue.max-payload-size must be at least 1B, was " + maxPayloadSize);
		this.maxPayloadSize = maxPayloadSize;
	}

	/**
	 * Wake this node's worker when delayed jobs stored here become due, rather than at
	 * its next poll; without it (no worker here), only jobs due now wake it.
	 * @param delayedWakeUp told of each due time once the caller's transaction commits
	 */
	public void setDelayedWakeUp(DelayedWakeUp delayedWakeUp) {
		this.delayedWakeUp = (delayedWakeUp != null) ? delayedWakeUp : DelayedWakeUp.NONE;
	}

	/**
	 * Set how a job enqueued here may start at once on this node's idle thread, inserted
	 * already running.
	 * @param directStart the node's direct start, or {@code null} for none
	 */
	public void setDirectStart(DirectStart directStart) {
		this.directStart = (directStart != null) ? directStart : DirectStart.NONE;
	}

	/**
	 * Run an action on the enqueueing thread once enqueued jobs are committed (at once
	 * outside a transaction): the test kit's inline mode runs them there. What the action
	 * throws reaches the caller of the enqueue (or of the commit).
	 * @param afterEnqueue the action, given the ids of the jobs enqueued (not those a
	 * unique key matched), or {@code null} for none
	 */
	public void setAfterEnqueue(Consumer<List<UUID>> afterEnqueue) {
		this.afterEnqueue = afterEnqueue;
	}

	@Override
	public JobId enqueue(JobRequest request) {
		return enqueueAll(List.of(Objects.requireNonNull(request, "'request' must not be null"))).get(0);
	}

	@Override
	public List<JobId> enqueueAll(List<JobRequest> requests) {
		Objects.requireNonNull(requests, "'requests' must not be null");
		requests.forEach((request) -> Objects.requireNonNull(request, "'requests' must not contain null"));
		if (requests.isEmpty()) {
			return List.of();
		}
		try (JobObservations.Enqueue observation = this.observations.enqueue(requests)) {
			try {
				List<JobId> ids = insert(requests, observation.traceParent());
				observation.enqueued(ids);
				return ids;
			}
			catch (RuntimeException ex) {
				observation.error(ex);
				throw ex;
			}
		}
	}

	private List<JobId> insert(List<JobRequest> requests, String traceParent) {
		// a handler enqueueing more work passes its correlation id on
		RunningTaskContext running = RunningTaskContext.current();
		String inheritedCorrelationId = (running != null) ? running.correlationId() : null;
		List<NewJob> jobs = new ArrayList<>(requests.size());
		for (JobRequest request : requests) {
			jobs.add(newJob(request, traceParent, inheritedCorrelationId));
		}
		if (jobs.size() == 1 && startedDirectly(jobs.get(0))) {
			return List.of(JobId.of(jobs.get(0).id()));
		}
		List<UUID> ids = this.store.insert(jobs);
		// the database added each delay to its clock during the insert, before this
		long stored = System.nanoTime();
		// told before the wake-up, so a listener hears of a job before it starts here
		announceEnqueued(jobs, ids);
		wakeUpAfterCommit(jobs, ids, stored);
		Consumer<List<UUID>> afterEnqueue = this.afterEnqueue;
		if (afterEnqueue != null) {
			List<UUID> inserted = new ArrayList<>(jobs.size());
			for (int i = 0; i < jobs.size(); i++) {
				if (jobs.get(i).id().equals(ids.get(i))) {
					inserted.add(ids.get(i));
				}
			}
			if (!inserted.isEmpty()) {
				AfterCommit.run(() -> afterEnqueue.accept(inserted));
			}
		}
		return ids.stream().map(JobId::of).toList();
	}

	@Override
	public Optional<JobView> find(JobId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		return this.store.find(id.value()).map((record) -> new StoredJobView(record, this.codec, record::payload));
	}

	@Override
	public List<JobAttempt> attempts(JobId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		return this.store.attempts(id.value()).stream().map(this::attempt).toList();
	}

	@SuppressWarnings("unchecked")
	private JobAttempt attempt(AttemptRecord record) {
		List<String> logs = (List<String>) this.codec.read(record.logs(), LOG_LINES);
		return new JobAttempt(record.attempt(), record.nodeId(), record.startedAt(), record.finishedAt(),
				JobAttempt.Outcome.valueOf(record.outcome()), record.error(), logs);
	}

	@Override
	public boolean cancel(JobId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		String outcome = this.store.cancelOrAskToStop(id.value());
		if (outcome.equals("ASKED_TO_STOP")) {
			// it ends cancelled, and is announced so, once its handler has stopped
			return true;
		}
		boolean cancelled = outcome.equals("CANCELLED");
		if (cancelled && !this.listener.isEmpty()) {
			// read in the caller's transaction, if any, which sees its own cancel
			this.store.find(id.value()).ifPresent((job) -> {
				JobEvent event = JobEvent.of(id, job.handler(), job.queue(), job.priority(), job.attempt());
				AfterCommit.run(() -> this.listener.cancelled(event));
			});
		}
		if (cancelled) {
			AfterCommit.run(() -> this.jobs.waiters().finished(List.of(id.value())));
		}
		return cancelled;
	}

	@Override
	public boolean retry(JobId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		JobRecord job = this.store.find(id.value()).orElse(null);
		if (job == null) {
			return false;
		}
		// a fresh budget: as many attempts as its handler allows, numbered on from the
		// last
		int attempts = this.policies.maxAttempts(this.registry.find(job.handler()).orElse(null), job.handler());
		boolean retried = this.store.retry(id.value(), attempts);
		if (retried) {
			// pending again: enqueued anew, as far as listeners and metrics go
			if (!this.listener.isEmpty()) {
				JobEvent event = JobEvent.of(id, job.handler(), job.queue(), job.priority(), job.attempt());
				AfterCommit.run(() -> this.listener.enqueued(event));
			}
			wakeUpAfterCommit();
		}
		return retried;
	}

	@Override
	public Jobs jobs() {
		return this.jobs;
	}

	@Override
	public Nodes nodes() {
		return new DefaultNodes(views(this.store.nodes().list()), this.store.nodes(), this.localDrain);
	}

	/**
	 * Tell the node this client runs on when someone drains it through this client (other
	 * nodes learn of it at their next heartbeat).
	 * @param localDrain told of each drain request: the node's id and whether to drain
	 */
	public void setLocalDrain(BiConsumer<String, Boolean> localDrain) {
		this.localDrain = Objects.requireNonNull(localDrain, "'localDrain' must not be null");
	}

	@Override
	public List<NodeView> departedNodes() {
		return views(this.store.nodes().departed());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Integer> queueThreads(String json) {
		Map<String, Integer> threads = new LinkedHashMap<>();
		if (json != null) {
			((Map<String, Object>) this.codec.read(json, Map.class))
				.forEach((queue, count) -> threads.put(queue, ((Number) count).intValue()));
		}
		return threads;
	}

	@SuppressWarnings("unchecked")
	private List<NodeView> views(List<NodeRecord> records) {
		Instant now = this.store.queries().databaseNow();
		List<NodeView> nodes = new ArrayList<>();
		for (NodeRecord node : records) {
			List<String> handlers = (node.handlers() != null)
					? ((List<Object>) this.codec.read(node.handlers(), HANDLER_NAMES)).stream()
						.map(String::valueOf)
						.sorted()
						.toList()
					: List.of();
			nodes.add(new NodeView(node.id(), node.host(), handlers, node.startedAt(), node.heartbeatAt(),
					Duration.between(node.heartbeatAt(), now), node.threads(), node.busyThreads(), node.version(),
					node.departedAt(), (node.departure() != null) ? NodeView.Departure.valueOf(node.departure()) : null,
					node.drainRequested(), queueThreads(node.queueThreads())));
		}
		return nodes;
	}

	@Override
	public Schedules schedules() {
		return this.schedules;
	}

	@Override
	public Queues queues() {
		return this.queues;
	}

	@Override
	public Statistics statistics() {
		return this.statistics;
	}

	@Override
	public DefaultWorkflows workflows() {
		return this.workflows;
	}

	NewJob newJob(JobRequest request, String traceParent, String inheritedCorrelationId) {
		HandlerMethod handler = this.registry.find(request.getHandler()).orElse(null);
		if (handler == null && this.validateHandlers && this.registry.isReady()) {
			throw new UnknownHandlerException(request.getHandler(), this.registry.applicationNames());
		}
		int maxAttempts = (request.getMaxAttempts() != null) ? request.getMaxAttempts()
				: this.policies.maxAttempts(handler, request.getHandler());
		Duration delay = request.getDelay();
		// microseconds, the database's unit, whatever the range of nanoseconds
		long delayMicros = (delay != null) ? delay.getSeconds() * 1_000_000 + delay.getNano() / 1000 : 0;
		return new NewJob(JobIds.next(), request.getHandler(), request.getQueue(), request.getPriority(),
				request.getRunAt(), delayMicros, maxAttempts, payload(request, handler), request.getUniqueKey(),
				request.getConcurrencyKey(), storable(traceParent),
				(request.getCorrelationId() != null) ? request.getCorrelationId() : inheritedCorrelationId);
	}

	private String payload(JobRequest request, HandlerMethod handler) {
		Object payload = request.getPayload();
		String json;
		try {
			json = this.codec.write(payload);
		}
		catch (JacksonException ex) {
			// the original message, without a reference chain that a cycle makes endless
			throw new IllegalArgumentException("The payload of a job for handler '" + request.getHandler() + "' ("
					+ payload.getClass().getName() + ") cannot be written as JSON: " + ex.getOriginalMessage()
					+ "; pass a value Jackson can write (no cycles, getters that do not throw), or leave the"
					+ " offending property out with @JsonIgnore", ex);
		}
		if (json != null) {
			long limit = this.maxPayloadSize.toBytes();
			// a character takes one to three bytes in UTF-8 (a surrogate pair four)
			long bytes = (json.length() * 3L <= limit) ? json.length() : utf8Length(json);
			if (bytes > limit) {
				throw new IllegalArgumentException("The payload of a job for handler '" + request.getHandler() + "' is "
						+ bytes + " bytes as JSON, over the limit of " + describe(this.maxPayloadSize)
						+ " (spring.taskflow.enqueue.max-payload-size); store large data elsewhere (a table, a"
						+ " file, object storage) and pass its id, or raise spring.taskflow.enqueue.max-payload-size");
			}
		}
		this.payloadFit.check(handler, payload, json);
		return json;
	}

	private static long utf8Length(String text) {
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800 || Character.isSurrogate(c)) {
				// each half of a surrogate pair counts two: four for the pair
				bytes += 2;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

	private static String describe(DataSize size) {
		long bytes = size.toBytes();
		if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + "MB";
		}
		if (bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
			return size.toKilobytes() + "KB";
		}
		return bytes + "B";
	}

	// a W3C traceparent of version 00 has 55 characters; a later version's longer form
	// would not fit the column, and a job without a trace parent merely starts a new
	// trace
	private static String storable(String traceParent) {
		return (traceParent != null && traceParent.length() <= MAX_TRACE_PARENT_LENGTH) ? traceParent : null;
	}

	// a unique key that matched an active job returns that job's id: nothing was enqueued
	private void announceEnqueued(List<NewJob> jobs, List<UUID> ids) {
		if (this.listener.isEmpty()) {
			return;
		}
		List<JobEvent> events = new ArrayList<>(jobs.size());
		for (int i = 0; i < jobs.size(); i++) {
			NewJob job = jobs.get(i);
			if (job.id().equals(ids.get(i))) {
				events.add(JobEvent.of(JobId.of(job.id()), job.handler(), job.queue(), job.priority(), 0));
			}
		}
		AfterCommit.run(() -> events.forEach(this.listener::enqueued));
	}

	private void wakeUpAfterCommit() {
		AfterCommit.run(this.localWakeUp);
	}

	// a job this node may start at once on an idle thread is inserted running and handed
	// to that thread: no claim, and no wait for one. Never in a transaction of the
	// caller's (the job would start before it exists for others, or even if it never
	// commits)
	private boolean startedDirectly(NewJob job) {
		if (job.uniqueKey() != null || job.concurrencyKey() != null || job.runAt() != null || job.delayMicros() != 0
				|| TransactionSynchronizationManager.isSynchronizationActive()) {
			return false;
		}
		DirectStart.Slot slot = this.directStart.reserve(job.handler(), job.queue());
		if (slot == null) {
			return false;
		}
		Instant enqueued = Instant.now();
		long insertSent = System.nanoTime();
		boolean inserted;
		try {
			inserted = this.store.insertRunning(job, slot.nodeId(), slot.lease());
		}
		catch (RuntimeException | Error ex) {
			slot.cancel();
			throw ex;
		}
		if (!inserted) {
			// its queue is paused: enqueued as usual, to wait for the resume
			slot.cancel();
			return false;
		}
		List<NewJob> jobs = List.of(job);
		announceEnqueued(jobs, List.of(job.id()));
		slot.start(
				new ClaimedJob(job.id(), job.handler(), job.queue(), 1, job.maxAttempts(), job.payload(),
						job.priority(), enqueued, null, null, null, job.traceParent(), job.correlationId()),
				insertSent);
		return true;
	}

	// this node's worker wakes for the delayed jobs it can run when they become due, and
	// at once for any other job (due now, or whose due time it cannot tell)
	private void wakeUpAfterCommit(List<NewJob> jobs, List<UUID> ids, long stored) {
		DelayedWakeUp delayed = this.delayedWakeUp;
		if (delayed == DelayedWakeUp.NONE) {
			wakeUpAfterCommit();
			return;
		}
		boolean dueNow = false;
		long[] delays = null;
		int count = 0;
		// a due instant is turned into a delay from the store by two clock reads made
		// together: listeners may have kept this thread busy since the insert
		Instant now = Instant.now();
		long sinceStored = System.nanoTime() - stored;
		for (int i = 0; i < jobs.size(); i++) {
			NewJob job = jobs.get(i);
			long delayNanos = delayNanos(job, now, sinceStored);
			if (delayNanos > 0 && !(job.id().equals(ids.get(i)) && this.registry.find(job.handler()).isPresent())) {
				// not inserted (its unique key is taken), or not a job this node runs
				delayNanos = 0;
			}
			if (delayNanos == 0) {
				dueNow = true;
			}
			else if (delayNanos > 0) {
				delays = (delays != null) ? delays : new long[jobs.size()];
				delays[count++] = delayNanos;
			}
		}
		// the jobs of one batch were stored at one moment: equal delays, one wake-up
		long[] distinct = (count == 0) ? new long[0]
				: LongStream.of(delays).limit(count).sorted().distinct().limit(DueTimes.CAPACITY).toArray();
		boolean wakeNow = dueNow;
		AfterCommit.run(() -> {
			if (wakeNow) {
				this.localWakeUp.run();
			}
			for (long delayNanos : distinct) {
				delayed.dueAt(stored + delayNanos);
			}
		});
	}

	// nanoseconds from the insert until the job is due: 0 if due now or not known,
	// negative if too far off to wait for
	private long delayNanos(NewJob job, Instant now, long sinceStored) {
		if (job.runAt() == null) {
			return job.delayMicros() * 1000;
		}
		if (!this.store.dialect().dueTimesFollowThisJvmsClock()) {
			// an instant on the database's clock, which only the database can compare
			// with its now: the node learns it from a notification where there are any
			return 0;
		}
		Duration until = Duration.between(now, job.runAt());
		if (until.isNegative() || until.isZero()) {
			return 0;
		}
		return (until.compareTo(JobRequest.MAX_DELAY) <= 0) ? sinceStored + until.toNanos() : -1;
	}

}
