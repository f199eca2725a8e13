package dev.taskflow.engine;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AdaptivePrefetch}.
 *
 * @author TaskFlow
 */
class AdaptivePrefetchTests {

	@Test
	void startsAtTheConfiguredPrefetch() {
		assertThat(new AdaptivePrefetch(10, 10, 100).current()).isEqualTo(10);
	}

	@Test
	void growsToTheMaximumWhileJobsAreShort() {
		AdaptivePrefetch prefetch = new AdaptivePrefetch(10, 10, 100);
		ran(prefetch, 10, TimeUnit.MICROSECONDS.toNanos(50));
		prefetch.adapt();
		assertThat(prefetch.current()).isEqualTo(100);
	}

	@Test
	void holdsAboutAWindowOfWorkBetweenTheBounds() {
		AdaptivePrefetch prefetch = new AdaptivePrefetch(10, 10, 100);
		// 10 threads, 20 ms a job: 100 ms of work is 50 jobs waiting
		ran(prefetch, 10, TimeUnit.MILLISECONDS.toNanos(20));
		prefetch.adapt();
		assertThat(prefetch.current()).isEqualTo(50);
	}

	@Test
	void fallsBackToTheConfiguredPrefetchWhenJobsGetLong() {
		AdaptivePrefetch prefetch = new AdaptivePrefetch(4, 2, 100);
		ran(prefetch, 4, TimeUnit.MICROSECONDS.toNanos(10));
		prefetch.adapt();
		assertThat(prefetch.current()).isEqualTo(100);
		ran(prefetch, 4, TimeUnit.SECONDS.toNanos(2));
		prefetch.adapt();
		assertThat(prefetch.current()).isEqualTo(2);
	}

	@Test
	void waitsForOneJobPerThreadBeforeItChanges() {
		AdaptivePrefetch prefetch = new AdaptivePrefetch(10, 10, 100);
		ran(prefetch, 9, TimeUnit.MICROSECONDS.toNanos(50));
		prefetch.adapt();
		assertThat(prefetch.current()).isEqualTo(10);
		ran(prefetch, 1, TimeUnit.MICROSECONDS.toNanos(50));
		prefetch.adapt();
		assertThat(prefetch.current()).isEqualTo(100);
	}

	@Test
	void staysFixedWhenTheMaximumIsNotAboveThePrefetch() {
		AdaptivePrefetch prefetch = new AdaptivePrefetch(2, 5, 0);
		ran(prefetch, 10, 1);
		prefetch.adapt();
		assertThat(prefetch.current()).isEqualTo(5);
	}

	@Test
	void poolCapacityFollowsThePrefetch() {
		WorkerPool pool = new WorkerPool("test-", 2, 1, 30, null, 0);
		try {
			assertThat(pool.capacity()).isEqualTo(3);
			assertThat(pool.free()).isEqualTo(3);
		}
		finally {
			pool.executor().shutdownNow();
		}
	}

	private static void ran(AdaptivePrefetch prefetch, int jobs, long nanos) {
		for (int i = 0; i < jobs; i++) {
			prefetch.ran(nanos);
		}
	}

}
