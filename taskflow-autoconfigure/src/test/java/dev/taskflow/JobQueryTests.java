package dev.taskflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JobQuery} and {@link JobPage}.
 *
 * @author TaskFlow
 */
class JobQueryTests {

	@Test
	void queryIsImmutableAndStartsWithEveryJobAndFiftyPerPage() {
		JobQuery all = JobQuery.all();
		JobQuery failed = all.status(JobStatus.FAILED).queue("mail");
		assertThat(all.getStatuses()).isEmpty();
		assertThat(all.getQueue()).isNull();
		assertThat(all.getLimit()).isEqualTo(50);
		assertThat(failed.getStatuses()).containsExactly(JobStatus.FAILED);
		assertThat(failed.getQueue()).isEqualTo("mail");
		assertThat(failed).isEqualTo(JobQuery.all().queue("mail").status(JobStatus.FAILED));
		assertThat(failed.toString()).isEqualTo("JobQuery[status=[FAILED], queue=mail, limit=50]");
	}

	@Test
	void limitOutOfRangeNamesTheRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobQuery.all().limit(0))
			.withMessage("'limit' must be from 1 to 1000, was 0: read more jobs page by page");
		assertThatIllegalArgumentException().isThrownBy(() -> JobQuery.all().limit(1001))
			.withMessageContaining("from 1 to 1000, was 1001");
		assertThat(JobQuery.all().limit(1000).getLimit()).isEqualTo(1000);
	}

	@Test
	void malformedCursorSaysSo() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobQuery.all().after("yesterday"))
			.withMessageStartingWith("The cursor 'yesterday' is malformed: pass the nextCursor of an earlier page");
		assertThatIllegalArgumentException().isThrownBy(() -> JobQuery.all().after("2026-01-01T00:00:00Z_nope"))
			.withMessageContaining("is malformed");
		assertThat(JobQuery.all().after(null).getCursorId()).isNull();
	}

	@Test
	void emptyFiltersAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobQuery.all().status())
			.withMessageContaining("'statuses' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> JobQuery.all().queue(" "))
			.withMessageContaining("'queue' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> JobQuery.all().text("x".repeat(201)))
			.withMessageContaining("at most 200 characters");
	}

	@Test
	void idsAreKeptOnceInOrderAndBounded() {
		JobId first = JobId.of(UUID.randomUUID());
		JobId second = JobId.of(UUID.randomUUID());
		JobQuery query = JobQuery.all().ids(first, second, first);
		assertThat(query.getIds()).containsExactly(first, second);
		assertThat(query).isEqualTo(JobQuery.all().ids(List.of(first, second)));
		assertThat(query.toString()).startsWith("JobQuery[ids=[" + first);
		assertThat(JobQuery.all().getIds()).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> JobQuery.all().ids(List.of()))
			.withMessageContaining("'ids' must not be empty");
		List<JobId> tooMany = new ArrayList<>();
		for (int i = 0; i < 1001; i++) {
			tooMany.add(JobId.of(UUID.randomUUID()));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> JobQuery.all().ids(tooMany))
			.withMessage("'ids' must hold at most 1000 ids, was 1001: act on more jobs by another filter, or in parts");
	}

	@Test
	void finishedBeforeAdmitsOnlyFinalStatuses() {
		JobQuery finished = JobQuery.all().finishedBefore(Instant.now());
		assertThat(finished.admits(JobStatus.PENDING)).isFalse();
		assertThat(finished.admits(JobStatus.RUNNING)).isFalse();
		assertThat(finished.admits(JobStatus.FAILED)).isTrue();
		assertThat(JobQuery.all().admits(JobStatus.PENDING)).isTrue();
		assertThat(JobQuery.all().status(JobStatus.FAILED).admits(JobStatus.CANCELLED)).isFalse();
	}

	@Test
	void pageCursorPointsAfterItsLastJobAndReadsBack() {
		JobId id = JobId.of(UUID.fromString("0194c1b2-7d3e-7a4f-9b2c-1d2e3f4a5b6c"));
		Instant createdAt = Instant.parse("2026-01-31T10:15:30.123456Z");
		JobView last = new TestView(id, createdAt);
		JobPage page = JobPage.of(List.of(last), true);
		assertThat(page.nextCursor()).contains("2026-01-31T10:15:30.123456Z_0194c1b2-7d3e-7a4f-9b2c-1d2e3f4a5b6c");
		JobQuery next = JobQuery.all().after(page.nextCursor().get());
		assertThat(next.getCursorCreatedAt()).isEqualTo(createdAt);
		assertThat(next.getCursorId()).isEqualTo(id);
		assertThat(JobPage.of(List.of(last), false).nextCursor()).isEmpty();
	}

	private record TestView(JobId id, Instant createdAt) implements JobView {

		@Override
		public String handler() {
			return "h";
		}

		@Override
		public String queue() {
			return "q";
		}

		@Override
		public JobStatus status() {
			return JobStatus.PENDING;
		}

		@Override
		public int attempt() {
			return 0;
		}

		@Override
		public int maxAttempts() {
			return 1;
		}

		@Override
		public int priority() {
			return 0;
		}

		@Override
		public Instant runAt() {
			return this.createdAt;
		}

		@Override
		public Instant startedAt() {
			return null;
		}

		@Override
		public Instant finishedAt() {
			return null;
		}

		@Override
		public String lastError() {
			return null;
		}

		@Override
		public String scheduleName() {
			return null;
		}

		@Override
		public Instant fireTime() {
			return null;
		}

		@Override
		public String concurrencyKey() {
			return null;
		}

		@Override
		public <T> java.util.Optional<T> result(Class<T> type) {
			return java.util.Optional.empty();
		}

	}

}
