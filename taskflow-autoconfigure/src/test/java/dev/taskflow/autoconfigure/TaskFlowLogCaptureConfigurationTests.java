package dev.taskflow.autoconfigure;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskflow.engine.JobLogCapture;
import dev.taskflow.engine.LogbackJobLogAppender;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the wiring of captured job logs.
 *
 * @author TaskFlow
 */
class TaskFlowLogCaptureConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.taskflow.schedule.enabled=false");

	@Test
	void captureIsOffByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(JobLogCapture.class)
			.doesNotHaveBean(LogbackJobLogAppender.class));
	}

	@Test
	void captureAttachesAnAppenderWhenEnabled() {
		this.contextRunner.withPropertyValues("spring.taskflow.logs.capture=true")
			.run((context) -> assertThat(context).hasSingleBean(JobLogCapture.class)
				.hasSingleBean(LogbackJobLogAppender.class));
	}

	@Test
	void maxLinesBelowOneFailsAtStartUpNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.logs.capture=true", "spring.taskflow.logs.max-lines-per-job=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(RegisteredFailureAnalyzers
					.named("org.springframework.boot.diagnostics.analyzer.BindValidationFailureAnalyzer")
					.analyze(context.getStartupFailure())
					.getDescription()).contains("Property: spring.taskflow.logs.max-lines-per-job")
					.contains("Reason: must be at least 1; turn capture off with spring.taskflow.logs.capture=false"
							+ " instead");
			});
	}

	@Test
	void captureBacksOffWithoutLogback() {
		this.contextRunner.withPropertyValues("spring.taskflow.logs.capture=true")
			.withClassLoader(new FilteredClassLoader("ch.qos.logback.classic"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JobLogCapture.class));
	}

	@Test
	void captureIsOffOnNodesWithoutWorkers() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.logs.capture=true", "spring.taskflow.worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JobLogCapture.class));
	}

	@Test
	void captureUsesAUserDefinedCapture() {
		JobLogCapture capture = new JobLogCapture(7);
		this.contextRunner.withPropertyValues("spring.taskflow.logs.capture=true")
			.withBean(JobLogCapture.class, () -> capture)
			.run((context) -> assertThat(context).getBean(JobLogCapture.class).isSameAs(capture));
	}

	@Test
	void logPropertiesAreBound() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.worker.enabled=false", "spring.taskflow.logs.capture=true",
					"spring.taskflow.logs.level=debug", "spring.taskflow.logs.max-lines-per-job=50")
			.run((context) -> {
				TaskFlowProperties.Logs logs = context.getBean(TaskFlowProperties.class).getLogs();
				assertThat(logs.isCapture()).isTrue();
				assertThat(logs.getLevel()).isEqualTo(LogLevel.DEBUG);
				assertThat(logs.getMaxLinesPerJob()).isEqualTo(50);
			});
	}

	@Test
	void logPropertiesDefaultToOffInfoAndTwoHundredLines() {
		TaskFlowProperties.Logs logs = new TaskFlowProperties().getLogs();
		assertThat(logs.isCapture()).isFalse();
		assertThat(logs.getLevel()).isEqualTo(LogLevel.INFO);
		assertThat(logs.getMaxLinesPerJob()).isEqualTo(200);
	}

}
