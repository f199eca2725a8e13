package dev.taskflow.sample;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.TaskFlow;
import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.TaskFlowTester;

import static dev.taskflow.test.TaskFlowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample's services tested with TaskFlow's test kit: nothing runs until the test runs
 * it, on the test's thread, and TaskFlow's clock moves only when the test moves it.
 *
 * @author TaskFlow
 */
@SpringBootTest(properties = { "sample.demo-traffic=false", "sample.payment.failure-rate=1.0" })
@AutoConfigureTaskFlowTester
class SignupServiceTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	@Autowired
	private SignupService signups;

	@Autowired
	private TaskFlowTester tester;

	@Autowired
	private TaskFlow taskFlow;

	@Test
	void signupEnqueuesTheWelcomeMailWhichRunsOnTheTestThread() {
		this.signups.signUp(new Signup("ada@example.com", "Ada"), false);

		assertThat(this.tester).hasEnqueued("email.send")
			.withPayload(Email.class, (mail) -> assertThat(mail.to()).isEqualTo("ada@example.com"))
			.times(1);

		this.tester.runAll();

		assertThat(this.tester.jobs("email.send")).singleElement().satisfies((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(job.result(Receipt.class))
				.hasValueSatisfying((receipt) -> assertThat(receipt.to()).isEqualTo("ada@example.com"));
		});
		assertThat(this.tester).hasNoFailedJobs();
	}

	@Test
	void aFailedSignupTakesItsWelcomeMailWithIt() {
		assertThatExceptionOfType(SignupService.SignupFailedException.class)
			.isThrownBy(() -> this.signups.signUp(new Signup("bob@example.com", "Bob"), true));
		assertThat(this.tester).hasNotEnqueued("email.send");
	}

	@Test
	void aPaymentIsRetriedAsTheClockMovesUntilItRunsOutOfAttempts() {
		// the provider is down for good (sample.payment.failure-rate=1.0): five attempts,
		// each due after its back-off (200 ms doubled, up to 2 s), then the job fails
		JobId id = this.taskFlow.enqueue(JobRequest.of("payment.capture", new Payment("order-7", 1250)));
		this.tester.runAll();
		assertThat(this.taskFlow.find(id)).hasValueSatisfying((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.PENDING);
			assertThat(job.attempt()).isEqualTo(1);
		});
		// not due before its back-off, however often the test runs what is due
		this.tester.advanceClock(Duration.ofMillis(100));
		assertThat(this.tester.runAll()).noneMatch((job) -> job.id().equals(id));
		for (int attempt = 2; attempt <= 5; attempt++) {
			this.tester.advanceClock(Duration.ofSeconds(3));
			this.tester.runAll();
		}
		assertThat(this.taskFlow.find(id)).hasValueSatisfying((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.FAILED);
			assertThat(job.attempt()).isEqualTo(5);
		});
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.tester).hasNoFailedJobs())
			.withMessageContaining("payment.capture " + id + " FAILED (attempt 5 of 5")
			.withMessageContaining("Payment provider unavailable (503) for order order-7");
	}

	@Test
	void theDailyReportRendersAtSixInParis() {
		// the next 6:00 in Paris: today's while Paris is before it (a run after midnight
		// there), else tomorrow's; the clock stops up to a minute before it first
		ZonedDateTime now = this.tester.now().atZone(PARIS);
		LocalDate tomorrow = now.toLocalTime().isBefore(LocalTime.of(6, 0)) ? now.toLocalDate()
				: now.toLocalDate().plusDays(1);
		Instant six = tomorrow.atTime(6, 0).atZone(PARIS).toInstant();
		Instant minuteBefore = six.minus(Duration.ofMinutes(1));
		if (this.tester.now().isBefore(minuteBefore)) {
			this.tester.advanceClockTo(minuteBefore);
		}
		this.tester.runAll();
		assertThat(this.tester).hasNotEnqueued("report.daily");

		this.tester.advanceClockTo(six);

		assertThat(this.tester.runAll()).filteredOn((job) -> job.handler().equals("report.daily"))
			.singleElement()
			.satisfies((job) -> {
				assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
				assertThat(job.fireTime()).isEqualTo(tomorrow.atTime(6, 0).atZone(PARIS).toInstant());
				assertThat(job.result(Report.class))
					.hasValueSatisfying((report) -> assertThat(report.title()).isEqualTo("Daily report " + tomorrow));
			});
	}

}
