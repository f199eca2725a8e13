package dev.taskflow.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Micrometer Tracing over Brave with W3C propagation, wired as Spring Boot's tracing
 * auto-configuration wires it: an {@link ObservationRegistry} whose handlers turn sender
 * and receiver observations into spans and propagate their context. Each node has its own
 * tracer, named after the node; finished spans of every node are collected in
 * {@link #spans}.
 *
 * @author TaskFlow
 */
class TracingTestConfiguration {

	static final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

	static void reset() {
		spans.clear();
	}

	@Bean(destroyMethod = "close")
	Tracing tracing(Environment environment) {
		return Tracing.newBuilder()
			.localServiceName(environment.getProperty("spring.taskflow.worker.node-id", "node"))
			.currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder().build())
			.propagationFactory(new W3CPropagation())
			.traceId128Bit(true)
			.sampler(Sampler.ALWAYS_SAMPLE)
			.addSpanHandler(new SpanHandler() {

				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					spans.add(span);
					return true;
				}

			})
			.build();
	}

	@Bean
	Tracer tracer(Tracing tracing) {
		return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
				new BraveBaggageManager());
	}

	@Bean
	ObservationRegistry observationRegistry(Tracer tracer, Tracing tracing) {
		BravePropagator propagator = new BravePropagator(tracing);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		return registry;
	}

}
