package dev.taskflow.test.kit;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.InlineJobFailedException;
import dev.taskflow.test.TaskFlowTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The inline mode: a due job runs on the enqueueing thread once its enqueue commits, and
 * what its handler throws reaches the caller.
 *
 * @author TaskFlow
 */
@AutoConfigureTaskFlowTester(mode = TaskFlowTester.Mode.INLINE)
abstract class AbstractInlineModeTests extends AbstractKitTests {

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Test
	void jobRunsOnTheEnqueueingThreadBeforeTheEnqueueReturns() {
		assertThat(this.tester.mode()).isEqualTo(TaskFlowTester.Mode.INLINE);
		this.signup.register("ada@example.com");
		assertThat(Mailer.sent).containsExactly(new Email("ada@example.com", "Welcome"));
		assertThat(Mailer.threads).containsExactly(Thread.currentThread());
		assertThat(this.tester.jobs("email.send")).singleElement()
			.satisfies((job) -> assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED));
	}

	@Test
	void whatTheHandlerThrowsReachesTheCallerAndTheRetryWaitsForTheClock() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.signup.register("broken@example.com"))
			.withMessage("no such mailbox: broken@example.com");
		assertThat(this.tester.jobs("email.send")).singleElement().satisfies((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.PENDING);
			assertThat(job.attempt()).isEqualTo(1);
			assertThat(job.runAt()).isEqualTo(this.tester.now().plus(Duration.ofHours(1)));
		});
		// the retry runs when the clock makes it due; its failure is stored, not thrown
		this.tester.advanceClock(Duration.ofHours(1));
		assertThat(this.tester.jobs("email.send")).singleElement()
			.satisfies((job) -> assertThat(job.attempt()).isEqualTo(2));
	}

	@Test
	void checkedExceptionArrivesWrapped() {
		assertThatExceptionOfType(InlineJobFailedException.class)
			.isThrownBy(() -> this.taskFlow.enqueue(JobRequest.of("report.export", "march.csv")))
			.withCauseInstanceOf(IOException.class)
			.withMessageContaining("disk full while writing march.csv");
		assertThat(this.tester.jobs("report.export")).singleElement()
			.satisfies((job) -> assertThat(job.status()).isEqualTo(JobStatus.FAILED));
	}

	@Test
	void jobEnqueuedInATransactionRunsOnceItCommitsAndNeverIfItRollsBack() {
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
		transaction.executeWithoutResult((status) -> {
			this.signup.register("ada@example.com");
			assertThat(Mailer.sent).isEmpty();
		});
		assertThat(Mailer.sent).hasSize(1);
		transaction.executeWithoutResult((status) -> {
			this.signup.register("bob@example.com");
			status.setRollbackOnly();
		});
		assertThat(Mailer.sent).hasSize(1);
		assertThat(this.tester.jobs("email.send")).hasSize(1);
	}

	@Test
	void delayedJobRunsWhenTheClockMakesItDue() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("chain.link", 1).delay(Duration.ofMinutes(5)));
		assertThat(Reports.links).isEmpty();
		this.tester.advanceClock(Duration.ofMinutes(5));
		assertThat(Reports.links).containsExactly(1);
		assertThat(this.taskFlow.find(id))
			.hasValueSatisfying((job) -> assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED));
	}

	@Test
	void jobsAHandlerEnqueuesRunAfterItNotInsideIt() {
		this.taskFlow.enqueue(JobRequest.of("chain.link", 3));
		assertThat(Reports.links).containsExactly(3, 2, 1);
		assertThat(this.tester.jobs("chain.link")).hasSize(3)
			.allSatisfy((job) -> assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED))
			// each enqueued by the one before, whose correlation id it carries
			.extracting((job) -> job.correlationId())
			.containsOnly(this.tester.jobs("chain.link").get(0).correlationId());
	}

}
