package dev.taskflow.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.taskflow.TaskHandler;
import dev.taskflow.throttle.InvalidThrottleException;
import dev.taskflow.throttle.Scope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the throttling settings: binding, the limits a node reports at start, and the
 * start-up failures of settings that cannot work.
 *
 * @author TaskFlow
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskFlowThrottleConfigurationTests {

	private static final String ANALYZER = "dev.taskflow.engine.InvalidThrottleFailureAnalyzer";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.taskflow.schedule.enabled=false")
		.withUserConfiguration(MailHandlers.class);

	@Test
	void throttleSettingsAreBound() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.rate-limit.limit-for-period=100",
					"spring.taskflow.rate-limit.limit-refresh-period=2s", "spring.taskflow.rate-limit.scope=cluster",
					"spring.taskflow.queues.mail.threads=2", "spring.taskflow.queues.mail.concurrency.global=3",
					"spring.taskflow.queues.mail.rate-limit.limit-for-period=7",
					"spring.taskflow.handlers[mail.send].concurrency.per-key=1",
					"spring.taskflow.handlers[mail.send].concurrency.per-node=4",
					"spring.taskflow.worker.reserved-for-priority-above=5", "spring.taskflow.worker.reserved-threads=2",
					"spring.taskflow.worker.backpressure.heap-threshold=0.95")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TaskFlowProperties properties = context.getBean(TaskFlowProperties.class);
				assertThat(properties.getRateLimit().getLimitForPeriod()).isEqualTo(100);
				assertThat(properties.getRateLimit().getLimitRefreshPeriod()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getRateLimit().getScope()).isEqualTo(Scope.CLUSTER);
				TaskFlowProperties.Queue mail = properties.getQueues().get("mail");
				assertThat(mail.getThreads().getMin()).isEqualTo(2);
				assertThat(mail.getThreads().getMax()).isEqualTo(2);
				assertThat(mail.getThreads().scales()).isFalse();
				assertThat(mail.getConcurrency().getGlobal()).isEqualTo(3);
				assertThat(mail.getRateLimit().getLimitForPeriod()).isEqualTo(7);
				assertThat(mail.getRateLimit().getScope()).isEqualTo(Scope.NODE);
				assertThat(properties.getHandlers().get("mail.send").getConcurrency().getPerKey()).isEqualTo(1);
				assertThat(properties.getWorker().getReservedForPriorityAbove()).isEqualTo(5);
				assertThat(properties.getWorker().getReservedThreads()).isEqualTo(2);
				assertThat(properties.getWorker().getBackpressure().getHeapThreshold()).isEqualTo(0.95);
			});
	}

	@Test
	void nodeReportsItsLimitsAtStart(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.taskflow.handlers.mail.send.rate-limit.limit-for-period=10",
					"spring.taskflow.handlers.mail.send.concurrency.global=2", "spring.taskflow.queues.mail.threads=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("rate limit 10 per 1s (node) on handler 'mail.send'")
					.contains("concurrency limit 2 across the cluster on handler 'mail.send'")
					.contains("2 thread(s) of its own for queue 'mail'");
			});
	}

	@Test
	void dottedAndBracketedHandlerLimitsCombineWithBracketsWinning(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.taskflow.handlers.mail.send.rate-limit.limit-for-period=10",
					"spring.taskflow.handlers.mail.send.concurrency.global=2",
					"spring.taskflow.handlers[mail.send].concurrency.global=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("rate limit 10 per 1s (node) on handler 'mail.send'")
					.contains("concurrency limit 3 across the cluster on handler 'mail.send'")
					.doesNotContain("concurrency limit 2 across the cluster");
			});
	}

	@Test
	void negativeLimitFailsAtStartWithThePropertyToFix() {
		this.contextRunner.withPropertyValues("spring.taskflow.handlers[mail.send].rate-limit.limit-for-period=-5")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getDescription()).isEqualTo("Invalid TaskFlow limit"
						+ " spring.taskflow.handlers.mail.send.rate-limit: limit-for-period must be at least 1, was -5");
				assertThat(analysis.getAction()).startsWith("Correct spring.taskflow.handlers.mail.send.rate-limit");
			});
	}

	@Test
	void zeroConcurrencyFailsAtStart() {
		this.contextRunner.withPropertyValues("spring.taskflow.queues.mail.concurrency.global=0")
			.run((context) -> assertThat(analysis(context).getDescription()).isEqualTo(
					"Invalid TaskFlow limit spring.taskflow.queues.mail.concurrency.global: must be at least 1, was 0"));
	}

	@Test
	void unknownRateLimiterNameFailsAtStart() {
		this.contextRunner.withUserConfiguration(NamedLimiterHandlers.class)
			.run((context) -> assertThat(analysis(context).getDescription()).isEqualTo(
					"Invalid TaskFlow limit spring.taskflow.handlers.sms.send.rate-limiter: no Resilience4j rate limiter"
							+ " named 'sms-api': define it as resilience4j.ratelimiter.instances.sms-api.limit-for-period"
							+ " and .limit-refresh-period, or in a RateLimiterRegistry bean"));
	}

	@Test
	void rateLimiterOfTheApplicationsRegistryIsUsed(CapturedOutput output) {
		RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();
		registry.rateLimiter("sms-api",
				RateLimiterConfig.custom().limitForPeriod(3).limitRefreshPeriod(Duration.ofSeconds(2)).build());
		this.contextRunner.withUserConfiguration(NamedLimiterHandlers.class)
			.withBean(RateLimiterRegistry.class, () -> registry)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("rate limit 3 per 2s (node) on handler 'sms.send'");
			});
	}

	@Test
	void rateLimiterBeanOfThatNameIsUsed(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(NamedLimiterHandlers.class)
			.withBean("sms-api", RateLimiter.class, () -> RateLimiter.of("sms-api",
					RateLimiterConfig.custom().limitForPeriod(4).limitRefreshPeriod(Duration.ofSeconds(1)).build()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("rate limit 4 per 1s (node) on handler 'sms.send'");
			});
	}

	@Test
	void reservedThreadsNeedAPriorityAndFewerThanTheThreads() {
		this.contextRunner.withPropertyValues("spring.taskflow.worker.reserved-threads=2")
			.run((context) -> assertThat(analysis(context).getDescription())
				.isEqualTo("Invalid TaskFlow limit spring.taskflow.worker.reserved-threads: set"
						+ " spring.taskflow.worker.reserved-for-priority-above too: it says which jobs may use them"));
		this.contextRunner
			.withPropertyValues("spring.taskflow.worker.threads=4",
					"spring.taskflow.worker.reserved-for-priority-above=5", "spring.taskflow.worker.reserved-threads=4")
			.run((context) -> assertThat(analysis(context).getDescription()).isEqualTo(
					"Invalid TaskFlow limit spring.taskflow.worker.reserved-threads: must be at least 1 and fewer"
							+ " than spring.taskflow.worker.threads (4), was 4"));
	}

	@Test
	void backpressureThresholdMustBeAShare() {
		this.contextRunner.withPropertyValues("spring.taskflow.worker.backpressure.cpu-threshold=90")
			.run((context) -> assertThat(analysis(context).getDescription())
				.isEqualTo("Invalid TaskFlow limit spring.taskflow.worker.backpressure.cpu-threshold: must be above 0"
						+ " and at most 1 (a share, such as 0.9), was 90.0"));
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidThrottleException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("InvalidThrottleException in %s", failure).isNotNull();
		FailureAnalysis analysis = RegisteredFailureAnalyzers.named(ANALYZER).analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	static class MailHandlers {

		@TaskHandler("mail.send")
		void send(String to) {
		}

	}

	static class NamedLimiterHandlers {

		@TaskHandler(value = "sms.send", rateLimiter = "sms-api")
		void send(String to) {
		}

	}

}
