package dev.taskflow.test;

/**
 * AssertJ assertions on what TaskFlow stored in a test.
 *
 * <pre class="code">
 * assertThat(tester).hasEnqueued("email.send")
 *         .withPayload(Email.class, (mail) -&gt; assertThat(mail.to()).isEqualTo("ada@example.com"))
 *         .times(1);
 * assertThat(tester).hasNotEnqueued("sms.send").hasNoFailedJobs();
 * </pre>
 *
 * @author TaskFlow
 */
public final class TaskFlowAssertions {

	private TaskFlowAssertions() {
	}

	/**
	 * Assertions on the jobs the tester's store holds.
	 * @param tester the tester
	 * @return the assertions
	 */
	public static TaskFlowTesterAssert assertThat(TaskFlowTester tester) {
		return new TaskFlowTesterAssert(tester);
	}

}
