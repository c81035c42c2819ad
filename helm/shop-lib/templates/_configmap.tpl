{{/*
Non-secret environment. The derived keys win over `config:` so they cannot drift from the
port, schema and grace period they come from. The app's own shutdown deadline ends 2 s before
the kubelet's SIGKILL, after the preStop sleep. A release always runs the production profile
(no development defaults), and trusts X-Forwarded-For from `trustedProxies` only.
*/}}
{{- define "shop-lib.configEnv" -}}
{{- $shutdownMs := mul (sub (sub .Values.terminationGracePeriodSeconds .Values.preStopSleepSeconds) 2) 1000 -}}
{{- $proxies := required "trustedProxies (the gateway's addresses or CIDRs) are required" .Values.trustedProxies -}}
{{- $env := dict "PORT" (toString .Values.service.port) "DATABASE_SCHEMA" .Values.database.schema "OTEL_SERVICE_NAME" (include "shop-lib.name" .) "SHUTDOWN_TIMEOUT_MS" (toString $shutdownMs) -}}
{{- $_ := set $env "APP_PROFILE" "production" -}}
{{- $_ := set $env "METRICS_PORT" (toString .Values.metrics.port) -}}
{{- $_ := set $env "TRUST_PROXY" (join "," $proxies) -}}
{{- range $k, $v := .Values.config }}
{{- if not (hasKey $env $k) }}{{ $_ := set $env $k (toString $v) }}{{ end }}
{{- end }}
{{- toYaml $env -}}
{{- end }}

{{- define "shop-lib.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "shop-lib.fullname" . }}
  labels:
    {{- include "shop-lib.labels" . | nindent 4 }}
data:
  {{- include "shop-lib.configEnv" . | nindent 2 }}
{{- end }}
