package dev.taskflow.autoconfigure;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.ConditionalGenericConverter;
import org.springframework.core.convert.support.GenericConversionService;

/**
 * Binds a retention period: {@code keep} as {@link Duration#ZERO} (keep for ever), any
 * other text as Spring Boot binds a duration ({@code 14d}, {@code 12h}, {@code PT30M},
 * {@code 0}). It applies to the fields marked {@link KeepOrDuration} only, so every other
 * duration of the application binds as before.
 *
 * @author TaskFlow
 */
final class KeepOrDurationConverter implements ConditionalGenericConverter {

	/**
	 * The word that keeps jobs for ever.
	 */
	static final String KEEP = "keep";

	@Override
	public Set<ConvertiblePair> getConvertibleTypes() {
		return Set.of(new ConvertiblePair(String.class, Duration.class));
	}

	@Override
	public boolean matches(TypeDescriptor sourceType, TypeDescriptor targetType) {
		return targetType.hasAnnotation(KeepOrDuration.class);
	}

	@Override
	public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
		String text = (source != null) ? source.toString().trim() : "";
		if (text.isEmpty()) {
			return null;
		}
		if (text.toLowerCase(Locale.ROOT).equals(KEEP)) {
			return Duration.ZERO;
		}
		try {
			return DurationStyle.detectAndParse(text);
		}
		catch (IllegalArgumentException ex) {
			// no cause: Boot's report gives the root cause's message as the reason
			throw new IllegalArgumentException("'" + text + "' is neither a duration (such as 14d, 12h or PT30M) nor "
					+ KEEP + " (keep for ever)");
		}
	}

	/**
	 * A conversion service with only this converter, to put before the shared one where
	 * TaskFlow binds properties itself.
	 * @return the conversion service
	 */
	static GenericConversionService conversionService() {
		GenericConversionService service = new GenericConversionService();
		service.addConverter(new KeepOrDurationConverter());
		return service;
	}

}
