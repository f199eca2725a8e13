package dev.taskflow.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that backs up again and again warns once per interval, not each time.
 *
 * @author TaskFlow
 */
class BackUpWarningsTests {

	private final AtomicLong now = new AtomicLong(-5_000_000_000L);

	private final BackUpWarnings warnings = new BackUpWarnings(Duration.ofMinutes(5), this.now::get);

	@Test
	void firstBackUpIsToldWhateverTheClockReads() {
		assertThat(this.warnings.started()).isTrue();
		assertThat(this.warnings.count()).isOne();
	}

	@Test
	void backUpsWithinTheIntervalAreCountedNotTold() {
		assertThat(this.warnings.started()).isTrue();
		for (int i = 0; i < 100; i++) {
			this.now.addAndGet(Duration.ofSeconds(2).toNanos());
			assertThat(this.warnings.started()).isFalse();
		}
		this.now.addAndGet(Duration.ofSeconds(100).toNanos());
		assertThat(this.warnings.started()).isTrue();
		assertThat(this.warnings.count()).isEqualTo(102);
	}

}
