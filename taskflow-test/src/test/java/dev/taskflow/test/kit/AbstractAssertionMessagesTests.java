package dev.taskflow.test.kit;

import org.junit.jupiter.api.Test;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.test.AutoConfigureTaskFlowTester;

import static dev.taskflow.test.TaskFlowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What each assertion says when it fails: enough to see what was enqueued instead.
 *
 * @author TaskFlow
 */
@AutoConfigureTaskFlowTester
abstract class AbstractAssertionMessagesTests extends AbstractKitTests {

	@Test
	void hasEnqueuedNamesTheHandlersThatWereEnqueuedInstead() {
		this.signup.register("ada@example.com");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.tester).hasEnqueued("sms.send"))
			.withMessage("Expected a job of handler 'sms.send' to be enqueued, but there is none; the jobs enqueued"
					+ " are of {email.send=1}");
	}

	@Test
	void hasEnqueuedSaysWhenNothingWasEnqueuedAtAll() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.tester).hasEnqueued("sms.send"))
			.withMessage("Expected a job of handler 'sms.send' to be enqueued, but there is none; no job was enqueued"
					+ " at all");
	}

	@Test
	void withPayloadSaysWhyEachJobDidNotMatch() {
		this.signup.register("ada@example.com");
		JobId id = this.tester.jobs("email.send").get(0).id();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.tester).hasEnqueued("email.send")
				.withPayload(Email.class, (mail) -> assertThat(mail.to()).isEqualTo("bob@example.com")))
			.withMessageStartingWith("Expected a job of handler 'email.send' with a payload of type Email that"
					+ " satisfies the requirements, but none of the 1 has it:\n  - " + id
					+ ": expected: \"bob@example.com\"");
	}

	@Test
	void withPayloadComparesWithAnEqualPayload() {
		this.signup.register("ada@example.com");
		assertThat(this.tester).hasEnqueued("email.send").withPayload(new Email("ada@example.com", "Welcome"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.tester).hasEnqueued("email.send")
				.withPayload(new Email("ada@example.com", "Goodbye")))
			.withMessageContaining("with payload Email[to=ada@example.com, subject=Goodbye], but none of the 1 has it")
			.withMessageContaining(": Email[to=ada@example.com, subject=Welcome]");
	}

	@Test
	void inQueueWithPriorityAndWithUniqueKeyNameWhatEachJobHas() {
		JobId id = this.taskFlow
			.enqueue(JobRequest.of("email.send", new Email("ada@example.com", "Welcome")).priority(3).uniqueKey("ada"));
		assertThat(this.tester).hasEnqueued("email.send").inQueue("default").withPriority(3).withUniqueKey("ada");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.tester).hasEnqueued("email.send").inQueue("mail"))
			.withMessage("Expected a job of handler 'email.send' with queue 'mail', but none of the 1 has it:\n  - "
					+ id + ": default");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.tester).hasEnqueued("email.send").inQueue("default").withPriority(5))
			.withMessage("Expected a job of handler 'email.send' with queue 'default' with priority 5, but none of"
					+ " the 1 has it:\n  - " + id + ": 3");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.tester).hasEnqueued("email.send").withUniqueKey("bob"))
			.withMessage("Expected a job of handler 'email.send' with unique key 'bob', but none of the 1 has it:\n"
					+ "  - " + id + ": ada");
	}

	@Test
	void timesCountsTheJobsLeftAndListsThem() {
		this.signup.register("ada@example.com");
		this.signup.register("bob@example.com");
		assertThat(this.tester).hasEnqueued("email.send").times(2);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.tester).hasEnqueued("email.send").inQueue("mail").times(1))
			.withMessageStartingWith(
					"Expected 1 job(s) of handler 'email.send' with queue 'mail', but found 2:\n" + "  - email.send ")
			.withMessageContaining("PENDING (attempt 0 of 3)");
	}

	@Test
	void hasNotEnqueuedListsTheJobsFound() {
		this.signup.register("ada@example.com");
		assertThat(this.tester).hasNotEnqueued("sms.send");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.tester).hasNotEnqueued("email.send"))
			.withMessageStartingWith(
					"Expected no job of handler 'email.send' to be enqueued, but found 1:\n" + "  - email.send ");
	}

	@Test
	void hasNoFailedJobsListsEachFailedJobWithItsError() {
		this.taskFlow.enqueue(JobRequest.of("report.export", "march.csv"));
		this.signup.register("ada@example.com");
		this.tester.runAll();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.tester).hasNoFailedJobs())
			.withMessageStartingWith("Expected no failed jobs, but 1 failed:\n  - report.export ")
			.withMessageContaining("FAILED (attempt 1 of 1, java.io.IOException: disk full while writing march.csv)");
	}

	@Test
	void theFoundJobsCanBeAssertedOnAsAList() {
		this.signup.register("ada@example.com");
		assertThat(this.tester).hasEnqueued("email.send")
			.singleElement()
			.satisfies((job) -> assertThat(job.queue()).isEqualTo("mail"));
	}

}
