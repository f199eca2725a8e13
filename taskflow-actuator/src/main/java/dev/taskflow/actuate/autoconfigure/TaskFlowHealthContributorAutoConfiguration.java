package dev.taskflow.actuate.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

import dev.taskflow.actuate.TaskFlowHealthIndicator;
import dev.taskflow.autoconfigure.TaskFlowAutoConfiguration;
import dev.taskflow.schedule.ScheduleNode;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.store.JobStore;

/**
 * Auto-configuration of the {@code taskflow} health indicator, when Spring Boot's health
 * support is there and {@code management.health.taskflow.enabled} is not {@code false}.
 *
 * @author TaskFlow
 */
@AutoConfiguration(after = TaskFlowAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(JobStore.class)
@EnableConfigurationProperties(TaskFlowHealthProperties.class)
public final class TaskFlowHealthContributorAutoConfiguration {

	@Bean
	// the contributor is named after the bean without "HealthIndicator": "taskflow";
	// the enabled condition is on the bean, not the class, because its class is Boot's
	// health module's and a class level condition is loaded even when
	// @ConditionalOnClass fails
	@ConditionalOnMissingBean(name = "taskflowHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("taskflow")
	TaskFlowHealthIndicator taskflowHealthIndicator(JobStore store, ObjectProvider<WorkerNode> workerNode,
			ObjectProvider<ScheduleNode> scheduleNode, TaskFlowHealthProperties properties) {
		Map<String, Duration> queues = new LinkedHashMap<>();
		properties.getQueues().forEach((name, queue) -> {
			if (queue.getOldestDueAge() != null) {
				queues.put(name, queue.getOldestDueAge());
			}
		});
		TaskFlowHealthIndicator.Thresholds thresholds = new TaskFlowHealthIndicator.Thresholds(
				properties.getOldestDueAge(), queues, new Status(properties.getOldestDueStatus().trim()),
				properties.getTimeout());
		return new TaskFlowHealthIndicator(store, workerNode.getIfAvailable(), scheduleNode.getIfAvailable(),
				thresholds);
	}

}
