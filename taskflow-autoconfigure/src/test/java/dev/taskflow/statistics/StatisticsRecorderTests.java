package dev.taskflow.statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.store.StatisticsFigures;
import dev.taskflow.store.StatisticsRow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link StatisticsRecorder} and its {@link StatisticsWriter}: what each event
 * counts, when a minute is written and how, and what an outage, a duplicate, an earlier
 * run under the same id, the retention and a stop do. A clock the test moves; a target
 * that records.
 *
 * @author TaskFlow
 */
class StatisticsRecorderTests {

	private static final Instant MINUTE = Instant.parse("2031-05-06T07:08:00Z");

	private final SettableClock clock = new SettableClock(MINUTE.plusSeconds(10));

	private final RecordingTarget target = new RecordingTarget();

	private final AtomicInteger nodeIdLookUps = new AtomicInteger();

	private final StatisticsRecorder recorder = new StatisticsRecorder(this.target, () -> {
		this.nodeIdLookUps.incrementAndGet();
		return "node-1";
	}, this.clock, Duration.ofDays(8));

	@Test
	void eachEventCountsAndTheAttemptsThatEndedCountTheirTimes() {
		this.recorder.enqueued(event("q", "h", null, null));
		this.recorder.succeeded(event("q", "h", Duration.ofMillis(3), Duration.ofMillis(40)));
		this.recorder.retryScheduled(event("q", "h", Duration.ofMillis(700), Duration.ofSeconds(2)),
				Duration.ofSeconds(1), new IllegalStateException());
		this.recorder.failed(event("q", "h", Duration.ofSeconds(20), Duration.ofSeconds(90)),
				new IllegalStateException());
		// a payload that could not be read: the attempt did not run
		this.recorder.failed(event("q", "h", Duration.ofMillis(1), null), new IllegalStateException());
		this.recorder.cancelled(event("q", "h", null, null));
		this.recorder.rescued(event("q", "h", null, null), false);
		this.recorder.rescued(event("q", "h", null, null), true);
		this.recorder.started(event("q", "h", Duration.ofMillis(3), null));
		closeMinuteAndWrite();
		assertThat(this.target.allRows()).singleElement().satisfies((row) -> {
			assertThat(row.minute()).isEqualTo(MINUTE);
			assertThat(row.queue()).isEqualTo("q");
			assertThat(row.handler()).isEqualTo("h");
			StatisticsFigures figures = row.figures();
			assertThat(List.of(figures.enqueued(), figures.succeeded(), figures.failed(), figures.retried(),
					figures.cancelled()))
				.containsExactly(1L, 1L, 3L, 2L, 1L);
			assertThat(figures.waitTimes()).containsExactly(1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0);
			assertThat(figures.runTimes()).containsExactly(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
		});
	}

	@Test
	void closedMinutesAreWrittenInOneInsertOfAllTheirRowsUnderTheNodeIdAskedForOnce() {
		this.recorder.enqueued(event("q", "a", null, null));
		this.recorder.enqueued(event("q", "b", null, null));
		this.clock.advance(Duration.ofSeconds(50));
		this.recorder.enqueued(event("q", "a", null, null));
		this.recorder.enqueued(event("other", "a", null, null));
		this.clock.advance(Duration.ofSeconds(65));
		this.recorder.writeNow();
		assertThat(this.target.inserts).hasSize(1);
		assertThat(this.target.inserts.get(0))
			.extracting((row) -> row.minute() + " " + row.queue() + " " + row.handler())
			.containsExactly(MINUTE + " q a", MINUTE + " q b", MINUTE.plusSeconds(60) + " other a",
					MINUTE.plusSeconds(60) + " q a");
		assertThat(this.target.insertedBy).containsExactly("node-1");
		this.recorder.enqueued(event("q", "a", null, null));
		closeMinuteAndWrite();
		assertThat(this.target.inserts).hasSize(2);
		assertThat(this.nodeIdLookUps).hasValue(1);
		// an earlier run under the same id is looked for once, at the first write
		assertThat(this.target.lookUps).isEqualTo(1);
	}

	@Test
	void nothingIsWrittenWhileNothingHappened() {
		this.clock.advance(Duration.ofMinutes(5));
		this.recorder.writeNow();
		assertThat(this.target.inserts).isEmpty();
		assertThat(this.target.lookUps).isZero();
		assertThat(this.nodeIdLookUps).hasValue(0);
	}

	@Test
	void aMinuteIsWrittenOnceItsGraceIsOver() {
		this.recorder.enqueued(event("q", "h", null, null));
		// 07:09:04
		this.clock.advance(Duration.ofSeconds(54));
		this.recorder.writeNow();
		assertThat(this.target.inserts).isEmpty();
		// 07:09:05
		this.clock.advance(Duration.ofSeconds(1));
		this.recorder.writeNow();
		assertThat(this.target.allRows()).extracting(StatisticsRow::minute).containsExactly(MINUTE);
	}

	@Test
	void anEventToldAfterItsMinuteWasWrittenCountsInTheNextMinute() {
		this.recorder.enqueued(event("q", "h", null, null));
		closeMinuteAndWrite();
		// a clock behind the writer's (or an event that waited): counted in the first
		// open minute, never a second row of a written one
		this.clock.advance(Duration.ofMinutes(-1));
		this.recorder.enqueued(event("q", "h", null, null));
		this.clock.advance(Duration.ofMinutes(2));
		this.recorder.writeNow();
		assertThat(this.target.allRows()).extracting(StatisticsRow::minute)
			.containsExactly(MINUTE, MINUTE.plusSeconds(60));
	}

	@Test
	void minutesThatCouldNotBeWrittenAreKeptAndWrittenWithTheNextOnes() {
		this.target.failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
		this.recorder.enqueued(event("q", "h", null, null));
		closeMinuteAndWrite();
		this.recorder.enqueued(event("q", "h", null, null));
		this.recorder.enqueued(event("q", "h", null, null));
		closeMinuteAndWrite();
		assertThat(this.recorder.pendingRows()).isEqualTo(2);
		this.target.failure = null;
		this.recorder.writeNow();
		assertThat(this.target.inserts).singleElement()
			.satisfies(
					(rows) -> assertThat(rows).extracting((row) -> row.figures().enqueued()).containsExactly(1L, 2L));
		assertThat(this.recorder.pendingRows()).isZero();
	}

	@Test
	void throughALongOutageTheLatestMinutesAreKept() {
		this.target.failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
		int minutes = StatisticsWriter.MAX_MINUTES_HELD + 5;
		for (int i = 0; i < minutes; i++) {
			this.recorder.enqueued(event("q", "h", null, null));
			closeMinuteAndWrite();
		}
		assertThat(this.recorder.pendingRows()).isEqualTo(StatisticsWriter.MAX_MINUTES_HELD);
		this.target.failure = null;
		this.recorder.writeNow();
		List<StatisticsRow> rows = this.target.allRows();
		assertThat(rows).hasSize(StatisticsWriter.MAX_MINUTES_HELD);
		assertThat(rows.get(0).minute()).isEqualTo(MINUTE.plus(Duration.ofMinutes(5)));
		assertThat(rows.get(rows.size() - 1).minute()).isEqualTo(MINUTE.plus(Duration.ofMinutes(minutes - 1)));
	}

	@Test
	void rowsAlreadyInTheTableAreNotWrittenAgain() {
		this.recorder.enqueued(event("q", "h", null, null));
		closeMinuteAndWrite();
		this.recorder.enqueued(event("q", "h", null, null));
		// a commit whose reply was lost: the write fails, its rows are in the table
		this.target.failure = new DuplicateKeyException("taskflow_statistics_pk");
		closeMinuteAndWrite();
		assertThat(this.recorder.pendingRows()).isZero();
		this.target.failure = null;
		this.recorder.writeNow();
		assertThat(this.target.inserts).hasSize(1);
	}

	@Test
	void countsOfAMinuteAnEarlierRunUnderTheSameIdWroteMoveToTheMinuteAfter() {
		this.target.latest = MINUTE;
		this.recorder.enqueued(event("q", "h", null, null));
		closeMinuteAndWrite();
		assertThat(this.target.inserts).isEmpty();
		this.recorder.enqueued(event("q", "h", null, null));
		closeMinuteAndWrite();
		assertThat(this.target.allRows()).singleElement().satisfies((row) -> {
			assertThat(row.minute()).isEqualTo(MINUTE.plusSeconds(60));
			assertThat(row.figures().enqueued()).isEqualTo(2);
		});
	}

	@Test
	void rowsPastTheRetentionAreDeletedAMinuteAfterTheStartThenOnceAnHour() {
		this.recorder.writeNow();
		assertThat(this.target.deletedBefore).isEmpty();
		this.clock.advance(Duration.ofMinutes(1));
		this.recorder.writeNow();
		assertThat(this.target.deletedBefore).containsExactly(Instant.parse("2031-04-28T07:09:00Z"));
		this.clock.advance(Duration.ofMinutes(59));
		this.recorder.writeNow();
		assertThat(this.target.deletedBefore).hasSize(1);
		this.clock.advance(Duration.ofMinutes(1));
		this.recorder.writeNow();
		assertThat(this.target.deletedBefore).containsExactly(Instant.parse("2031-04-28T07:09:00Z"),
				Instant.parse("2031-04-28T08:09:00Z"));
	}

	@Test
	void aStopWritesTheCurrentMinuteAndLaterEventsCountInTheNext() {
		this.recorder.start();
		assertThat(this.recorder.isRunning()).isTrue();
		this.recorder.enqueued(event("q", "h", null, null));
		this.recorder.stop();
		assertThat(this.recorder.isRunning()).isFalse();
		assertThat(this.target.allRows()).extracting(StatisticsRow::minute).containsExactly(MINUTE);
		this.recorder.enqueued(event("q", "h", null, null));
		this.clock.advance(Duration.ofMinutes(1));
		closeMinuteAndWrite();
		assertThat(this.target.allRows()).extracting(StatisticsRow::minute)
			.containsExactly(MINUTE, MINUTE.plusSeconds(60));
	}

	@Test
	void retentionUnderAMinuteIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StatisticsRecorder(this.target, () -> "node", this.clock, Duration.ofSeconds(59)))
			.withMessage("spring.taskflow.statistics.retention must be at least 1m, was PT59S");
	}

	private void closeMinuteAndWrite() {
		this.clock.advance(Duration.ofMinutes(1));
		this.recorder.writeNow();
	}

	private static JobEvent event(String queue, String handler, Duration waitTime, Duration duration) {
		return new JobEvent(JobId.of(UUID.randomUUID()), handler, queue, 0, 1, waitTime, duration);
	}

}
