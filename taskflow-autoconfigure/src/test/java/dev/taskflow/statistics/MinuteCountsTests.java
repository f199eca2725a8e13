package dev.taskflow.statistics;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.taskflow.store.StatisticsRow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MinuteCounts}: minutes are taken out once, and what comes for a minute
 * taken out counts in the first one still open.
 *
 * @author TaskFlow
 */
class MinuteCountsTests {

	private static final long MINUTE = MinuteCounts.minuteOf(Instant.parse("2031-05-06T07:08:00Z"));

	private final MinuteCounts counts = new MinuteCounts();

	@Test
	void minutesBeforeTheGivenOneAreTakenOutOnce() {
		this.counts.of(MINUTE, "q", "h").enqueued();
		this.counts.of(MINUTE + 1, "q", "h").enqueued();
		assertThat(this.counts.take(MINUTE + 1)).extracting(StatisticsRow::minute)
			.containsExactly(MinuteCounts.startOf(MINUTE));
		assertThat(this.counts.take(MINUTE + 1)).isEmpty();
		assertThat(this.counts.closedThrough()).isEqualTo(MINUTE);
	}

	@Test
	void countsForAMinuteTakenOutGoToTheFirstOpenOne() {
		this.counts.take(MINUTE + 1);
		this.counts.of(MINUTE - 5, "q", "h").enqueued();
		assertThat(this.counts.take(MINUTE + 2)).singleElement()
			.satisfies((row) -> assertThat(row.minute()).isEqualTo(MinuteCounts.startOf(MINUTE + 1)));
	}

	@Test
	void countsOfAMinuteClosedBeforeTheyWereTakenOutMoveToTheFirstOpenOne() {
		// counted, then closed without being taken out (a node of the same id wrote it)
		this.counts.of(MINUTE, "q", "h").enqueued();
		this.counts.closeThrough(MINUTE);
		// the first open minute is not closed yet: they wait for it
		assertThat(this.counts.take(MINUTE + 1)).isEmpty();
		this.counts.of(MINUTE + 1, "q", "h").enqueued();
		assertThat(this.counts.take(MINUTE + 2)).singleElement().satisfies((row) -> {
			assertThat(row.minute()).isEqualTo(MinuteCounts.startOf(MINUTE + 1));
			assertThat(row.figures().enqueued()).isEqualTo(2);
		});
	}

	@Test
	void minutesFollowTheEpochMinute() {
		assertThat(MinuteCounts.minuteOf(Instant.parse("2031-05-06T07:08:59.999Z"))).isEqualTo(MINUTE);
		assertThat(MinuteCounts.minuteOf(Instant.parse("1969-12-31T23:59:30Z"))).isEqualTo(-1);
		assertThat(MinuteCounts.startOf(MINUTE)).isEqualTo(Instant.parse("2031-05-06T07:08:00Z"));
	}

}
