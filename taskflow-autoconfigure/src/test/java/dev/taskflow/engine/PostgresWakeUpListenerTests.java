package dev.taskflow.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.postgresql.PGNotification;

import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PostgresWakeUpListener}'s reading of notifications.
 *
 * @author TaskFlow
 */
class PostgresWakeUpListenerTests {

	private static final long MILLI = 1_000_000;

	private final AtomicInteger wakeUps = new AtomicInteger();

	private final List<Long> dueAt = new ArrayList<>();

	private final Set<Integer> ownSessions = new HashSet<>();

	private final PostgresWakeUpListener listener = new PostgresWakeUpListener(null, this.wakeUps::incrementAndGet,
			this.dueAt::add, this.ownSessions::contains);

	@Test
	void reconnectWaitsOneSecondThenTwiceAsLongUpToThirtySeconds() {
		BackOffExecution waits = PostgresWakeUpListener.reconnectBackOff().start();
		List<Long> millis = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			millis.add(waits.nextBackOff());
		}
		assertThat(millis).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
	}

	@Test
	void payloadWithoutDueTimesMeansJobsMayBeDueNow() {
		assertThat(PostgresWakeUpListener.dueInMillis("")).isEmpty();
		assertThat(PostgresWakeUpListener.dueInMillis(null)).isEmpty();
		this.listener.received(new PGNotification[] { notification(1, "") }, 0);
		assertThat(this.wakeUps).hasValue(1);
		assertThat(this.dueAt).isEmpty();
	}

	@Test
	void payloadListsTheMillisecondsUntilEachDueTime() {
		assertThat(PostgresWakeUpListener.dueInMillis("0,120,5000")).containsExactly(0, 120, 5000);
	}

	@Test
	void payloadOfAnotherFormatMeansJobsMayBeDueNow() {
		assertThat(PostgresWakeUpListener.dueInMillis("{\"due\":5}")).isEmpty();
		assertThat(PostgresWakeUpListener.dueInMillis("120,soon")).isEmpty();
	}

	@Test
	void payloadIsReadUpToItsLimitOfDueTimes() {
		StringBuilder payload = new StringBuilder("1");
		for (int i = 2; i <= 40; i++) {
			payload.append(',').append(i);
		}
		assertThat(PostgresWakeUpListener.dueInMillis(payload.toString()))
			.hasSize(PostgresWakeUpListener.MOST_DUE_TIMES)
			.startsWith(1, 2, 3);
	}

	@Test
	void delayedJobsOfAnotherNodeWakeThisOneWhenDueNotNow() {
		this.listener.received(new PGNotification[] { notification(1, "120,5000") }, 1000 * MILLI);
		assertThat(this.wakeUps).hasValue(0);
		assertThat(this.dueAt).containsExactly(1120 * MILLI, 6000 * MILLI);
	}

	@Test
	void jobsDueNowOfAnotherNodeWakeThisOneAtOnce() {
		this.listener.received(new PGNotification[] { notification(1, "0,120") }, 0);
		assertThat(this.wakeUps).hasValue(1);
		assertThat(this.dueAt).containsExactly(120 * MILLI);
	}

	@Test
	void ownJobsDueNowWakeNothingButTheirDueTimesAreLearned() {
		this.ownSessions.add(7);
		this.listener.received(new PGNotification[] { notification(7, "0,250") }, 0);
		assertThat(this.wakeUps).hasValue(0);
		assertThat(this.dueAt).containsExactly(250 * MILLI);
	}

	@Test
	void manyNotificationsAtOnceWakeOnce() {
		this.listener.received(new PGNotification[] { notification(1, "0"), notification(2, ""), notification(3, "0") },
				0);
		assertThat(this.wakeUps).hasValue(1);
	}

	@Test
	void dueTimeBeyondTheLongestDelayIsNotWaitedFor() {
		this.listener.received(new PGNotification[] { notification(1, "250000000000000") }, 0);
		assertThat(this.dueAt).isEmpty();
		assertThat(this.wakeUps).hasValue(0);
	}

	private static PGNotification notification(int pid, String payload) {
		return new PGNotification() {

			@Override
			public String getName() {
				return PostgresWakeUpListener.CHANNEL;
			}

			@Override
			public int getPID() {
				return pid;
			}

			@Override
			public String getParameter() {
				return payload;
			}

		};
	}

}
