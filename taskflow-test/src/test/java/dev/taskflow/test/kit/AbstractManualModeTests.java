package dev.taskflow.test.kit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.TaskFlowTester;

import static dev.taskflow.test.TaskFlowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The manual mode: nothing runs until the test runs it, on the test's thread, and the
 * clock stands still until the test moves it.
 *
 * @author TaskFlow
 */
@AutoConfigureTaskFlowTester
abstract class AbstractManualModeTests extends AbstractKitTests {

	@Test
	void nothingRunsUntilTheTestRunsItOnItsOwnThread() {
		assertThat(this.tester.mode()).isEqualTo(TaskFlowTester.Mode.MANUAL);
		this.signup.register("ada@example.com");
		assertThat(this.tester).hasEnqueued("email.send")
			.withPayload(Email.class, (mail) -> assertThat(mail.to()).isEqualTo("ada@example.com"))
			.inQueue("mail")
			.times(1);
		assertThat(this.tester.jobs("email.send")).singleElement()
			.satisfies((job) -> assertThat(job.status()).isEqualTo(JobStatus.PENDING));
		assertThat(Mailer.sent).isEmpty();
		List<JobView> ran = this.tester.runAll();
		assertThat(ran).singleElement().satisfies((job) -> assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED));
		assertThat(Mailer.sent).containsExactly(new Email("ada@example.com", "Welcome"));
		assertThat(Mailer.threads).containsExactly(Thread.currentThread());
		assertThat(this.tester.runAll()).isEmpty();
	}

	@Test
	void welcomeMailGoesOutAndIsRetriedAnHourLater() {
		Mailer.failuresLeft.set(1);
		this.signup.register("flaky@example.com");
		assertThat(this.tester.runAll()).singleElement().satisfies((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.PENDING);
			assertThat(job.lastError()).contains("mail server down");
			assertThat(job.runAt()).isEqualTo(this.tester.now().plus(Duration.ofHours(1)));
		});
		// other jobs may run (the nightly schedule, when the clock crosses midnight)
		assertThat(this.tester.runAll()).noneMatch((job) -> job.handler().equals("email.send"));
		this.tester.advanceClock(Duration.ofMinutes(59));
		assertThat(this.tester.runAll()).noneMatch((job) -> job.handler().equals("email.send"));
		this.tester.advanceClock(Duration.ofMinutes(1));
		this.tester.runAll();
		assertThat(this.tester.jobs("email.send")).singleElement().satisfies((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(job.attempt()).isEqualTo(2);
		});
		assertThat(Mailer.sent).hasSize(1);
		assertThat(this.tester).hasNoFailedJobs();
	}

	// the test kit keeps checkpoints and progress as a node does
	@Test
	void aStepRunsOnceAcrossARetryAndTheLastProgressIsStored() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("report.import").maxAttempts(2));
		assertThat(this.tester.run(id).status()).isEqualTo(JobStatus.PENDING);
		assertThat(this.taskFlow.find(id).orElseThrow().progress()).hasValueSatisfying((progress) -> {
			assertThat(progress.done()).isEqualTo(40);
			assertThat(progress.total()).isEqualTo(100);
			assertThat(progress.message()).hasValue("imported 40 of 100");
		});
		JobView job = this.tester.run(id);
		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(job.result(String.class)).hasValue("rows of attempt 1");
		assertThat(Reports.loads).hasValue(1);
	}

	@Test
	void cronScheduleFiresAtMidnightOnceTheClockCrossesIt() {
		Instant midnight = LocalDate.ofInstant(this.tester.now().plus(Duration.ofMinutes(2)), ZoneOffset.UTC)
			.plusDays(1)
			.atStartOfDay(ZoneOffset.UTC)
			.toInstant();
		this.tester.advanceClockTo(midnight.minusSeconds(60));
		this.tester.runAll();
		assertThat(this.tester).hasNotEnqueued("report.nightly");
		this.tester.advanceClock(Duration.ofMinutes(2));
		assertThat(this.tester).hasEnqueued("report.nightly").times(1);
		assertThat(this.tester.runAll()).hasSize(1);
		assertThat(Reports.nightly).containsExactly(midnight);
		this.tester.advanceClock(Duration.ofDays(1));
		this.tester.runAll();
		assertThat(Reports.nightly).containsExactly(midnight, midnight.plus(Duration.ofDays(1)));
	}

	@Test
	void delayedJobIsDueOnlyOnceTheClockReachesIt() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("chain.link", 1).delay(Duration.ofMinutes(10)));
		this.tester.runAll();
		this.tester.advanceClock(Duration.ofMinutes(10).minusMillis(1));
		this.tester.runAll();
		assertThat(Reports.links).isEmpty();
		this.tester.advanceClock(Duration.ofMillis(1));
		assertThat(this.tester.runAll()).anySatisfy((job) -> assertThat(job.id()).isEqualTo(id));
		assertThat(Reports.links).containsExactly(1);
	}

	@Test
	void theWaitListenersSeeIsMeasuredOnTheTestersClock() {
		Waits.started.clear();
		this.taskFlow.enqueue(JobRequest.of("chain.link", 1).delay(Duration.ofHours(1)));
		this.tester.advanceClock(Duration.ofHours(3));
		this.tester.runAll();
		assertThat(Waits.started).containsExactly(Duration.ofHours(2));
	}

	@Test
	void runRunsAPendingJobBeforeItIsDueAndRefusesAFinishedOne() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("chain.link", 1).delay(Duration.ofDays(3)));
		assertThat(this.tester.run(id).status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThatIllegalStateException().isThrownBy(() -> this.tester.run(id))
			.withMessage("Job " + id + " is SUCCEEDED, not PENDING: only a pending job can run");
	}

	@Test
	void runNextTakesTheHighestPriorityFirst() {
		this.taskFlow.enqueue(JobRequest.of("chain.link", 1));
		JobId urgent = this.taskFlow.enqueue(JobRequest.of("chain.link", 1).priority(9));
		assertThat(this.tester.runNext()).hasValueSatisfying((job) -> assertThat(job.id()).isEqualTo(urgent));
	}

	@Test
	void jobsAHandlerEnqueuesRunInTheSameRunAll() {
		this.taskFlow.enqueue(JobRequest.of("chain.link", 3));
		assertThat(this.tester.runAll()).hasSize(3);
		assertThat(Reports.links).containsExactly(3, 2, 1);
	}

	@Test
	void jobsOfAPausedQueueWaitForItsResume() {
		this.taskFlow.queues().pause("mail");
		this.signup.register("ada@example.com");
		this.tester.runAll();
		assertThat(Mailer.sent).isEmpty();
		this.taskFlow.queues().resume("mail");
		this.tester.runAll();
		assertThat(Mailer.sent).hasSize(1);
	}

	@Test
	void awaitIdleSaysThatNothingRunsJobsInManualMode() {
		this.signup.register("ada@example.com");
		assertThatIllegalStateException().isThrownBy(() -> this.tester.awaitIdle(Duration.ofMillis(50)))
			.withMessageContaining("1 job(s) due and 0 running")
			.withMessageContaining("in MANUAL mode nothing runs jobs in the background: call runAll()");
	}

	@Test
	void theApplicationsOwnClockBeanIsLeftAlone(@Autowired Stamps stamps) {
		assertThat(stamps.clock()).isSameAs(Clock.systemUTC());
		this.tester.advanceClock(Duration.ofDays(3));
		assertThat(stamps.now()).isBefore(this.tester.now());
	}

	@Test
	void theClockOnlyMovesForward() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.tester.advanceClock(Duration.ofSeconds(-1)))
			.withMessage("TaskFlow's clock only moves forward; got PT-1S");
	}

}
