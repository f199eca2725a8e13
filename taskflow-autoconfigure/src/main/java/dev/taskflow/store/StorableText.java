package dev.taskflow.store;

/**
 * Makes text storable in any of TaskFlow's databases: PostgreSQL refuses the NUL
 * character in text, and a lone UTF-16 surrogate cannot be encoded at all, so an error
 * message carrying either (an exception that quotes binary input, say) would make its
 * whole outcome unstorable. Both are written as visible escapes instead.
 *
 * @author TaskFlow
 */
final class StorableText {

	private StorableText() {
	}

	/**
	 * The text with what no database stores replaced, cut to at most the given length.
	 * @param text the text, or {@code null}
	 * @param maxLength the longest text kept; longer text ends in {@code ...}
	 * @return the storable text, or {@code null}
	 */
	static String of(String text, int maxLength) {
		if (text == null) {
			return null;
		}
		String storable = isStorable(text) ? text : escaped(text);
		return (storable.length() > maxLength) ? storable.substring(0, maxLength - 3) + "..." : storable;
	}

	private static boolean isStorable(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\0' || Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static String escaped(String text) {
		StringBuilder storable = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				storable.append(c).append(text.charAt(++i));
			}
			else if (c == '\0' || Character.isSurrogate(c)) {
				storable.append(String.format("\\u%04x", (int) c));
			}
			else {
				storable.append(c);
			}
		}
		return storable.toString();
	}

}
