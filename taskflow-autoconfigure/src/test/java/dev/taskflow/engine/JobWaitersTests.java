package dev.taskflow.engine;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.taskflow.JobView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobWaiters}: which futures a read completes.
 *
 * @author TaskFlow
 */
class JobWaitersTests {

	@Test
	void aReadCompletesOnlyTheFuturesMadeBeforeItBegan() {
		// no poll within the test: the reads are the test's
		try (JobWaiters waiters = new JobWaiters(null, (record) -> null, Duration.ofHours(1), null)) {
			UUID id = UUID.randomUUID();
			CompletableFuture<JobView> before = waiters.await(id);
			long mark = waiters.mark();
			// made after the read began: the job may have been retried since, and the
			// outcome read belongs to the attempt before
			CompletableFuture<JobView> after = waiters.await(id);
			waiters.complete(id, null, mark);
			assertThat(before).isCompletedExceptionally();
			assertThat(after).isNotDone();
			assertThat(waiters.awaited()).isOne();
			waiters.complete(id, null, waiters.mark());
			assertThat(after).isCompletedExceptionally();
			assertThat(waiters.awaited()).isZero();
		}
	}

}
