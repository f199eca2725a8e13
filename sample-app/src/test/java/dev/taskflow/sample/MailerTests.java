package dev.taskflow.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.TaskFlow;
import dev.taskflow.test.TaskFlowTest;
import dev.taskflow.test.TaskFlowTester;

import static dev.taskflow.test.TaskFlowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mailer alone, in TaskFlow's test slice: TaskFlow, the embedded database, JSON and
 * this one handler, none of the sample's web layer or other handlers.
 *
 * @author TaskFlow
 */
@TaskFlowTest(handlers = Mailer.class)
class MailerTests {

	@Autowired
	private TaskFlow taskFlow;

	@Autowired
	private TaskFlowTester tester;

	@Test
	void sendsTheMailAndKeepsItsReceipt() {
		this.taskFlow.enqueue(JobRequest.of("email.send", new Email("ada@example.com", "Hello", "Hi Ada")));
		assertThat(this.tester.runAll()).singleElement().satisfies((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(job.result(Receipt.class))
				.hasValueSatisfying((receipt) -> assertThat(receipt.to()).isEqualTo("ada@example.com"));
		});
	}

	@Test
	void aBadAddressFailsAtOnceWithoutRetries() {
		this.taskFlow.enqueue(JobRequest.of("email.send", new Email("not-an-address", "Hello", "Hi")));
		this.tester.runAll();
		assertThat(this.tester.jobs("email.send")).singleElement().satisfies((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.FAILED);
			assertThat(job.attempt()).isEqualTo(1);
			assertThat(job.lastError()).contains("not an e-mail address: not-an-address");
		});
	}

}
