package dev.taskflow.dashboard;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.taskflow.JobProgress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

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

	@Test
	void progressHasItsFractionWithATotalAndItsMessageAsShowValuesAllows() {
		Instant at = Instant.parse("2026-12-06T10:00:00Z");
		JobProgress progress = new JobProgress(30, 120, "copying orders", at);
		assertThat(JobJson.progress(progress, true)).containsExactly(entry("done", 30L), entry("total", 120L),
				entry("fraction", 0.25), entry("message", "copying orders"), entry("updatedAt", at));
		assertThat(JobJson.progress(progress, false)).containsEntry("message", JobJson.HIDDEN);
		assertThat(JobJson.progress(new JobProgress(7, 0, null, at), true)).containsExactly(entry("done", 7L),
				entry("total", 0L), entry("updatedAt", at));
	}

}
