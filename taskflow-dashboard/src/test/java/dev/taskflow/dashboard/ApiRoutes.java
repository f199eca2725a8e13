package dev.taskflow.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The routes of the dashboard, read from its router function by Spring MVC's visitors.
 *
 * @author TaskFlow
 */
final class ApiRoutes {

	private ApiRoutes() {
	}

	/**
	 * The routes of a router function, as "METHOD /path" with the nested paths joined.
	 * @param router the router
	 * @return the routes
	 */
	static Set<String> of(RouterFunction<ServerResponse> router) {
		Set<String> routes = new TreeSet<>();
		List<String> prefixes = new ArrayList<>();
		router.accept(new RouterFunctions.Visitor() {

			@Override
			public void startNested(RequestPredicate predicate) {
				prefixes.add(path(predicate));
			}

			@Override
			public void endNested(RequestPredicate predicate) {
				prefixes.remove(prefixes.size() - 1);
			}

			@Override
			public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
				String path = path(predicate);
				String method = method(predicate);
				if (method != null) {
					routes.add(method + " " + String.join("", prefixes) + path);
				}
			}

			@Override
			public void resources(Function<ServerRequest, Optional<Resource>> lookup) {
			}

			@Override
			public void attributes(Map<String, Object> attributes) {
			}

			@Override
			public void unknown(RouterFunction<?> routerFunction) {
			}

		});
		return routes;
	}

	private static String path(RequestPredicate predicate) {
		StringBuilder path = new StringBuilder();
		predicate.accept(new PredicateParts() {

			@Override
			public void path(String pattern) {
				path.append(pattern);
			}

		});
		return path.toString();
	}

	private static String method(RequestPredicate predicate) {
		StringBuilder method = new StringBuilder();
		predicate.accept(new PredicateParts() {

			@Override
			public void method(Set<HttpMethod> methods) {
				method.append(methods.iterator().next().name());
			}

		});
		return method.isEmpty() ? null : method.toString();
	}

	private abstract static class PredicateParts implements RequestPredicates.Visitor {

		@Override
		public void method(Set<HttpMethod> methods) {
		}

		@Override
		public void path(String pattern) {
		}

		@Override
		public void pathExtension(String extension) {
		}

		@Override
		public void header(String name, String value) {
		}

		@Override
		public void param(String name, String value) {
		}

		@Override
		public void version(String version) {
		}

		@Override
		public void startAnd() {
		}

		@Override
		public void and() {
		}

		@Override
		public void endAnd() {
		}

		@Override
		public void startOr() {
		}

		@Override
		public void or() {
		}

		@Override
		public void endOr() {
		}

		@Override
		public void startNegate() {
		}

		@Override
		public void endNegate() {
		}

		@Override
		public void unknown(RequestPredicate predicate) {
		}

	}

}
