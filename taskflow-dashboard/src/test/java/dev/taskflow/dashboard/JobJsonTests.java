package dev.taskflow.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobJson}.
 *
 * @author TaskFlow
 */
class JobJsonTests {

	@Test
	void traceIdIsTheSecondPartOfTheTraceParent() {
		assertThat(JobJson.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
			.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(JobJson.traceId(null)).isNull();
		assertThat(JobJson.traceId("nonsense")).isNull();
	}

}
