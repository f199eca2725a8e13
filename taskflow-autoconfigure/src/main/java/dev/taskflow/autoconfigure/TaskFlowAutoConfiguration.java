package dev.taskflow.autoconfigure;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import javax.sql.DataSource;

import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.metadata.CompositeDataSourcePoolMetadataProvider;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowClock;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.autoconfigure.TaskFlowProperties.Backoff;
import dev.taskflow.autoconfigure.TaskFlowProperties.HandlerBackoff;
import dev.taskflow.autoconfigure.TaskFlowProperties.HandlerRetry;
import dev.taskflow.client.DefaultSchedules;
import dev.taskflow.client.DefaultTaskFlow;
import dev.taskflow.engine.JobWaiters;
import dev.taskflow.handler.HandlerOverrides;
import dev.taskflow.handler.HandlerPolicies;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.engine.JobLogCapture;
import dev.taskflow.engine.LogbackJobLogAppender;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.engine.TaskFlowListeners;
import dev.taskflow.engine.Throttling;
import dev.taskflow.engine.QueueScaling;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.engine.WorkerSettings;
import dev.taskflow.retention.RetentionHandler;
import dev.taskflow.retention.RetentionListener;
import dev.taskflow.retry.RetrySettings;
import dev.taskflow.schedule.DefaultZone;
import dev.taskflow.schedule.ScheduleDeclaration;
import dev.taskflow.schedule.ScheduleNode;
import dev.taskflow.schedule.ScheduleTime;
import dev.taskflow.metrics.JobMetrics;
import dev.taskflow.metrics.RetentionMetrics;
import dev.taskflow.metrics.TaskFlowGauges;
import dev.taskflow.metrics.ThrottleMetrics;
import dev.taskflow.observation.JobEnqueueObservationConvention;
import dev.taskflow.observation.JobExecutionObservationConvention;
import dev.taskflow.observation.JobObservations;
import dev.taskflow.observation.MicrometerJobObservations;
import dev.taskflow.store.JobStore;
import dev.taskflow.throttle.LoadMonitor;
import dev.taskflow.throttle.LoadProbe;
import dev.taskflow.throttle.ThrottleListener;

/**
 * Auto-configuration of the TaskFlow engine: the client, the handler registry and, unless
 * {@code spring.taskflow.worker.enabled=false}, the worker node.
 *
 * @author TaskFlow
 */
@AutoConfiguration(after = TaskFlowStoreAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnBean(JobStore.class)
@ConditionalOnBooleanProperty(name = "spring.taskflow.enabled", matchIfMissing = true)
@Import({ TaskFlowRetentionConfiguration.class, TaskFlowStatisticsConfiguration.class })
public final class TaskFlowAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static HandlerRegistry taskFlowHandlerRegistry(ConfigurableListableBeanFactory beanFactory) {
		return new HandlerRegistry(beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	HandlerPolicies taskFlowHandlerPolicies(TaskFlowProperties properties, Environment environment,
			ListableBeanFactory beanFactory, ObjectProvider<RetryRegistry> retryRegistries) {
		TaskFlowProperties.Retry retry = properties.getRetry();
		Backoff backoff = retry.getBackoff();
		RetrySettings defaults = new RetrySettings(retry.getMaxAttempts(), backoff.getStrategy(), backoff.getInitial(),
				backoff.getMultiplier(), backoff.getMax(), backoff.getJitter(), retry.getRetryOn(),
				retry.getNoRetryOn());
		Map<String, TaskFlowProperties.Handler> configured = properties.getHandlers();
		Binder binder = Binder.get(environment);
		Function<String, HandlerOverrides> overrides = (name) -> overrides(
				NamedSettings.bind(binder, "spring.taskflow.handlers", name, TaskFlowProperties.Handler.class));
		return new HandlerPolicies(defaults, overrides, configured.keySet(),
				(name) -> Resilience4jLookups.retryConfig(name, beanFactory, retryRegistries));
	}

	private static HandlerOverrides overrides(TaskFlowProperties.Handler handler) {
		if (handler == null) {
			return null;
		}
		HandlerRetry retry = handler.getRetry();
		HandlerBackoff backoff = retry.getBackoff();
		return new HandlerOverrides(handler.getTimeout(), retry.getMaxAttempts(), backoff.getStrategy(),
				backoff.getInitial(), backoff.getMultiplier(), backoff.getMax(), backoff.getJitter(),
				retry.getRetryOn(), retry.getNoRetryOn(), retry.getConfig());
	}

	@Bean
	@ConditionalOnMissingBean
	PayloadCodec taskFlowPayloadCodec(ObjectProvider<JsonMapper> jsonMapper) {
		return new PayloadCodec(jsonMapper.getIfAvailable(JsonMapper::new));
	}

	@Bean
	@ConditionalOnMissingBean(TaskFlow.class)
	DefaultTaskFlow taskFlow(JobStore store, HandlerRegistry registry, HandlerPolicies policies, PayloadCodec codec,
			TaskFlowProperties properties, ObjectProvider<WorkerNode> workerNode, ScheduleNode scheduleNode,
			ObjectProvider<TaskFlowListener> listeners, ObjectProvider<JobObservations> observations,
			JobWaiters jobWaiters, ListableBeanFactory beanFactory) {
		KeptBean<WorkerNode> worker = new KeptBean<>(workerNode, beanFactory, WorkerNode.class);
		boolean validateHandlers = properties.getWorker().isEnabled() && properties.getEnqueue().isValidateHandlers();
		ScheduleNode.Settings scheduling = scheduleNode.settings();
		DefaultSchedules schedules = new DefaultSchedules(store.schedules(), scheduleNode.writer(), registry, codec,
				scheduling.validateHandlers(), scheduling.defaultZone(), scheduleNode::wakeUp,
				scheduleNode::jobsEnqueued);
		DefaultTaskFlow taskFlow = new DefaultTaskFlow(store, registry, policies, codec, validateHandlers,
				() -> worker.ifAvailable(WorkerNode::wakeUp), schedules, listeners(listeners),
				observations.getIfAvailable(() -> JobObservations.NONE));
		taskFlow.setMaxPayloadSize(properties.getEnqueue().getMaxPayloadSize());
		taskFlow.setQueryTimeout(properties.getQuery().getTimeout());
		taskFlow.setJobWaiters(jobWaiters);
		taskFlow.setDelayedWakeUp((dueAt) -> worker.ifAvailable((node) -> node.storedJobsDueAt(dueAt)));
		taskFlow.setDirectStart((handler, queue) -> {
			WorkerNode node = worker.get();
			return (node != null) ? node.directStart().reserve(handler, queue) : null;
		});
		taskFlow.setLocalDrain((nodeId, drain) -> worker.ifAvailable((node) -> node.drainRequested(nodeId, drain)));
		// the node's workflow steps read results and spawn through the client
		workerNode.ifAvailable((node) -> node.setWorkflowSteps(taskFlow.workflows()));
		return taskFlow;
	}

	// closed with the context: futures still waiting then complete exceptionally
	@Bean
	@ConditionalOnMissingBean
	JobWaiters taskFlowJobWaiters(JobStore store, PayloadCodec codec, TaskFlowProperties properties) {
		return JobWaiters.of(store, codec, JobWaiters.DEFAULT_POLL_INTERVAL, properties.getWorker().isNotifications());
	}

	@Bean
	@ConditionalOnMissingBean
	ScheduleNode taskFlowScheduleNode(JobStore store, HandlerRegistry registry, HandlerPolicies policies,
			PayloadCodec codec, TaskFlowProperties properties, Environment environment,
			ObjectProvider<TaskFlowClock> taskFlowClock, ObjectProvider<WorkerNode> workerNode,
			ObjectProvider<TaskFlowListener> listeners, ObjectProvider<RetentionHandler> retention,
			ListableBeanFactory beanFactory) {
		TaskFlowProperties.Scheduling scheduling = properties.getSchedule();
		boolean worker = properties.getWorker().isEnabled();
		Map<String, ScheduleDeclaration> declarations = new LinkedHashMap<>();
		schedules(properties, environment).forEach((name, declared) -> declarations.put(name,
				new ScheduleDeclaration(name, declared.getCron(), declared.getEvery(), declared.getZone(),
						declared.getHandler(), declared.getPayload(), declared.getQueue(), declared.getPriority(),
						declared.getMisfire(), declared.getOverlap(), declared.isEnabled())));
		// declared by the nodes that run it: an enqueue-only node's retention settings
		// would fight theirs at every start
		RetentionHandler retentionHandler = retention.getIfUnique();
		if (worker && retentionHandler != null) {
			ScheduleDeclaration declaration = TaskFlowRetentionConfiguration.schedule(retentionHandler, properties,
					declarations);
			declarations.put(declaration.name(), declaration);
		}
		// only a TaskFlowClock (a test clock, typically) replaces the database's clock: a
		// plain Clock bean is the application's own business
		TaskFlowClock hook = taskFlowClock.getIfAvailable();
		Clock clock = (hook != null) ? hook.getClock() : null;
		ScheduleTime time = (clock != null) ? ScheduleTime.of(clock)
				: ScheduleTime.ofDatabase(() -> store.schedules().nextDue().databaseNow());
		ScheduleNode.Settings settings = new ScheduleNode.Settings(scheduling.isEnabled(),
				scheduling.isEnabled() && worker, worker && properties.getEnqueue().isValidateHandlers(),
				(scheduling.getZone() != null) ? new DefaultZone(scheduling.getZone(), true)
						: new DefaultZone((clock != null) ? clock.getZone() : ZoneId.systemDefault(), false),
				scheduling.getMisfireThreshold(), scheduling.getMaxCatchUp(), scheduling.getPollInterval(),
				scheduling.getRefreshInterval());
		KeptBean<WorkerNode> localWorker = new KeptBean<>(workerNode, beanFactory, WorkerNode.class);
		return new ScheduleNode(store, registry, policies, codec, declarations, time, settings,
				() -> localWorker.ifAvailable(WorkerNode::wakeUp), listeners(listeners));
	}

	private static Map<String, TaskFlowProperties.ScheduleProperties> schedules(TaskFlowProperties properties,
			Environment environment) {
		return NamedSettings.bindAll(environment, Binder.get(environment), "spring.taskflow.schedules",
				properties.getSchedules(), TaskFlowProperties.ScheduleProperties.class);
	}

	@Bean
	static LazyInitializationExcludeFilter taskFlowScheduleNodeLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(ScheduleNode.class);
	}

	// found at the first event, in their order: a listener may depend on the client
	private static TaskFlowListeners listeners(ObjectProvider<TaskFlowListener> listeners) {
		return new TaskFlowListeners(() -> listeners.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ThrottleListener taskFlowThrottleMetrics(ObjectProvider<MeterRegistry> registry) {
			return new ThrottleMetrics(registry::getIfUnique);
		}

		@Bean
		@ConditionalOnMissingBean
		JobMetrics taskFlowJobMetrics(ObjectProvider<MeterRegistry> registry) {
			return new JobMetrics(registry::getIfUnique);
		}

		@Bean
		@ConditionalOnMissingBean
		RetentionListener taskFlowRetentionMetrics(ObjectProvider<MeterRegistry> registry) {
			return new RetentionMetrics(registry::getIfUnique);
		}

		@Bean
		@ConditionalOnMissingBean
		TaskFlowGauges taskFlowGauges(ObjectProvider<MeterRegistry> registry, JobStore store,
				ObjectProvider<WorkerNode> workerNode, TaskFlowProperties properties) {
			return new TaskFlowGauges(registry::getIfUnique, store::queueStatistics, () -> {
				WorkerNode node = workerNode.getIfAvailable();
				return (node != null) ? node.busyWorkers() : 0;
			}, () -> {
				WorkerNode node = workerNode.getIfAvailable();
				return (node != null) ? node.queueThreads() : Map.of();
			}, properties.getMetrics().getQueueRefreshInterval());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
	static class ObservationConfiguration {

		// without an ObservationRegistry bean: the no-op registry, so every enqueue and
		// execution costs one isNoop() check
		@Bean
		@ConditionalOnMissingBean
		JobObservations taskFlowJobObservations(ObjectProvider<ObservationRegistry> registry,
				ObjectProvider<JobEnqueueObservationConvention> enqueueConvention,
				ObjectProvider<JobExecutionObservationConvention> executionConvention) {
			return new MicrometerJobObservations(registry.getIfUnique(() -> ObservationRegistry.NOOP),
					enqueueConvention.getIfUnique(), executionConvention.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "spring.taskflow.worker.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty("spring.taskflow.logs.capture")
	@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
	static class LogCaptureConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JobLogCapture taskFlowJobLogCapture(TaskFlowProperties properties) {
			return new JobLogCapture(properties.getLogs().getMaxLinesPerJob());
		}

		// no bean of Logback's type: the appender is TaskFlow's own, detached on close
		@Bean(destroyMethod = "detach")
		LogbackJobLogAppender taskFlowJobLogAppender(JobLogCapture capture, TaskFlowProperties properties) {
			return LogbackJobLogAppender.attach(capture, properties.getLogs().getLevel().name());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "spring.taskflow.worker.enabled", matchIfMissing = true)
	static class WorkerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WorkerNode taskFlowWorkerNode(JobStore store, DataSource dataSource, HandlerRegistry registry,
				HandlerPolicies policies, PayloadCodec codec, ConfigurableListableBeanFactory beanFactory,
				TaskFlowProperties properties, Environment environment,
				ObjectProvider<RateLimiterRegistry> rateLimiterRegistries, ObjectProvider<ThrottleListener> listener,
				ObjectProvider<LoadProbe> loadProbe, ObjectProvider<TaskFlowListener> listeners,
				ObjectProvider<JobObservations> observations, ObjectProvider<JobLogCapture> logCapture,
				ObjectProvider<JobWaiters> jobWaiters, ObjectProvider<TaskFlowClock> taskFlowClock,
				ObjectProvider<DataSourcePoolMetadataProvider> poolMetadataProviders) {
			TaskFlowProperties.Worker worker = properties.getWorker();
			WorkerSettings settings = new WorkerSettings(nodeId(worker.getNodeId()), worker.getThreads(),
					worker.getPrefetch(), worker.getMaxPrefetch(), worker.getPollInterval(), worker.getLease(),
					worker.getHeartbeatInterval(), properties.getShutdown().getAwait());
			TaskFlowProperties.Backpressure backpressure = worker.getBackpressure();
			LoadMonitor load = new LoadMonitor(backpressure.getCpuThreshold(), backpressure.getHeapThreshold(),
					backpressure.getCheckInterval(), loadProbe.getIfAvailable(LoadProbe::jvm));
			ThrottleSettingsReader reader = new ThrottleSettingsReader(properties, environment, registry,
					(name) -> Resilience4jLookups.rateLimiter(name, beanFactory, rateLimiterRegistries, environment));
			Throttling throttling = new Throttling(reader::throttles,
					listener.getIfAvailable(() -> ThrottleListener.NONE), load);
			WorkerNode node = new WorkerNode(store, dataSource, registry, policies, codec, beanFactory, settings,
					worker.isNotifications(), throttling, listeners(listeners),
					observations.getIfAvailable(() -> JobObservations.NONE));
			node.setLogCapture(logCapture.getIfUnique());
			node.setFailureLogging(properties.getLogs().getFailures());
			node.setDirectStart(worker.isDirectStart());
			node.setCancelGrace(properties.getWorkflow().getCancelGrace());
			node.setProgressInterval(properties.getProgress().getInterval());
			node.setQueueScaling(queueScaling(properties));
			node.setScalingThreadBudget(
					QueueScaling.threadBudget(connectionPoolSize(dataSource, poolMetadataProviders)));
			node.setJobWaiters(jobWaiters.getIfAvailable());
			// a TaskFlowClock (a test clock) measures each job's wait, as it counts the
			// statistics' minutes
			TaskFlowClock hook = taskFlowClock.getIfAvailable();
			node.setClock((hook != null) ? hook.getClock() : null);
			return node;
		}

		@Bean
		static LazyInitializationExcludeFilter taskFlowWorkerNodeLazyInitializationExcludeFilter() {
			return LazyInitializationExcludeFilter.forBeanTypes(WorkerNode.class);
		}

		// also the id an enqueue-only node writes its statistics under
		static String nodeId(String configured) {
			if (configured != null && !configured.isBlank()) {
				return configured;
			}
			String host;
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				host = "unknown-host";
			}
			String id = host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
					+ UUID.randomUUID().toString().substring(0, 8);
			return (id.length() <= 100) ? id : id.substring(id.length() - 100);
		}

	}

	// the pool's maximum size as Spring Boot reads it (Hikari, DBCP2, Tomcat, UCP), null
	// when no reader knows the pool
	private static Integer connectionPoolSize(DataSource dataSource,
			ObjectProvider<DataSourcePoolMetadataProvider> providers) {
		DataSourcePoolMetadata metadata = new CompositeDataSourcePoolMetadataProvider(
				providers.orderedStream().toList())
			.getDataSourcePoolMetadata(dataSource);
		return (metadata != null) ? metadata.getMax() : null;
	}

	// the queues whose pools scale; never past the queue's per-node concurrency
	static List<QueueScaling> queueScaling(TaskFlowProperties properties) {
		List<QueueScaling> scaling = new ArrayList<>();
		properties.getQueues().forEach((name, queue) -> {
			TaskFlowProperties.QueueThreads threads = queue.getThreads();
			if (threads != null && threads.scales()) {
				Integer perNode = queue.getConcurrency().getPerNode();
				int max = (perNode != null) ? Math.max(threads.getMin(), Math.min(threads.getMax(), perNode))
						: threads.getMax();
				scaling.add(new QueueScaling(name, threads.getMin(), max, queue.getScaleUpThreshold(),
						queue.getScaleDownThreshold(), queue.getScaleUpCooldown(), queue.getScaleDownCooldown()));
			}
		});
		return scaling;
	}

}
