package dev.taskflow.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskContext;
import dev.taskflow.WorkflowId;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.NewJob;

/**
 * The {@link TaskContext} of a claimed job, and the job running on the current worker
 * thread: jobs its handler enqueues inherit its correlation id.
 *
 * @param job the claimed job
 * @param steps what a workflow step reads and spawns through
 * @param codec reads the results of earlier steps
 * @param spawnedJobs the jobs this attempt spawned
 * @param cancellation set when someone asks the job to stop
 * @param jobReports where its handler's progress and checkpoint wait for the next lease
 * renewal
 * @param jobCheckpoint its checkpoint: the results of its steps, and its cursor
 * @author TaskFlow
 */
public record RunningTaskContext(ClaimedJob job, WorkflowSteps steps, PayloadCodec codec, List<NewJob> spawnedJobs,
		AtomicBoolean cancellation, JobReports jobReports, JobCheckpoint jobCheckpoint) implements TaskContext {

	RunningTaskContext(ClaimedJob job, WorkflowSteps steps, PayloadCodec codec, JobReports jobReports,
			Checkpoints checkpoints) {
		this(job, steps, codec, new ArrayList<>(), new AtomicBoolean(), jobReports,
				new JobCheckpoint(job.id(), job.attempt(), codec, jobReports, checkpoints));
	}

	private static final ThreadLocal<RunningTaskContext> current = new ThreadLocal<>();

	/**
	 * The job whose handler runs on this thread.
	 * @return the running job, or {@code null} outside a handler
	 */
	public static RunningTaskContext current() {
		return current.get();
	}

	/**
	 * Make this the job running on this thread until {@link #leave()}.
	 */
	void enter() {
		current.set(this);
	}

	/**
	 * Clear the job running on this thread.
	 */
	static void leave() {
		current.remove();
	}

	@Override
	public JobId jobId() {
		return JobId.of(this.job.id());
	}

	@Override
	public String handler() {
		return this.job.handler();
	}

	@Override
	public int attempt() {
		return this.job.attempt();
	}

	@Override
	public int maxAttempts() {
		return this.job.maxAttempts();
	}

	@Override
	public String queue() {
		return this.job.queue();
	}

	@Override
	public String scheduleName() {
		return this.job.scheduleName();
	}

	@Override
	public Instant fireTime() {
		return this.job.fireTime();
	}

	@Override
	public String correlationId() {
		return this.job.correlationId();
	}

	@Override
	public boolean isCancellationRequested() {
		return this.cancellation.get();
	}

	@Override
	public void progress(long done, long total) {
		TaskContext.super.progress(done, total);
		this.jobReports.progress(this.job.id(), done, total);
	}

	@Override
	public void progress(String message) {
		TaskContext.super.progress(message);
		this.jobReports.progress(this.job.id(), message);
	}

	@Override
	public <T> T step(String name, Callable<T> body) throws Exception {
		return this.jobCheckpoint.step(checkedName(name), null,
				Objects.requireNonNull(body, "'body' must not be null"));
	}

	@Override
	public <T> T step(String name, Class<T> type, Callable<T> body) throws Exception {
		Objects.requireNonNull(type, "'type' must not be null");
		return this.jobCheckpoint.step(checkedName(name), type,
				Objects.requireNonNull(body, "'body' must not be null"));
	}

	@Override
	public <T> Optional<T> checkpoint(Class<T> type) {
		return this.jobCheckpoint.cursor(Objects.requireNonNull(type, "'type' must not be null"));
	}

	@Override
	public void saveCheckpoint(Object checkpoint) {
		this.jobCheckpoint.saveCursor(checkpoint);
	}

	private static String checkedName(String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A step needs a name, unique within its job, such as \"load\"");
		}
		return name;
	}

	@Override
	public Optional<WorkflowId> workflowId() {
		return (this.job.step() != null) ? Optional.of(WorkflowId.of(this.job.step().workflowId())) : Optional.empty();
	}

	@Override
	public Optional<String> stepName() {
		return (this.job.step() != null) ? Optional.of(this.job.step().stepName()) : Optional.empty();
	}

	@Override
	public <T> Optional<T> stepResult(String step, Class<T> type) {
		Objects.requireNonNull(step, "'step' must not be null");
		Objects.requireNonNull(type, "'type' must not be null");
		if (this.job.step() == null) {
			return Optional.empty();
		}
		List<String> results = this.steps.results(this.job.step().workflowId(), step, true);
		return results.isEmpty() ? Optional.empty() : Optional.ofNullable(this.codec.read(results.get(0), type));
	}

	@Override
	public <T> List<T> stepResults(String step, Class<T> type) {
		Objects.requireNonNull(step, "'step' must not be null");
		Objects.requireNonNull(type, "'type' must not be null");
		if (this.job.step() == null) {
			return List.of();
		}
		List<T> results = new ArrayList<>();
		for (String json : this.steps.results(this.job.step().workflowId(), step, false)) {
			T result = this.codec.read(json, type);
			if (result != null) {
				results.add(result);
			}
		}
		return results;
	}

	@Override
	public List<String> failedParents() {
		if (this.job.step() == null) {
			return List.of();
		}
		return this.steps.failedParents(this.job.step().workflowId(), this.job.step().stepName());
	}

	@Override
	public void spawn(List<JobRequest> requests) {
		Objects.requireNonNull(requests, "'requests' must not be null");
		requests.forEach((request) -> Objects.requireNonNull(request, "'requests' must not contain null"));
		if (this.job.step() == null) {
			TaskContext.super.spawn(requests);
		}
		List<NewJob> jobs = this.steps.spawned(this.job, requests);
		synchronized (this.spawnedJobs) {
			this.spawnedJobs.addAll(jobs);
		}
	}

	/**
	 * The jobs this attempt spawned, to store with its success.
	 * @return the jobs
	 */
	List<NewJob> spawned() {
		synchronized (this.spawnedJobs) {
			return List.copyOf(this.spawnedJobs);
		}
	}

}
