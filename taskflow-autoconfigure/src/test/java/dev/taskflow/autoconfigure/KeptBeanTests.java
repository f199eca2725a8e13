package dev.taskflow.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeptBean}: the enqueue path wakes the node's worker through it, so it
 * must not resolve the bean at every call.
 *
 * @author TaskFlow
 */
class KeptBeanTests {

	@Test
	void looksTheBeanUpOnceAndKeepsIt() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("worker", new RootBeanDefinition(StringBuilder.class));
		CountingProvider provider = new CountingProvider(beanFactory.getBeanProvider(StringBuilder.class));
		KeptBean<StringBuilder> kept = new KeptBean<>(provider, beanFactory, StringBuilder.class);
		List<StringBuilder> seen = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			kept.ifAvailable(seen::add);
		}
		assertThat(seen).hasSize(100).allSatisfy((bean) -> assertThat(bean).isSameAs(seen.get(0)));
		assertThat(provider.lookUps).hasValue(1);
	}

	@Test
	void neverLooksUpABeanThatHasNoDefinition() {
		// an enqueue-only node: no worker, and no look-up at each enqueue to learn it
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		CountingProvider provider = new CountingProvider(beanFactory.getBeanProvider(StringBuilder.class));
		KeptBean<StringBuilder> kept = new KeptBean<>(provider, beanFactory, StringBuilder.class);
		AtomicInteger calls = new AtomicInteger();
		for (int i = 0; i < 100; i++) {
			kept.ifAvailable((bean) -> calls.incrementAndGet());
		}
		assertThat(calls).hasValue(0);
		assertThat(provider.lookUps).hasValue(0);
	}

	@Test
	void looksAgainUntilTheBeanIsThere() {
		// defined, but not available yet (still in creation at the first enqueue)
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("worker", new RootBeanDefinition(StringBuilder.class));
		AtomicInteger lookUps = new AtomicInteger();
		StringBuilder worker = new StringBuilder();
		ObjectProvider<StringBuilder> provider = new ObjectProvider<>() {

			@Override
			public StringBuilder getObject() {
				return getIfAvailable();
			}

			@Override
			public StringBuilder getIfAvailable() {
				return (lookUps.incrementAndGet() < 3) ? null : worker;
			}

		};
		KeptBean<StringBuilder> kept = new KeptBean<>(provider, beanFactory, StringBuilder.class);
		List<StringBuilder> seen = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			kept.ifAvailable(seen::add);
		}
		assertThat(seen).hasSize(8).containsOnly(worker);
		assertThat(lookUps).hasValue(3);
	}

	private static final class CountingProvider implements ObjectProvider<StringBuilder> {

		private final ObjectProvider<StringBuilder> delegate;

		private final AtomicInteger lookUps = new AtomicInteger();

		CountingProvider(ObjectProvider<StringBuilder> delegate) {
			this.delegate = delegate;
		}

		@Override
		public StringBuilder getObject() {
			return getIfAvailable();
		}

		@Override
		public StringBuilder getIfAvailable() {
			this.lookUps.incrementAndGet();
			return this.delegate.getIfAvailable();
		}

	}

}
