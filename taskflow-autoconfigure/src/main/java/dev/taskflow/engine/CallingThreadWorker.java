package dev.taskflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.taskflow.TaskFlowListener;
import dev.taskflow.handler.HandlerPolicies;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.observation.JobObservations;
import dev.taskflow.store.CandidateQuery;
import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.Completion;
import dev.taskflow.store.JobStore;

/**
 * Runs jobs on the calling thread rather than on a node's workers: the test kit's manual
 * and inline modes ({@code dev.taskflow.test}), with the node itself stopped. Each run
 * claims one job, runs its handler on this thread exactly as a worker would (its payload,
 * retries, timeout, listeners, observation, captured logs) and stores its outcome before
 * it returns.
 * <p>
 * A claim here leaves out paused queues, as every claim does, but no rate or concurrency
 * limit applies: a test runs what it asks for.
 *
 * @author TaskFlow
 */
public final class CallingThreadWorker implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(CallingThreadWorker.class);

	private final Supplier<WorkflowSteps> workflowSteps;

	private final JobStore store;

	private final String nodeId;

	private final Duration lease;

	private final HandlerRegistry registry;

	private final HandlerPolicies policies;

	private final PayloadCodec codec;

	private final BeanFactory beanFactory;

	private final TaskFlowListener listener;

	private final JobObservations observations;

	private final Supplier<JobLogCapture> logCapture;

	private final Supplier<FailureLogging> failureLogging;

	private final Supplier<JobWaiters> waiters;

	private final Clock clock;

	// what a job reported (progress, checkpoints): stored as it steps, and before its
	// outcome, as a node's renewals store them
	private final JobReports reports = new JobReports();

	private final CallingThreadCheckpoints checkpoints;

	private volatile ScheduledExecutorService timeouts;

	CallingThreadWorker(JobStore store, WorkerSettings settings, HandlerRegistry registry, HandlerPolicies policies,
			PayloadCodec codec, BeanFactory beanFactory, TaskFlowListener listener, JobObservations observations,
			Supplier<JobLogCapture> logCapture, Supplier<FailureLogging> failureLogging, Supplier<JobWaiters> waiters,
			Clock clock, Supplier<WorkflowSteps> workflowSteps) {
		this.clock = clock;
		this.checkpoints = new CallingThreadCheckpoints(store, this.reports, settings);
		this.workflowSteps = workflowSteps;
		this.store = store;
		this.nodeId = settings.nodeId();
		this.lease = settings.lease();
		this.registry = registry;
		this.policies = policies;
		this.codec = codec;
		this.beanFactory = beanFactory;
		this.listener = listener;
		this.observations = observations;
		this.logCapture = logCapture;
		this.failureLogging = failureLogging;
		this.waiters = waiters;
	}

	/**
	 * Run the next due job (highest priority, then earliest due) of a handler of this
	 * application.
	 * @return the attempt, or empty when no job is due
	 */
	public Optional<Attempt> runNext() {
		List<ClaimedJob> claimed = this.store.claimer(this.registry.names(), List.of())
			.claim(this.nodeId, 1, this.lease, CandidateQuery.ALL_PRIORITIES);
		return claimed.isEmpty() ? Optional.empty() : Optional.of(run(claimed.get(0)));
	}

	/**
	 * Run the given job now if it is pending, due or not, its queue paused or not.
	 * @param id the job
	 * @return the attempt, or empty when the job is not pending
	 */
	public Optional<Attempt> run(UUID id) {
		return this.store.claimById(this.nodeId, id, this.lease, false).map(this::run);
	}

	/**
	 * Run the given job now if it is pending, due and not in a paused queue.
	 * @param id the job
	 * @return the attempt, or empty when the job is not pending, not due or paused
	 */
	public Optional<Attempt> runIfDue(UUID id) {
		return this.store.claimById(this.nodeId, id, this.lease, true).map(this::run);
	}

	private Attempt run(ClaimedJob job) {
		AtomicReference<AttemptOutcome> ended = new AtomicReference<>();
		JobRunner runner = new JobRunner(this.registry, this.policies, this.codec, this.beanFactory, timeouts(),
				ended::set, this.listener, this.observations, this.logCapture.get(),
				new FailedJobLog(this.failureLogging.get()), this.clock);
		runner.setWorkflowSteps(this.workflowSteps.get());
		runner.setJobReports(this.reports);
		runner.setCheckpoints(this.checkpoints);
		try {
			runner.run(job);
			saveReports(job.id());
		}
		finally {
			this.reports.forget(job.id());
		}
		AttemptOutcome outcome = ended.get();
		if (outcome == null) {
			throw new IllegalStateException("TaskFlow ran job " + job.id() + " but its attempt did not end");
		}
		Completion completion = outcome.completion().ranOn(this.nodeId);
		new OutcomeWriter(this.store,
				(part, rejected, unstorable) -> written(completion, outcome, part, rejected, unstorable))
			.write(List.of(completion));
		return new Attempt(job.id(), job.attempt(), outcome.failure());
	}

	// the last progress, stored before the outcome; what cannot be stored is dropped, as
	// a node drops it, and never keeps the outcome from being written
	private void saveReports(UUID job) {
		if (this.reports.unsaved().isEmpty()) {
			return;
		}
		try {
			this.checkpoints.save(job);
		}
		catch (RuntimeException ex) {
			logger.debug("TaskFlow could not store the last progress of job " + job, ex);
		}
	}

	private void written(Completion completion, AttemptOutcome outcome, List<Completion> part,
			List<Completion> rejected, Map<Completion, String> unstorable) {
		if (!part.contains(completion) || rejected.contains(completion)) {
			return;
		}
		String unstored = unstorable.get(completion);
		JobWaiters waiters = this.waiters.get();
		if (waiters != null && (completion.outcome() != Completion.Outcome.RETRY || unstored != null)) {
			waiters.finished(new ArrayList<>(List.of(completion.id())));
		}
		if (unstored != null) {
			outcome.failureAnnouncement().accept(unstored);
		}
		else {
			outcome.announcement().run();
		}
	}

	// a handler's timeout interrupts the calling thread, as it would a worker
	private ScheduledExecutorService timeouts() {
		ScheduledExecutorService current = this.timeouts;
		if (current == null) {
			synchronized (this) {
				current = this.timeouts;
				if (current == null) {
					CustomizableThreadFactory threads = new CustomizableThreadFactory("taskflow-test-timeouts-");
					threads.setDaemon(true);
					ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
					executor.setRemoveOnCancelPolicy(true);
					current = executor;
					this.timeouts = current;
				}
			}
		}
		return current;
	}

	@Override
	public void close() {
		ScheduledExecutorService current = this.timeouts;
		if (current != null) {
			current.shutdownNow();
		}
	}

	/**
	 * One attempt run on the calling thread, its outcome stored.
	 *
	 * @param jobId the job
	 * @param attempt the attempt's number
	 * @param failure what the handler threw, or {@code null} when it returned
	 */
	public record Attempt(UUID jobId, int attempt, Throwable failure) {

	}

}
