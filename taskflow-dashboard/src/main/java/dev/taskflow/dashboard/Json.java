package dev.taskflow.dashboard;

import java.io.IOException;

import jakarta.servlet.ServletException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * The dashboard's own JSON mapper. Not the application's: its naming strategy, date
 * format or modules must not change the shape of the API that the dashboard's pages and
 * the users' scripts read.
 *
 * @author TaskFlow
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static byte[] write(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

	static String writeString(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	/**
	 * Read a request's body.
	 * @param request the request
	 * @return the JSON tree, an empty object for an empty body
	 * @throws ApiException (400) if the body is not JSON
	 */
	static JsonNode body(ServerRequest request) {
		try {
			return read(request.body(byte[].class));
		}
		catch (IOException | ServletException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "The request body could not be read: " + ex.getMessage());
		}
	}

	/**
	 * Read a request body.
	 * @param body the bytes, maybe empty
	 * @return the JSON tree, an empty object for an empty body
	 * @throws ApiException (400) if the body is not JSON
	 */
	static JsonNode read(byte[] body) {
		if (body == null || body.length == 0) {
			return MAPPER.createObjectNode();
		}
		try {
			return MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"The request body is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	static Object plain(JsonNode node) {
		return MAPPER.treeToValue(node, Object.class);
	}

}
