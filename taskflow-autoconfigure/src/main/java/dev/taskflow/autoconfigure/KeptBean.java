package dev.taskflow.autoconfigure;

import java.util.function.Consumer;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * A bean that may not exist, looked up at its first use and then kept: for this node's
 * {@code WorkerNode}, which the client and the schedules wake at every enqueue. An
 * {@link ObjectProvider} resolves its bean anew at every call, with all the type and
 * annotation matching of an injection point; on the enqueue path that cost 13 % of the
 * caller's CPU (async-profiler, {@code enqueue_single}), as much as all of TaskFlow's own
 * code there, and an enqueue-only node, which has no worker, paid it at every enqueue to
 * find nothing. Whether there is one is told by the bean definitions, all registered
 * before the first bean that could enqueue is created.
 *
 * @param <T> the bean's type
 * @author TaskFlow
 */
final class KeptBean<T> {

	private final ObjectProvider<T> provider;

	private final ListableBeanFactory beanFactory;

	private final Class<T> type;

	// null: not looked up yet
	private volatile Boolean defined;

	private volatile T found;

	KeptBean(ObjectProvider<T> provider, ListableBeanFactory beanFactory, Class<T> type) {
		this.provider = provider;
		this.beanFactory = beanFactory;
		this.type = type;
	}

	/**
	 * Act on the bean, if there is one.
	 * @param action what to do with it
	 */
	void ifAvailable(Consumer<T> action) {
		T bean = get();
		if (bean != null) {
			action.accept(bean);
		}
	}

	/**
	 * The bean, if there is one.
	 * @return the bean or {@code null}
	 */
	T get() {
		T bean = this.found;
		return (bean != null) ? bean : lookUp();
	}

	private T lookUp() {
		Boolean defined = this.defined;
		if (defined == null) {
			defined = this.beanFactory.getBeanNamesForType(this.type, true, false).length > 0;
			this.defined = defined;
		}
		if (!defined) {
			return null;
		}
		// kept once found; until then (it may still be in creation) looked up again
		T bean = this.provider.getIfAvailable();
		this.found = bean;
		return bean;
	}

}
