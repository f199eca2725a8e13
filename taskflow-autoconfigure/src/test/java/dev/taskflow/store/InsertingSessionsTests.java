package dev.taskflow.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InsertingSessions}.
 *
 * @author TaskFlow
 */
class InsertingSessionsTests {

	private final InsertingSessions sessions = new InsertingSessions();

	@Test
	void sessionIsRememberedForTenSecondsAfterItsLastInsert() {
		this.sessions.inserted(42, 0);
		assertThat(this.sessions.insertedLately(42, InsertingSessions.REMEMBER_NANOS)).isTrue();
		assertThat(this.sessions.insertedLately(7, InsertingSessions.REMEMBER_NANOS)).isFalse();
		assertThat(this.sessions.insertedLately(42, InsertingSessions.REMEMBER_NANOS + 1)).isFalse();
	}

	@Test
	void unknownSessionIsNeverRemembered() {
		this.sessions.inserted(SqlDialect.UNKNOWN_SESSION, 0);
		assertThat(this.sessions.remembered()).isZero();
	}

	@Test
	void sessionsThatInsertNoMoreAreForgottenEvenWhenNoNotificationAsksAboutThem() {
		// a pool replaces its connections (maxLifetime): every new backend PID inserts a
		// while, then is never heard of again
		long now = 0;
		for (int pid = 1; pid <= 10_000; pid++) {
			this.sessions.inserted(pid, now);
			now += InsertingSessions.REMEMBER_NANOS / 100;
		}
		assertThat(this.sessions.remembered()).isLessThanOrEqualTo(201);
		assertThat(this.sessions.insertedLately(10_000, now)).isTrue();
	}

}
