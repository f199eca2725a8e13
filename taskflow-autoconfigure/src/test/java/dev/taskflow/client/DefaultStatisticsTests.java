package dev.taskflow.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.taskflow.StatisticsPoint;
import dev.taskflow.store.StatisticsFigures;
import dev.taskflow.store.StatisticsStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Tests for {@link DefaultStatistics}: the checks of a series' arguments, with the
 * messages users see, and how minutes are folded into steps.
 *
 * @author TaskFlow
 */
class DefaultStatisticsTests {

	private static final Instant NOON = Instant.parse("2031-05-06T12:00:00Z");

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final StatisticsStore store = mock(StatisticsStore.class);

	private final DefaultStatistics statistics = new DefaultStatistics(this.store);

	@Test
	void stepShorterThanAMinuteIsRefusedNamingTheFix() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.statistics.series(NOON, NOON.plusSeconds(3600), Duration.ofSeconds(30)))
			.withMessage("'step' must be a whole number of minutes, at least one (such as PT1M, PT5M or PT1H), was"
					+ " PT30S: each node writes its statistics by the minute");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.statistics.series(NOON, NOON.plusSeconds(3600), Duration.ofSeconds(90)))
			.withMessageStartingWith("'step' must be a whole number of minutes");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.statistics.series(NOON, NOON.plusSeconds(3600), Duration.ofMinutes(-5)))
			.withMessageStartingWith("'step' must be a whole number of minutes");
		verifyNoInteractions(this.store);
	}

	@Test
	void missingArgumentsAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.statistics.series(null, NOON, MINUTE))
			.withMessage("'from' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.statistics.series(NOON, null, MINUTE))
			.withMessage("'to' must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> this.statistics.series(NOON, NOON.plusSeconds(60), null))
			.withMessage("'step' must not be null");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.statistics.series(NOON, NOON.plusSeconds(60), MINUTE, " "))
			.withMessage("'queue' must not be empty");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.statistics.series(NOON, NOON.plusSeconds(60), MINUTE, "q".repeat(101)))
			.withMessage("'queue' must be at most 100 characters (no queue has a longer name), was 101");
		assertThatIllegalArgumentException().isThrownBy(() -> this.statistics.byQueue(NOON, null))
			.withMessage("'to' must not be null");
		verifyNoInteractions(this.store);
	}

	@Test
	void windowThatEndsBeforeItStartsIsRefusedShowingTheOrder() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.statistics.series(NOON, NOON.minusSeconds(3600), MINUTE))
			.withMessage("'to' must be after 'from', was from 2031-05-06T12:00:00Z to 2031-05-06T11:00:00Z: pass the"
					+ " window's start first, such as series(now.minus(Duration.ofHours(1)), now,"
					+ " Duration.ofMinutes(1))");
		assertThatIllegalArgumentException().isThrownBy(() -> this.statistics.byQueue(NOON, NOON))
			.withMessageStartingWith("'to' must be after 'from'");
	}

	@Test
	void seriesOfMoreThanAWeekOfMinutesIsRefusedNamingTheShortestStep() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.statistics.series(NOON, NOON.plus(Duration.ofDays(30)), MINUTE))
			.withMessage("A series from 2031-05-06T12:00:00Z to 2031-06-05T12:00:00Z with a step of 1m would have"
					+ " 43200 points, more than the 10080 allowed: choose a step of at least 5m, or a shorter window");
		given(this.store.sumByMinute(any(), any(), isNull())).willReturn(new TreeMap<>());
		assertThat(this.statistics.series(NOON, NOON.plus(Duration.ofDays(7)), MINUTE)).hasSize(10_080);
		assertThat(this.statistics.series(NOON, NOON.plus(Duration.ofDays(30)), Duration.ofMinutes(5))).hasSize(8640);
	}

	@Test
	void everyStepHasItsPointWithZerosWhereNoMinuteHasRows() {
		TreeMap<Instant, StatisticsFigures> minutes = new TreeMap<>();
		minutes.put(NOON, enqueued(2));
		minutes.put(NOON.plus(Duration.ofMinutes(1)), enqueued(3));
		minutes.put(NOON.plus(Duration.ofMinutes(9)), enqueued(4));
		given(this.store.sumByMinute(NOON, NOON.plus(Duration.ofMinutes(10)), "mail")).willReturn(minutes);
		// 12:00:40 rounds down to 12:00, 12:09:01 up to 12:10
		List<StatisticsPoint> series = this.statistics.series(NOON.plusSeconds(40),
				NOON.plus(Duration.ofMinutes(9)).plusSeconds(1), Duration.ofMinutes(3), "mail");
		assertThat(series).extracting(StatisticsPoint::start)
			.containsExactly(NOON, NOON.plus(Duration.ofMinutes(3)), NOON.plus(Duration.ofMinutes(6)),
					NOON.plus(Duration.ofMinutes(9)));
		assertThat(series).extracting(StatisticsPoint::length)
			.containsExactly(Duration.ofMinutes(3), Duration.ofMinutes(3), Duration.ofMinutes(3), MINUTE);
		assertThat(series).extracting(StatisticsPoint::enqueued).containsExactly(5L, 0L, 0L, 4L);
		assertThat(series.get(1).runTime(0.5)).isEmpty();
		then(this.store).should().sumByMinute(NOON, NOON.plus(Duration.ofMinutes(10)), "mail");
	}

	@Test
	void aWindowOnWholeMinutesIsTakenAsItIs() {
		given(this.store.sumByMinute(any(), any(), isNull())).willReturn(new TreeMap<>());
		assertThat(this.statistics.series(NOON, NOON.plus(Duration.ofHours(1)), MINUTE)).hasSize(60);
		then(this.store).should().sumByMinute(NOON, NOON.plus(Duration.ofHours(1)), null);
	}

	@Test
	void byQueueSpansTheWholeWindow() {
		TreeMap<String, StatisticsFigures> queues = new TreeMap<>();
		queues.put("a", enqueued(120));
		queues.put("b", enqueued(6));
		given(this.store.sumByQueue(NOON, NOON.plus(Duration.ofHours(1)))).willReturn(queues);
		Map<String, StatisticsPoint> byQueue = this.statistics.byQueue(NOON.plusSeconds(1),
				NOON.plus(Duration.ofHours(1)));
		assertThat(byQueue).containsOnlyKeys("a", "b");
		assertThat(byQueue.get("a").start()).isEqualTo(NOON);
		assertThat(byQueue.get("a").length()).isEqualTo(Duration.ofHours(1));
		assertThat(byQueue.get("a").perMinute(byQueue.get("a").enqueued())).isEqualTo(2.0);
		assertThat(byQueue.get("b").enqueued()).isEqualTo(6);
	}

	private static StatisticsFigures enqueued(long count) {
		StatisticsFigures none = StatisticsFigures.none();
		return new StatisticsFigures(count, 0, 0, 0, 0, none.waitTimes(), none.runTimes());
	}

}
