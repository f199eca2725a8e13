package dev.taskflow.handler;

import java.lang.reflect.Type;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes payloads and results as JSON text and reads them back, with the application's
 * Jackson {@link JsonMapper} when it has one.
 *
 * @author TaskFlow
 */
public class PayloadCodec {

	private final JsonMapper mapper;

	/**
	 * Create a codec.
	 * @param mapper the mapper
	 */
	public PayloadCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * Write a value as JSON.
	 * @param value the value, or {@code null}
	 * @return the JSON text, or {@code null} for a {@code null} value
	 */
	public String write(Object value) {
		return (value != null) ? this.mapper.writeValueAsString(value) : null;
	}

	/**
	 * Read JSON as the given type.
	 * @param <T> the type
	 * @param json the JSON text, or {@code null}
	 * @param type the type
	 * @return the value, or {@code null} for {@code null} JSON
	 */
	public <T> T read(String json, Class<T> type) {
		return (json != null) ? this.mapper.readValue(json, type) : null;
	}

	/**
	 * Read JSON as the given generic type.
	 * @param json the JSON text, or {@code null}
	 * @param type the type
	 * @return the value, or {@code null} for {@code null} JSON
	 */
	public Object read(String json, Type type) {
		if (json == null) {
			return null;
		}
		JavaType javaType = this.mapper.constructType(type);
		return this.mapper.readValue(json, javaType);
	}

}
