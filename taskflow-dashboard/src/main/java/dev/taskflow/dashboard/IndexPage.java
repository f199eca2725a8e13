package dev.taskflow.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's one HTML page, answered for every page's URL (the pages are drawn in
 * the browser), with the dashboard's path, the CSRF token and whether the user may write
 * filled into its meta tags: a string replacement, no template engine.
 *
 * @author TaskFlow
 */
final class IndexPage {

	static final String LOCATION = "META-INF/taskflow-dashboard/index.html";

	// the pages' own files only; connections back to the dashboard for the API and the
	// event stream; no frames of it elsewhere
	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"
			+ " 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self';"
			+ " form-action 'self'";

	private final String template;

	private final DashboardSettings settings;

	private final Access access;

	IndexPage(DashboardSettings settings, Access access) {
		this.settings = settings;
		this.access = access;
		this.template = read();
	}

	ServerResponse render(ServerRequest request) {
		HttpServletRequest servlet = request.servletRequest();
		Access.CsrfHeader csrf = this.access.csrf(servlet);
		boolean canWrite = !this.settings.readOnly() && this.access.canWrite(servlet);
		String contextPath = servlet.getContextPath();
		String html = this.template.replace("{{base}}", escape(contextPath + this.settings.path()))
			.replace("{{csrfHeader}}", (csrf != null) ? escape(csrf.name()) : "")
			.replace("{{csrfToken}}", (csrf != null) ? escape(csrf.token()) : "")
			.replace("{{canWrite}}", Boolean.toString(canWrite));
		return ServerResponse.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "same-origin")
			.body(html.getBytes(StandardCharsets.UTF_8));
	}

	private static String escape(String value) {
		return HtmlUtils.htmlEscape(value, StandardCharsets.UTF_8.name());
	}

	private static String read() {
		try {
			return new ClassPathResource(LOCATION, IndexPage.class.getClassLoader())
				.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The dashboard's page " + LOCATION
					+ " is missing from the class path: the taskflow-dashboard jar is incomplete", ex);
		}
	}

}
