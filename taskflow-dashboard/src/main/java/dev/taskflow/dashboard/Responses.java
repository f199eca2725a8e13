package dev.taskflow.dashboard;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * JSON answers, written by the dashboard's own mapper and never cached: they show the
 * jobs as they are now.
 *
 * @author TaskFlow
 */
final class Responses {

	private Responses() {
	}

	static ServerResponse ok(Object body) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.cacheControl(CacheControl.noStore())
			.body(Json.write(body));
	}

}
