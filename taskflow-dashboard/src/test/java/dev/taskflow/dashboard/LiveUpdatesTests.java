package dev.taskflow.dashboard;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LiveUpdates}.
 *
 * @author TaskFlow
 */
class LiveUpdatesTests {

	@Test
	void aSlowReadStretchesTheIntervalSoThatReadsTakeAFifthOfTheTimeAtMost() {
		Duration interval = Duration.ofSeconds(2);
		assertThat(LiveUpdates.nextDelayMillis(interval, Duration.ofMillis(20))).isEqualTo(2000);
		assertThat(LiveUpdates.nextDelayMillis(interval, Duration.ofMillis(400))).isEqualTo(2000);
		assertThat(LiveUpdates.nextDelayMillis(interval, Duration.ofMillis(1900))).isEqualTo(9500);
	}

}
