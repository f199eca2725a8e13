package dev.taskflow.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

import dev.taskflow.JobId;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskHandler;
import dev.taskflow.UnknownHandlerException;
import dev.taskflow.client.DefaultTaskFlow;
import dev.taskflow.handler.HandlerMethod;
import dev.taskflow.handler.HandlerPolicies;
import dev.taskflow.handler.HandlerPolicy;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.handler.InvalidTaskHandlerException;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.engine.TaskFlowListeners;
import dev.taskflow.engine.Throttling;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.engine.WorkerSettings;
import dev.taskflow.observation.JobObservations;
import dev.taskflow.retry.BackoffStrategy;
import dev.taskflow.retry.RetrySettings;
import dev.taskflow.store.JobStore;
import dev.taskflow.store.SqlDialect;
import dev.taskflow.store.TaskFlowSchemaInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link TaskFlowAutoConfiguration} and {@link TaskFlowStoreAutoConfiguration}.
 *
 * @author TaskFlow
 */
class TaskFlowAutoConfigurationTests {

	private static final String ANALYZER = "dev.taskflow.handler.InvalidTaskHandlerFailureAnalyzer";

	private static final String BIND_VALIDATION_ANALYZER = "org.springframework.boot.diagnostics.analyzer.BindValidationFailureAnalyzer";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Test
	void createsTaskFlowHandlerRegistryAndWorkerNodeByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TaskFlow.class);
			assertThat(context).hasSingleBean(DefaultTaskFlow.class);
			assertThat(context).hasSingleBean(HandlerRegistry.class);
			assertThat(context).hasSingleBean(HandlerPolicies.class);
			assertThat(context).hasSingleBean(PayloadCodec.class);
			assertThat(context).hasSingleBean(WorkerNode.class);
			assertThat(context).hasSingleBean(JobStore.class);
			assertThat(context).hasSingleBean(TaskFlowSchemaInitializer.class);
			assertThat(context).hasSingleBean(TaskFlowProperties.class);
			assertThat(context.getBean(WorkerNode.class).isRunning()).isTrue();
			assertThat(context.getBean(HandlerRegistry.class).isReady()).isTrue();
		});
	}

	@Test
	void taskFlowBacksOffWhenUserDefinesOne() {
		this.contextRunner.withUserConfiguration(CustomTaskFlowConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TaskFlow.class);
			assertThat(context).doesNotHaveBean(DefaultTaskFlow.class);
			assertThat(context.getBean(TaskFlow.class)).isSameAs(context.getBean("customTaskFlow"));
		});
	}

	@Test
	void workerNodeBacksOffWhenUserDefinesOne() {
		this.contextRunner.withUserConfiguration(CustomWorkerNodeConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WorkerNode.class);
			assertThat(context).doesNotHaveBean("taskFlowWorkerNode");
			assertThat(context.getBean(WorkerNode.class).nodeId()).isEqualTo("custom-node");
		});
	}

	@Test
	void handlerRegistryBacksOffWhenUserDefinesOne() {
		this.contextRunner.withUserConfiguration(CustomHandlerRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(HandlerRegistry.class);
			assertThat(context.getBean(HandlerRegistry.class)).isSameAs(context.getBean("customHandlerRegistry"));
		});
	}

	@Test
	void handlerPoliciesBackOffWhenUserDefinesThem() {
		this.contextRunner.withUserConfiguration(CustomHandlerPoliciesConfiguration.class)
			.withPropertyValues("spring.taskflow.enqueue.validate-handlers=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(HandlerPolicies.class);
				assertThat(context.getBean(HandlerPolicies.class)).isSameAs(context.getBean("customHandlerPolicies"));
				TaskFlow taskFlow = context.getBean(TaskFlow.class);
				JobId id = taskFlow.enqueue("elsewhere", null);
				assertThat(taskFlow.find(id)).hasValueSatisfying((job) -> assertThat(job.maxAttempts()).isEqualTo(9));
			});
	}

	@Test
	void payloadCodecBacksOffWhenUserDefinesOne() {
		this.contextRunner.withUserConfiguration(CustomPayloadCodecConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(PayloadCodec.class);
			assertThat(context.getBean(PayloadCodec.class)).isSameAs(context.getBean("customPayloadCodec"));
		});
	}

	@Test
	void jobStoreBacksOffWhenUserDefinesOne() {
		this.contextRunner.withUserConfiguration(CustomJobStoreConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JobStore.class);
			assertThat(context.getBean(JobStore.class)).isSameAs(context.getBean("customJobStore"));
			assertThat(context).hasSingleBean(TaskFlow.class);
		});
	}

	@Test
	void taskFlowIsAbsentWhenDisabledByProperty() {
		this.contextRunner.withPropertyValues("spring.taskflow.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TaskFlow.class);
			assertThat(context).doesNotHaveBean(HandlerRegistry.class);
			assertThat(context).doesNotHaveBean(WorkerNode.class);
			assertThat(context).doesNotHaveBean(JobStore.class);
			assertThat(context).doesNotHaveBean(TaskFlowSchemaInitializer.class);
			assertThat(context).doesNotHaveBean(TaskFlowProperties.class);
			assertThat(tableCount(context, "taskflow_job")).isZero();
		});
	}

	@Test
	void workerNodeIsAbsentWhenWorkersAreDisabledButUnknownHandlersCanBeEnqueued() {
		this.contextRunner.withUserConfiguration(GreetingHandler.class)
			.withPropertyValues("spring.taskflow.worker.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(WorkerNode.class);
				assertThat(context).hasSingleBean(TaskFlow.class);
				TaskFlow taskFlow = context.getBean(TaskFlow.class);
				JobId id = taskFlow.enqueue("runs.elsewhere", "payload");
				assertThat(taskFlow.find(id)).hasValueSatisfying((job) -> {
					assertThat(job.handler()).isEqualTo("runs.elsewhere");
					assertThat(job.status()).isEqualTo(JobStatus.PENDING);
					assertThat(job.maxAttempts()).isEqualTo(3);
				});
			});
	}

	@Test
	void enqueueingAnUnknownHandlerFailsAndListsKnownHandlersWhenWorkersRun() {
		this.contextRunner.withUserConfiguration(GreetingHandler.class, EchoHandler.class).run((context) -> {
			TaskFlow taskFlow = context.getBean(TaskFlow.class);
			assertThatExceptionOfType(UnknownHandlerException.class)
				.isThrownBy(() -> taskFlow.enqueue("greeet", "typo"))
				.withMessage("No @TaskHandler named 'greeet'; known handlers: [echo, greet]. Check the name, or set"
						+ " spring.taskflow.enqueue.validate-handlers=false if another service runs this handler")
				.satisfies((ex) -> assertThat(ex.getHandler()).isEqualTo("greeet"));
			assertThat(tableCount(context, "taskflow_job")).isOne();
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForObject("SELECT COUNT(*) FROM taskflow_job", Integer.class)).isZero();
		});
	}

	@Test
	void enqueueingAnUnknownHandlerIsAllowedWhenHandlerValidationIsOff() {
		this.contextRunner.withUserConfiguration(GreetingHandler.class)
			.withPropertyValues("spring.taskflow.enqueue.validate-handlers=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(WorkerNode.class);
				TaskFlow taskFlow = context.getBean(TaskFlow.class);
				JobId id = taskFlow.enqueue("runs.elsewhere", "payload");
				assertThat(taskFlow.find(id)).hasValueSatisfying((job) -> {
					assertThat(job.handler()).isEqualTo("runs.elsewhere");
					assertThat(job.status()).isEqualTo(JobStatus.PENDING);
				});
			});
	}

	@Test
	void taskFlowIsAbsentWithoutDataSource() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TaskFlow.class);
				assertThat(context).doesNotHaveBean(JobStore.class);
				assertThat(context).doesNotHaveBean(WorkerNode.class);
			});
	}

	@Test
	void taskFlowIsAbsentWithoutLiquibase() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SpringLiquibase.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TaskFlow.class);
			assertThat(context).doesNotHaveBean(JobStore.class);
			assertThat(context).doesNotHaveBean(TaskFlowSchemaInitializer.class);
			assertThat(context).doesNotHaveBean(WorkerNode.class);
		});
	}

	@Test
	void propertiesAreBoundAndApplied() {
		this.contextRunner.withUserConfiguration(GreetingHandler.class, EchoHandler.class)
			.withPropertyValues("spring.taskflow.worker.threads=4", "spring.taskflow.worker.poll-interval=250ms",
					"spring.taskflow.worker.lease=45s", "spring.taskflow.worker.heartbeat-interval=15s",
					"spring.taskflow.worker.node-id=node-a", "spring.taskflow.worker.notifications=false",
					"spring.taskflow.shutdown.await=5s", "spring.taskflow.enqueue.validate-handlers=false",
					"spring.taskflow.store.initialize-schema=embedded", "spring.taskflow.retry.max-attempts=5",
					"spring.taskflow.retry.backoff.strategy=fixed", "spring.taskflow.retry.backoff.initial=2s",
					"spring.taskflow.retry.backoff.multiplier=3", "spring.taskflow.retry.backoff.max=1m",
					"spring.taskflow.retry.backoff.jitter=0", "spring.taskflow.handlers.greet.timeout=5s",
					"spring.taskflow.handlers.greet.retry.max-attempts=7",
					"spring.taskflow.handlers.greet.retry.backoff.initial=3s")
			.run((context) -> {
				TaskFlowProperties properties = context.getBean(TaskFlowProperties.class);
				assertThat(properties.getWorker().getThreads()).isEqualTo(4);
				assertThat(properties.getWorker().getPollInterval()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getWorker().getLease()).isEqualTo(Duration.ofSeconds(45));
				assertThat(properties.getWorker().getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
				assertThat(properties.getWorker().getNodeId()).isEqualTo("node-a");
				assertThat(properties.getWorker().isNotifications()).isFalse();
				assertThat(properties.getShutdown().getAwait()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getEnqueue().isValidateHandlers()).isFalse();
				assertThat(properties.getStore().getInitializeSchema()).isEqualTo(DatabaseInitializationMode.EMBEDDED);
				assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(5);
				assertThat(properties.getRetry().getBackoff().getStrategy()).isEqualTo(BackoffStrategy.FIXED);
				assertThat(properties.getRetry().getBackoff().getInitial()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getRetry().getBackoff().getMultiplier()).isEqualTo(3.0);
				assertThat(properties.getRetry().getBackoff().getMax()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.getRetry().getBackoff().getJitter()).isZero();
				assertThat(properties.getHandlers()).containsOnlyKeys("greet");
				TaskFlowProperties.Handler greet = properties.getHandlers().get("greet");
				assertThat(greet.getTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(greet.getRetry().getMaxAttempts()).isEqualTo(7);
				assertThat(greet.getRetry().getBackoff().getInitial()).isEqualTo(Duration.ofSeconds(3));
				assertThat(context.getBean(WorkerNode.class).nodeId()).isEqualTo("node-a");
				HandlerPolicy greetPolicy = policyOf(context, "greet");
				assertThat(greetPolicy.timeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(greetPolicy.retry().maxAttempts()).isEqualTo(7);
				assertThat(greetPolicy.retry().delayAfter(1, new RuntimeException())).isEqualTo(Duration.ofSeconds(3));
				HandlerPolicy echoPolicy = policyOf(context, "echo");
				assertThat(echoPolicy.timeout()).isNull();
				assertThat(echoPolicy.retry().maxAttempts()).isEqualTo(5);
				assertThat(echoPolicy.retry().delayAfter(1, new RuntimeException())).isEqualTo(Duration.ofSeconds(2));
				assertThat(echoPolicy.retry().delayAfter(3, new RuntimeException())).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void handlerPropertiesBindForDottedHandlerNamesInBrackets() {
		this.contextRunner.withUserConfiguration(DottedNameHandler.class)
			.withPropertyValues("spring.taskflow.handlers[email.send].timeout=20s",
					"spring.taskflow.handlers[email.send].retry.max-attempts=2")
			.run((context) -> {
				HandlerPolicy policy = policyOf(context, "email.send");
				assertThat(policy.timeout()).isEqualTo(Duration.ofSeconds(20));
				assertThat(policy.retry().maxAttempts()).isEqualTo(2);
			});
	}

	@Test
	void handlerPropertiesBindForDottedHandlerNamesWrittenAsDocumented() {
		// handler names are dotted ("email.send") and TaskHandler's Javadoc and the
		// failure analysis both point at spring.taskflow.handlers.<name>.*, without
		// brackets; YAML with an "email.send:" key flattens to the same names
		this.contextRunner.withUserConfiguration(DottedNameHandler.class)
			.withPropertyValues("spring.taskflow.handlers.email.send.timeout=20s",
					"spring.taskflow.handlers.email.send.retry.max-attempts=2")
			.run((context) -> {
				HandlerPolicy policy = policyOf(context, "email.send");
				assertThat(policy.timeout()).isEqualTo(Duration.ofSeconds(20));
				assertThat(policy.retry().maxAttempts()).isEqualTo(2);
			});
	}

	@Test
	void dottedAndBracketedHandlerPropertiesCombineWithBracketsWinning() {
		// the one rule of every map of named settings (NamedSettings)
		this.contextRunner.withUserConfiguration(DottedNameHandler.class)
			.withPropertyValues("spring.taskflow.handlers[email.send].timeout=2s",
					"spring.taskflow.handlers[email.send].retry.max-attempts=2",
					"spring.taskflow.handlers.email.send.timeout=50ms",
					"spring.taskflow.handlers.email.send.retry.backoff.initial=7s",
					"spring.taskflow.handlers.email.send.retry.backoff.jitter=0")
			.run((context) -> {
				HandlerPolicy policy = policyOf(context, "email.send");
				assertThat(policy.timeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(policy.retry().maxAttempts()).isEqualTo(2);
				assertThat(policy.retry().delayAfter(1, new IllegalStateException())).isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void defaultPropertiesMatchTheDocumentedDefaults() {
		TaskFlowProperties properties = new TaskFlowProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getWorker().isEnabled()).isTrue();
		assertThat(properties.getWorker().getThreads()).isEqualTo(10);
		assertThat(properties.getWorker().getPrefetch()).isEqualTo(10);
		assertThat(properties.getWorker().getPollInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.getWorker().getLease()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getWorker().getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getWorker().getNodeId()).isNull();
		assertThat(properties.getWorker().isNotifications()).isTrue();
		assertThat(properties.getShutdown().getAwait()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(3);
		assertThat(properties.getRetry().getBackoff().getStrategy()).isEqualTo(BackoffStrategy.EXPONENTIAL);
		assertThat(properties.getRetry().getBackoff().getInitial()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.getRetry().getBackoff().getMultiplier()).isEqualTo(2.0);
		assertThat(properties.getRetry().getBackoff().getMax()).isEqualTo(Duration.ofMinutes(10));
		assertThat(properties.getRetry().getBackoff().getJitter()).isEqualTo(0.2);
		assertThat(properties.getRetry().getRetryOn()).isEmpty();
		assertThat(properties.getRetry().getNoRetryOn()).isEmpty();
		assertThat(properties.getStore().getInitializeSchema()).isEqualTo(DatabaseInitializationMode.ALWAYS);
		assertThat(properties.getEnqueue().isValidateHandlers()).isTrue();
		assertThat(properties.getEnqueue().getMaxPayloadSize()).isEqualTo(DataSize.ofMegabytes(1))
			.isEqualTo(DefaultTaskFlow.DEFAULT_MAX_PAYLOAD_SIZE);
		assertThat(properties.getHandlers()).isEmpty();
	}

	@Test
	void defaultPropertiesAreValidEngineSettings() {
		TaskFlowProperties properties = new TaskFlowProperties();
		TaskFlowProperties.Worker worker = properties.getWorker();
		TaskFlowProperties.Backoff backoff = properties.getRetry().getBackoff();
		WorkerSettings workerSettings = new WorkerSettings("node", worker.getThreads(), worker.getPrefetch(),
				worker.getPollInterval(), worker.getLease(), worker.getHeartbeatInterval(),
				properties.getShutdown().getAwait());
		assertThat(workerSettings.threads()).isEqualTo(10);
		RetrySettings retrySettings = new RetrySettings(properties.getRetry().getMaxAttempts(), backoff.getStrategy(),
				backoff.getInitial(), backoff.getMultiplier(), backoff.getMax(), backoff.getJitter(),
				properties.getRetry().getRetryOn(), properties.getRetry().getNoRetryOn());
		assertThat(retrySettings.maxAttempts()).isEqualTo(3);
	}

	@Test
	void workerNodeIdIsGeneratedWhenNotSet() {
		this.contextRunner.run((context) -> {
			String nodeId = context.getBean(WorkerNode.class).nodeId();
			assertThat(nodeId).isNotBlank().hasSizeLessThanOrEqualTo(100).matches(".+-\\d+-[0-9a-f]{8}");
		});
	}

	@Test
	void invalidWorkerSettingsFailTheContext() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.worker.lease=10s", "spring.taskflow.worker.heartbeat-interval=15s")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = RegisteredFailureAnalyzers.named(BIND_VALIDATION_ANALYZER)
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: spring.taskflow.worker.heartbeat-interval")
					.contains("Reason: must be at least 1ms and shorter than spring.taskflow.worker.lease (10s), such"
							+ " as a third of it: each heartbeat renews the leases");
			});
	}

	@Test
	void workerNodeIsExcludedFromLazyInitialization() {
		this.contextRunner
			.withInitializer(
					(context) -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> {
				ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
				assertThat(beanFactory.getBeanDefinition("taskFlow").isLazyInit()).isTrue();
				assertThat(beanFactory.getBeanDefinition("taskFlowWorkerNode").isLazyInit()).isFalse();
				assertThat(context.getBean(WorkerNode.class).isRunning()).isTrue();
			});
	}

	@Test
	void handlerWithTwoPayloadParametersFailsTheContext() {
		this.contextRunner.withUserConfiguration(TwoPayloadsHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			InvalidTaskHandlerException ex = invalidTaskHandlerException(context);
			String description = "@TaskHandler 'two.payloads' on " + TwoPayloadsHandler.class.getName()
					+ ".run has parameters TaskFlow cannot fill";
			String action = "Declare at most one payload parameter and at most one TaskContext parameter, for example"
					+ " 'Receipt send(Email email, TaskContext context)'";
			assertThat(ex).hasMessage(description);
			assertThat(ex.getAction()).isEqualTo(action);
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo(description);
			assertThat(analysis.getAction()).isEqualTo(action);
			assertThat(analysis.getCause()).isSameAs(ex);
		});
	}

	@Test
	void handlerNameLongerThanTheJobTableHoldsFailsTheContext() {
		this.contextRunner.withUserConfiguration(LongNameHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			String description = "@TaskHandler on " + LongNameHandler.class.getName() + ".run has a name no job can"
					+ " carry: 'handler' must be at most 200 characters, was 201 (\"" + "0123456789".repeat(4)
					+ "...\"); use a shorter @TaskHandler name";
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo(description);
			assertThat(analysis.getAction()).isEqualTo("Rename the handler: at most 200 characters, without control"
					+ " characters, for example @TaskHandler(\"report.render\")");
		});
	}

	@Test
	void handlerNameWithALineBreakFailsTheContext() {
		this.contextRunner.withUserConfiguration(LineBreakNameHandler.class)
			.withPropertyValues("spring.taskflow.worker.enabled=false")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.isEqualTo("@TaskHandler on " + LineBreakNameHandler.class.getName() + ".run has a name no job can"
						+ " carry: 'handler' must not contain control characters such as line breaks, was"
						+ " \"report\\nrender\"; remove them"));
	}

	@Test
	void duplicateHandlerNamesFailTheContext() {
		this.contextRunner.withBean(FirstDuplicateHandler.class)
			.withBean(SecondDuplicateHandler.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidTaskHandlerException ex = invalidTaskHandlerException(context);
				String description = "Two @TaskHandler methods are named 'dup': 'dup' (FirstDuplicateHandler.run) and"
						+ " 'dup' (SecondDuplicateHandler.run)";
				String action = "Give each handler its own name: the name is the identity stored with every job";
				assertThat(ex).hasMessage(description);
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo(description);
				assertThat(analysis.getAction()).isEqualTo(action);
			});
	}

	@Test
	void invalidTimeoutOnHandlerFailsAtStartup() {
		this.contextRunner.withUserConfiguration(BananaTimeoutHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			InvalidTaskHandlerException ex = invalidTaskHandlerException(context);
			assertThat(ex).hasMessage("Invalid settings for @TaskHandler 'slow' (BananaTimeoutHandler.run):"
					+ " timeout 'banana' is not a duration such as \"30s\" or \"PT5M\"");
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo(ex.getMessage());
			assertThat(analysis.getAction())
				.isEqualTo("Correct @TaskHandler(\"slow\") or spring.taskflow.handlers.slow.*");
		});
	}

	@Test
	void invalidHandlerSettingFailsAtStartupOnAnEnqueueOnlyNodeToo() {
		this.contextRunner.withUserConfiguration(BananaTimeoutHandler.class)
			.withPropertyValues("spring.taskflow.worker.enabled=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(invalidTaskHandlerException(context)).hasMessageContaining("timeout 'banana'");
			});
	}

	@Test
	void retryConfigBeanNamedByHandlerIsUsed() {
		this.contextRunner.withUserConfiguration(RetryConfigBeanConfiguration.class, RetryConfigHandler.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HandlerPolicy policy = policyOf(context, "flaky");
				assertThat(policy.retry().maxAttempts()).isEqualTo(7);
				assertThat(policy.retry().config()).isSameAs(context.getBean("myRetry"));
				TaskFlow taskFlow = context.getBean(TaskFlow.class);
				JobId id = taskFlow.enqueue("flaky", null);
				assertThat(taskFlow.find(id)).hasValueSatisfying((job) -> assertThat(job.maxAttempts()).isEqualTo(7));
			});
	}

	@Test
	void retryConfigFromRetryRegistryNamedByHandlerIsUsed() {
		this.contextRunner.withUserConfiguration(RetryRegistryConfiguration.class, RegistryRetryConfigHandler.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(policyOf(context, "from.registry").retry().maxAttempts()).isEqualTo(4);
			});
	}

	@Test
	void retryConfigNamedByPropertyWinsOverAnnotation() {
		this.contextRunner
			.withUserConfiguration(RetryConfigBeanConfiguration.class, RetryRegistryConfiguration.class,
					RetryConfigHandler.class)
			.withPropertyValues("spring.taskflow.handlers.flaky.retry.config=registryRetry")
			.run((context) -> assertThat(policyOf(context, "flaky").retry().maxAttempts()).isEqualTo(4));
	}

	@Test
	void missingRetryConfigNamedByHandlerFailsAtStartup() {
		this.contextRunner.withUserConfiguration(MissingRetryConfigHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			InvalidTaskHandlerException ex = invalidTaskHandlerException(context);
			assertThat(ex).hasMessage("Invalid settings for @TaskHandler 'flaky' (MissingRetryConfigHandler.run):"
					+ " no Resilience4j RetryConfig named 'missing' (looked for a RetryConfig bean and a"
					+ " RetryRegistry configuration or instance)");
			assertThat(ex.getAction()).isEqualTo("Correct @TaskHandler(\"flaky\") or spring.taskflow.handlers.flaky.*");
		});
	}

	@Test
	void enqueuedJobRunsToSuccessAndItsResultIsReadable() {
		this.contextRunner.withUserConfiguration(GreetingHandler.class).run((context) -> {
			TaskFlow taskFlow = context.getBean(TaskFlow.class);
			JobId id = taskFlow.enqueue("greet", new Person("Ada"));
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(taskFlow.find(id).map(JobView::status)).hasValue(JobStatus.SUCCEEDED));
			JobView job = taskFlow.find(id).get();
			assertThat(job.result(Greeting.class)).hasValue(new Greeting("Hello, Ada"));
			assertThat(job.attempt()).isOne();
			assertThat(job.finishedAt()).isNotNull();
			assertThat(job.lastError()).isNull();
		});
	}

	@Test
	void schemaIsInitializedWithItsOwnChangeLogTablesByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(tableCount(context, "taskflow_job")).isOne();
			assertThat(tableCount(context, "taskflow_databasechangelog")).isOne();
			assertThat(tableCount(context, "taskflow_databasechangeloglock")).isOne();
			assertThat(tableCount(context, "databasechangelog")).isZero();
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForList("SELECT id FROM taskflow_databasechangelog", String.class))
				.contains("taskflow-1-job", "taskflow-1-job-indexes")
				.doesNotContain("taskflow-1-job-indexes-postgresql");
		});
	}

	@Test
	void schemaIsNotInitializedWhenModeIsNeverAndItsAbsenceFailsTheStartWithAnExplanation() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.store.initialize-schema=never", "spring.taskflow.worker.enabled=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().isNotNull();
				FailureAnalysis analysis = RegisteredFailureAnalyzers
					.named("dev.taskflow.store.TaskFlowStoreFailureAnalyzer")
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.isEqualTo("TaskFlow's table taskflow_job does not exist in the application's database");
				assertThat(analysis.getAction()).isEqualTo(
						"Let TaskFlow create its tables (spring.taskflow.store.initialize-schema=always), or include"
								+ " classpath:db/changelog/taskflow/db.changelog-taskflow.xml in your own Liquibase changelog");
			});
	}

	@Test
	void schemaIsNotInitializedWhenModeIsNeverAndTheTablesAlreadyExist() {
		String url = "spring.datasource.url=jdbc:h2:mem:existing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		this.contextRunner.withPropertyValues(url, "spring.taskflow.worker.enabled=false")
			.run((context) -> new JdbcTemplate(context.getBean(DataSource.class))
				.update("DROP TABLE taskflow_databasechangelog"));
		this.contextRunner
			.withPropertyValues(url, "spring.taskflow.store.initialize-schema=never",
					"spring.taskflow.worker.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tableCount(context, "taskflow_job")).isOne();
				assertThat(tableCount(context, "taskflow_databasechangelog")).isZero();
			});
	}

	@Test
	void schemaIsInitializedWhenModeIsEmbeddedAndDatabaseIsEmbedded() {
		this.contextRunner.withPropertyValues("spring.taskflow.store.initialize-schema=embedded")
			.run((context) -> assertThat(tableCount(context, "taskflow_job")).isOne());
	}

	@Test
	void schemaIsNotInitializedWhenModeIsEmbeddedAndDatabaseIsNotEmbedded(@TempDir Path directory) {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:h2:file:" + directory.resolve("taskflow").toAbsolutePath(),
					"spring.taskflow.store.initialize-schema=embedded", "spring.taskflow.worker.enabled=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("TaskFlowSchemaMissingException");
			});
	}

	@Test
	void schemaIsInitializedBeforeBeansThatDependOnDatabaseInitialization() {
		this.contextRunner.withUserConfiguration(SchemaDependentConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(JobCount.class).count()).isZero();
		});
	}

	private static HandlerPolicy policyOf(AssertableApplicationContext context, String handler) {
		HandlerMethod method = context.getBean(HandlerRegistry.class).find(handler).orElseThrow();
		return context.getBean(HandlerPolicies.class).policyOf(method);
	}

	private static int tableCount(AssertableApplicationContext context, String table) {
		return new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
				"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_NAME) = UPPER(?)", Integer.class,
				table);
	}

	private static InvalidTaskHandlerException invalidTaskHandlerException(AssertableApplicationContext context) {
		Throwable failure = context.getStartupFailure();
		while (failure != null) {
			if (failure instanceof InvalidTaskHandlerException ex) {
				return ex;
			}
			failure = failure.getCause();
		}
		throw new AssertionError("No InvalidTaskHandlerException in " + context.getStartupFailure());
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalyzer analyzer = registeredInvalidTaskHandlerFailureAnalyzer();
		FailureAnalysis analysis = analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private static FailureAnalyzer registeredInvalidTaskHandlerFailureAnalyzer() {
		return RegisteredFailureAnalyzers.named(ANALYZER);
	}

	record Person(String name) {

	}

	record Greeting(String text) {

	}

	record JobCount(int count) {

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomTaskFlowConfiguration {

		@Bean
		TaskFlow customTaskFlow() {
			return mock(TaskFlow.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomWorkerNodeConfiguration {

		@Bean
		WorkerNode customWorkerNode(JobStore store, DataSource dataSource, HandlerRegistry registry,
				HandlerPolicies policies, PayloadCodec codec, ConfigurableListableBeanFactory beanFactory) {
			WorkerSettings settings = new WorkerSettings("custom-node", 2, 0, Duration.ofSeconds(1),
					Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1));
			return new WorkerNode(store, dataSource, registry, policies, codec, beanFactory, settings, false,
					Throttling.NONE, TaskFlowListeners.NONE, JobObservations.NONE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomHandlerRegistryConfiguration {

		@Bean
		static HandlerRegistry customHandlerRegistry(ConfigurableListableBeanFactory beanFactory) {
			return new HandlerRegistry(beanFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomHandlerPoliciesConfiguration {

		@Bean
		HandlerPolicies customHandlerPolicies() {
			RetrySettings defaults = new RetrySettings(9, BackoffStrategy.FIXED, Duration.ofSeconds(1), 1.0,
					Duration.ofSeconds(1), 0.0, List.of(), List.of());
			return new HandlerPolicies(defaults, (name) -> null, Set.of(), (name) -> null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomPayloadCodecConfiguration {

		@Bean
		PayloadCodec customPayloadCodec() {
			return new PayloadCodec(JsonMapper.builder().build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomJobStoreConfiguration {

		@Bean
		JobStore customJobStore(DataSource dataSource) {
			return new JobStore(dataSource, SqlDialect.of(dataSource));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RetryConfigBeanConfiguration {

		@Bean
		RetryConfig myRetry() {
			return RetryConfig.custom().maxAttempts(7).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RetryRegistryConfiguration {

		@Bean
		RetryRegistry retryRegistry() {
			return RetryRegistry.of(Map.of("registryRetry", RetryConfig.custom().maxAttempts(4).build()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SchemaDependentConfiguration {

		@Bean
		@DependsOnDatabaseInitialization
		JobCount jobCount(DataSource dataSource) {
			return new JobCount(
					new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM taskflow_job", Integer.class));
		}

	}

	static class LongNameHandler {

		private static final String TEN = "0123456789";

		private static final String HUNDRED = TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN;

		@TaskHandler(HUNDRED + HUNDRED + "x")
		void run() {
		}

	}

	static class LineBreakNameHandler {

		@TaskHandler("report\nrender")
		void run() {
		}

	}

	static class GreetingHandler {

		@TaskHandler("greet")
		Greeting greet(Person person) {
			return new Greeting("Hello, " + person.name());
		}

	}

	static class EchoHandler {

		@TaskHandler("echo")
		String echo(String text) {
			return text;
		}

	}

	static class DottedNameHandler {

		@TaskHandler("email.send")
		void send(String address) {
		}

	}

	static class TwoPayloadsHandler {

		@TaskHandler("two.payloads")
		void run(String first, String second) {
		}

	}

	static class FirstDuplicateHandler {

		@TaskHandler("dup")
		void run() {
		}

	}

	static class SecondDuplicateHandler {

		@TaskHandler("dup")
		void run() {
		}

	}

	static class BananaTimeoutHandler {

		@TaskHandler(value = "slow", timeout = "banana")
		void run() {
		}

	}

	static class RetryConfigHandler {

		@TaskHandler(value = "flaky", retryConfig = "myRetry")
		void run() {
		}

	}

	static class RegistryRetryConfigHandler {

		@TaskHandler(value = "from.registry", retryConfig = "registryRetry")
		void run() {
		}

	}

	static class MissingRetryConfigHandler {

		@TaskHandler(value = "flaky", retryConfig = "missing")
		void run() {
		}

	}

}
