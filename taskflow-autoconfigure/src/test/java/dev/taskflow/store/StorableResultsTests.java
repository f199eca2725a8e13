package dev.taskflow.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StorableResults}: which JSON texts carry a NUL character.
 *
 * @author TaskFlow
 */
class StorableResultsTests {

	@Test
	void nulEscapeIsFound() {
		assertThat(StorableResults.hasNulEscape("\"a\\u0000b\"")).isTrue();
		assertThat(StorableResults.hasNulEscape("\"a\\\\\\u0000b\"")).isTrue();
	}

	@Test
	void escapedBackslashBeforeTheLettersIsNoNul() {
		// the text a\u0000b, with a real backslash: JSON writes the backslash escaped
		assertThat(StorableResults.hasNulEscape("\"a\\\\u0000b\"")).isFalse();
		assertThat(StorableResults.hasNulEscape("\"plain\"")).isFalse();
	}

}
