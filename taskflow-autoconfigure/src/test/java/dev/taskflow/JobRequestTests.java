package dev.taskflow;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JobRequest} and {@link JobId}.
 *
 * @author TaskFlow
 */
class JobRequestTests {

	@Test
	void requestHasDefaultsAndEachChangeIsACopy() {
		JobRequest request = JobRequest.of("email.send", "payload");
		JobRequest changed = request.queue("mail")
			.priority(5)
			.delay(Duration.ofMinutes(1))
			.uniqueKey("k")
			.maxAttempts(2);
		assertThat(request.getQueue()).isEqualTo("default");
		assertThat(request.getPriority()).isZero();
		assertThat(request.getMaxAttempts()).isNull();
		assertThat(changed.getHandler()).isEqualTo("email.send");
		assertThat(changed.getPayload()).isEqualTo("payload");
		assertThat(changed.getQueue()).isEqualTo("mail");
		assertThat(changed.getPriority()).isEqualTo(5);
		assertThat(changed.getDelay()).isEqualTo(Duration.ofMinutes(1));
		assertThat(changed.getUniqueKey()).isEqualTo("k");
		assertThat(changed.getMaxAttempts()).isEqualTo(2);
	}

	@Test
	void correlationIdIsKeptAcrossChanges() {
		JobRequest request = JobRequest.of("h").correlationId("order-42").queue("q").priority(1);
		assertThat(request.getCorrelationId()).isEqualTo("order-42");
		assertThat(JobRequest.of("h").getCorrelationId()).isNull();
		assertThat(JobRequest.of("h").correlationId("x".repeat(100)).getCorrelationId()).hasSize(100);
	}

	@Test
	void badCorrelationIdIsRejectedWithAClearMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("h").correlationId(null))
			.withMessage("'correlationId' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("h").correlationId("  "))
			.withMessage("'correlationId' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("h").correlationId("x".repeat(101)))
			.withMessage("'correlationId' must be at most 100 characters, was 101");
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("h").correlationId("order\n42"))
			.withMessage("'correlationId' must not contain control characters");
	}

	@Test
	void priorityIsAcceptedFromTheLowestToTheHighestOfItsRange() {
		assertThat(JobRequest.of("h").priority(JobRequest.MIN_PRIORITY).getPriority()).isEqualTo(-1_000_000);
		assertThat(JobRequest.of("h").priority(JobRequest.MAX_PRIORITY).getPriority()).isEqualTo(1_000_000);
	}

	@Test
	void priorityOutsideItsRangeIsRejectedNamingTheRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("h").priority(Integer.MIN_VALUE))
			.withMessage("'priority' must be between -1000000 and 1000000 (JobRequest.MIN_PRIORITY and MAX_PRIORITY),"
					+ " was -2147483648; higher runs first, so map your levels onto that range");
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("h").priority(1_000_001))
			.withMessageStartingWith("'priority' must be between -1000000 and 1000000")
			.withMessageContaining("was 1000001");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Schedule.every("s", Duration.ofMinutes(1)).priority(Integer.MAX_VALUE))
			.withMessageStartingWith("'priority' must be between -1000000 and 1000000");
	}

	@Test
	void runAtAndDelayReplaceEachOther() {
		Instant instant = Instant.parse("2030-01-01T00:00:00Z");
		JobRequest atInstant = JobRequest.of("h").delay(Duration.ofSeconds(5)).runAt(instant);
		assertThat(atInstant.getRunAt()).isEqualTo(instant);
		assertThat(atInstant.getDelay()).isNull();
		JobRequest delayed = atInstant.delay(Duration.ofSeconds(5));
		assertThat(delayed.getRunAt()).isNull();
		assertThat(delayed.getDelay()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void badInputIsRejectedWithAClearMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of(" "))
			.withMessage("'handler' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("h").maxAttempts(0))
			.withMessage("'maxAttempts' must be at least 1, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("h").delay(Duration.ofSeconds(-1)))
			.withMessage("'delay' must not be negative, was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("h").uniqueKey("x".repeat(256)))
			.withMessageStartingWith("'uniqueKey' must be at most 255 characters, was 256 (");
	}

	@Test
	void jobIdRoundTripsThroughItsText() {
		UUID uuid = UUID.randomUUID();
		JobId id = JobId.of(uuid);
		assertThat(JobId.parse(id.toString())).isEqualTo(id).hasSameHashCodeAs(id);
		assertThat(id.value()).isEqualTo(uuid);
		assertThatIllegalArgumentException().isThrownBy(() -> JobId.parse("nope"))
			.withMessage("'nope' is not a job id: expected a UUID");
	}

}
