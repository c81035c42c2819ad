"""House policy over one service chart's rendered objects (the JSON that helm/validate
-dump writes): what the API schema cannot say but every shop service must have."""
import ipaddress
import json
import sys

# The saga's hot path scales wider than the edges.
HPA_BOUNDS = {
    "order-service": (3, 20),
    "inventory-service": (3, 20),
    "payment-service": (3, 20),
    "user-service": (2, 10),
    "notification-service": (2, 10),
}
CONFIG_KEYS = {"PORT", "DATABASE_SCHEMA", "REDIS_URL", "KAFKA_BROKERS", "LOG_LEVEL", "SHUTDOWN_TIMEOUT_MS",
               "OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_EXPORTER",
               "KAFKA_REPLICATION_FACTOR", "KAFKA_MIN_INSYNC_REPLICAS"}
# How many of each kind a release renders: the Jobs are the topics hook and the migration hook.
KINDS = {"Deployment": 1, "Service": 1, "HorizontalPodAutoscaler": 1, "PodDisruptionBudget": 1,
         "ConfigMap": 1, "ServiceAccount": 1, "NetworkPolicy": 1, "Job": 2}


def trust_proxy_errors(value):
    """TRUST_PROXY must name the gateway's addresses/CIDRs: not off (every client behind the gateway
    would share its bucket) and not a hop count (any peer could name its own address)."""
    entries = [e.strip() for e in (value or "").split(",") if e.strip()]
    if not entries:
        return ["ConfigMap TRUST_PROXY must list the gateway's addresses or CIDRs (trustedProxies)"]
    errors = []
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(f"ConfigMap TRUST_PROXY entry {entry!r} is not an address or CIDR")
    return errors


def network_policy_errors(policy, pod_labels, ports, monitoring):
    """The API port open to the cluster, the metrics port to the monitoring namespace only."""
    spec = policy["spec"]
    errors = []
    if not spec.get("podSelector", {}).get("matchLabels", {}).items() <= pod_labels.items():
        errors.append("NetworkPolicy does not select the pods")
    if spec.get("policyTypes") != ["Ingress"]:
        errors.append("NetworkPolicy must restrict Ingress")
    opened = {}
    for rule in spec.get("ingress", []):
        for p in rule.get("ports", []):
            opened.setdefault(p.get("port"), []).append(rule.get("from"))
    if set(opened) != {"http", "metrics"}:
        errors.append(f"NetworkPolicy must open exactly the http and metrics ports, opens {sorted(map(str, opened))}")
    only_monitoring = [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": monitoring}}}]
    if opened.get("metrics") != [only_monitoring]:
        errors.append(f"NetworkPolicy must open the metrics port to the {monitoring} namespace only")
    if opened.get("http") != [None]:
        errors.append("NetworkPolicy must open the API port to the whole cluster")
    if "metrics" not in ports or ports.get("metrics") == ports.get("http"):
        errors.append("the metrics port must be a container port of its own")
    return errors


def container_errors(where, c):
    errors = []
    sc = c.get("securityContext", {})
    if sc.get("readOnlyRootFilesystem") is not True:
        errors.append(f"{where}: readOnlyRootFilesystem must be true")
    if sc.get("allowPrivilegeEscalation") is not False:
        errors.append(f"{where}: allowPrivilegeEscalation must be false")
    res = c.get("resources", {})
    if not {"cpu", "memory"} <= set(res.get("requests", {})) or "memory" not in res.get("limits", {}):
        errors.append(f"{where}: needs cpu+memory requests and a memory limit")
    return errors


def check(chart, objs):
    by_kind = {}
    for o in objs:
        by_kind.setdefault(o["kind"], []).append(o)
    errors = [f"renders {len(by_kind.get(k, []))} {k}, wants {n}" for k, n in KINDS.items()
              if len(by_kind.get(k, [])) != n]
    if errors:
        return errors
    dep, svc, hpa, pdb, cm = (by_kind[k][0] for k in
                              ["Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ConfigMap"])
    jobs = {j["spec"]["template"]["metadata"]["labels"].get("app.kubernetes.io/component"): j for j in by_kind["Job"]}
    if set(jobs) != {"migration", "topics"}:
        return [f"Jobs must be the migration and the topics hooks, got components {sorted(map(str, jobs))}"]

    def need(ok, msg):
        if not ok:
            errors.append(msg)

    spec, pod = dep["spec"], dep["spec"]["template"]
    pod_labels = pod["metadata"]["labels"]
    ru = spec.get("strategy", {}).get("rollingUpdate", {})
    need(ru.get("maxUnavailable") == 0 and ru.get("maxSurge") == 1, "rolling update must be maxUnavailable 0 / maxSurge 1")
    need("replicas" not in spec, "Deployment sets replicas although the HPA owns them")
    need(pod["spec"].get("securityContext", {}).get("runAsNonRoot") is True, "pod must runAsNonRoot")
    need(pod["spec"].get("terminationGracePeriodSeconds") == 30, "terminationGracePeriodSeconds must be 30")

    containers = pod["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for c in containers for p in c.get("ports", [])}
    ann = pod["metadata"].get("annotations", {})
    need(ann.get("prometheus.io/scrape") == "true" and ann.get("prometheus.io/path") == "/metrics"
         and ann.get("prometheus.io/port") == str(ports.get("metrics")),
         "prometheus scrape annotations missing or wrong (the metrics port)")
    errors += network_policy_errors(by_kind["NetworkPolicy"][0], pod_labels, ports, "monitoring")
    for c in containers:
        where = f"container {c['name']}"
        errors += container_errors(where, c)
        probe = lambda k: c.get(k, {}).get("httpGet", {}).get("path")
        need(probe("livenessProbe") == "/health", f"{where}: liveness must GET /health")
        need(probe("readinessProbe") == "/ready", f"{where}: readiness must GET /ready")
        need(probe("startupProbe") is not None, f"{where}: needs a startupProbe")
        need("preStop" in c.get("lifecycle", {}), f"{where}: needs a preStop hook to drain")
        refs = {("cm" if "configMapRef" in e else "secret") for e in c.get("envFrom", [])}
        need(refs == {"cm", "secret"}, f"{where}: env must come from a ConfigMap and a Secret")

    need(svc["spec"]["selector"].items() <= pod_labels.items(), "Service selector does not match the pods")
    need(all(p.get("targetPort") in ports for p in svc["spec"]["ports"]), "Service targetPort is not a container port name")

    hs = hpa["spec"]
    need(hs["scaleTargetRef"]["name"] == dep["metadata"]["name"], "HPA targets another Deployment")
    need((hs.get("minReplicas"), hs["maxReplicas"]) == HPA_BOUNDS.get(chart), f"HPA bounds must be {HPA_BOUNDS.get(chart)}")
    targets = {m["resource"]["name"]: m["resource"]["target"].get("averageUtilization") for m in hs["metrics"]}
    need(targets == {"cpu": 70, "memory": 80}, f"HPA targets must be cpu 70 / memory 80, got {targets}")

    need(pdb["spec"].get("minAvailable") == 1, "PDB must keep minAvailable 1")
    need(pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items(), "PDB selector does not match the pods")

    data = cm.get("data", {})
    need(CONFIG_KEYS <= set(data), f"ConfigMap lacks {sorted(CONFIG_KEYS - set(data))}")
    need(data.get("PORT") == str(ports.get("http")), "ConfigMap PORT differs from the container port")
    need(data.get("METRICS_PORT") == str(ports.get("metrics")), "ConfigMap METRICS_PORT differs from the metrics port")
    need(data.get("APP_PROFILE") == "production", "ConfigMap must set APP_PROFILE=production (no development defaults)")
    need(bool(data.get("JWKS_URL")), "ConfigMap must set JWKS_URL: nothing else verifies access tokens in a release")
    errors += trust_proxy_errors(data.get("TRUST_PROXY"))
    pre_stop = containers[0].get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", ["", "0"])
    drain_s = pod["spec"].get("terminationGracePeriodSeconds", 30) - int(pre_stop[-1])
    need(int(data.get("SHUTDOWN_TIMEOUT_MS", "0")) < drain_s * 1000,
         f"SHUTDOWN_TIMEOUT_MS must end before SIGKILL ({drain_s}s after the preStop sleep)")

    for what, job in jobs.items():
        ann = job["metadata"].get("annotations", {})
        need(ann.get("helm.sh/hook") == "pre-install,pre-upgrade", f"{what} Job must be a pre-install,pre-upgrade hook")
        jpod = job["spec"]["template"]["spec"]
        need(jpod.get("restartPolicy") == "Never", f"{what} Job must not restart in place")
        need("serviceAccountName" not in jpod, "a pre-install hook cannot use the release's ServiceAccount")
        for c in jpod["containers"]:
            errors += container_errors(f"{what} job container {c['name']}", c)
    for c in jobs["migration"]["spec"]["template"]["spec"]["containers"]:
        need("tools/migrate.ts" in c.get("command", []), "migration Job must run tools/migrate.ts")
    for c in jobs["topics"]["spec"]["template"]["spec"]["containers"]:
        need("tools/create-topics.ts" in c.get("command", []), "topics Job must run tools/create-topics.ts")
        env = {e["name"]: e.get("value") for e in c.get("env", [])}
        rf, isr = (int(env.get(k) or 0) for k in ("KAFKA_REPLICATION_FACTOR", "KAFKA_MIN_INSYNC_REPLICAS"))
        # One broker down must neither lose an acknowledged write nor refuse new ones.
        need(rf >= 3 and 2 <= isr < rf, f"topics need replication >= 3, min.insync.replicas 2..rf-1: {rf}/{isr}")
    return errors


if __name__ == "__main__":
    chart, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        problems = check(chart, json.load(f))
    for p in problems:
        print(f"policy: {chart}: {p}", file=sys.stderr)
    print(f"policy: {chart}: {'FAILED' if problems else 'ok'}")
    sys.exit(1 if problems else 0)
