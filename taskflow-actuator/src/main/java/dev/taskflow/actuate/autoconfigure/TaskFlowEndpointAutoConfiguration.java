package dev.taskflow.actuate.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.taskflow.TaskFlow;
import dev.taskflow.actuate.TaskFlowEndpoint;
import dev.taskflow.actuate.TaskFlowEndpointWebExtension;
import dev.taskflow.autoconfigure.TaskFlowAutoConfiguration;
import dev.taskflow.autoconfigure.TaskFlowProperties;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.store.JobStore;

/**
 * Auto-configuration of the {@code taskflow} Actuator endpoint, when Actuator is there
 * and the endpoint is available (enabled and exposed).
 *
 * @author TaskFlow
 */
@AutoConfiguration(after = TaskFlowAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean({ TaskFlow.class, JobStore.class })
@EnableConfigurationProperties(TaskFlowEndpointProperties.class)
public final class TaskFlowEndpointAutoConfiguration {

	// on the bean, not the class: the condition's own class is Actuator's, and a class
	// level condition is loaded even when @ConditionalOnClass fails
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	TaskFlowEndpoint taskFlowEndpoint(TaskFlow taskFlow, TaskFlowEndpointProperties properties,
			TaskFlowProperties taskFlowProperties, ObjectProvider<WorkerNode> workerNode) {
		return new TaskFlowEndpoint(taskFlow, properties.getShowValues(), () -> {
			WorkerNode node = workerNode.getIfAvailable();
			return (node != null) ? node.nodeId() : null;
		}, taskFlowProperties.getQueues().keySet());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TaskFlowEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	TaskFlowEndpointWebExtension taskFlowEndpointWebExtension(TaskFlowEndpoint endpoint,
			TaskFlowEndpointProperties properties) {
		return new TaskFlowEndpointWebExtension(endpoint, properties.getShowValues(), properties.getRoles());
	}

}
