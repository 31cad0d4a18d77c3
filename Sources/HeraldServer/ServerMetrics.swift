import Metrics
public import Prometheus

/// The process's metrics: swift-metrics backed by one Prometheus registry, exposed at `/metrics` on the HTTP port.
public enum ServerMetrics {
    /// The registry every swift-metrics counter, meter and timer of the process lands in (bootstrapped on first use;
    /// swift-metrics allows one bootstrap per process).
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Makes sure metrics go to the registry from now on.
    public static func bootstrap() {
        _ = registry
    }

    /// The Prometheus text exposition of everything recorded so far.
    public static func exposition() -> String {
        registry.emitToString()
    }
}
