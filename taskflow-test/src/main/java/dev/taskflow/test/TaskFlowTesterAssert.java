package dev.taskflow.test;

import java.util.List;
import java.util.stream.Collectors;

import org.assertj.core.api.AbstractAssert;

import dev.taskflow.JobStatus;
import dev.taskflow.JobView;

/**
 * Assertions on the jobs a {@link TaskFlowTester}'s store holds, in any status: a job
 * that already ran still counts as enqueued.
 *
 * @author TaskFlow
 * @see TaskFlowAssertions#assertThat(TaskFlowTester)
 */
public class TaskFlowTesterAssert extends AbstractAssert<TaskFlowTesterAssert, TaskFlowTester> {

	TaskFlowTesterAssert(TaskFlowTester tester) {
		super(tester, TaskFlowTesterAssert.class);
	}

	/**
	 * Verify that at least one job of the given handler was enqueued; narrow them down
	 * with the returned assertions.
	 * @param handler the handler's name
	 * @return assertions on that handler's jobs
	 */
	public EnqueuedJobsAssert hasEnqueued(String handler) {
		isNotNull();
		List<JobView> jobs = this.actual.jobs(handler);
		if (jobs.isEmpty()) {
			failWithMessage("Expected a job of handler '%s' to be enqueued, but there is none; %s", handler,
					enqueued(this.actual.jobs()));
		}
		return new EnqueuedJobsAssert(handler, jobs);
	}

	/**
	 * Verify that no job of the given handler was enqueued.
	 * @param handler the handler's name
	 * @return this
	 */
	public TaskFlowTesterAssert hasNotEnqueued(String handler) {
		isNotNull();
		List<JobView> jobs = this.actual.jobs(handler);
		if (!jobs.isEmpty()) {
			failWithMessage("Expected no job of handler '%s' to be enqueued, but found %d:%n%s", handler, jobs.size(),
					list(jobs));
		}
		return this;
	}

	/**
	 * Verify that no job ended {@link JobStatus#FAILED FAILED}.
	 * @return this
	 */
	public TaskFlowTesterAssert hasNoFailedJobs() {
		isNotNull();
		List<JobView> failed = this.actual.jobs().stream().filter((job) -> job.status() == JobStatus.FAILED).toList();
		if (!failed.isEmpty()) {
			failWithMessage("Expected no failed jobs, but %d failed:%n%s", failed.size(), list(failed));
		}
		return this;
	}

	static String list(List<JobView> jobs) {
		return jobs.stream()
			.map((job) -> "  - " + DefaultTaskFlowTester.describe(job))
			.collect(Collectors.joining("\n"));
	}

	private static String enqueued(List<JobView> all) {
		if (all.isEmpty()) {
			return "no job was enqueued at all";
		}
		return "the jobs enqueued are of " + DefaultTaskFlowTester.countByHandler(all);
	}

}
