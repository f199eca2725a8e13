package dev.taskflow.dashboard;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskflow.QueueLimits;
import dev.taskflow.TaskFlow;

/**
 * The TaskFlow dashboard: its pages under {@code spring.taskflow.dashboard.path}
 * ({@code /taskflow}) and its REST API under {@code {path}/api/v1}, as functional
 * endpoints of the application's own Spring MVC. Everything it shows and does goes
 * through the public {@link TaskFlow} API.
 * <p>
 * A lifecycle for the live updates of open dashboards, stopped before the web server
 * shuts down.
 *
 * @author TaskFlow
 */
public final class TaskFlowDashboard implements SmartLifecycle {

	static final String ASSETS = "META-INF/taskflow-dashboard/assets/";

	private final DashboardSettings settings;

	private final Access access;

	private final JobsApi jobs;

	private final QueuesApi queues;

	private final SchedulesApi schedules;

	private final WorkflowsApi workflows;

	private final OverviewApi overview;

	private final NodesApi nodes;

	private final LiveUpdates live;

	private final StatsApi stats;

	private final IndexPage page;

	private final OpenApiDocument openApi;

	/**
	 * Create the dashboard.
	 * @param taskFlow the client it reads and acts through
	 * @param settings how it is served
	 * @param springSecurity whether the application's Spring Security guards it
	 * @param localNodeId supplies this node's id, or {@code null} without a worker
	 * @param configuredLimits the cluster-wide limits of queues in the configuration,
	 * shown beside the ones set at run time
	 */
	public TaskFlowDashboard(TaskFlow taskFlow, DashboardSettings settings, boolean springSecurity,
			Supplier<String> localNodeId, Map<String, QueueLimits> configuredLimits) {
		this.settings = settings;
		this.access = springSecurity ? new SecuredAccess(settings) : new LocalAccess(settings);
		Audit audit = new Audit(this.access);
		Snapshots snapshots = new Snapshots(taskFlow, settings, localNodeId, configuredLimits);
		this.jobs = new JobsApi(taskFlow, this.access, audit);
		this.queues = new QueuesApi(taskFlow, snapshots, audit);
		this.schedules = new SchedulesApi(taskFlow, audit);
		this.workflows = new WorkflowsApi(taskFlow, audit);
		this.overview = new OverviewApi(snapshots);
		this.nodes = new NodesApi(taskFlow, snapshots, audit);
		this.stats = new StatsApi(taskFlow);
		this.live = new LiveUpdates(snapshots, settings.liveInterval());
		this.page = new IndexPage(settings, this.access);
		this.openApi = new OpenApiDocument(settings);
	}

	/**
	 * The pages, the assets and the API.
	 * @return the routes
	 */
	public RouterFunction<ServerResponse> routes() {
		String base = this.settings.path();
		RouterFunction<ServerResponse> api = RouterFunctions.route()
			.GET("/openapi.json", this.openApi::render)
			.GET("/overview", this.overview::overview)
			.GET("/stats", this.stats::stats)
			.GET("/nodes", this.nodes::list)
			.POST("/nodes/{id}/drain", this.nodes::drain)
			.POST("/nodes/{id}/undrain", this.nodes::undrain)
			.GET("/events", this.live::stream)
			.GET("/jobs", this.jobs::list)
			.POST("/jobs", this.jobs::enqueue)
			.GET("/jobs/count", this.jobs::count)
			.POST("/jobs/retry", (request) -> this.jobs.bulk(request, "retry"))
			.POST("/jobs/cancel", (request) -> this.jobs.bulk(request, "cancel"))
			.POST("/jobs/delete", (request) -> this.jobs.bulk(request, "delete"))
			.POST("/jobs/move", (request) -> this.jobs.bulk(request, "move"))
			.GET("/jobs/{id}", this.jobs::find)
			.DELETE("/jobs/{id}", this.jobs::delete)
			.POST("/jobs/{id}/retry", this.jobs::retry)
			.POST("/jobs/{id}/cancel", this.jobs::cancel)
			.GET("/handlers", this.jobs::handlers)
			.GET("/workflows", this.workflows::list)
			.GET("/workflows/{id}", this.workflows::find)
			.POST("/workflows/{id}/cancel", this.workflows::cancel)
			.POST("/workflows/{id}/retry", this.workflows::retry)
			.GET("/queues", this.queues::list)
			.POST("/queues/{name}/pause", this.queues::pause)
			.POST("/queues/{name}/resume", this.queues::resume)
			.PUT("/queues/{name}/limits", this.queues::setLimits)
			.DELETE("/queues/{name}/limits", this.queues::clearLimits)
			.GET("/schedules", this.schedules::list)
			.GET("/schedules/{name}", this.schedules::find)
			.POST("/schedules/{name}/trigger", this.schedules::trigger)
			.POST("/schedules/{name}/pause", this.schedules::pause)
			.POST("/schedules/{name}/resume", this.schedules::resume)
			.POST("/schedules/{name}/backfill", this.schedules::backfill)
			.route((request) -> true, (request) -> {
				throw new ApiException(HttpStatus.NOT_FOUND,
						"No such operation: " + request.method() + " " + request.requestPath().value());
			})
			.onError(Throwable.class, Problems::handle)
			.build();
		RouterFunction<ServerResponse> pages = RouterFunctions.route()
			.GET("", this.page::render)
			.GET("/", this.page::render)
			.GET("/{page:jobs|workflows|queues|schedules|nodes|enqueue}", this.page::render)
			.GET("/jobs/{id}", this.page::render)
			.GET("/workflows/{id}", this.page::render)
			.onError(Throwable.class, Problems::handle)
			.build();
		RouterFunction<ServerResponse> assets = RouterFunctions.resources(base + "/assets/**",
				new ClassPathResource(ASSETS, TaskFlowDashboard.class.getClassLoader()),
				(resource, headers) -> headers.setCacheControl(CacheControl.noCache()));
		AccessFilter filter = new AccessFilter(this.access, this.settings);
		return RouterFunctions.route()
			.path(this.settings.apiPath(), () -> api)
			.add(assets)
			.path(base, () -> pages)
			.filter(filter)
			.build();
	}

	@Override
	public void start() {
		this.live.start();
	}

	@Override
	public void stop() {
		this.live.stop();
	}

	@Override
	public boolean isRunning() {
		return this.live.isRunning();
	}

	@Override
	public int getPhase() {
		return this.live.getPhase();
	}

	/**
	 * How many live snapshots were read from the database since the start: one per
	 * interval while any dashboard is open, however many are.
	 * @return the number of reads
	 */
	public long liveReads() {
		return this.live.reads();
	}

}
