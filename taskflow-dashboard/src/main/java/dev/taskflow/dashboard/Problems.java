package dev.taskflow.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskflow.UniqueKeyConflictException;
import dev.taskflow.UnknownHandlerException;

/**
 * Errors as RFC 9457 problem details ({@code application/problem+json}), whose
 * {@code detail} says what was wrong and what to do.
 *
 * @author TaskFlow
 */
final class Problems {

	private static final Log logger = LogFactory.getLog(Problems.class);

	private Problems() {
	}

	static ServerResponse of(HttpStatus status, String detail, ServerRequest request) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.requestPath().value());
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Json.write(problem));
	}

	/**
	 * The problem a failed request is answered with.
	 * @param failure what the handler threw
	 * @param request the request
	 * @return the response
	 */
	static ServerResponse handle(Throwable failure, ServerRequest request) {
		if (failure instanceof ApiException refused) {
			return of(refused.status(), refused.getMessage(), request);
		}
		if (failure instanceof UnknownHandlerException || failure instanceof IllegalArgumentException) {
			return of(HttpStatus.BAD_REQUEST, failure.getMessage(), request);
		}
		if (failure instanceof UniqueKeyConflictException) {
			return of(HttpStatus.CONFLICT, failure.getMessage(), request);
		}
		if (failure instanceof QueryTimeoutException) {
			return of(HttpStatus.SERVICE_UNAVAILABLE, failure.getMessage(), request);
		}
		if (failure instanceof DataAccessException) {
			logger.warn("TaskFlow dashboard: " + request.method() + " " + request.requestPath().value()
					+ " failed in the database", failure);
			return of(
					HttpStatus.SERVICE_UNAVAILABLE, "The database could not answer ("
							+ failure.getClass().getSimpleName() + "): see the application's log, and try again",
					request);
		}
		logger.error("TaskFlow dashboard: " + request.method() + " " + request.requestPath().value() + " failed",
				failure);
		return of(HttpStatus.INTERNAL_SERVER_ERROR,
				"The request failed (" + failure.getClass().getSimpleName() + "): see the application's log", request);
	}

}
