package dev.taskflow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One step of a {@link Workflow}: a job (or, for a {@link #group(String, List) group},
 * several parallel jobs) with a name unique in its workflow, the steps it waits for, and
 * optionally the job that undoes it under {@link FailurePolicy#COMPENSATE}. Each job of a
 * step is a job like any other: its own retries, timeout, queue, priority and limits.
 * Immutable: each method returns a changed copy.
 *
 * <pre class="code">
 * Step.of("charge", JobRequest.of("payment.charge", order))
 *     .compensateWith(JobRequest.of("payment.refund", order))
 * </pre>
 *
 * @author TaskFlow
 */
public final class Step {

	/**
	 * The longest step name.
	 */
	public static final int MAX_NAME_LENGTH = 200;

	private final String name;

	private final List<JobRequest> requests;

	private final boolean group;

	private final List<String> after;

	private final JobRequest compensation;

	private final FailurePolicy failurePolicy;

	private Step(String name, List<JobRequest> requests, boolean group, List<String> after, JobRequest compensation,
			FailurePolicy failurePolicy) {
		this.name = name;
		this.requests = requests;
		this.group = group;
		this.after = after;
		this.compensation = compensation;
		this.failurePolicy = failurePolicy;
	}

	/**
	 * A step that runs one job.
	 * @param name the step's name, unique in its workflow
	 * @param request the job
	 * @return the step, which waits for nothing until {@link #after(String...)} says
	 * otherwise
	 */
	public static Step of(String name, JobRequest request) {
		checkName(name);
		Objects.requireNonNull(request, "'request' must not be null");
		return new Step(name, List.of(request), false, List.of(), null, null);
	}

	/**
	 * A step of many parallel jobs under one name: a step after it waits for all of them,
	 * and reads their results with {@link TaskContext#stepResults(String, Class)}. A
	 * group of no jobs finishes as soon as its parents have.
	 * @param name the step's name, unique in its workflow
	 * @param requests the jobs
	 * @return the step
	 */
	public static Step group(String name, List<JobRequest> requests) {
		checkName(name);
		Objects.requireNonNull(requests, "'requests' must not be null");
		requests.forEach((request) -> Objects.requireNonNull(request, "'requests' must not contain null"));
		return new Step(name, List.copyOf(requests), true, List.of(), null, null);
	}

	/**
	 * Wait for the given steps: this step's jobs are stored {@link JobStatus#BLOCKED} and
	 * become {@link JobStatus#PENDING} when the last of them has finished.
	 * @param steps the names of the steps this one comes after, added to any named before
	 * @return the changed step
	 */
	public Step after(String... steps) {
		Objects.requireNonNull(steps, "'steps' must not be null");
		LinkedHashSet<String> names = new LinkedHashSet<>(this.after);
		for (String step : steps) {
			checkName(step);
			names.add(step);
		}
		return new Step(this.name, this.requests, this.group, List.copyOf(names), this.compensation,
				this.failurePolicy);
	}

	/**
	 * The job that undoes this step when its workflow compensates
	 * ({@link FailurePolicy#COMPENSATE}) after it succeeded.
	 * @param compensation the compensating job
	 * @return the changed step
	 */
	public Step compensateWith(JobRequest compensation) {
		Objects.requireNonNull(compensation, "'compensation' must not be null");
		return new Step(this.name, this.requests, this.group, this.after, compensation, this.failurePolicy);
	}

	/**
	 * What the workflow does when this step fails, instead of the workflow's
	 * {@link Workflow#onFailure(FailurePolicy) policy}.
	 * @param policy the policy for this step
	 * @return the changed step
	 */
	public Step onFailure(FailurePolicy policy) {
		Objects.requireNonNull(policy, "'policy' must not be null");
		return new Step(this.name, this.requests, this.group, this.after, this.compensation, policy);
	}

	/**
	 * The step's name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The step's jobs: one, or for a group any number.
	 * @return the requests
	 */
	public List<JobRequest> getRequests() {
		return this.requests;
	}

	/**
	 * Whether this step is a {@link #group(String, List) group}.
	 * @return whether it is a group
	 */
	public boolean isGroup() {
		return this.group;
	}

	/**
	 * The steps this one waits for.
	 * @return their names, in the order given
	 */
	public List<String> getAfter() {
		return this.after;
	}

	/**
	 * The compensating job.
	 * @return the request, or {@code null} for none
	 */
	public JobRequest getCompensation() {
		return this.compensation;
	}

	/**
	 * The policy when this step fails.
	 * @return the policy, or {@code null} for the workflow's
	 */
	public FailurePolicy getFailurePolicy() {
		return this.failurePolicy;
	}

	static void checkName(String name) {
		RequestChecks.name("step", name, MAX_NAME_LENGTH, "use a shorter step name");
	}

	@Override
	public String toString() {
		List<String> parts = new ArrayList<>();
		parts.add(this.group ? this.requests.size() + " jobs" : this.requests.get(0).getHandler());
		if (!this.after.isEmpty()) {
			parts.add("after " + this.after);
		}
		if (this.compensation != null) {
			parts.add("compensated by " + this.compensation.getHandler());
		}
		return "Step '" + this.name + "' " + parts;
	}

}
