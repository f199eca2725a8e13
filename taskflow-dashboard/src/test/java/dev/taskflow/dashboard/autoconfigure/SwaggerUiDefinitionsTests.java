package dev.taskflow.dashboard.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springdoc.core.configuration.SpringDocConfiguration;
import org.springdoc.core.models.GroupedOpenApi;
import org.springdoc.core.properties.AbstractSwaggerUiConfigProperties.SwaggerUrl;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springdoc.core.properties.SwaggerUiOAuthProperties;
import org.springdoc.webmvc.core.configuration.MultipleOpenApiSupportConfiguration;
import org.springdoc.webmvc.core.configuration.SpringDocWebMvcConfiguration;
import org.springdoc.webmvc.ui.SwaggerConfig;
import org.springdoc.webmvc.ui.SwaggerConfigResource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.taskflow.autoconfigure.TaskFlowAutoConfiguration;
import dev.taskflow.autoconfigure.TaskFlowStoreAutoConfiguration;
import dev.taskflow.dashboard.TaskFlowDashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests of {@link SwaggerUiDefinitions} and the conditions of its configuration in
 * {@link TaskFlowDashboardAutoConfiguration}: what springdoc's Swagger UI is told to
 * offer, read from springdoc's own swagger-config answer.
 *
 * @author TaskFlow
 */
class SwaggerUiDefinitionsTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataSourceAutoConfiguration.class, TaskFlowStoreAutoConfiguration.class,
						TaskFlowAutoConfiguration.class, TaskFlowDashboardAutoConfiguration.class))
		.withPropertyValues("spring.taskflow.worker.enabled=false")
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	private final WebApplicationContextRunner springdocRunner = this.contextRunner
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, SpringDocConfiguration.class, SpringDocConfigProperties.class,
				SpringDocWebMvcConfiguration.class, MultipleOpenApiSupportConfiguration.class, SwaggerConfig.class,
				SwaggerUiConfigProperties.class, SwaggerUiOAuthProperties.class));

	@Test
	void swaggerUiOffersTheApplicationsDocumentAndTheApi() {
		this.springdocRunner.run((context) -> {
			Map<String, Object> config = swaggerConfig(context, "");
			assertThat(definitions(config)).containsOnly(entry("Application", "/v3/api-docs"),
					entry("TaskFlow", "/taskflow/api/v1/openapi.json"));
			assertThat(config).containsEntry("urls.primaryName", "Application").doesNotContainKey("url");
		});
	}

	@Test
	void definitionsFollowTheDashboardsPathAndTheContextPath() {
		this.springdocRunner.withPropertyValues("spring.taskflow.dashboard.path=/ops", "spring.application.name=shop")
			.run((context) -> assertThat(definitions(swaggerConfig(context, "/shop")))
				.containsOnly(entry("shop", "/shop/v3/api-docs"), entry("TaskFlow", "/shop/ops/api/v1/openapi.json")));
	}

	@Test
	void anOwnSwaggerUiUrlStaysTheApplicationsDocument() {
		this.springdocRunner.withPropertyValues("springdoc.swagger-ui.url=/static/shop.yaml")
			.run((context) -> assertThat(definitions(swaggerConfig(context, ""))).containsOnly(
					entry("Application", "/static/shop.yaml"), entry("TaskFlow", "/taskflow/api/v1/openapi.json")));
	}

	@Test
	void theApiIsAddedBesideTheApplicationsGroups() {
		this.springdocRunner.withUserConfiguration(Groups.class).run((context) -> {
			Map<String, Object> config = swaggerConfig(context, "");
			assertThat(definitions(config)).containsOnly(entry("orders", "/v3/api-docs/orders"),
					entry("users", "/v3/api-docs/users"), entry("TaskFlow", "/taskflow/api/v1/openapi.json"));
			// "TaskFlow" sorts before "orders", which Swagger UI opened before
			assertThat(config).containsEntry("urls.primaryName", "orders");
		});
	}

	@Test
	void theApiIsAddedBesideTheApplicationsOwnList() {
		this.springdocRunner
			.withPropertyValues("springdoc.swagger-ui.urls[0].name=legacy",
					"springdoc.swagger-ui.urls[0].url=/legacy/openapi.json")
			.run((context) -> {
				Map<String, Object> config = swaggerConfig(context, "");
				assertThat(definitions(config)).containsOnly(entry("legacy", "/legacy/openapi.json"),
						entry("TaskFlow", "/taskflow/api/v1/openapi.json"));
				assertThat(config).containsEntry("urls.primaryName", "legacy");
			});
	}

	@Test
	void anEntryNamedTaskflowInTheApplicationsListReplacesTheApis() {
		this.springdocRunner
			.withPropertyValues("springdoc.swagger-ui.urls[0].name=taskflow",
					"springdoc.swagger-ui.urls[0].url=/proxy/taskflow/openapi.json",
					"springdoc.swagger-ui.urls[0].display-name=Jobs")
			.run((context) -> assertThat(definitions(swaggerConfig(context, "")))
				.containsOnly(entry("Jobs", "/proxy/taskflow/openapi.json")));
	}

	@Test
	void aPrimaryDefinitionTheApplicationChoseIsKept() {
		this.springdocRunner.withPropertyValues("springdoc.swagger-ui.urls-primary-name=TaskFlow")
			.run((context) -> assertThat(swaggerConfig(context, "")).containsEntry("urls.primaryName", "TaskFlow"));
	}

	@Test
	void anOwnSwaggerUiConfigurationIsLeftAlone() {
		this.springdocRunner.withPropertyValues("springdoc.swagger-ui.config-url=/swagger-config.json")
			.run((context) -> assertThat(context.getBean(SwaggerUiConfigProperties.class).getUrls()).isNull());
	}

	@Test
	void nothingIsAddedWhenTheDashboardIsDisabled() {
		this.springdocRunner.withPropertyValues("spring.taskflow.dashboard.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SwaggerUiDefinitions.class);
			assertThat(context.getBean(SwaggerUiConfigProperties.class).getUrls()).isNull();
			assertThat(swaggerConfig(context, "")).containsEntry("url", "/v3/api-docs").doesNotContainKey("urls");
		});
	}

	@Test
	void nothingIsAddedWithoutSpringdoc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springdoc"))
			.run((context) -> assertThat(context).hasSingleBean(TaskFlowDashboard.class)
				.doesNotHaveBean(SwaggerUiDefinitions.class)
				.doesNotHaveBean(TaskFlowDashboardAutoConfiguration.SwaggerUiConfiguration.class.getName()));
	}

	@Test
	void nothingIsAddedWhenSwaggerUiIsDisabled() {
		this.contextRunner.withPropertyValues("springdoc.swagger-ui.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SwaggerUiDefinitions.class));
	}

	@Test
	void nothingIsAddedWhenSwaggerUiIsOnTheManagementPort() {
		this.contextRunner.withPropertyValues("springdoc.use-management-port=true")
			.run((context) -> assertThat(context).doesNotHaveBean(SwaggerUiDefinitions.class));
	}

	// springdoc's answer at /v3/api-docs/swagger-config, which Swagger UI loads
	private static Map<String, Object> swaggerConfig(AssertableWebApplicationContext context, String contextPath) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", contextPath + "/v3/api-docs/swagger-config");
		request.setContextPath(contextPath);
		return context.getBean(SwaggerConfigResource.class).openapiJson(request);
	}

	// display name to URL, as Swagger UI shows them
	@SuppressWarnings("unchecked")
	private static Map<String, String> definitions(Map<String, Object> config) {
		Map<String, String> definitions = new LinkedHashMap<>();
		Iterable<SwaggerUrl> urls = (Iterable<SwaggerUrl>) config.get("urls");
		urls.forEach((url) -> definitions.put(url.getDisplayName(), url.getUrl()));
		return definitions;
	}

	@Configuration(proxyBeanMethods = false)
	static class Groups {

		@Bean
		GroupedOpenApi ordersApi() {
			return GroupedOpenApi.builder().group("orders").pathsToMatch("/orders/**").build();
		}

		@Bean
		GroupedOpenApi usersApi() {
			return GroupedOpenApi.builder().group("users").pathsToMatch("/users/**").build();
		}

	}

}
