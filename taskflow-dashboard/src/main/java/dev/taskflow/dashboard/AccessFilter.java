package dev.taskflow.dashboard;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Before every request of the dashboard: may it reach the dashboard, and may it write.
 * Writes must also come from the dashboard's own origin (by the browser's
 * {@code Sec-Fetch-Site} and {@code Origin} headers), with or without the application's
 * CSRF protection: a page elsewhere cannot make a browser retry or delete jobs. Scripts
 * send neither header and are not affected.
 *
 * @author TaskFlow
 */
final class AccessFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private final Access access;

	private final DashboardSettings settings;

	AccessFilter(Access access, DashboardSettings settings) {
		this.access = access;
		this.settings = settings;
	}

	@Override
	public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
		HttpServletRequest servlet = request.servletRequest();
		String refusal = this.access.refusal(servlet);
		if (refusal != null) {
			return Problems.of(HttpStatus.FORBIDDEN, refusal, request);
		}
		if (isWrite(request.method())) {
			if (this.settings.readOnly()) {
				return Problems.of(HttpStatus.FORBIDDEN,
						"The TaskFlow dashboard is read-only (spring.taskflow.dashboard.read-only=true): change"
								+ " jobs, workflows, queues and schedules in the application, or turn read-only off",
						request);
			}
			if (isCrossSite(servlet)) {
				return Problems.of(HttpStatus.FORBIDDEN,
						"A write from another site is refused: use the dashboard at " + this.settings.path(), request);
			}
			if (!this.access.canWrite(servlet)) {
				return Problems.of(HttpStatus.FORBIDDEN, this.access.writeRefusal(servlet), request);
			}
		}
		return next.handle(request);
	}

	static boolean isWrite(HttpMethod method) {
		return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
	}

	static boolean isCrossSite(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		if (site != null) {
			return !("same-origin".equals(site) || "none".equals(site));
		}
		String origin = request.getHeader("Origin");
		if (origin == null) {
			return false;
		}
		String host = request.getHeader("Host");
		try {
			URI uri = URI.create(origin);
			String authority = uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
			return host == null || !host.equalsIgnoreCase(authority);
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

}
