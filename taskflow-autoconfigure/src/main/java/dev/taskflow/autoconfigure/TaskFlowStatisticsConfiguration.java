package dev.taskflow.autoconfigure;

import java.time.Clock;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.taskflow.TaskFlowClock;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.statistics.StatisticsRecorder;
import dev.taskflow.store.JobStore;

/**
 * Statistics ({@code spring.taskflow.statistics.*}): the recorder that counts this node's
 * jobs per minute and writes them for {@code taskFlow.statistics()}, on every node (an
 * enqueue-only node counts its enqueues and cancels).
 *
 * @author TaskFlow
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "spring.taskflow.statistics.enabled", matchIfMissing = true)
class TaskFlowStatisticsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StatisticsRecorder taskFlowStatisticsRecorder(JobStore store, TaskFlowProperties properties,
			ObjectProvider<WorkerNode> workerNode, ObjectProvider<TaskFlowClock> taskFlowClock) {
		// a TaskFlowClock (a test clock) moves the minutes as it moves the schedules
		TaskFlowClock hook = taskFlowClock.getIfAvailable();
		Clock clock = (hook != null) ? hook.getClock() : Clock.systemUTC();
		return StatisticsRecorder.of(store.statistics(), nodeId(workerNode, properties), clock,
				properties.getStatistics().getRetention());
	}

	// the worker node's id where there is one, so that a node's rows and its jobs name it
	// alike; else one generated for this application, asked for once, at the first write
	private static Supplier<String> nodeId(ObjectProvider<WorkerNode> workerNode, TaskFlowProperties properties) {
		String generated = TaskFlowAutoConfiguration.WorkerConfiguration.nodeId(properties.getWorker().getNodeId());
		return () -> {
			WorkerNode node = workerNode.getIfAvailable();
			return (node != null) ? node.nodeId() : generated;
		};
	}

	// started with the context, so that it writes what was counted from the start on
	@Bean
	static LazyInitializationExcludeFilter taskFlowStatisticsRecorderLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(StatisticsRecorder.class);
	}

}
