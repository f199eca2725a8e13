package dev.taskflow.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskHandler;
import dev.taskflow.autoconfigure.TaskFlowAutoConfiguration;
import dev.taskflow.autoconfigure.TaskFlowStoreAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link DefaultTaskFlow}: what an enqueue refuses, through the public API on a
 * real context, before anything reaches the database.
 *
 * @author TaskFlow
 */
class DefaultTaskFlowTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class))
		.withUserConfiguration(EchoHandler.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.taskflow.worker.enabled=false");

	@Test
	void handlerNameLongerThanItsColumnIsRefusedNamingTheLimit() {
		this.contextRunner.run((context) -> {
			String name = "h".repeat(300);
			assertThatIllegalArgumentException().isThrownBy(() -> taskFlow(context).enqueue(JobRequest.of(name)))
				.withMessage("'handler' must be at most 200 characters, was 300 (\"" + "h".repeat(40)
						+ "...\"); use a shorter @TaskHandler name");
			assertThat(jobCount(context)).isZero();
		});
	}

	@Test
	void queueNameLongerThanItsColumnIsRefusedNamingTheLimit() {
		this.contextRunner.run((context) -> {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow(context).enqueue(JobRequest.of("echo").queue("q".repeat(101))))
				.withMessage("'queue' must be at most 100 characters, was 101 (\"" + "q".repeat(40)
						+ "...\"); use a shorter queue name");
			assertThat(jobCount(context)).isZero();
		});
	}

	@Test
	void keysLongerThanTheirColumnsAreRefusedNamingTheLimit() {
		this.contextRunner.run((context) -> {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow(context).enqueue(JobRequest.of("echo").uniqueKey("k".repeat(256))))
				.withMessage("'uniqueKey' must be at most 255 characters, was 256 (\"" + "k".repeat(40)
						+ "...\"); use a shorter key, such as a hash of this one");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow(context).enqueue(JobRequest.of("echo").concurrencyKey("c".repeat(256))))
				.withMessage("'concurrencyKey' must be at most 255 characters, was 256 (\"" + "c".repeat(40)
						+ "...\"); use a shorter key, such as a hash of this one");
			assertThat(jobCount(context)).isZero();
		});
	}

	@Test
	void namesAndKeysWithControlCharactersAreRefused() {
		this.contextRunner.run((context) -> {
			TaskFlow taskFlow = taskFlow(context);
			assertThatIllegalArgumentException().isThrownBy(() -> taskFlow.enqueue(JobRequest.of("echo\r\nforged")))
				.withMessage("'handler' must not contain control characters such as line breaks, was"
						+ " \"echo\\r\\nforged\"; remove them");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow.enqueue(JobRequest.of("echo").queue("mail\u0000")))
				.withMessage("'queue' must not contain control characters such as line breaks, was"
						+ " \"mail\\u0000\"; remove them");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow.enqueue(JobRequest.of("echo").uniqueKey("order\n42")))
				.withMessageStartingWith("'uniqueKey' must not contain control characters");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow.enqueue(JobRequest.of("echo").concurrencyKey("tenant\t42")))
				.withMessageStartingWith("'concurrencyKey' must not contain control characters");
			assertThat(jobCount(context)).isZero();
		});
	}

	@Test
	void delayTooFarAwayIsRefusedNamingTheLimit() {
		this.contextRunner.run((context) -> {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow(context).enqueue(JobRequest.of("echo").delay(Duration.ofDays(36_501))))
				.withMessage("'delay' must be at most 36500 days (JobRequest.MAX_DELAY, about 100 years), was"
						+ " PT876024H; enqueue the job closer to when it is due");
			// the overflow of Duration.toNanos() it used to hit
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow(context).enqueue(JobRequest.of("echo").delay(Duration.ofDays(365L * 300))))
				.withMessageStartingWith("'delay' must be at most 36500 days");
			assertThat(jobCount(context)).isZero();
		});
	}

	@Test
	void delayUpToTheLimitIsStored() {
		this.contextRunner.run((context) -> {
			TaskFlow taskFlow = taskFlow(context);
			JobId id = taskFlow.enqueue(JobRequest.of("echo").delay(JobRequest.MAX_DELAY));
			assertThat(taskFlow.find(id)).hasValueSatisfying(
					(job) -> assertThat(job.runAt()).isAfter(Instant.now().plus(Duration.ofDays(36_499))));
		});
	}

	@Test
	void runAtOutsideTheStorableRangeIsRefusedNamingTheRange() {
		this.contextRunner.run((context) -> {
			TaskFlow taskFlow = taskFlow(context);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow.enqueue(JobRequest.of("echo").runAt(Instant.MAX)))
				.withMessage("'runAt' must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z"
						+ " (JobRequest.EARLIEST_RUN_AT and LATEST_RUN_AT), was +1000000000-12-31T23:59:59.999999999Z;"
						+ " pass a due time in that range (one in the past runs at once)");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow.enqueue(JobRequest.of("echo").runAt(Instant.MIN)))
				.withMessageContaining("was -1000000000-01-01T00:00:00Z");
			assertThat(jobCount(context)).isZero();
			JobId latest = taskFlow.enqueue(JobRequest.of("echo").runAt(JobRequest.LATEST_RUN_AT));
			assertThat(taskFlow.find(latest))
				.hasValueSatisfying((job) -> assertThat(job.runAt()).isEqualTo(JobRequest.LATEST_RUN_AT));
		});
	}

	@Test
	void payloadJacksonCannotWriteIsRefusedNamingTheHandlerAndTheFix() {
		this.contextRunner.run((context) -> {
			Link link = new Link();
			link.next = new Link();
			link.next.next = link;
			assertThatIllegalArgumentException().isThrownBy(() -> taskFlow(context).enqueue("echo", link))
				.withMessageStartingWith("The payload of a job for handler 'echo' (" + Link.class.getName()
						+ ") cannot be written as JSON: ")
				.withMessageEndingWith("; pass a value Jackson can write (no cycles, getters that do not throw), or"
						+ " leave the offending property out with @JsonIgnore")
				.withCauseInstanceOf(JacksonException.class);
			assertThat(jobCount(context)).isZero();
		});
	}

	@Test
	void payloadOverTheMaximumSizeIsRefusedNamingTheProperty() {
		this.contextRunner.run((context) -> {
			String big = "x".repeat(2 * 1024 * 1024);
			assertThatIllegalArgumentException().isThrownBy(() -> taskFlow(context).enqueue("echo", big))
				.withMessage("The payload of a job for handler 'echo' is 2097154 bytes as JSON, over the limit of 1MB"
						+ " (spring.taskflow.enqueue.max-payload-size); store large data elsewhere (a table, a file,"
						+ " object storage) and pass its id, or raise spring.taskflow.enqueue.max-payload-size");
			assertThat(jobCount(context)).isZero();
		});
	}

	@Test
	void payloadSizeCountsUtf8Bytes() {
		this.contextRunner.withPropertyValues("spring.taskflow.enqueue.max-payload-size=10B").run((context) -> {
			TaskFlow taskFlow = taskFlow(context);
			// "\"ééé\"": 5 characters, 8 bytes
			taskFlow.enqueue("echo", "ééé");
			// "\"éééé\"": 6 characters, 10 bytes; "\"ééééé\"" 12 bytes
			taskFlow.enqueue("echo", "éééé");
			assertThatIllegalArgumentException().isThrownBy(() -> taskFlow.enqueue("echo", "ééééé"))
				.withMessageContaining("is 12 bytes as JSON, over the limit of 10B");
			assertThat(jobCount(context)).isEqualTo(2);
		});
	}

	@Test
	void maximumPayloadSizeCanBeRaised() {
		this.contextRunner.withPropertyValues("spring.taskflow.enqueue.max-payload-size=4MB").run((context) -> {
			JobId id = taskFlow(context).enqueue("echo", "x".repeat(2 * 1024 * 1024));
			assertThat(taskFlow(context).find(id)).isPresent();
		});
	}

	@Test
	void batchWithOneInvalidRequestStoresNothing() {
		this.contextRunner.run((context) -> {
			List<JobRequest> requests = List.of(JobRequest.of("echo", "fine"),
					JobRequest.of("echo", "x".repeat(2 * 1024 * 1024)));
			assertThatIllegalArgumentException().isThrownBy(() -> taskFlow(context).enqueueAll(requests));
			assertThat(jobCount(context)).isZero();
		});
	}

	@Test
	void payloadThatDoesNotReadAsItsHandlersTypeIsRefusedBeforeItIsStored() {
		this.contextRunner.run((context) -> {
			TaskFlow taskFlow = taskFlow(context);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow.enqueue("invoice", Map.of("number", "A-1", "cents", "twelve")))
				.withMessageStartingWith("The payload of a job for handler 'invoice' does not read as its parameter"
						+ " type dev.taskflow.client.DefaultTaskFlowTests$Invoice: ")
				.withMessageContaining("twelve")
				.withMessageEndingWith(
						"; send JSON of that shape (property names and value types as the type" + " declares them)");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> taskFlow.enqueue(JobRequest.of("tally", List.of("one", "two"))))
				.withMessageStartingWith("The payload of a job for handler 'tally' does not read as its parameter"
						+ " type java.util.List<java.lang.Integer>");
			assertThat(jobCount(context)).isZero();
			// what reads as the type is stored, given as the type or as a map
			taskFlow.enqueue("invoice", new Invoice("A-1", 1200));
			taskFlow.enqueue("invoice", Map.of("number", "A-2", "cents", 1300));
			taskFlow.enqueue("tally", List.of(1, 2));
			// a handler this node does not have is not checked here
			taskFlow.enqueue(JobRequest.of("elsewhere", Map.of("cents", "twelve")));
			assertThat(jobCount(context)).isEqualTo(4);
		});
	}

	private static TaskFlow taskFlow(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(TaskFlow.class);
	}

	private static int jobCount(AssertableApplicationContext context) {
		return new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("SELECT COUNT(*) FROM taskflow_job",
				Integer.class);
	}

	static class EchoHandler {

		@TaskHandler("echo")
		Object echo(Object payload) {
			return payload;
		}

		@TaskHandler("invoice")
		void invoice(Invoice invoice) {
		}

		@TaskHandler("tally")
		void tally(List<Integer> counts) {
		}

	}

	record Invoice(String number, int cents) {

	}

	static class Link {

		public Link next;

	}

}
