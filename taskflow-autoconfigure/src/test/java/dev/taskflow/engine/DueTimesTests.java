package dev.taskflow.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DueTimes}.
 *
 * @author TaskFlow
 */
class DueTimesTests {

	private static final long MILLI = 1_000_000;

	@Test
	void nothingIsDueWhileNoMomentIsKnown() {
		DueTimes dueTimes = new DueTimes(0);
		assertThat(dueTimes.nanosUntilEarliest(0)).isEqualTo(Long.MAX_VALUE);
		assertThat(dueTimes.takePassed(Long.MAX_VALUE / 2)).isFalse();
	}

	@Test
	void earliestMomentIsRoundedUpToAWholeMillisecondNeverDown() {
		DueTimes dueTimes = new DueTimes(0);
		dueTimes.add(1500 * MILLI + 1);
		assertThat(dueTimes.nanosUntilEarliest(0)).isEqualTo(1501 * MILLI);
		assertThat(dueTimes.nanosUntilEarliest(1500 * MILLI + 1)).isPositive();
	}

	@Test
	void addTellsWhetherTheMomentIsTheNewEarliest() {
		DueTimes dueTimes = new DueTimes(0);
		assertThat(dueTimes.add(500 * MILLI)).isTrue();
		assertThat(dueTimes.add(900 * MILLI)).isFalse();
		assertThat(dueTimes.add(200 * MILLI)).isTrue();
		assertThat(dueTimes.nanosUntilEarliest(0)).isEqualTo(200 * MILLI);
	}

	@Test
	void momentsWithinOneMillisecondShareOneWakeUp() {
		DueTimes dueTimes = new DueTimes(0);
		dueTimes.add(100 * MILLI + 1);
		assertThat(dueTimes.add(100 * MILLI + 999_999)).isFalse();
		assertThat(dueTimes.size()).isEqualTo(1);
	}

	@Test
	void takePassedForgetsEveryPassedMomentAtOnceAndKeepsLaterOnes() {
		DueTimes dueTimes = new DueTimes(0);
		for (int i = 1; i <= 100; i++) {
			dueTimes.add(i * MILLI);
		}
		dueTimes.add(5000 * MILLI);
		// many jobs due by now: one claim takes them all
		assertThat(dueTimes.takePassed(100 * MILLI)).isTrue();
		assertThat(dueTimes.size()).isEqualTo(1);
		assertThat(dueTimes.takePassed(100 * MILLI)).isFalse();
		assertThat(dueTimes.nanosUntilEarliest(100 * MILLI)).isEqualTo(4900 * MILLI);
	}

	@Test
	void momentInThePastIsDueAtOnce() {
		DueTimes dueTimes = new DueTimes(1000 * MILLI);
		assertThat(dueTimes.add(10 * MILLI)).isTrue();
		assertThat(dueTimes.nanosUntilEarliest(1000 * MILLI)).isLessThanOrEqualTo(0);
	}

	@Test
	void keepsTheEarliestMomentsUpToItsCapacity() {
		DueTimes dueTimes = new DueTimes(0);
		for (int i = 1; i <= DueTimes.CAPACITY; i++) {
			dueTimes.add((i + 10) * MILLI);
		}
		assertThat(dueTimes.add((DueTimes.CAPACITY + 100) * MILLI)).isFalse();
		assertThat(dueTimes.size()).isEqualTo(DueTimes.CAPACITY);
		assertThat(dueTimes.add(MILLI)).isTrue();
		assertThat(dueTimes.size()).isEqualTo(DueTimes.CAPACITY);
		assertThat(dueTimes.nanosUntilEarliest(0)).isEqualTo(MILLI);
	}

	@Test
	void ordersMomentsAcrossTheWrapOfTheMonotonicClock() {
		long origin = Long.MAX_VALUE - 10 * MILLI;
		DueTimes dueTimes = new DueTimes(origin);
		// 20 ms after the origin, System.nanoTime() has wrapped to a negative value
		dueTimes.add(origin + 20 * MILLI);
		assertThat(dueTimes.add(origin + 5 * MILLI)).isTrue();
		assertThat(dueTimes.nanosUntilEarliest(origin)).isEqualTo(5 * MILLI);
		assertThat(dueTimes.takePassed(origin + 10 * MILLI)).isTrue();
		assertThat(dueTimes.nanosUntilEarliest(origin + 10 * MILLI)).isEqualTo(10 * MILLI);
	}

}
