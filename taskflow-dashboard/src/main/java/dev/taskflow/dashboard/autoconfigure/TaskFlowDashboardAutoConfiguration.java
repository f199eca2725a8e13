package dev.taskflow.dashboard.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springdoc.core.models.GroupedOpenApi;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.properties.SwaggerUiConfigProperties;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskflow.QueueLimits;
import dev.taskflow.TaskFlow;
import dev.taskflow.autoconfigure.TaskFlowAutoConfiguration;
import dev.taskflow.autoconfigure.TaskFlowProperties;
import dev.taskflow.dashboard.DashboardSettings;
import dev.taskflow.dashboard.TaskFlowDashboard;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.throttle.Scope;

/**
 * Auto-configuration of the TaskFlow dashboard and its REST API, in servlet web
 * applications with Spring MVC. It adds functional routes under the dashboard's path and
 * nothing else: no template engine, no message converter, no bean of a type the
 * application or Spring Boot look for. With springdoc's Swagger UI, the API is also one
 * of the definitions Swagger UI offers.
 *
 * @author TaskFlow
 */
@AutoConfiguration(after = TaskFlowAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBean(TaskFlow.class)
@ConditionalOnBooleanProperty(name = "spring.taskflow.dashboard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TaskFlowDashboardProperties.class)
public final class TaskFlowDashboardAutoConfiguration {

	// the bean Spring Security's @EnableWebSecurity (and Spring Boot's default security)
	// registers: with it, the application's rules guard the dashboard
	private static final String SECURITY_FILTER_CHAIN = "springSecurityFilterChain";

	@Bean
	@ConditionalOnMissingBean
	TaskFlowDashboard taskFlowDashboard(TaskFlow taskFlow, TaskFlowDashboardProperties properties,
			TaskFlowProperties taskFlowProperties, ObjectProvider<WorkerNode> workerNode,
			ListableBeanFactory beanFactory) {
		DashboardSettings settings = settings(properties);
		boolean springSecurity = ClassUtils.isPresent("org.springframework.security.web.SecurityFilterChain",
				TaskFlowDashboardAutoConfiguration.class.getClassLoader())
				&& beanFactory.containsBean(SECURITY_FILTER_CHAIN);
		return new TaskFlowDashboard(taskFlow, settings, springSecurity, () -> {
			WorkerNode node = workerNode.getIfAvailable();
			return (node != null) ? node.nodeId() : null;
		}, configuredLimits(taskFlowProperties));
	}

	private static DashboardSettings settings(TaskFlowDashboardProperties properties) {
		return new DashboardSettings(properties.getPath(), properties.isAllowRemote(),
				properties.getOperatorAuthority(), properties.isReadOnly(), properties.getShowValues(),
				properties.getLiveInterval(), properties.getAttentionQueueAge());
	}

	// the cluster-wide limits, which the ones set at run time replace
	private static Map<String, QueueLimits> configuredLimits(TaskFlowProperties properties) {
		Map<String, QueueLimits> limits = new LinkedHashMap<>();
		properties.getQueues().forEach((name, queue) -> {
			QueueLimits configured = QueueLimits.none();
			if (queue.getConcurrency().getGlobal() != null && queue.getConcurrency().getGlobal() >= 1) {
				configured = configured.withConcurrency(queue.getConcurrency().getGlobal());
			}
			TaskFlowProperties.RateLimit rate = queue.getRateLimit();
			if (rate.getScope() == Scope.CLUSTER && rate.getLimitForPeriod() != null && rate.getLimitForPeriod() >= 1
					&& rate.getLimitRefreshPeriod() != null && rate.getLimitRefreshPeriod().toMillis() >= 1) {
				configured = configured.withRate(rate.getLimitForPeriod(), rate.getLimitRefreshPeriod());
			}
			if (!configured.isEmpty()) {
				limits.put(name, configured);
			}
		});
		return limits;
	}

	@Bean
	RouterFunction<ServerResponse> taskFlowDashboardRoutes(TaskFlowDashboard dashboard) {
		return dashboard.routes();
	}

	/**
	 * With springdoc's Swagger UI, the API is one of the definitions it offers. Not with
	 * {@code springdoc.use-management-port}: that Swagger UI is served on the management
	 * port, where the dashboard is not.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springdoc.webmvc.ui.SwaggerConfig")
	@ConditionalOnBooleanProperty(name = "springdoc.swagger-ui.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "springdoc.use-management-port", havingValue = false, matchIfMissing = true)
	static class SwaggerUiConfiguration {

		@Bean
		SwaggerUiDefinitions taskFlowSwaggerUiDefinitions(TaskFlowDashboardProperties properties,
				Environment environment, ObjectProvider<SwaggerUiConfigProperties> swaggerUi,
				ObjectProvider<SpringDocConfigProperties> springDoc, ObjectProvider<GroupedOpenApi> groups) {
			String document = settings(properties).apiPath() + SwaggerUiDefinitions.DOCUMENT;
			String application = environment.getProperty("spring.application.name",
					SwaggerUiDefinitions.APPLICATION_DISPLAY_NAME);
			return new SwaggerUiDefinitions(document, application, swaggerUi, springDoc, groups);
		}

	}

}
