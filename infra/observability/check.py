"""Offline checks promtool cannot make: the Grafana dashboard and provisioning, the OTel
collector's wiring, that every metric an alert or panel names is one the services
export, and that every alert links a runbook that exists and runs only real commands. Writes the dashboard's queries as recording rules to argv[1] so promtool can parse
their PromQL."""
import json
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).parent
ROOT = HERE.parent.parent
RUNBOOKS = ROOT / "docs/runbooks"
# What the services expose (libs/telemetry and the apps); keep in step with README.md.
METRICS = {
    "up", "http_requests_total", "http_request_duration_seconds_bucket", "orders_created_total",
    "orders_confirmed_total", "orders_cancelled_total", "saga_duration_seconds_bucket",
    "outbox_backlog", "consumer_lag", "dlq_messages_total", "payment_provider_circuit_state",
    "db_pool_total", "db_pool_idle", "db_pool_waiting", "payments_needing_attention_total",
    "saga_events_refused_total", "events_parked_total",
}
PROMQL_WORDS = {
    "sum", "max", "min", "avg", "count", "rate", "increase", "irate", "histogram_quantile",
    "by", "without", "or", "and", "unless", "offset", "on", "ignoring", "bool",
}
errors = []


def metric_names(expr):
    expr = re.sub(r'"[^"]*"', "", expr)                     # label values
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", expr)         # matchers, ranges
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)
    return set(re.findall(r"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b", expr)) - PROMQL_WORDS


def check_exprs(where, exprs):
    for expr in exprs:
        unknown = metric_names(expr) - METRICS
        if unknown:
            errors.append(f"{where}: unknown metric(s) {sorted(unknown)} in {expr!r}")


def dashboards(rules_out):
    uids = {d["uid"] for d in yaml.safe_load(
        (HERE / "grafana/provisioning/datasources/datasources.yml").read_text())["datasources"]}
    rules = []
    for path in sorted((HERE / "grafana/dashboards").glob("*.json")):
        dash = json.loads(path.read_text())
        ids = [p["id"] for p in dash["panels"]]
        if len(ids) != len(set(ids)):
            errors.append(f"{path.name}: duplicate panel ids")
        for panel in dash["panels"]:
            if panel["type"] == "row":
                continue
            where = f"{path.name} panel {panel['title']!r}"
            for ds in [panel.get("datasource")] + [t.get("datasource") for t in panel.get("targets", [])]:
                if not ds or ds.get("uid") not in uids:
                    errors.append(f"{where}: datasource {ds} is not provisioned")
            exprs = [t["expr"] for t in panel.get("targets", [])]
            if not exprs:
                errors.append(f"{where}: no queries")
            check_exprs(where, exprs)
            for e in exprs:
                e = e.replace("$__rate_interval", "5m").replace("$service", ".*")
                rules.append({"record": f"dashboard:{panel['id']}:{len(rules)}", "expr": e})
    pathlib.Path(rules_out).write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}))


def alerts():
    for group in yaml.safe_load((HERE / "alerts.yml").read_text())["groups"]:
        for rule in group["rules"]:
            check_exprs(f"alerts.yml {rule['alert']}", [rule["expr"]])
            if rule.get("labels", {}).get("severity") not in {"P0", "P1", "P2", "P3"}:
                errors.append(f"alerts.yml {rule['alert']}: severity must be P0..P3")


def otel_collector():
    cfg = yaml.safe_load((HERE / "otel-collector.yaml").read_text())
    service = cfg["service"]
    for ext in service.get("extensions", []):
        if ext not in cfg.get("extensions", {}):
            errors.append(f"otel-collector: extension {ext} is not configured")
    for name, pipeline in service["pipelines"].items():
        for section in ("receivers", "processors", "exporters"):
            for component in pipeline.get(section, []):
                if component not in cfg.get(section, {}):
                    errors.append(f"otel-collector: pipeline {name} uses undefined {section[:-1]} {component}")
    exporters = {e for p in service["pipelines"].values() for e in p["exporters"]}
    if not {"otlp/jaeger", "prometheus"} <= exporters:
        errors.append("otel-collector: traces must reach jaeger and metrics prometheus")


def runbooks():
    rules = [r for g in yaml.safe_load((HERE / "alerts.yml").read_text())["groups"] for r in g["rules"]]
    names = {r["alert"] for r in rules}
    linked = set()
    for rule in rules:
        url = rule.get("annotations", {}).get("runbook_url")
        if not url:
            errors.append(f"alerts.yml {rule['alert']}: no runbook_url annotation")
            continue
        path = ROOT / url
        if path.parent != RUNBOOKS or not path.is_file():
            errors.append(f"alerts.yml {rule['alert']}: runbook_url {url} is not a file in docs/runbooks/")
            continue
        linked.add(path.name)
        if f"`{rule['alert']}`" not in path.read_text():
            errors.append(f"{url}: does not name its alert `{rule['alert']}`")
    scripts = set(json.loads((ROOT / "package.json").read_text())["scripts"])
    index = (RUNBOOKS / "README.md").read_text()
    for path in sorted(RUNBOOKS.glob("*.md")):
        text = path.read_text()
        if path.name == "README.md":
            missing = sorted(n for n in names if n not in text)
            if missing:
                errors.append(f"docs/runbooks/README.md: index misses {missing}")
        else:
            named = set(re.findall(r"\*\*Alert:\*\* `(\w+)`", text))
            if not named or not named <= names:
                errors.append(f"docs/runbooks/{path.name}: names no existing alert on its **Alert:** line")
            if path.name not in linked:
                errors.append(f"docs/runbooks/{path.name}: no alert's runbook_url points at it")
            if f"({path.name})" not in index:
                errors.append(f"docs/runbooks/README.md: no link to {path.name}")
        for script in set(re.findall(r"npm run ([\w:-]+)", text)) - scripts:
            errors.append(f"docs/runbooks/{path.name}: `npm run {script}` is not a script of package.json")
        for script in set(re.findall(r"bash ((?:infra|helm|tools)/[\w./-]+\.sh)", text)):
            if not (ROOT / script).is_file():
                errors.append(f"docs/runbooks/{path.name}: {script} does not exist")


dashboards(sys.argv[1])
alerts()
otel_collector()
runbooks()
for e in errors:
    print(f"check.py: {e}", file=sys.stderr)
print(f"dashboards, alerts' metric names, otel-collector, runbooks: {'FAILED' if errors else 'ok'}")
sys.exit(1 if errors else 0)
