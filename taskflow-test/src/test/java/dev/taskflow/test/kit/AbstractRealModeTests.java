package dev.taskflow.test.kit;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;

import dev.taskflow.JobRequest;
import dev.taskflow.Schedule;
import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.TaskFlowTester;

import static dev.taskflow.test.TaskFlowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The real mode: the worker node runs jobs on its own threads; the test waits with
 * {@code awaitIdle}. Its context is closed after the class, so that its node runs no job
 * of a later test on the same database.
 *
 * @author TaskFlow
 */
@AutoConfigureTaskFlowTester(mode = TaskFlowTester.Mode.REAL)
@DirtiesContext
abstract class AbstractRealModeTests extends AbstractKitTests {

	@Test
	void theNodeRunsJobsOnItsThreadsAndAwaitIdleWaitsForThem() {
		for (int i = 0; i < 5; i++) {
			this.signup.register("user" + i + "@example.com");
		}
		this.tester.awaitIdle(Duration.ofSeconds(30));
		assertThat(Mailer.sent).hasSize(5);
		assertThat(Mailer.threads).doesNotContain(Thread.currentThread());
		assertThat(this.tester).hasNoFailedJobs();
	}

	@Test
	void delayedJobRunsOnceTheClockMovesPastItsDueTime() {
		this.taskFlow.enqueue(JobRequest.of("chain.link", 1).delay(Duration.ofHours(2)));
		this.tester.awaitIdle(Duration.ofSeconds(30));
		assertThat(Reports.links).isEmpty();
		this.tester.advanceClock(Duration.ofHours(2));
		this.tester.awaitIdle(Duration.ofSeconds(30));
		assertThat(Reports.links).containsExactly(1);
	}

	@Test
	void aScheduleFiresWhenTheClockReachesItsTurnAndAwaitIdleWaitsForItsJob() {
		Instant turn = this.taskFlow.schedules()
			.register(Schedule.every("tick", Duration.ofHours(1)).handler("chain.link").payload(1))
			.nextFireTime();
		this.tester.advanceClockTo(turn.minusSeconds(30));
		this.tester.awaitIdle(Duration.ofSeconds(30));
		assertThat(Reports.links).isEmpty();
		this.tester.advanceClockTo(turn);
		this.tester.awaitIdle(Duration.ofSeconds(30));
		assertThat(Reports.links).containsExactly(1);
	}

	@Test
	void runningOnTheTestThreadIsRefused() {
		assertThatIllegalStateException().isThrownBy(this.tester::runAll)
			.withMessageContaining("runAll() runs jobs on the test's thread, which needs MANUAL or INLINE mode");
	}

}
