package dev.taskflow.test;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the TaskFlow test kit ({@code spring.taskflow.test.*}), read only by tests
 * that use {@link AutoConfigureTaskFlowTester} or {@link TaskFlowTest}.
 *
 * @author TaskFlow
 */
@ConfigurationProperties("spring.taskflow.test")
public class TaskFlowTestProperties {

	/**
	 * How jobs run in tests: MANUAL (on the test's thread when it calls runAll, runNext
	 * or run), INLINE (on the enqueueing thread once the enqueue is committed) or REAL
	 * (the worker node, as in production).
	 */
	private TaskFlowTester.Mode mode = TaskFlowTester.Mode.MANUAL;

	/**
	 * Whether the tester deletes every job, schedule and statistic after each test, so
	 * that tests do not see each other's jobs.
	 */
	private boolean clearAfterEach = true;

	public TaskFlowTester.Mode getMode() {
		return this.mode;
	}

	public void setMode(TaskFlowTester.Mode mode) {
		this.mode = mode;
	}

	public boolean isClearAfterEach() {
		return this.clearAfterEach;
	}

	public void setClearAfterEach(boolean clearAfterEach) {
		this.clearAfterEach = clearAfterEach;
	}

}
