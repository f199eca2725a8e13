package dev.taskflow.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the error text of {@link FailedJobLog}'s lines: one line, bounded, with no
 * control character that could forge another line.
 *
 * @author TaskFlow
 */
class FailedJobLogTests {

	@Test
	void errorIsCutAtItsFirstLineBreak() {
		assertThat(FailedJobLog.oneLine("java.lang.IllegalStateException: first\nsecond\r\nthird"))
			.isEqualTo("java.lang.IllegalStateException: first");
		assertThat(FailedJobLog.oneLine("first\rsecond")).isEqualTo("first");
	}

	@Test
	void controlCharactersAreReplacedBySpaces() {
		assertThat(FailedJobLog.oneLine("a\tb\u0000c\u001bd")).isEqualTo("a b c d");
	}

	@Test
	void longErrorIsCutToItsBoundWithAnEllipsis() {
		String line = FailedJobLog.oneLine("x".repeat(10_000_000));
		assertThat(line).hasSize(FailedJobLog.MAX_ERROR_LENGTH).endsWith("...");
		assertThat(FailedJobLog.oneLine("y".repeat(FailedJobLog.MAX_ERROR_LENGTH)))
			.isEqualTo("y".repeat(FailedJobLog.MAX_ERROR_LENGTH));
	}

	@Test
	void cutNeverSplitsASurrogatePair() {
		String text = "x".repeat(FailedJobLog.MAX_ERROR_LENGTH - 4) + "\uD83D\uDE00" + "tail".repeat(10);
		String line = FailedJobLog.oneLine(text);
		assertThat(Character.isHighSurrogate(line.charAt(line.length() - 4))).isFalse();
		assertThat(line).endsWith("...");
	}

	@Test
	void missingErrorSaysSo() {
		assertThat(FailedJobLog.oneLine(null)).isEqualTo("no error message");
		assertThat(FailedJobLog.oneLine("  \n ")).isEqualTo("no error message");
	}

}
