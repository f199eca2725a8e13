package dev.taskflow.dashboard.autoconfigure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springdoc.core.models.GroupedOpenApi;
import org.springdoc.core.properties.AbstractSwaggerUiConfigProperties.Direction;
import org.springdoc.core.properties.AbstractSwaggerUiConfigProperties.SwaggerUrl;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.properties.SwaggerUiConfigProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.StringUtils;

/**
 * Adds the API's OpenAPI document to the definitions of springdoc's Swagger UI
 * ({@code springdoc.swagger-ui.urls}), beside the application's own.
 * <p>
 * springdoc hands Swagger UI its single document of the application only while that list
 * is empty and the application has no groups; once there is a list, Swagger UI shows the
 * list alone. So when the list has nothing else, the application's document is added to
 * it too, at the URL springdoc would have used. springdoc puts the servlet context path
 * in front of both URLs on every request. Swagger UI opens the first definition in
 * display order: unless the application chose one, it keeps opening the one it opened
 * before.
 * <p>
 * Done once all singletons exist, when the groups are known and before the first request
 * reads the properties. An application that serves Swagger UI a configuration of its own
 * ({@code springdoc.swagger-ui.config-url}) is left alone.
 *
 * @author TaskFlow
 */
final class SwaggerUiDefinitions implements SmartInitializingSingleton {

	/**
	 * The name of the API's definition, by which an application's own entry in
	 * {@code springdoc.swagger-ui.urls} replaces it.
	 */
	static final String NAME = "taskflow";

	/**
	 * The name Swagger UI shows for the API's definition.
	 */
	static final String DISPLAY_NAME = "TaskFlow";

	/**
	 * The path of the API's document under the API's path.
	 */
	static final String DOCUMENT = "/openapi.json";

	/**
	 * The display name of the application's document without
	 * {@code spring.application.name}.
	 */
	static final String APPLICATION_DISPLAY_NAME = "Application";

	// springdoc's own name for the document of an application without groups
	private static final String APPLICATION_NAME = "springdocDefault";

	private final String document;

	private final String applicationDisplayName;

	private final ObjectProvider<SwaggerUiConfigProperties> swaggerUi;

	private final ObjectProvider<SpringDocConfigProperties> springDoc;

	private final ObjectProvider<GroupedOpenApi> groups;

	SwaggerUiDefinitions(String document, String applicationDisplayName,
			ObjectProvider<SwaggerUiConfigProperties> swaggerUi, ObjectProvider<SpringDocConfigProperties> springDoc,
			ObjectProvider<GroupedOpenApi> groups) {
		this.document = document;
		this.applicationDisplayName = applicationDisplayName;
		this.swaggerUi = swaggerUi;
		this.springDoc = springDoc;
		this.groups = groups;
	}

	@Override
	public void afterSingletonsInstantiated() {
		SwaggerUiConfigProperties swaggerUi = this.swaggerUi.getIfAvailable();
		SpringDocConfigProperties springDoc = this.springDoc.getIfAvailable();
		if (swaggerUi != null && springDoc != null) {
			addTo(swaggerUi, springDoc, this.groups.orderedStream().toList());
		}
	}

	private void addTo(SwaggerUiConfigProperties swaggerUi, SpringDocConfigProperties springDoc,
			List<GroupedOpenApi> groups) {
		if (StringUtils.hasText(swaggerUi.getConfigUrl())) {
			return;
		}
		Set<SwaggerUrl> urls = new LinkedHashSet<>();
		if (swaggerUi.getUrls() != null) {
			urls.addAll(swaggerUi.getUrls());
		}
		// as springdoc shows them: without a display name, by name
		List<SwaggerUrl> shown = new ArrayList<>();
		urls.forEach((url) -> shown.add(new SwaggerUrl(url.getName(), url.getUrl(), url.getDisplayName())));
		groups.forEach((group) -> shown.add(new SwaggerUrl(group.getGroup(), null, group.getDisplayName())));
		if (shown.isEmpty()) {
			String url = StringUtils.hasText(swaggerUi.getUrl()) ? swaggerUi.getUrl()
					: springDoc.getApiDocs().getPath();
			SwaggerUrl application = new SwaggerUrl(APPLICATION_NAME, url, this.applicationDisplayName);
			urls.add(application);
			shown.add(application);
		}
		if (!StringUtils.hasText(swaggerUi.getUrlsPrimaryName())) {
			// Swagger UI selects by the name it shows, which is springdoc's display name
			swaggerUi.setUrlsPrimaryName(first(shown, swaggerUi.getGroupsOrder()).getDisplayName());
		}
		urls.add(new SwaggerUrl(NAME, this.document, DISPLAY_NAME));
		swaggerUi.setUrls(urls);
	}

	// the definition springdoc lists first: it sorts them by display name
	private static SwaggerUrl first(List<SwaggerUrl> urls, Direction order) {
		Comparator<SwaggerUrl> byDisplayName = Comparator.comparing(SwaggerUrl::getDisplayName);
		return urls.stream()
			.min((order == null || order.isAscending()) ? byDisplayName : byDisplayName.reversed())
			.orElseThrow();
	}

}
