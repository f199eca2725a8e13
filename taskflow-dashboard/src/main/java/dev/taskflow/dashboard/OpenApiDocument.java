package dev.taskflow.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The OpenAPI 3 document of the API, at {@code {path}/api/v1/openapi.json}: written by
 * hand next to the routes and kept honest by a test that calls every operation it
 * documents and finds every route documented. Its server is the API's path in this
 * application.
 *
 * @author TaskFlow
 */
final class OpenApiDocument {

	static final String LOCATION = "META-INF/taskflow-dashboard/openapi.json";

	private final String document;

	private final DashboardSettings settings;

	OpenApiDocument(DashboardSettings settings) {
		this.settings = settings;
		this.document = read();
	}

	ServerResponse render(ServerRequest request) {
		String base = request.servletRequest().getContextPath() + this.settings.path();
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noCache())
			.body(this.document.replace("{{base}}", base).getBytes(StandardCharsets.UTF_8));
	}

	private static String read() {
		try {
			return new ClassPathResource(LOCATION, OpenApiDocument.class.getClassLoader())
				.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The API's document " + LOCATION
					+ " is missing from the class path: the taskflow-dashboard jar is incomplete", ex);
		}
	}

}
